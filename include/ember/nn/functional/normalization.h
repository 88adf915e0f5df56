#pragma once
/// Functional normalisation.
#include "ember/nn/options/normalization.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// Batch normalisation of input (N, C, ...): with batch statistics when training (updating the
/// running ones in place when given), else with the running statistics.
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options = {});
/// Normalises each (sample, channel) over its spatial dims.
Tensor instance_norm(const Tensor& input, const InstanceNormFuncOptions& options = {});
/// Normalises over the trailing normalized_shape dims.
Tensor layer_norm(const Tensor& input, const LayerNormFuncOptions& options);
/// Normalises each group of channels of input (N, C, ...).
Tensor group_norm(const Tensor& input, const GroupNormFuncOptions& options);
/// x / (k + alpha/n · Σ x² over a window of n neighbouring channels)^beta.
Tensor local_response_norm(const Tensor& input, const LocalResponseNormFuncOptions& options);
/// x / max(‖x‖_p, eps) along dim.
Tensor normalize(const Tensor& input, const NormalizeFuncOptions& options = {});

}  // namespace ember::nn::functional
