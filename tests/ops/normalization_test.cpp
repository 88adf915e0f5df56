// layer_norm, batch_norm, group_norm against PyTorch (tests/reference/families/normalization.py).
#include <gtest/gtest.h>

#include "ember/ops/nn_ops.h"
#include "support/errors.h"
#include "support/nn_golden.h"

namespace ember {
namespace {

using testing::Json;

std::vector<int64_t> shape_arg(const Json& a) {
  return a.at("normalized_shape").get<std::vector<int64_t>>();
}
double eps_arg(const Json& a, double fallback) {
  return a.contains("eps") ? a.at("eps").get<double>() : fallback;
}

// Note [Golden tolerances] for layer and group norm, over groups of x laid out as rows:
// - x - mean carries the mean's rounding, u |mean|, relative to sigma: the default bound
//   conditioned by kappa = 1 + max |mean| / sigma (1e6 / 0.3 for the large_mean case);
// - the input gradient, (w g - mean(w g) - xhat mean(w g xhat)) / sigma, cancels among terms
//   of size |w g| / sigma (to ~1e-4 of them for groups of two elements, whose xhat is +-1):
//   its floor is relative to those terms, not to the result.
testing::CaseTolerance normalization_tolerance(
    std::function<Tensor(const Tensor&, const Json&)> rows) {
  return [rows](const std::vector<Tensor>& in, const Json& a, const Tensor& result, size_t index) {
    const testing::Tolerance plain = testing::default_tolerance(result.scalar_type());
    if (in[0].numel() == 0) return plain;
    const Tensor x = rows(in[0].detach(), a).to(kDouble);
    const Tensor sigma = (x.var({1}, false, true) + eps_arg(a, 1e-5)).sqrt();
    const testing::Tolerance tol =
        plain.conditioned(1 + testing::max_abs(x.mean({1}, true) / sigma));
    if (index != 1) return tol;
    const double w = in.size() > 1 ? testing::max_abs(in[1]) : 1.0;
    const double g = testing::max_abs(testing::tensor_from_json(a.at("gout")));
    return tol.with_scale(w * g / sigma.min().item<double>());
  };
}

TEST(NormalizationGolden, LayerNorm) {
  testing::run_nn_golden(
      "normalization", "layer_norm",
      [](const std::vector<Tensor>& in, const Json& a) {
        const Tensor w = in.size() > 1 ? in[1] : Tensor();
        const Tensor b = in.size() > 2 ? in[2] : Tensor();
        return std::vector<Tensor>{layer_norm(in[0], shape_arg(a), w, b, eps_arg(a, 1e-5))};
      },
      normalization_tolerance([](const Tensor& x, const Json& a) {
        int64_t row = 1;
        for (int64_t s : shape_arg(a)) row *= s;
        return x.reshape({-1, row});
      }));
}

TEST(NormalizationGolden, NativeLayerNorm) {
  testing::run_nn_golden(
      "normalization", "native_layer_norm", [](const std::vector<Tensor>& in, const Json& a) {
        auto [y, mean, rstd] = native_layer_norm(in[0], shape_arg(a), {}, {}, 1e-5);
        EXPECT_FALSE(mean.requires_grad());
        return std::vector<Tensor>{y, mean, rstd};
      });
}

TEST(NormalizationGolden, BatchNorm) {
  testing::run_nn_golden(
      "normalization", "batch_norm", [](const std::vector<Tensor>& in, const Json& a) {
        const bool training = a.at("training").get<bool>();
        const double momentum = a.at("momentum").get<double>();
        const double eps = a.at("eps").get<double>();
        const Tensor w = in.size() > 1 ? in[1] : Tensor();
        const Tensor b = in.size() > 2 ? in[2] : Tensor();
        if (in.size() <= 3) {
          return std::vector<Tensor>{batch_norm(in[0], w, b, {}, {}, training, momentum, eps)};
        }
        Tensor rm = in[3].clone();
        Tensor rv = in[4].clone();
        Tensor y = batch_norm(in[0], w, b, rm, rv, training, momentum, eps);
        EXPECT_FALSE(rm.requires_grad());
        return std::vector<Tensor>{y, rm, rv};
      });
}

TEST(NormalizationGolden, NativeBatchNorm) {
  testing::run_nn_golden(
      "normalization", "native_batch_norm", [](const std::vector<Tensor>& in, const Json& a) {
        auto [y, mean, invstd] =
            native_batch_norm(in[0], in[1], in[2], {}, {}, true, a.at("momentum").get<double>(),
                              a.at("eps").get<double>());
        EXPECT_FALSE(invstd.requires_grad());
        return std::vector<Tensor>{y, mean, invstd};
      });
}

TEST(NormalizationGolden, GroupNorm) {
  testing::run_nn_golden(
      "normalization", "group_norm",
      [](const std::vector<Tensor>& in, const Json& a) {
        const Tensor w = in.size() > 1 ? in[1] : Tensor();
        const Tensor b = in.size() > 2 ? in[2] : Tensor();
        return std::vector<Tensor>{group_norm(in[0], a.at("num_groups").get<int64_t>(), w, b)};
      },
      normalization_tolerance([](const Tensor& x, const Json& a) {
        return x.reshape({x.size(0) * a.at("num_groups").get<int64_t>(), -1});
      }));
}

TEST(Normalization, ErrorMessages) {
  EXPECT_EQ(testing::error_of([] {
              batch_norm(ones({1, 3}), {}, {}, {}, {}, true, 0.1, 1e-5);
            }),
            "[batch_norm] Expected more than 1 value per channel when training, got input size "
            "[1, 3]");
  testing::expect_error_names([] { layer_norm(ones({3, 5}), {4}); }, "layer_norm");
  testing::expect_error_names([] { group_norm(ones({2, 4}), 3); }, "group_norm");
  testing::expect_error_names(
      [] {
        batch_norm(ones({4, 3}), {}, {}, {}, {}, false, 0.1, 1e-5);
      },
      "batch_norm");
}

TEST(Normalization, RunningStatsUpdateInPlaceWithoutHistory) {
  Tensor x = randn({8, 2, 3}, kDouble).requires_grad_();
  Tensor rm = zeros({2}, kDouble);
  Tensor rv = ones({2}, kDouble);
  const uint32_t before = rm._version();
  Tensor y = batch_norm(x, {}, {}, rm, rv, true, 0.5, 1e-5);
  EXPECT_GT(rm._version(), before);
  EXPECT_FALSE(rm.requires_grad());
  const Tensor mean = x.detach().mean(std::vector<int64_t>{0, 2});
  const Tensor var = x.detach().var(std::vector<int64_t>{0, 2}, true);
  EXPECT_TRUE(rm.allclose(mean * 0.5, 1e-12, 1e-12));
  EXPECT_TRUE(rv.allclose(0.5 + var * 0.5, 1e-12, 1e-12));
}

TEST(Normalization, LayerNormFusedMatchesComposite) {
  // A long row through the blocked kernels, with the parameter gradients summed over blocks.
  Tensor x = randn({300, 130}).requires_grad_();
  Tensor w = randn({130}).requires_grad_();
  Tensor b = randn({130}).requires_grad_();
  Tensor g = randn({300, 130});
  auto fused = autograd::grad({layer_norm(x, {130}, w, b)}, {x, w, b}, {g});
  const Tensor mu = x.mean(std::vector<int64_t>{1}, true);
  const Tensor composite =
      (x - mu) * ((x - mu).square().mean(std::vector<int64_t>{1}, true) + 1e-5).rsqrt() * w + b;
  auto expected = autograd::grad({composite}, {x, w, b}, {g});
  for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(fused[i].allclose(expected[i], 1e-4, 1e-4)) << i;
}

}  // namespace
}  // namespace ember

namespace ember {
namespace {

// Note [Deterministic chunking]: the fused kernels give bitwise equal results for any thread
// count (sizes large enough to be split into several chunks).
TEST(Normalization, BitwiseEqualAcrossThreadCounts) {
  Tensor x = randn({257, 300}).requires_grad_();
  Tensor w = randn({300}).requires_grad_();
  Tensor g = randn({257, 300});
  Tensor bx = randn({40, 6, 300}).requires_grad_();
  Tensor bw = randn({6}).requires_grad_();
  Tensor bg = randn({40, 6, 300});
  auto run = [&] {
    auto ln = autograd::grad({layer_norm(x, {300}, w)}, {x, w}, {g});
    auto bn = autograd::grad({batch_norm(bx, bw, {}, {}, {}, true, 0.1, 1e-5)}, {bx, bw}, {bg});
    Tensor sm = log_softmax(bx, 1);
    return std::vector<Tensor>{ln[0], ln[1], bn[0], bn[1], sm};
  };
  const int before = get_num_threads();
  set_num_threads(1);
  const auto one = run();
  set_num_threads(2);
  const auto two = run();
  set_num_threads(before);
  for (size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(one[i].equal(two[i])) << i;
}

}  // namespace
}  // namespace ember
