#pragma once
/// Pooling: max, average, adaptive and max-unpooling over 1, 2 or 3 trailing spatial dims
/// (ATen's functions; the nn modules and nn::functional wrap them).
///
/// Shapes: a k-d op takes a (C, *spatial) unbatched or (N, C, *spatial) batched input with k
/// spatial dims; N may be 0, the other dims may not. Window arguments (kernel_size, stride,
/// padding, dilation) hold one value for every spatial dim or one per dim; an empty `stride`
/// means stride = kernel_size. Output length per dim (as PyTorch's pooling_output_shape):
///   floor_or_ceil((in + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1,
/// and with ceil_mode the last window must start inside the input or the left padding.
/// Dtypes: floating inputs only (float32, float64, float16, bfloat16); the result has the
/// input's dtype, indices are int64 flat positions within each (N, C) plane, as PyTorch's.
/// Errors (`[op] ...`): wrong rank or an empty non-batch dim, window arguments of the wrong
/// length, kernel/stride/dilation < 1, padding < 0 or > kernel / 2, an output size < 1, and
/// non-floating dtypes.
///
/// Every op is differentiable; max-pool gradients flow to the position its index names (a NaN
/// wins the max), average-pool gradients are spread evenly over each window. Both backward
/// passes are recorded ops themselves, so second derivatives work.
#include <optional>
#include <tuple>

#include "ember/tensor.h"

namespace ember {

/// Max over sliding windows, with the position of each maximum.
std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& input, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
/// As max_poolNd_with_indices, values only (indices are not computed unless autograd needs them).
Tensor max_pool1d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
Tensor max_pool2d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
Tensor max_pool3d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);

/// Mean over sliding windows. With count_include_pad the divisor is the window's length over
/// input plus padding (a ceil_mode window hanging past the padding counts only up to it), else
/// the number of input elements in it; divisor_override (non-zero) replaces it.
Tensor avg_pool1d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true);
Tensor avg_pool2d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);
Tensor avg_pool3d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);

/// Adaptive pooling to `output_size` (one value per spatial dim, each >= 0): output position o of
/// a dim of length `in` covers [floor(o * in / out), ceil((o + 1) * in / out)).
Tensor adaptive_avg_pool1d(const Tensor& input, IntArrayRef output_size);
Tensor adaptive_avg_pool2d(const Tensor& input, IntArrayRef output_size);
Tensor adaptive_avg_pool3d(const Tensor& input, IntArrayRef output_size);
/// Adaptive max pooling: (values, int64 indices within each plane).
std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor& input, IntArrayRef output_size);
std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& input, IntArrayRef output_size);
std::tuple<Tensor, Tensor> adaptive_max_pool3d(const Tensor& input, IntArrayRef output_size);

/// The partial inverse of max pooling: a zero tensor of spatial size `output_size` with
/// input's values placed at `indices` (int64, input's shape; flat positions within each plane).
/// Raises "Found an invalid max index" for an index outside the plane. max_unpool3d's stride
/// and padding are only checked (3 values, stride > 0, padding >= 0), as ATen's.
Tensor max_unpool1d(const Tensor& input, const Tensor& indices, IntArrayRef output_size);
Tensor max_unpool2d(const Tensor& input, const Tensor& indices, IntArrayRef output_size);
Tensor max_unpool3d(const Tensor& input, const Tensor& indices, IntArrayRef output_size,
                    IntArrayRef stride, IntArrayRef padding);

}  // namespace ember
