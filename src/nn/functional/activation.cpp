#include "ember/nn/functional/activation.h"

#include <cmath>

#include "ember/autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {
namespace {

// Note [Inplace activations]
// `inplace` writes the result into the input, as PyTorch's does. ReLU has a true in-place op
// (relu_, whose backward reads the result). The others save their input for backward, so
// overwriting it would fail backward's version check: when autograd records the call they
// compute out of place and return the new tensor, leaving the input as it was.
Tensor write_back(Tensor input, const Tensor& result, bool inplace) {
  if (!inplace || (GradMode::is_enabled() && input.requires_grad())) return result;
  input.copy_(result);
  return input;
}

void check_floating(const Tensor& input, const char* op) {
  EMBER_CHECK(input.defined() && input.is_floating_point(), op,
              "expected a floating-point tensor, got ",
              input.defined() ? input.scalar_type() : kFloat);
}

// SELU's constants (Klambauer et al.), as PyTorch's.
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

// log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)); backward grad·sigmoid(-x) (smooth at 0, where
// the composite's subgradients would not be).
struct LogSigmoid : autograd::Function<LogSigmoid> {
  static Tensor forward(autograd::AutogradContext* ctx, const Tensor& x) {
    ctx->save_for_backward({x});
    return x.clamp_max(0).sub(x.abs().neg().exp().log1p());
  }
  static autograd::variable_list backward(autograd::AutogradContext* ctx,
                                          autograd::variable_list grads) {
    return {grads[0].mul(ctx->get_saved_variables()[0].neg().sigmoid())};
  }
};

}  // namespace

Tensor relu(Tensor input, const ReLUFuncOptions& options) {
  return options.inplace() ? ember::relu_(input) : ember::relu(input);
}

Tensor relu6(Tensor input, const ReLU6FuncOptions& options) {
  return hardtanh(std::move(input),
                  HardtanhFuncOptions().min_val(0).max_val(6).inplace(options.inplace()));
}

Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options) {
  Tensor out = ember::leaky_relu(input, options.negative_slope());
  return write_back(std::move(input), out, options.inplace());
}

Tensor elu(Tensor input, const ELUFuncOptions& options) {
  Tensor out = ember::elu(input, options.alpha());
  return write_back(std::move(input), out, options.inplace());
}

Tensor selu(Tensor input, const SELUFuncOptions& options) {
  Tensor out = ember::elu(input, kSeluAlpha, kSeluScale);
  return write_back(std::move(input), out, options.inplace());
}

Tensor celu(Tensor input, const CELUFuncOptions& options) {
  EMBER_CHECK(options.alpha() != 0, "celu", "ZeroDivisionError: alpha must not be 0");
  Tensor out = ember::elu(input, options.alpha(), 1, 1 / options.alpha());
  return write_back(std::move(input), out, options.inplace());
}

Tensor gelu(const Tensor& input, const GELUFuncOptions& options) {
  return ember::gelu(input, options.approximate());
}

Tensor silu(const Tensor& input) {
  return ember::silu(input);
}

Tensor mish(const Tensor& input) {
  return ember::mish(input);
}

Tensor softsign(const Tensor& input) {
  check_floating(input, "softsign");
  return input.div(input.abs().add(1));
}

Tensor tanhshrink(const Tensor& input) {
  check_floating(input, "tanhshrink");
  return input.sub(input.tanh());
}

Tensor softshrink(const Tensor& input, const SoftshrinkFuncOptions& options) {
  check_floating(input, "softshrink");
  const double l = options.lambda();
  EMBER_CHECK(l >= 0, "softshrink", "lambda must be greater or equal to 0, but found to be ", l,
              ".");
  Tensor zeros = ember::zeros({}, input.options());
  return ember::where(input.gt(l), input.sub(l), ember::where(input.lt(-l), input.add(l), zeros));
}

Tensor hardshrink(const Tensor& input, const HardshrinkFuncOptions& options) {
  check_floating(input, "hardshrink");
  const double l = options.lambda();
  Tensor zeros = ember::zeros({}, input.options());
  return ember::where(input.gt(l).logical_or(input.lt(-l)), input, zeros);
}

Tensor hardtanh(Tensor input, const HardtanhFuncOptions& options) {
  EMBER_CHECK(options.max_val() >= options.min_val(), "hardtanh",
              "max_val must be greater than or equal to min_val, got min_val=", options.min_val(),
              ", max_val=", options.max_val());
  Tensor out = ember::hardtanh(input, options.min_val(), options.max_val());
  return write_back(std::move(input), out, options.inplace());
}

Tensor hardsigmoid(const Tensor& input) {
  return ember::hardsigmoid(input);
}

Tensor hardswish(const Tensor& input) {
  return ember::hardswish(input);
}

Tensor softplus(const Tensor& input, const SoftplusFuncOptions& options) {
  return ember::softplus(input, options.beta(), options.threshold());
}

Tensor threshold(Tensor input, const ThresholdFuncOptions& options) {
  // PyTorch's threshold: x > threshold keeps x (gradient 1), else the constant value.
  Tensor value = ember::full({}, options.value(), input.options());
  Tensor out = ember::where(input.gt(options.threshold()), input, value);
  return write_back(std::move(input), out, options.inplace());
}

Tensor rrelu(Tensor input, const RReLUFuncOptions& options) {
  check_floating(input, "rrelu");
  const double lower = options.lower(), upper = options.upper();
  EMBER_CHECK(lower <= upper, "rrelu",
              "Lower bound should be less than or equal to the upper "
              "bound, got lower=",
              lower, ", upper=", upper);
  if (!options.training()) {
    return leaky_relu(
        std::move(input),
        LeakyReLUFuncOptions().negative_slope((lower + upper) / 2).inplace(options.inplace()));
  }
  // One slope per element, uniform in [lower, upper], applied where x < 0.
  Tensor slopes = ember::empty_like(input, input.options()).uniform_(lower, upper);
  Tensor out = ember::where(input.ge(0), input, input.mul(slopes));
  return write_back(std::move(input), out, options.inplace());
}

Tensor prelu(const Tensor& input, const Tensor& weight) {
  check_floating(input, "prelu");
  EMBER_CHECK(weight.defined() && weight.dim() <= 1, "prelu", "expected a 0-d or 1-d weight, got ",
              weight.defined() ? weight.sizes() : IntArrayRef{});
  const int64_t n = weight.numel();
  const int64_t channels =
      input.dim() >= 2 ? input.size(1) : (input.dim() == 1 ? input.size(0) : 1);
  EMBER_CHECK(n == 1 || n == channels, "prelu",
              "Mismatch of parameter numbers and input channel size. Found parameter numbers = ", n,
              " and channel size = ", channels, ".");
  // The slopes broadcast along the channel dim (dim 1; dim 0 of a 1-d input).
  Tensor w = weight.reshape({-1});
  if (n > 1 && input.dim() >= 2) {
    std::vector<int64_t> shape(static_cast<size_t>(input.dim()), 1);
    shape[1] = n;
    w = w.view(shape);
  }
  // x > 0 ? x : w * x, as PyTorch's kernel: at 0 the gradient is the slope (and 0 * w keeps
  // the sign of a negative slope).
  return ember::where(input.gt(0), input, input.mul(w));
}

Tensor glu(const Tensor& input, const GLUFuncOptions& options) {
  EMBER_CHECK(input.dim() > 0, "glu",
              "glu does not support scalars because halving size must "
              "be even");
  const int64_t dim = options.dim() < 0 ? options.dim() + input.dim() : options.dim();
  EMBER_CHECK(dim >= 0 && dim < input.dim(), "glu", "dim ", options.dim(),
              " is out of range for a ", input.dim(), "-d input");
  EMBER_CHECK(input.size(dim) % 2 == 0, "glu", "Halving dimension must be even, but dimension ",
              dim, " is size ", input.size(dim));
  auto halves = input.chunk(2, dim);
  return halves[0].mul(halves[1].sigmoid());
}

Tensor logsigmoid(const Tensor& input) {
  EMBER_CHECK(input.defined() && input.is_floating_point(), "logsigmoid",
              "expected a floating-point tensor, got ",
              input.defined() ? input.scalar_type() : kFloat);
  return LogSigmoid::apply(input);
}

Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options) {
  return ember::softmax(input, options.dim(), options.dtype());
}

Tensor softmin(const Tensor& input, const SoftminFuncOptions& options) {
  return ember::softmax(input.neg(), options.dim(), options.dtype());
}

Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options) {
  return ember::log_softmax(input, options.dim(), options.dtype());
}

}  // namespace ember::nn::functional
