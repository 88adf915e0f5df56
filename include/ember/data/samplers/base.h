#pragma once
/// `Sampler`: yields the requests (index lists, batch sizes) a data loader asks a dataset for,
/// as libtorch's `torch::data::samplers::Sampler`.
///
/// Note [Sampler state]
/// libtorch saves a sampler through serialize archives; Ember's samplers expose their position
/// as plain numbers instead: `state()` returns everything needed to continue exactly where the
/// sampler is (its position, its current order and, for random samplers, the generator's seed
/// and offset, so later epochs are reproduced too), and `load_state()` restores it. The data
/// loader builds its resumable position on this (see ember/data/dataloader/base.h).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ember::data::samplers {

/// A sampler's position as plain numbers (Note [Sampler state]).
using SamplerState = std::vector<uint64_t>;

template <class BatchRequest = std::vector<size_t>>
class Sampler {
 public:
  using BatchRequestType = BatchRequest;

  virtual ~Sampler() = default;

  /// Starts a new epoch, optionally over a dataset of a new size.
  virtual void reset(std::optional<size_t> new_size) = 0;

  /// The next request of at most `batch_size` examples, or nullopt at the end of the epoch.
  virtual std::optional<BatchRequest> next(size_t batch_size) = 0;

  /// The sampler's position (Note [Sampler state]).
  virtual SamplerState state() const = 0;
  /// Restores a position from `state()`; raises `ember::Error` for a state of another sampler
  /// kind or size.
  virtual void load_state(const SamplerState& state) = 0;
};

}  // namespace ember::data::samplers
