#pragma once
/// `DataLoaderOptions`, as libtorch's `torch::data::DataLoaderOptions` (an `int` converts to
/// options with that batch size).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "ember/arg.h"

namespace ember::data {

/// Options of a data loader.
struct DataLoaderOptions {
  DataLoaderOptions() = default;
  /*implicit*/ DataLoaderOptions(size_t batch_size) : batch_size_(batch_size) {}  // NOLINT

  /// Examples per batch (default 1).
  EMBER_ARG(size_t, batch_size) = 1;
  /// Worker threads; 0 loads batches on the calling thread.
  EMBER_ARG(size_t, workers) = 0;
  /// Batches requested ahead of the consumer (the prefetch bound); default
  /// `workers * prefetch_factor`. Wins over `prefetch_factor` when both are set.
  EMBER_ARG(std::optional<size_t>, max_jobs);
  /// Python's `prefetch_factor`: batches in flight per worker (default 2), so the queue holds
  /// at most `workers * prefetch_factor` batches loaded or being loaded ahead of the consumer.
  EMBER_ARG(size_t, prefetch_factor) = 2;
  /// Python's `shuffle`, for `make_data_loader(dataset, options)` (which picks the sampler):
  /// true: a `RandomSampler`, false: a `SequentialSampler`; unset: the sampler type asked for
  /// (a `RandomSampler` by default, as libtorch). Raises `ember::Error` when combined with an
  /// explicitly given sampler, as PyTorch does.
  EMBER_ARG(std::optional<bool>, shuffle);
  /// Python's `persistent_workers`: keep the worker threads and their dataset copies across
  /// epochs (default true, libtorch's behaviour); false: every epoch starts fresh workers with
  /// fresh copies of the dataset, as PyTorch does by default.
  EMBER_ARG(bool, persistent_workers) = true;
  /// Python's `pin_memory`: accepted for source compatibility and a no-op, as Ember has only CPU
  /// tensors (there is no device to copy to, so nothing to pin).
  EMBER_ARG(bool, pin_memory) = false;
  /// The seed of per-sample random streams (Note [Per-sample randomness]); default: the global
  /// generator's seed when the loader is built (`ember::manual_seed` sets it).
  EMBER_ARG(std::optional<uint64_t>, seed);
  /// How long the consumer waits for one batch before raising `ember::Error`.
  EMBER_ARG(std::optional<std::chrono::milliseconds>, timeout);
  /// Batches come out in the sampler's order (default); false: in the order workers finish.
  EMBER_ARG(bool, enforce_ordering) = true;
  /// Drops a last batch smaller than `batch_size`.
  EMBER_ARG(bool, drop_last) = false;
};

/// The options a loader runs with: `max_jobs` resolved.
struct FullDataLoaderOptions {
  explicit FullDataLoaderOptions(DataLoaderOptions options)
      : batch_size(options.batch_size()),
        workers(options.workers()),
        max_jobs(options.max_jobs().value_or(options.prefetch_factor() * workers)),
        timeout(options.timeout()),
        enforce_ordering(options.enforce_ordering()),
        drop_last(options.drop_last()),
        persistent_workers(options.persistent_workers()),
        pin_memory(options.pin_memory()),
        seed(options.seed()) {}

  size_t batch_size;
  size_t workers;
  size_t max_jobs;
  std::optional<std::chrono::milliseconds> timeout;
  bool enforce_ordering;
  bool drop_last;
  bool persistent_workers;
  bool pin_memory;
  /// Set when the loader is built (drawn from the global generator when not given).
  std::optional<uint64_t> seed;
};

}  // namespace ember::data
