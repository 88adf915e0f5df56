#pragma once
/// Resampling (ATen's upsample_* functions; nn::functional::interpolate is built on them).
///
/// A k-d op takes an (N, C, *spatial) input with k spatial dims (N may be 0, no other dim) and
/// `output_size` with k positive sizes. The optional `scales_*` are the user's scale factors
/// (output / input) per dim: when given (and > 0) the source position of output index o is
/// computed from 1 / scale instead of input / output, exactly as PyTorch does when
/// interpolate() gets a scale_factor and recompute_scale_factor is not set.
/// Index math (PyTorch's):
///   nearest:        src = min(floor(o * s), in - 1), s = 1 / scale or in / out in float32
///                   (the legacy "nearest" rounding); out == in and out == 2 * in are exact.
///   nearest-exact:  src = min(floor((o + 0.5) * s), in - 1).
///   linear/cubic:   align_corners: src = o * (in - 1) / (out - 1) (0 when out == 1);
///                   else src = (o + 0.5) * s - 0.5, clamped at 0 for linear. Linear blends
///                   floor(src) and the next position; cubic uses 4 taps (A = -0.75) clamped to
///                   the input. Weights are computed in float for float32 (double for float64).
/// Dtypes: floating inputs (float32, float64, float16, bfloat16); the result has the input's.
/// Errors (`[op] ...`): wrong rank, output_size or scales of the wrong length, empty non-batch
/// dims, sizes < 1, non-floating dtypes. All are differentiable (the backward is the recorded
/// adjoint, whose own backward is the op again).
#include <optional>

#include "ember/tensor.h"

namespace ember {

Tensor upsample_nearest1d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales = std::nullopt);
Tensor upsample_nearest2d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales_h = std::nullopt,
                          std::optional<double> scales_w = std::nullopt);
Tensor upsample_nearest3d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales_d = std::nullopt,
                          std::optional<double> scales_h = std::nullopt,
                          std::optional<double> scales_w = std::nullopt);
/// interpolate(mode="nearest-exact").
Tensor _upsample_nearest_exact1d(const Tensor& input, IntArrayRef output_size,
                                 std::optional<double> scales = std::nullopt);
Tensor _upsample_nearest_exact2d(const Tensor& input, IntArrayRef output_size,
                                 std::optional<double> scales_h = std::nullopt,
                                 std::optional<double> scales_w = std::nullopt);
Tensor _upsample_nearest_exact3d(const Tensor& input, IntArrayRef output_size,
                                 std::optional<double> scales_d = std::nullopt,
                                 std::optional<double> scales_h = std::nullopt,
                                 std::optional<double> scales_w = std::nullopt);
Tensor upsample_linear1d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                         std::optional<double> scales = std::nullopt);
Tensor upsample_bilinear2d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                           std::optional<double> scales_h = std::nullopt,
                           std::optional<double> scales_w = std::nullopt);
Tensor upsample_bicubic2d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                          std::optional<double> scales_h = std::nullopt,
                          std::optional<double> scales_w = std::nullopt);
Tensor upsample_trilinear3d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                            std::optional<double> scales_d = std::nullopt,
                            std::optional<double> scales_h = std::nullopt,
                            std::optional<double> scales_w = std::nullopt);

}  // namespace ember
