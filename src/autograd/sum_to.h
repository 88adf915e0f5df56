#pragma once
// Reducing a broadcast gradient back to the shape of the input that was broadcast.
#include "ember/tensor.h"

namespace ember::autograd::detail {

/// Sums `grad` over the dimensions that broadcasting added or stretched, giving `shape`
/// (`grad` itself when the shapes already match).
Tensor sum_to(const Tensor& grad, IntArrayRef shape);

}  // namespace ember::autograd::detail
