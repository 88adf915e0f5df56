#pragma once
/// Normalisation layers' primitives with PyTorch's semantics: layer_norm, batch_norm,
/// group_norm. Fused forward and backward kernels (Note [Fused normalisation]); float16 and
/// bfloat16 compute in float. weight/bias are optional (undefined tensors) and must have the
/// input's dtype. Errors raise ember::Error naming the op.
#include <tuple>

#include "ember/tensor.h"

namespace ember {

/// Normalises over the last normalized_shape.size() dims of `input` (which must end with
/// normalized_shape): (x - mean) / sqrt(var + eps) * weight + bias, var biased. Returns (out,
/// mean, rstd), mean and rstd of shape input.sizes()[:axis] + [1] * normalized_shape.size(), in
/// the compute dtype (float for float16/bfloat16) and without autograd history (as PyTorch,
/// gradients flow through `out` only). weight/bias: of shape normalized_shape. Errors: empty
/// normalized_shape, weight/bias or input shapes not matching it.
std::tuple<Tensor, Tensor, Tensor> native_layer_norm(const Tensor& input,
                                                     IntArrayRef normalized_shape,
                                                     const Tensor& weight, const Tensor& bias,
                                                     double eps);
/// The output of native_layer_norm.
Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight = {},
                  const Tensor& bias = {}, double eps = 1e-5);

/// Batch normalisation of `input` (N, C, ...) over every dim but 1. training: normalises with
/// the batch's mean and biased variance, and updates running_mean/running_var in place (when
/// defined; no autograd) as running = (1 - momentum) * running + momentum * stat, with the
/// unbiased variance. Eval: normalises with running_mean/running_var (required). weight, bias,
/// running stats: (C). Errors: input of rank < 2, (C) tensors of another size, training with a
/// single value per channel, missing running stats in eval.
Tensor batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Tensor& running_mean, const Tensor& running_var, bool training,
                  double momentum, double eps);
/// batch_norm returning (out, save_mean, save_invstd): the mean and 1/sqrt(var + eps) used,
/// (C) tensors in the compute dtype (float for float16/bfloat16), without autograd history.
std::tuple<Tensor, Tensor, Tensor> native_batch_norm(const Tensor& input, const Tensor& weight,
                                                     const Tensor& bias, const Tensor& running_mean,
                                                     const Tensor& running_var, bool training,
                                                     double momentum, double eps);

/// Group normalisation of `input` (N, C, ...): the C channels are split into num_groups groups
/// and each (sample, group) is normalised (biased variance), then scaled by weight (C) and
/// shifted by bias (C). Errors: C not divisible by num_groups, weight/bias not of size C.
Tensor group_norm(const Tensor& input, int64_t num_groups, const Tensor& weight = {},
                  const Tensor& bias = {}, double eps = 1e-5);

}  // namespace ember
