#pragma once
// The three recorded primitives every convolution op reduces to (Note [Convolution geometry] in
// backend/cpu/conv_kernels.h). Each is bilinear in its two tensor arguments, and the gradients of
// each are the other two, so every backward formula is itself differentiable (double backward):
//   y  = conv_nd(x, w)                  dx = conv_transpose_nd(dy, w)   dw = conv_weight_nd(x, dy)
//   dx = conv_transpose_nd(dy, w)       d(dy) = conv_nd(g, w)           dw = conv_weight_nd(g, dy)
//   dw = conv_weight_nd(x, dy)          dx = conv_transpose_nd(dy, g)   d(dy) = conv_nd(x, g)
// Callers have validated shapes, dtypes and parameters; tensors may be non-contiguous.
#include "core/dim_vector.h"
#include "ember/tensor.h"

namespace ember::detail {

/// Per spatial dim (already expanded from one value), plus groups.
struct ConvParams {
  DimVector stride, padding, dilation;
  int64_t groups = 1;
};

/// Spatial output size of a convolution of `in` (x's spatial sizes) with `kernel`.
DimVector conv_output_size(IntArrayRef in, IntArrayRef kernel, const ConvParams& p);

/// y (N, O, out) = conv(x (N, C, in), w (O, C / groups, kernel)) + bias (O, or undefined).
Tensor conv_nd(const Tensor& x, const Tensor& w, const Tensor& bias, const ConvParams& p);
/// The adjoint of conv_nd in x: dy (N, O, out), w (O, C / groups, kernel) -> (N, C, in_size).
Tensor conv_transpose_nd(const Tensor& dy, const Tensor& w, const ConvParams& p,
                         IntArrayRef in_size);
/// The adjoint of conv_nd in w: x (N, C, in), dy (N, O, out) -> (O, C / groups, kernel).
Tensor conv_weight_nd(const Tensor& x, const Tensor& dy, const ConvParams& p, IntArrayRef kernel);

}  // namespace ember::detail
