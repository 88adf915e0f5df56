#pragma once
/// One training example: a data tensor and a target, as libtorch's `torch::data::Example`.
#include <utility>

#include "ember/tensor.h"

namespace ember::data {

/// A (data, target) pair; `Example<Tensor, NoTarget>` (alias `TensorExample`) has data only.
template <class Data = Tensor, class Target = Tensor>
struct Example {
  using DataType = Data;
  using TargetType = Target;

  Example() = default;
  Example(Data data_, Target target_) : data(std::move(data_)), target(std::move(target_)) {}

  Data data;
  Target target;
};

namespace example {
/// The target type of examples that have none.
using NoTarget = void;
}  // namespace example

/// An example with data only.
template <>
struct Example<Tensor, example::NoTarget> {
  using DataType = Tensor;
  using TargetType = example::NoTarget;

  Example() = default;
  /*implicit*/ Example(Tensor data_) : data(std::move(data_)) {}  // NOLINT: as libtorch

  // NOLINTNEXTLINE(google-explicit-constructor)
  operator Tensor&() { return data; }
  // NOLINTNEXTLINE(google-explicit-constructor)
  operator const Tensor&() const { return data; }

  Tensor data;
};

/// An example with data only.
using TensorExample = Example<Tensor, example::NoTarget>;

}  // namespace ember::data
