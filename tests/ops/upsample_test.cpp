// Resampling ops against PyTorch's golden values (tests/reference/families/upsample.py).
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "ember/ops/upsample.h"
#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::expect_error_names;
using testing::Json;

using Scales = std::vector<std::optional<double>>;
using Fn = std::function<Tensor(const Tensor&, IntArrayRef, bool, const Scales&)>;

const std::map<std::string, Fn>& upsample_ops() {
  static const std::map<std::string, Fn> ops = {
      {"upsample_nearest1d", [](const Tensor& x, IntArrayRef s, bool,
                                const Scales& k) { return upsample_nearest1d(x, s, k[0]); }},
      {"upsample_nearest2d", [](const Tensor& x, IntArrayRef s, bool,
                                const Scales& k) { return upsample_nearest2d(x, s, k[0], k[1]); }},
      {"upsample_nearest3d",
       [](const Tensor& x, IntArrayRef s, bool, const Scales& k) {
         return upsample_nearest3d(x, s, k[0], k[1], k[2]);
       }},
      {"_upsample_nearest_exact1d",
       [](const Tensor& x, IntArrayRef s, bool, const Scales& k) {
         return _upsample_nearest_exact1d(x, s, k[0]);
       }},
      {"_upsample_nearest_exact2d",
       [](const Tensor& x, IntArrayRef s, bool, const Scales& k) {
         return _upsample_nearest_exact2d(x, s, k[0], k[1]);
       }},
      {"_upsample_nearest_exact3d",
       [](const Tensor& x, IntArrayRef s, bool, const Scales& k) {
         return _upsample_nearest_exact3d(x, s, k[0], k[1], k[2]);
       }},
      {"upsample_linear1d", [](const Tensor& x, IntArrayRef s, bool a,
                               const Scales& k) { return upsample_linear1d(x, s, a, k[0]); }},
      {"upsample_bilinear2d",
       [](const Tensor& x, IntArrayRef s, bool a, const Scales& k) {
         return upsample_bilinear2d(x, s, a, k[0], k[1]);
       }},
      {"upsample_bicubic2d",
       [](const Tensor& x, IntArrayRef s, bool a, const Scales& k) {
         return upsample_bicubic2d(x, s, a, k[0], k[1]);
       }},
      {"upsample_trilinear3d",
       [](const Tensor& x, IntArrayRef s, bool a, const Scales& k) {
         return upsample_trilinear3d(x, s, a, k[0], k[1], k[2]);
       }},
  };
  return ops;
}

// Note [Golden tolerances]: the nearest modes copy, PyTorch's bits. The interpolating modes
// sum `taps` inputs (2 per dim linear, 4 per dim cubic) with weights computed from source
// coordinates rounded in the dtype: sum_of taps terms of magnitude max|x| W, where W bounds the
// sum of |weights| (1 for the linear modes, 1.375 per dim for cubic's A = -0.75). An input's
// gradient sums the weighted upstream gradients of the outputs it feeds: `ratio` = output /
// input elements (at least 1) times as many terms.
testing::Tolerance upsample_tolerance(const std::string& op, const Tensor& x, const Tensor& y,
                                      const Tensor& upstream, bool gradient) {
  static const std::map<std::string, std::pair<double, double>> taps_and_weights = {
      {"upsample_linear1d", {2, 1}},
      {"upsample_bilinear2d", {4, 1}},
      {"upsample_trilinear3d", {8, 1}},
      {"upsample_bicubic2d", {16, 1.375 * 1.375}}};
  const auto it = taps_and_weights.find(op);
  if (it == taps_and_weights.end()) return testing::Tolerance::bitwise();
  const auto [taps, weights] = it->second;
  const ScalarType accumulate = testing::accumulate_dtype(y.scalar_type());
  if (!gradient) return testing::Tolerance::sum_of(taps, testing::max_abs(x) * weights, accumulate);
  const double ratio =
      std::max(1.0, static_cast<double>(y.numel()) / std::max<int64_t>(x.numel(), 1));
  return testing::Tolerance::sum_of(taps * ratio, testing::max_abs(upstream) * weights * ratio,
                                    accumulate);
}

class UpsampleGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(UpsampleGolden, MatchesPyTorch) {
  const std::string op = GetParam();
  const Fn& fn = upsample_ops().at(op);
  const auto cases = testing::cases_for("upsample", op);
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& args = c.at("args");
    const auto size = args.at("output_size").get<std::vector<int64_t>>();
    const bool align = args.value("align_corners", false);
    Scales scales;
    for (const Json& s : args.at("scales")) {
      scales.push_back(s.is_null() ? std::nullopt : std::optional<double>(s.get<double>()));
    }
    const Json& expected = c.at("expected");
    if (expected.is_object() && expected.contains("error")) {
      // The ops check output_size's length before indexing the scales.
      while (scales.size() < 3) scales.push_back(std::nullopt);
      EXPECT_GOLDEN_ERROR(fn(inputs[0], size, align, scales), expected);
      continue;
    }
    if (!args.contains("grad")) {
      const Tensor y = fn(inputs[0], size, align, scales);
      EXPECT_MATCHES_GOLDEN(y, expected, upsample_tolerance(op, inputs[0], y, Tensor(), false));
      continue;
    }
    Tensor x = inputs[0].detach().requires_grad_();
    Tensor y = fn(x, size, align, scales);
    y.backward(inputs[1]);
    EXPECT_MATCHES_GOLDEN(y.detach(), expected[0], upsample_tolerance(op, x, y, Tensor(), false));
    EXPECT_MATCHES_GOLDEN(x.grad(), expected[1], upsample_tolerance(op, x, y, inputs[1], true));
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, UpsampleGolden,
                         ::testing::Values("upsample_nearest1d", "upsample_nearest2d",
                                           "upsample_nearest3d", "_upsample_nearest_exact1d",
                                           "_upsample_nearest_exact2d", "_upsample_nearest_exact3d",
                                           "upsample_linear1d", "upsample_bilinear2d",
                                           "upsample_bicubic2d", "upsample_trilinear3d"));

TEST(Upsample, ErrorsSayWhatWasExpected) {
  const std::string e = testing::error_of([] {
    upsample_bilinear2d(ones({1, 1, 2}), {3, 3}, false);
  });
  EXPECT_EQ(
      e.rfind("[upsample_bilinear2d] It is expected input_size equals to 4, but got size 3", 0), 0u)
      << e;
  const std::string z = testing::error_of([] { upsample_nearest2d(ones({1, 1, 2, 2}), {0, 3}); });
  EXPECT_NE(z.find("Input and output sizes should be greater than 0"), std::string::npos) << z;
  expect_error_names([] { upsample_nearest1d(Tensor(), {3}); }, "upsample_nearest1d");
}

TEST(Upsample, NearestLegacyRoundingUsesFloatScale) {
  // in 3 -> out 5: sources floor(o * 0.6f) = 0, 0, 1, 1, 2 (nearest-exact: 0, 0, 1, 2, 2).
  Tensor x = arange(3, kFloat).view({1, 1, 3});
  Tensor y = upsample_nearest1d(x, {5});
  Tensor e = _upsample_nearest_exact1d(x, {5});
  const float* py = y.data_ptr<float>();
  const float* pe = e.data_ptr<float>();
  EXPECT_EQ(std::vector<float>(py, py + 5), (std::vector<float>{0, 0, 1, 1, 2}));
  EXPECT_EQ(std::vector<float>(pe, pe + 5), (std::vector<float>{0, 0, 1, 2, 2}));
}

}  // namespace
}  // namespace ember
