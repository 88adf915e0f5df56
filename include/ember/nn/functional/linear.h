#pragma once
/// Functional forms of the linear layers.
#include "ember/tensor.h"

namespace ember::nn::functional {

/// y = x Wᵀ + b for x (*, in_features), W (out_features, in_features), b (out_features) or
/// undefined. Raises naming both shapes when x's last dim is not in_features.
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});
/// y = x1ᵀ A x2 + b for x1 (*, in1), x2 (*, in2), A (out, in1, in2), b (out) or undefined.
Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const Tensor& bias = {});

}  // namespace ember::nn::functional
