// nn::init: the deterministic initialisers exactly, the random ones by their bounds and moments
// (Ember's random streams are its own, so PyTorch's values cannot be matched; the distributions
// can).
#include <gtest/gtest.h>

#include <cmath>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember::nn {
namespace {

double variance(const Tensor& t) {
  return t.to(kDouble).var().item<double>();
}
double mean_of(const Tensor& t) {
  return t.to(kDouble).mean().item<double>();
}

TEST(Init, CalculateGainMatchesPyTorch) {
  EXPECT_DOUBLE_EQ(init::calculate_gain(kLinear), 1.0);
  EXPECT_DOUBLE_EQ(init::calculate_gain(kConv2D), 1.0);
  EXPECT_DOUBLE_EQ(init::calculate_gain(kSigmoid), 1.0);
  EXPECT_DOUBLE_EQ(init::calculate_gain(kTanh), 5.0 / 3);
  EXPECT_DOUBLE_EQ(init::calculate_gain(kReLU), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(init::calculate_gain(kLeakyReLU), std::sqrt(2.0 / (1 + 0.01 * 0.01)));
  EXPECT_DOUBLE_EQ(init::calculate_gain(kLeakyReLU, 0.2), std::sqrt(2.0 / 1.04));
  EXPECT_DOUBLE_EQ(init::calculate_gain(kSELU), 0.75);
}

TEST(Init, FanInAndFanOut) {
  auto [in2, out2] = init::_calculate_fan_in_and_fan_out(ember::empty({5, 3}));
  EXPECT_EQ(in2, 3);
  EXPECT_EQ(out2, 5);
  auto [in4, out4] = init::_calculate_fan_in_and_fan_out(ember::empty({8, 4, 3, 2}));
  EXPECT_EQ(in4, 4 * 6);
  EXPECT_EQ(out4, 8 * 6);
  EXPECT_EMBER_ERROR(init::_calculate_fan_in_and_fan_out(ember::empty({3})),
                     "fewer than 2 dimensions");
}

TEST(Init, UniformFamiliesStayInTheirBounds) {
  ember::manual_seed(0);
  Tensor w = ember::empty({200, 300});
  const double fan_in = 300, fan_out = 200;

  init::kaiming_uniform_(w, std::sqrt(5.0));  // Linear's default: bound 1/sqrt(fan_in)
  double bound = 1 / std::sqrt(fan_in);
  EXPECT_LE(w.abs().max().item<float>(), bound);
  EXPECT_NEAR(variance(w), bound * bound / 3, 0.05 * bound * bound / 3);

  init::kaiming_uniform_(w, 0, kFanOut, kReLU);
  bound = std::sqrt(2.0) * std::sqrt(3.0 / fan_out);
  EXPECT_LE(w.abs().max().item<float>(), bound);
  EXPECT_NEAR(variance(w), bound * bound / 3, 0.05 * bound * bound / 3);

  init::xavier_uniform_(w, 2.0);
  bound = 2.0 * std::sqrt(6.0 / (fan_in + fan_out));
  EXPECT_LE(w.abs().max().item<float>(), bound);
  EXPECT_NEAR(variance(w), bound * bound / 3, 0.05 * bound * bound / 3);

  init::uniform_(w, 2, 3);
  EXPECT_GE(w.min().item<float>(), 2.0f);
  EXPECT_LT(w.max().item<float>(), 3.0f);
}

TEST(Init, NormalFamiliesHaveTheirMoments) {
  ember::manual_seed(1);
  Tensor w = ember::empty({300, 400});
  init::kaiming_normal_(w, 0, kFanIn, kReLU);
  const double kaiming_var = 2.0 / 400;
  EXPECT_NEAR(variance(w), kaiming_var, 0.05 * kaiming_var);
  EXPECT_NEAR(mean_of(w), 0, 0.01);

  init::xavier_normal_(w);
  const double xavier_var = 2.0 / 700;
  EXPECT_NEAR(variance(w), xavier_var, 0.05 * xavier_var);

  init::normal_(w, 3, 0.5);
  EXPECT_NEAR(mean_of(w), 3, 0.01);
  EXPECT_NEAR(variance(w), 0.25, 0.0125);
}

TEST(Init, TruncNormalIsTruncated) {
  ember::manual_seed(2);
  Tensor w = init::trunc_normal_(ember::empty({100000}, kDouble), 1.0, 2.0, -1.0, 2.0);
  EXPECT_GE(w.min().item<double>(), -1.0);
  EXPECT_LE(w.max().item<double>(), 2.0);
  // Mean of N(1, 2²) truncated to [-1, 2]: mu + sigma (phi(a') - phi(b')) / (Phi(b') - Phi(a'))
  // with a' = -1, b' = 0.5.
  auto phi = [](double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); };
  auto Phi = [](double x) { return 0.5 * (1 + std::erf(x / std::sqrt(2.0))); };
  const double expected = 1 + 2 * (phi(-1) - phi(0.5)) / (Phi(0.5) - Phi(-1));
  EXPECT_NEAR(mean_of(w), expected, 0.01);
  EXPECT_EMBER_ERROR(init::trunc_normal_(ember::empty({2}), 0, 1, 2, 1), "[trunc_normal_]");
}

TEST(Init, DeterministicInitialisers) {
  Tensor w = ember::empty({2, 3});
  EXPECT_TRUE(ember::equal(init::constant_(w, 1.5), ember::full({2, 3}, 1.5)));
  EXPECT_TRUE(ember::equal(init::ones_(w), ember::ones({2, 3})));
  EXPECT_TRUE(ember::equal(init::zeros_(w), ember::zeros({2, 3})));
  EXPECT_TRUE(ember::equal(init::eye_(w), ember::eye(2, 3)));
  EXPECT_EMBER_ERROR(init::eye_(ember::empty({2, 2, 2})), "[eye_]");
  EXPECT_FALSE(w.requires_grad());
  Tensor p = ember::empty({2, 2}).requires_grad_();
  init::ones_(p);  // works on parameters: not recorded
  EXPECT_TRUE(p.is_leaf());
}

TEST(Init, DiracPreservesChannels) {
  // PyTorch: dirac_ of a (4, 2, 3) weight puts 1 at [d, d, 1] for d < 2.
  Tensor w = init::dirac_(ember::empty({4, 2, 3}));
  Tensor expected = ember::zeros({4, 2, 3});
  expected.index_put_({0, 0, 1}, 1);
  expected.index_put_({1, 1, 1}, 1);
  EXPECT_TRUE(ember::equal(w, expected));
  Tensor grouped = init::dirac_(ember::empty({4, 1, 3, 3}), 2);
  EXPECT_EQ(grouped.sum().item<float>(), 2.0f);
  EXPECT_EQ(grouped.index({2, 0, 1, 1}).item<float>(), 1.0f);
  EXPECT_EMBER_ERROR(init::dirac_(ember::empty({2, 2})), "[dirac_]");
  EXPECT_EMBER_ERROR(init::dirac_(ember::empty({3, 1, 3}), 2), "divisible by groups");
}

TEST(Init, OrthogonalGivesOrthonormalRowsOrColumns) {
  ember::manual_seed(3);
  Tensor tall = init::orthogonal_(ember::empty({6, 4}, kDouble), 2.0);
  EXPECT_TRUE(ember::allclose(tall.t().mm(tall), ember::eye(4, kDouble) * 4, 1e-9, 1e-9));
  Tensor wide = init::orthogonal_(ember::empty({3, 5}, kDouble));
  EXPECT_TRUE(ember::allclose(wide.mm(wide.t()), ember::eye(3, kDouble), 1e-9, 1e-9));
  Tensor conv = init::orthogonal_(ember::empty({4, 2, 2}));
  Tensor flat = conv.reshape({4, 4}).to(kDouble);
  EXPECT_TRUE(ember::allclose(flat.mm(flat.t()), ember::eye(4, kDouble), 1e-5, 1e-5));
  EXPECT_EMBER_ERROR(init::orthogonal_(ember::empty({3})), "[orthogonal_]");
}

TEST(Init, SparseZeroesAFractionOfEachColumn) {
  ember::manual_seed(4);
  Tensor w = init::sparse_(ember::empty({10, 6}), 0.3, 0.5);
  Tensor zeros_per_column = w.eq(0).sum(0);
  EXPECT_TRUE(ember::equal(zeros_per_column, ember::full({6}, 3, kLong)));
  EXPECT_EMBER_ERROR(init::sparse_(ember::empty({2, 2, 2}), 0.5), "[sparse_]");
}

TEST(Init, ZeroElementTensorsAreLeftAlone) {
  Tensor w = ember::empty({0, 3});
  init::kaiming_uniform_(w);
  init::orthogonal_(w);
  EXPECT_EQ(w.numel(), 0);
}

}  // namespace
}  // namespace ember::nn
