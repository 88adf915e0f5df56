#pragma once
/// Functional dropout. Masks draw from Ember's default generator; in eval (`training` false) or
/// with p = 0 each returns its input unchanged.
#include "ember/nn/options/dropout.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// Zeroes each element with probability p and scales the rest by 1 / (1 - p).
Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false);
inline Tensor dropout(Tensor input, const DropoutFuncOptions& options) {
  return dropout(std::move(input), options.p(), options.training(), options.inplace());
}
/// Zeroes whole channels: input (N, C, L) or unbatched (C, L).
Tensor dropout1d(Tensor input, double p = 0.5, bool training = true, bool inplace = false);
/// Input (N, C, H, W) or unbatched (C, H, W).
Tensor dropout2d(Tensor input, double p = 0.5, bool training = true, bool inplace = false);
/// Input (N, C, D, H, W) or unbatched (C, D, H, W).
Tensor dropout3d(Tensor input, double p = 0.5, bool training = true, bool inplace = false);
inline Tensor dropout2d(Tensor input, const Dropout2dFuncOptions& options) {
  return dropout2d(std::move(input), options.p(), options.training(), options.inplace());
}
/// Dropout that keeps SELU's self-normalising mean and variance: dropped elements take SELU's
/// negative saturation value, then an affine map restores mean 0 and variance 1.
Tensor alpha_dropout(Tensor input, double p = 0.5, bool training = false, bool inplace = false);
/// alpha_dropout over whole channels (dims past 1 share the mask).
Tensor feature_alpha_dropout(Tensor input, double p = 0.5, bool training = false,
                             bool inplace = false);

}  // namespace ember::nn::functional
