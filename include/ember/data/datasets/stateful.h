#pragma once
/// `StatefulDataset`: a dataset that keeps its own position (libtorch's
/// `torch::data::datasets::StatefulDataset`). `get_batch(batch_size)` returns an empty optional
/// when the epoch is over; `reset()` starts the next one. Loaded by `StatefulDataLoader`, whose
/// workers share the one dataset: `get_batch` must be thread-safe when `workers > 0`.
/// (libtorch's `save`/`load` through serialize archives are not part of Ember yet.)
#include <optional>
#include <vector>

#include "ember/data/datasets/base.h"

namespace ember::data::datasets {

template <class Self, class Batch = std::vector<Example<>>, class BatchRequest = size_t>
class StatefulDataset : public BatchDataset<Self, std::optional<Batch>, BatchRequest> {
 public:
  /// Starts a new epoch.
  virtual void reset() = 0;
};

}  // namespace ember::data::datasets
