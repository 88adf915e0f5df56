// Activations against PyTorch (tests/reference/families/activation.py).
#include <gtest/gtest.h>

#include <map>

#include "ember/ops/activation.h"
#include "support/errors.h"
#include "support/nn_golden.h"

namespace ember {
namespace {

using testing::Json;

double num(const Json& a, const char* name, double fallback) {
  return a.contains(name) ? a.at(name).get<double>() : fallback;
}

using Act = std::function<Tensor(const Tensor&, const Json&)>;

const std::map<std::string, Act>& activations() {
  static const std::map<std::string, Act> ops = {
      {"relu", [](const Tensor& x, const Json&) { return relu(x); }},
      {"leaky_relu", [](const Tensor& x,
                        const Json& a) { return leaky_relu(x, num(a, "negative_slope", 0.01)); }},
      {"gelu",
       [](const Tensor& x, const Json& a) {
         return gelu(x, a.contains("approximate") ? a.at("approximate").get<std::string>()
                                                  : std::string("none"));
       }},
      {"silu", [](const Tensor& x, const Json&) { return silu(x); }},
      {"elu",
       [](const Tensor& x, const Json& a) {
         return elu(x, num(a, "alpha", 1), num(a, "scale", 1), num(a, "input_scale", 1));
       }},
      {"hardtanh",
       [](const Tensor& x, const Json& a) {
         return hardtanh(x, num(a, "min_val", -1), num(a, "max_val", 1));
       }},
      {"softplus",
       [](const Tensor& x, const Json& a) {
         return softplus(x, num(a, "beta", 1), num(a, "threshold", 20));
       }},
      {"hardsigmoid", [](const Tensor& x, const Json&) { return hardsigmoid(x); }},
      {"hardswish", [](const Tensor& x, const Json&) { return hardswish(x); }},
      {"mish", [](const Tensor& x, const Json&) { return mish(x); }},
  };
  return ops;
}

// Note [Golden tolerances]: activations are short composites of math functions (the default
// bound), but for:
// - mish's derivative, tanh(softplus(x)) + x sigmoid(x) sech^2(softplus(x)), whose two terms
//   cancel near x = -1.2: a floor relative to the terms' size, |g| (1 + |x|);
// - the float64 gradients of hardsigmoid and of elu with an input_scale (celu), which PyTorch
//   computes with 1.0f / 6 and 1.0f / alpha (Note [Known divergences]); the error of the latter
//   grows with |x| * input_scale through exp(x * input_scale).
testing::Tolerance activation_tolerance(const std::string& op, const std::vector<Tensor>& in,
                                        const Json& a, const Tensor& result, size_t index) {
  using testing::Tolerance;
  const Tolerance plain = testing::default_tolerance(result.scalar_type());
  if (index == 0) return plain;
  if (op == "mish") {
    const double g = testing::max_abs(testing::tensor_from_json(a.at("gout")));
    return plain.with_scale(g * (1 + testing::max_abs(in[0])));
  }
  if (result.scalar_type() != kDouble) return plain;
  if (op == "hardsigmoid") return Tolerance::pytorch_float32_constant(1);
  if (op == "elu" && a.contains("input_scale")) {
    const double input_scale = a.at("input_scale").get<double>();
    return Tolerance::pytorch_float32_constant(1 + testing::max_abs(in[0]) * input_scale);
  }
  return plain;
}

class ActivationGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(ActivationGolden, MatchesPyTorch) {
  const std::string op = GetParam();
  const Act& f = activations().at(op);
  testing::run_nn_golden(
      "activation", op,
      [&](const std::vector<Tensor>& in, const Json& a) {
        return std::vector<Tensor>{f(in[0], a)};
      },
      [&](const std::vector<Tensor>& in, const Json& a, const Tensor& result, size_t index) {
        return activation_tolerance(op, in, a, result, index);
      });
}

INSTANTIATE_TEST_SUITE_P(Ops, ActivationGolden,
                         ::testing::Values("relu", "leaky_relu", "gelu", "silu", "elu", "hardtanh",
                                           "softplus", "hardsigmoid", "hardswish", "mish"));

TEST(Activation, ReluInPlace) {
  Tensor x = tensor({-1.0f, 2.0f, -3.0f, 4.0f});
  const uint32_t before = x._version();
  Tensor& r = relu_(x);
  EXPECT_TRUE(r.is_same(x));
  EXPECT_GT(x._version(), before);
  EXPECT_TRUE(x.equal(tensor({0.0f, 2.0f, 0.0f, 4.0f})));
  // On a strided view, with autograd: the gradient flows through the in-place op.
  Tensor leaf = tensor({-1.0, 2.0, -3.0, 4.0, 5.0, -6.0}, kDouble).requires_grad_();
  Tensor y = leaf * 1.0;
  Tensor v = y.slice(0, 0, 6, 2);
  relu_(v);
  y.sum().backward();
  EXPECT_TRUE(leaf.grad().equal(tensor({0.0, 1.0, 0.0, 1.0, 1.0, 1.0}, kDouble)));
  Tensor expanded = ones({3}).expand({2, 3});
  testing::expect_error_names([&] { relu_(expanded); }, "relu_");
}

TEST(Activation, ErrorsNameTheOp) {
  testing::expect_error_names([] { gelu(ones({2}), "fast"); }, "gelu");
  testing::expect_error_names([] { silu(ones({2}, kLong)); }, "silu");
  testing::expect_error_names([] { relu(ones({2}, kBool)); }, "relu");
  testing::expect_error_names([] { mish(Tensor()); }, "mish");
}

}  // namespace
}  // namespace ember
