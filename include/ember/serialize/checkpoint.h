#pragma once
/// Training checkpoints: named state dicts (model, optimizer, scheduler, data loader, RNG, ...),
/// user metadata and the epoch/step, in one safetensors file written atomically.
///
///     ember::serialize::Checkpoint ckpt;
///     ckpt.epoch = epoch;
///     ckpt.set("model", model);                 // anything with state_dict()
///     ckpt.set("optimizer", optimizer);
///     ckpt.set("rng", ember::serialize::rng_state_dict());
///     ckpt.set("loader", ember::serialize::data_loader_state_dict(loader.state()));
///     ckpt.save("run/last.safetensors");        // atomic: old file or new file, never half
///
///     auto ckpt = ember::serialize::Checkpoint::load("run/last.safetensors");
///     ckpt.restore("model", model);             // load_state_dict (strict for modules)
///     ember::serialize::load_rng_state_dict(ckpt.get("rng"));
///     loader.load_state(ember::serialize::data_loader_state_from_dict(ckpt.get("loader")));
///
/// Layout (docs/serialization.md): tensor `<state>.<key>` for every key of every state; metadata
/// "ember.format" = "checkpoint/1", "ember.states" (the state names, comma-separated, so that
/// empty states survive), "ember.epoch", "ember.step", "ember.crc32" (CRC-32 of the data
/// section, hex) and "user.<key>" for each user entry.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ember/data/dataloader/base.h"
#include "ember/generator.h"
#include "ember/serialize.h"

namespace ember::serialize {

class Checkpoint {
 public:
  int64_t epoch = 0;
  int64_t step = 0;
  /// User entries, string to string.
  Metadata metadata;

  /// Stores `state` under `name` (replacing an existing one, keeping its position). Names are
  /// non-empty and made of letters, digits, '_' and '-'; anything else raises `ember::Error`.
  void set(const std::string& name, TensorDict state);
  /// Stores the state_dict of a module, optimizer, scheduler, ... (or of what a holder or
  /// pointer refers to).
  template <class T>
  requires HasStateDict<T> || PointsToStateDict<T>
  void set(const std::string& name, const T& value) { set(name, detail::state_of(value)); }
  bool contains(const std::string& name) const { return states_.contains(name); }
  /// The state stored under `name`; raises `ember::Error` naming the stored states if absent.
  const TensorDict& get(const std::string& name) const;
  /// `value.load_state_dict(get(name))`.
  template <class T>
  requires HasStateDict<T> || PointsToStateDict<T>
  void restore(const std::string& name, T& value) const {
    detail::load_state_into(value, get(name));
  }
  /// Every state, in insertion (or file) order.
  const OrderedDict<std::string, TensorDict>& states() const { return states_; }

  /// Writes the checkpoint to `path` atomically: a temporary file in the same folder
  /// (`.<name>.tmp.<pid>.<n>`), fsync, rename over `path`, fsync of the folder. A crash at any
  /// point leaves the previous file intact; temporary files of dead processes are removed.
  /// Raises `ember::Error("[Checkpoint::save] '<path>': ...")` on an I/O error.
  void save(const std::string& path) const;
  /// Reads a checkpoint; raises `ember::Error("[Checkpoint::load] ...")` for a file that is
  /// missing, truncated or corrupted (the data's CRC-32 must match), or not a checkpoint.
  static Checkpoint load(const std::string& path);

  /// The flat dict and metadata that `save` writes, and the inverse of that.
  SafetensorsContent flatten() const;
  static Checkpoint unflatten(const SafetensorsContent& content, const std::string& source);

  /// Removes `.<name>.tmp.<pid>.*` files next to `path` whose process is gone; returns how many.
  static size_t remove_stale_temp_files(const std::string& path);

 private:
  OrderedDict<std::string, TensorDict> states_{"State"};
};

/// A generator's state as {"seed", "offset"}: 0-d int64 tensors holding the uint64 values' bits.
TensorDict rng_state_dict(const Generator& generator = Generator::default_cpu());
/// Restores what `rng_state_dict` captured; raises `ember::Error` for missing keys or
/// tensors that are not 0-d int64.
void load_rng_state_dict(const TensorDict& state, Generator& generator = Generator::default_cpu());

/// A data loader position as {"epoch", "batch_index"} (0-d int64) and "sampler_state" (1-d
/// int64 holding the uint64 values' bits).
TensorDict data_loader_state_dict(const data::DataLoaderState& state);
/// The inverse of `data_loader_state_dict`; raises `ember::Error` for missing keys, wrong
/// dtypes or shapes, or negative counters.
data::DataLoaderState data_loader_state_from_dict(const TensorDict& state);

}  // namespace ember::serialize
