#pragma once
/// Sub-pixel rearrangements between channels and space.
#include "ember/nn/options/pixelshuffle.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// (*, C·r², H, W) -> (*, C, H·r, W·r).
Tensor pixel_shuffle(const Tensor& input, const PixelShuffleFuncOptions& options);
/// (*, C, H·r, W·r) -> (*, C·r², H, W).
Tensor pixel_unshuffle(const Tensor& input, const PixelUnshuffleFuncOptions& options);

}  // namespace ember::nn::functional
