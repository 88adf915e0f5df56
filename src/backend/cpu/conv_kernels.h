#pragma once
// Convolution kernels: one N-d (1, 2 or 3 spatial dims) im2col + GEMM path.
// (Note [Convolution geometry] in ops/kernel_args.h)
#include <cstdint>

#include "core/tensor_impl.h"
#include "ops/kernel_args.h"

namespace ember::cpu {

using detail::ConvGeometry;

/// y = conv(x, w) (+ bias[O] when `bias` is not null). x (N, C, in), w (O, C/groups, kernel),
/// y (N, O, out).
void conv_forward(const detail::TensorImpl& y, const detail::TensorImpl& x,
                  const detail::TensorImpl& w, const detail::TensorImpl* bias,
                  const ConvGeometry& g);

/// dx = (d conv / d x)^T applied to dy: the transposed convolution. dy (N, O, out), w as above,
/// dx (N, C, in) (overwritten).
void conv_input_adjoint(const detail::TensorImpl& dx, const detail::TensorImpl& dy,
                        const detail::TensorImpl& w, const ConvGeometry& g);

/// dw = (d conv / d w)^T applied to dy: dw (O, C/groups, kernel) = sum over the batch of
/// dy_n @ im2col(x_n)^T, summed in a fixed order (Note [Deterministic chunking]).
void conv_weight_adjoint(const detail::TensorImpl& dw, const detail::TensorImpl& x,
                         const detail::TensorImpl& dy, const ConvGeometry& g);

/// F.unfold: cols (N, C * prod(kernel), prod(out)) from x (N, C, in). `g.out_channels` unused.
void im2col(const detail::TensorImpl& cols, const detail::TensorImpl& x, const ConvGeometry& g);
/// F.fold, the adjoint of im2col: x (N, C, in) (overwritten) = sum of the columns' entries over
/// the positions they were taken from.
void col2im(const detail::TensorImpl& x, const detail::TensorImpl& cols, const ConvGeometry& g);

}  // namespace ember::cpu
