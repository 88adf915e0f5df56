#pragma once
/// Gradient clipping, as PyTorch's `torch.nn.utils.clip_grad_norm_` / `clip_grad_value_`.
#include <vector>

#include "ember/tensor.h"

namespace ember::nn::utils {

/// Scales the gradients of `parameters` in place so that their total norm (the p-norm of the
/// per-parameter p-norms; p = inf takes the largest magnitude) is at most `max_norm`, and
/// returns the total norm before clipping. Parameters without a gradient are skipped. With
/// `error_if_nonfinite`, a NaN or infinite total norm raises instead of being applied.
double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm,
                       double norm_type = 2.0, bool error_if_nonfinite = false);
double clip_grad_norm_(const Tensor& parameter, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);
/// Clamps every gradient to [-clip_value, clip_value] in place.
void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value);
void clip_grad_value_(const Tensor& parameter, double clip_value);

}  // namespace ember::nn::utils
