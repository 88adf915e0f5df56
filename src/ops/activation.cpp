// Activations: one functor each (Note [Activation functors] in backend/cpu/activation_kernels.cpp)
// and a backward formula from PyTorch's derivatives.yaml written with public ops, so that
// second derivatives come free. relu's backward is the fused threshold_backward, an internal op
// that records its own derivative.
#include <cmath>

#include "autograd/record.h"
#include "ember/ops/activation.h"
#include "ember/ops/elementwise.h"
#include "ops/backend.h"
#include "ops/op_util.h"

namespace ember {
namespace {

using autograd::variable_list;
using autograd::detail::Formula;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;
using detail::Activation;
using detail::ActivationArgs;

// grad where self > threshold, else 0; its derivative for grad is itself applied to the
// incoming gradient (PyTorch's threshold_backward entry), none for self.
Tensor threshold_backward(const Tensor& grad, const Tensor& self, double threshold) {
  detail::check_accepts(detail::DtypeSet::kNumeric, self.scalar_type(), "threshold_backward");
  Recorder rec({&grad});
  const Tensor g = grad.to(self.scalar_type());
  Tensor out = detail::make_empty(self.sizes(), self.scalar_type(), self.device());
  detail::backend_of(out).threshold_backward(*out.unsafeGetTensorImpl(), *g.unsafeGetTensorImpl(),
                                             *self.unsafeGetTensorImpl(), threshold);
  if (rec) {
    rec.record("ThresholdBackwardBackward0", out, {self}, [threshold](const FormulaContext& c) {
      return variable_list{threshold_backward(c.grad(0), c.saved(0), threshold)};
    });
  }
  return out;
}

// The derivative of an activation: grad * f'(x) as public ops of (grad, x).
using Derivative = std::function<Tensor(const Tensor& g, const Tensor& x)>;

Tensor run_activation(const char* name, Activation op, const Tensor& self,
                      const ActivationArgs& args) {
  detail::check_defined(self, name, "self");
  detail::check_same_device(name, {&self});
  // PyTorch's relu and hardtanh refuse bool before dispatch, in their own words.
  EMBER_CHECK(!(op == Activation::Relu && self.scalar_type() == kBool), name,
              "Boolean inputs not supported for relu");
  EMBER_CHECK(!(op == Activation::Hardtanh && self.scalar_type() == kBool), name,
              "Bool inputs not supported for hardtanh");
  detail::check_accepts(detail::accepted_dtypes(op), self.scalar_type(), name);
  Tensor out = detail::make_empty(self.sizes(), self.scalar_type(), self.device(), name);
  detail::backend_of(out).activation(op, name, *out.unsafeGetTensorImpl(),
                                     *self.unsafeGetTensorImpl(), args);
  return out;
}

Tensor activation(const char* name, const char* node, Activation op, const Tensor& self,
                  const ActivationArgs& args, Derivative derivative) {
  Recorder rec({&self});
  Tensor out = run_activation(name, op, self, args);
  if (rec) {
    rec.record(node, out, {self}, [d = std::move(derivative)](const FormulaContext& c) {
      // 16-bit floats: the derivative in float, rounded once (as PyTorch's backward kernels).
      const Tensor& x = c.saved(0);
      const ScalarType t = x.scalar_type();
      if (t == kHalf || t == kBFloat16) {
        return variable_list{d(c.grad(0).to(kFloat), x.to(kFloat)).to(t)};
      }
      return variable_list{d(c.grad(0), x)};
    });
  }
  return out;
}

Tensor relu_out_of_place(const Tensor& self) {
  Recorder rec({&self});
  Tensor out = run_activation("relu", Activation::Relu, self, {});
  if (rec) {
    rec.record("ReluBackward0", out, {out}, [](const FormulaContext& c) {
      return variable_list{threshold_backward(c.grad(0), c.saved(0), 0.0)};
    });
  }
  return out;
}

}  // namespace

Tensor relu(const Tensor& self) {
  return relu_out_of_place(self);
}

Tensor& relu_(Tensor& self) {
  detail::check_defined(self, "relu_", "self");
  EMBER_CHECK(self.scalar_type() != kBool, "relu_", "Boolean inputs not supported for relu");
  if (autograd::detail::should_record({&self})) {
    return autograd::detail::record_in_place(self, "relu_", relu_out_of_place);
  }
  detail::check_same_device("relu_", {&self});
  detail::check_no_internal_overlap(self, "relu_");
  detail::backend_of(self).activation(Activation::Relu, "relu_", *self.unsafeGetTensorImpl(),
                                      *self.unsafeGetTensorImpl(), {});
  self.bump_version();
  return self;
}

Tensor leaky_relu(const Tensor& self, double negative_slope) {
  return activation("leaky_relu", "LeakyReluBackward0", Activation::LeakyRelu, self,
                    {negative_slope}, [negative_slope](const Tensor& g, const Tensor& x) {
                      return where(x > 0, g, g * negative_slope);
                    });
}

Tensor gelu(const Tensor& self, std::string_view approximate) {
  const bool tanh_form = approximate == "tanh";
  EMBER_CHECK(tanh_form || approximate == "none", "gelu",
              "approximate argument must be either none or tanh, got '", approximate, "'");
  if (tanh_form) {
    return activation("gelu", "GeluBackward0", Activation::GeluTanh, self, {},
                      [](const Tensor& g, const Tensor& x) {
                        const double beta = M_SQRT2 * M_2_SQRTPI * 0.5;
                        const double kappa = 0.044715;
                        const Tensor x_sq = x * x;
                        const Tensor t = (beta * (x + kappa * x_sq * x)).tanh();
                        const Tensor left = 0.5 * x;
                        const Tensor left_derivative = 0.5 * (1 + t);
                        const Tensor right_derivative =
                            left * (1 - t * t) * (beta * (1 + 3 * kappa * x_sq));
                        return g * (left_derivative + right_derivative);
                      });
  }
  return activation("gelu", "GeluBackward0", Activation::Gelu, self, {},
                    [](const Tensor& g, const Tensor& x) {
                      const double alpha = M_2_SQRTPI * M_SQRT1_2 * 0.5;  // 1 / sqrt(2 pi)
                      const Tensor cdf = 0.5 * (1 + (x * M_SQRT1_2).erf());
                      const Tensor pdf = alpha * (-0.5 * x * x).exp();
                      return g * (cdf + x * pdf);
                    });
}

Tensor silu(const Tensor& self) {
  return activation("silu", "SiluBackward0", Activation::Silu, self, {},
                    [](const Tensor& g, const Tensor& x) {
                      const Tensor s = x.sigmoid();
                      return g * s * (1 + x * (1 - s));
                    });
}

Tensor elu(const Tensor& self, double alpha, double scale, double input_scale) {
  return activation("elu", "EluBackward0", Activation::Elu, self, {alpha, scale, input_scale},
                    [alpha, scale, input_scale](const Tensor& g, const Tensor& x) {
                      return where(x <= 0,
                                   g * (input_scale * alpha * scale) * (x * input_scale).exp(),
                                   g * scale);
                    });
}

Tensor hardtanh(const Tensor& self, double min_val, double max_val) {
  return activation("hardtanh", "HardtanhBackward0", Activation::Hardtanh, self, {min_val, max_val},
                    [min_val, max_val](const Tensor& g, const Tensor& x) {
                      return where((x <= min_val) | (x >= max_val), 0, g);
                    });
}

Tensor softplus(const Tensor& self, double beta, double threshold) {
  return activation("softplus", "SoftplusBackward0", Activation::Softplus, self, {beta, threshold},
                    [beta, threshold](const Tensor& g, const Tensor& x) {
                      const Tensor bx = x * beta;
                      return where(bx > threshold, g, g * bx.sigmoid());
                    });
}

Tensor hardsigmoid(const Tensor& self) {
  return activation(
      "hardsigmoid", "HardsigmoidBackward0", Activation::Hardsigmoid, self, {},
      [](const Tensor& g, const Tensor& x) { return where((x > -3) & (x < 3), g / 6, 0); });
}

Tensor hardswish(const Tensor& self) {
  return activation("hardswish", "HardswishBackward0", Activation::Hardswish, self, {},
                    [](const Tensor& g, const Tensor& x) {
                      // At x == 3 the gradient is g, as PyTorch's vectorised CPU kernel gives.
                      return where(x < -3, 0, where(x < 3, g * (x / 3 + 0.5), g));
                    });
}

Tensor mish(const Tensor& self) {
  return activation("mish", "MishBackward0", Activation::Mish, self, {},
                    [](const Tensor& g, const Tensor& x) {
                      const Tensor t = softplus(x).tanh();
                      return g * (t + x * x.sigmoid() * (1 - t * t));
                    });
}

Tensor Tensor::relu() const {
  return ember::relu(*this);
}
Tensor& Tensor::relu_() {
  return ember::relu_(*this);
}

}  // namespace ember
