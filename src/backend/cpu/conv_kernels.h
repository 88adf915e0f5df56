#pragma once
// Convolution kernels: one N-d (1, 2 or 3 spatial dims) im2col + GEMM path.
//
// Note [Convolution geometry]
// Every kernel is phrased in terms of one forward convolution
//   y[N, O, out...] = sum_{c, k} w[O, C/groups, k...] * x[N, C, out * stride - padding + k *
//   dilation]
// with zero padding. Fewer than 3 spatial dims are padded to 3 with size-1 dims (kernel 1,
// stride 1, padding 0, dilation 1), so one loop nest serves conv1d, conv2d and conv3d. The
// transposed convolution is the adjoint of this map with respect to x (conv_input_adjoint), and
// the weight gradient its adjoint with respect to w (conv_weight_adjoint): no twin kernels.
// All tensors handed to these kernels are contiguous and of one dtype, float32 or float64.
#include <array>
#include <cstdint>

#include "core/tensor_impl.h"

namespace ember::cpu {

struct ConvGeometry {
  int64_t batch = 0;
  int64_t in_channels = 0;   // C
  int64_t out_channels = 0;  // O
  int64_t groups = 1;
  std::array<int64_t, 3> in{1, 1, 1};      // x's spatial sizes
  std::array<int64_t, 3> out{1, 1, 1};     // y's spatial sizes
  std::array<int64_t, 3> kernel{1, 1, 1};  // w's spatial sizes
  std::array<int64_t, 3> stride{1, 1, 1};
  std::array<int64_t, 3> padding{0, 0, 0};
  std::array<int64_t, 3> dilation{1, 1, 1};

  int64_t in_numel() const { return in[0] * in[1] * in[2]; }
  int64_t out_numel() const { return out[0] * out[1] * out[2]; }
  int64_t kernel_numel() const { return kernel[0] * kernel[1] * kernel[2]; }
  /// True when the column matrix of a sample is the sample itself (1x1 kernel, stride 1, no
  /// padding): im2col is skipped.
  bool is_pointwise() const;
};

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
