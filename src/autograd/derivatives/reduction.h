#pragma once
// Backward formulas of the reductions, scans and sorts (ops/reduction*.cpp, scan.cpp, sort.cpp),
// following PyTorch's derivatives.yaml: max/min/amax/amin over a whole range share the gradient
// evenly between tied elements; max(dim), sort and friends send it to the index they returned.
#include <optional>
#include <vector>

#include "ember/tensor.h"

namespace ember::autograd::detail {

/// `grad` of a reduction's output brought back to the input's shape: `keep_sizes` are the
/// input's sizes with 1 for each reduced dim (the output's shape with keepdim).
Tensor expand_reduced(const Tensor& grad, IntArrayRef keep_sizes, IntArrayRef input_sizes);

/// `t` summed over the dims a reduction with `keep_sizes` reduced, keeping them (size 1).
Tensor sum_reduced(const Tensor& t, IntArrayRef keep_sizes);
/// The dims a reduction with `keep_sizes` reduced (all of them for a 0-d input).
std::vector<int64_t> reduced_dims(IntArrayRef keep_sizes);

/// d prod / d x along `dim` (every dim when `dim` is empty), exact when x holds zeros.
Tensor prod_backward(const Tensor& grad, const Tensor& x, const Tensor& result,
                     std::optional<int64_t> dim, IntArrayRef keep_sizes);
/// d cumprod / d x along `dim`, exact when x holds zeros.
Tensor cumprod_backward(const Tensor& grad, const Tensor& x, const Tensor& result, int64_t dim);
/// The gradient of a value a reduction with `keep_sizes` picked from `x` (max, amax, the
/// inf-norm...), shared evenly by the elements equal to it. `picked` and `grad` have
/// keep_sizes.
Tensor evenly_distribute(const Tensor& grad, const Tensor& x, const Tensor& picked,
                         IntArrayRef keep_sizes);
/// The gradient of values gathered from `x` along `dim` at `indices` (same shape), scattered
/// back to x's shape.
Tensor scatter_back(const Tensor& grad, const Tensor& indices, int64_t dim, IntArrayRef sizes);
/// d ||x||_p / d x, `norm` and `grad` with keep_sizes.
Tensor norm_backward(const Tensor& grad, const Tensor& x, const Tensor& norm, double p,
                     IntArrayRef keep_sizes);
/// d var / d x (`take_sqrt`: d std / d x, `result` the std), with keep_sizes operands.
Tensor var_std_backward(const Tensor& grad, const Tensor& x, const Tensor& result,
                        IntArrayRef keep_sizes, double correction, bool take_sqrt);

}  // namespace ember::autograd::detail
