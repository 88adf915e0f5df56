#pragma once
/// Functional activations, with PyTorch's formulas and gradient conventions at kinks.
#include "ember/nn/options/activation.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// max(x, 0); the gradient at 0 is 0.
Tensor relu(Tensor input, const ReLUFuncOptions& options = {});
/// min(max(x, 0), 6).
Tensor relu6(Tensor input, const ReLU6FuncOptions& options = {});
/// x for x > 0, negative_slope·x otherwise.
Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options = {});
/// x for x > 0, alpha·(exp(x) - 1) otherwise.
Tensor elu(Tensor input, const ELUFuncOptions& options = {});
/// scale·elu(x, alpha) with SELU's constants.
Tensor selu(Tensor input, const SELUFuncOptions& options = {});
/// max(0, x) + min(0, alpha·(exp(x / alpha) - 1)).
Tensor celu(Tensor input, const CELUFuncOptions& options = {});
/// x·Φ(x) (exact) or its tanh approximation.
Tensor gelu(const Tensor& input, const GELUFuncOptions& options = {});
/// x·sigmoid(x).
Tensor silu(const Tensor& input);
/// x·tanh(softplus(x)).
Tensor mish(const Tensor& input);
/// x / (1 + |x|).
Tensor softsign(const Tensor& input);
/// x - tanh(x).
Tensor tanhshrink(const Tensor& input);
/// x - lambda for x > lambda, x + lambda for x < -lambda, else 0.
Tensor softshrink(const Tensor& input, const SoftshrinkFuncOptions& options = {});
/// x where |x| > lambda, else 0.
Tensor hardshrink(const Tensor& input, const HardshrinkFuncOptions& options = {});
/// x clamped to [min_val, max_val].
Tensor hardtanh(Tensor input, const HardtanhFuncOptions& options = {});
/// relu6(x + 3) / 6.
Tensor hardsigmoid(const Tensor& input);
/// x·relu6(x + 3) / 6.
Tensor hardswish(const Tensor& input);
/// log(1 + exp(beta·x)) / beta, linear above the threshold.
Tensor softplus(const Tensor& input, const SoftplusFuncOptions& options = {});
/// x where x > threshold, else value.
Tensor threshold(Tensor input, const ThresholdFuncOptions& options);
/// Randomised leaky ReLU: slopes uniform in [lower, upper] when training, their mean otherwise.
Tensor rrelu(Tensor input, const RReLUFuncOptions& options = {});
/// x for x >= 0, weight·x otherwise; weight has 1 or C (= input dim 1) elements.
Tensor prelu(const Tensor& input, const Tensor& weight);
/// a·sigmoid(b) for the two halves a, b of dim (its size must be even).
Tensor glu(const Tensor& input, const GLUFuncOptions& options = {});
/// The stable log(sigmoid(x)) = -softplus(-x), with the smooth gradient sigmoid(-x).
Tensor logsigmoid(const Tensor& input);
Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options);
Tensor softmin(const Tensor& input, const SoftminFuncOptions& options);
Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options);

}  // namespace ember::nn::functional
