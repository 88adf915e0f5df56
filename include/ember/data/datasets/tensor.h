#pragma once
/// `TensorDataset`: the rows of one tensor as examples without target (libtorch's
/// `torch::data::datasets::TensorDataset`).
#include <utility>
#include <vector>

#include "ember/data/datasets/base.h"

namespace ember::data::datasets {

/// Example `i` is `tensor[i]` (a view). Construct from a tensor (at least 1-d) or from a vector of
/// tensors, which are stacked along a new first dimension.
struct TensorDataset : public Dataset<TensorDataset, TensorExample> {
  /// Raises `ember::Error` for a 0-d or undefined tensor.
  explicit TensorDataset(const std::vector<Tensor>& tensors);
  explicit TensorDataset(Tensor tensor);

  /// `tensor[index]`; raises `ember::Error` when `index >= size()`.
  TensorExample get(size_t index) override;

  std::optional<size_t> size() const override;

  Tensor tensor;
};

}  // namespace ember::data::datasets
