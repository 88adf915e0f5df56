#pragma once
// Reducing a broadcast gradient back to the shape of the input that was broadcast.
#include "ember/tensor.h"

namespace ember::autograd::detail {

/// True when a tensor of `shape` broadcasts to `target`.
bool is_expandable_to(IntArrayRef shape, IntArrayRef target);
/// Sums `grad` over the dimensions that broadcasting added or stretched, giving `shape`
/// (`grad` itself when the shapes already match).
Tensor sum_to(const Tensor& grad, IntArrayRef shape);

}  // namespace ember::autograd::detail
