#pragma once
/// Activation functions with PyTorch's semantics: forward values and gradients (derivatives.yaml),
/// including the gradient chosen at each kink. Same shape and dtype as the input (any layout);
/// float16/bfloat16 compute in float. relu takes any non-bool dtype; the others need a floating
/// input ("[op] not implemented for 'Long'" otherwise). Errors raise ember::Error.
#include <string_view>

#include "ember/tensor.h"

namespace ember {

/// max(x, 0) (NaN stays NaN). Gradient: grad where the result is > 0, else 0 (0 at x == 0).
Tensor relu(const Tensor& self);
/// relu in place; returns self.
Tensor& relu_(Tensor& self);
/// x for x > 0, else x * negative_slope. Gradient at 0: negative_slope.
Tensor leaky_relu(const Tensor& self, double negative_slope = 0.01);
/// x * Phi(x) ("none", the erf form) or its tanh approximation ("tanh"); other strings raise.
Tensor gelu(const Tensor& self, std::string_view approximate = "none");
/// x * sigmoid(x).
Tensor silu(const Tensor& self);
/// scale * x for x > 0, else scale * alpha * (exp(x * input_scale) - 1) (SELU and CELU are
/// this with other constants). Gradient at 0: the negative branch's.
Tensor elu(const Tensor& self, double alpha = 1, double scale = 1, double input_scale = 1);
/// x clamped to [min_val, max_val]; gradient 0 at and outside the bounds.
Tensor hardtanh(const Tensor& self, double min_val = -1, double max_val = 1);
/// log(1 + exp(beta * x)) / beta, or x where beta * x > threshold.
Tensor softplus(const Tensor& self, double beta = 1, double threshold = 20);
/// relu6(x + 3) / 6; gradient 1/6 strictly inside (-3, 3), else 0.
Tensor hardsigmoid(const Tensor& self);
/// x * relu6(x + 3) / 6; gradient 0 below -3, x / 3 + 0.5 on [-3, 3), 1 from 3 on (PyTorch's
/// CPU kernel).
Tensor hardswish(const Tensor& self);
/// x * tanh(softplus(x)).
Tensor mish(const Tensor& self);

}  // namespace ember
