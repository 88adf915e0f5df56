#pragma once
/// `DataLoaderOptions`, as libtorch's `torch::data::DataLoaderOptions` (an `int` converts to
/// options with that batch size).
#include <chrono>
#include <cstddef>
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
  /// Batches requested ahead of the consumer (the prefetch bound); default 2 * workers.
  EMBER_ARG(std::optional<size_t>, max_jobs);
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
        max_jobs(options.max_jobs().value_or(2 * workers)),
        timeout(options.timeout()),
        enforce_ordering(options.enforce_ordering()),
        drop_last(options.drop_last()) {}

  size_t batch_size;
  size_t workers;
  size_t max_jobs;
  std::optional<std::chrono::milliseconds> timeout;
  bool enforce_ordering;
  bool drop_last;
};

}  // namespace ember::data
