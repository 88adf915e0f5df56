#pragma once
/// Convolutions (ATen level): conv1d/2d/3d, their transposes, and im2col/col2im (F.unfold and
/// F.fold).
///
/// Shapes: input (N, C_in, *spatial) or unbatched (C_in, *spatial) (the result is then
/// unbatched too); weight (C_out, C_in / groups, *kernel) for conv*, (C_in, C_out / groups,
/// *kernel) for conv_transpose*; bias (C_out) or undefined. `stride`, `padding`, `dilation` and
/// `output_padding` take one value per spatial dim, or one value for all of them. Output size
/// per spatial dim: conv (in + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1 (floor);
/// conv_transpose (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1.
///
/// Dtypes: input, weight and bias must share one floating dtype: float32 or float64, or float16 /
/// bfloat16 (computed in float32, rounded once). Integer and bool inputs raise, as PyTorch's CPU
/// convolution does.
///
/// Errors (`[conv2d] ...` and so on): an input rank other than the op's (un)batched one; a
/// weight rank other than spatial + 2; input channels that do not match the weight (`Given
/// groups=1, weight of size [4, 1, 3, 3], expected input[1, 3, 28, 28] to have 1 channels, but
/// got 3 channels instead`); groups < 1 or not dividing the channels; a bias of the wrong
/// shape; stride or dilation < 1; negative padding or output_padding; output_padding not
/// smaller than stride or dilation; a kernel larger than the padded input or an output size < 1;
/// a parameter list whose length is neither 1 nor the number of spatial dims; mixed dtypes.
#include <string_view>

#include "ember/tensor.h"

namespace ember {

/// 1-d convolution (cross-correlation, as PyTorch): input (N, C_in, L) or (C_in, L).
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
/// 2-d convolution: input (N, C_in, H, W) or (C_in, H, W).
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
/// 3-d convolution: input (N, C_in, D, H, W) or (C_in, D, H, W).
Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);

/// The same with `padding` "valid" (no padding) or "same" (output size = input size; needs
/// stride 1, raises otherwise; when dilation * (kernel - 1) is odd the extra zero goes on the
/// high side, as PyTorch). Any other string raises.
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation = 1, int64_t groups = 1);

/// One padding for every spatial dim. Exists so that a literal `0` (which also converts to a
/// string_view) picks the numeric padding.
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              int64_t padding, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              int64_t padding, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              int64_t padding, IntArrayRef dilation = 1, int64_t groups = 1);

/// Transposed convolutions (the adjoint of conv* with respect to its input, plus bias): input
/// (N, C_in, *spatial) or unbatched; weight (C_in, C_out / groups, *kernel).
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
                        IntArrayRef stride = 1, IntArrayRef padding = 0,
                        IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
                        IntArrayRef stride = 1, IntArrayRef padding = 0,
                        IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},
                        IntArrayRef stride = 1, IntArrayRef padding = 0,
                        IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);

/// F.unfold: sliding 2-d blocks of input (N, C, H, W) or (C, H, W) as columns
/// (N, C * kh * kw, L) or (C * kh * kw, L), L the number of block positions. Floating dtypes
/// only. Raises for kernel_size, dilation or stride < 1, negative padding, empty non-batch dims,
/// or no block position.
Tensor im2col(const Tensor& input, IntArrayRef kernel_size, IntArrayRef dilation,
              IntArrayRef padding, IntArrayRef stride);
/// F.fold, the adjoint of im2col: sums columns (N, C * kh * kw, L) or (C * kh * kw, L) back into
/// (N, C, output_size) or (C, output_size). Raises unless dim 1 (0 unbatched) divides by
/// kh * kw and L equals the number of block positions in output_size.
Tensor col2im(const Tensor& input, IntArrayRef output_size, IntArrayRef kernel_size,
              IntArrayRef dilation, IntArrayRef padding, IntArrayRef stride);

}  // namespace ember
