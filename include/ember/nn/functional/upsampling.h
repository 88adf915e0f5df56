#pragma once
/// `F::interpolate`: resampling by size or scale factor.
#include "ember/nn/options/upsampling.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// Resamples the spatial dims of input (N, C, *spatial) with 1, 2 or 3 spatial dims: nearest
/// and nearest-exact and area for any of them, linear for 3-d, bilinear and bicubic for 4-d,
/// trilinear for 5-d input, as PyTorch's (output size floor(in · scale)).
Tensor interpolate(const Tensor& input, const InterpolateFuncOptions& options = {});

}  // namespace ember::nn::functional
