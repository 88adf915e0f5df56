// Matrix norms (norm "nuc"/"fro", nuclear_norm, linalg_matrix_norm) against PyTorch's golden
// values (tests/reference/families/linalg_norm.py), and the Jacobi SVD behind the nuclear norm.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "ember/ops/linalg.h"
#include "ember/ops/reduction.h"
#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::expect_error_names;
using testing::Json;
using Fn = std::function<Tensor(const Tensor&, const Json&)>;

std::vector<int64_t> dims_of(const Json& a) {
  return a.contains("dim") ? a.at("dim").get<std::vector<int64_t>>() : std::vector<int64_t>{};
}

const std::map<std::string, Fn>& ops() {
  static const std::map<std::string, Fn> table = {
      {"norm",
       [](const Tensor& x, const Json& a) {
         return norm(x, a.at("ord").get<std::string>(), dims_of(a), a.at("keepdim").get<bool>());
       }},
      {"linalg_matrix_norm",
       [](const Tensor& x, const Json& a) {
         const std::string ord = a.at("ord").get<std::string>();
         const bool keepdim = a.at("keepdim").get<bool>();
         if (!a.contains("dim")) return linalg_matrix_norm(x, ord, {-2, -1}, keepdim);
         return linalg_matrix_norm(x, ord, dims_of(a), keepdim);
       }},
      {"nuclear_norm",
       [](const Tensor& x, const Json& a) {
         const bool keepdim = a.at("keepdim").get<bool>();
         return a.contains("dim") ? nuclear_norm(x, dims_of(a), keepdim) : nuclear_norm(x, keepdim);
       }},
  };
  return table;
}

class LinalgNormGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(LinalgNormGolden, MatchesPyTorch) {
  const std::string op = GetParam();
  const Fn& fn = ops().at(op);
  const auto cases = testing::cases_for("linalg_norm", op);
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const Tensor x = testing::tensor_from_json(c.at("inputs")[0]);
    if (c.at("expected").contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(x, c.at("args")), c.at("expected"));
      continue;
    }
    // The default composite bound (Note [Golden tolerances]): vector norms are short sums of
    // |x|^p, and the spectral and nuclear norms come from backward-stable SVDs (one-sided Jacobi
    // in Ember, LAPACK's in PyTorch) of matrices this small: measured within 4 ulps.
    EXPECT_MATCHES_GOLDEN(fn(x, c.at("args")), c.at("expected"));
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, LinalgNormGolden,
                         ::testing::Values("norm", "linalg_matrix_norm", "nuclear_norm"));

// The singular values of a matrix built as U diag(s) Vᵀ from known orthogonal factors (Householder
// reflections) come back to float64 precision, for a tall, a wide and an ill-conditioned case.
TEST(NuclearNorm, RecoversKnownSingularValues) {
  auto householder = [](int64_t n, double seed) {
    Tensor v = arange(n, kDouble).mul(seed).sin().add(0.5);
    v = v / v.norm();
    return eye(n, kDouble) - 2 * v.outer(v);
  };
  for (auto [m, n] : {std::pair<int64_t, int64_t>{6, 4}, {4, 6}, {5, 5}}) {
    const int64_t k = std::min(m, n);
    const std::vector<double> sv = {1e3, 7.5, 2.0, 1e-2, 1e-6};
    Tensor s = zeros({m, n}, kDouble);
    double expected = 0;
    for (int64_t i = 0; i < k; ++i) {
      s.index_put_({i, i}, sv[static_cast<size_t>(i)]);
      expected += sv[static_cast<size_t>(i)];
    }
    const Tensor a = householder(m, 0.7).mm(s).mm(householder(n, 1.3));
    const double got = nuclear_norm(a).item<double>();
    EXPECT_NEAR(got, expected, 1e-12 * expected) << m << "x" << n;
    // float32 computes in float64 and rounds once.
    EXPECT_NEAR(nuclear_norm(a.to(kFloat)).item<double>(), expected, 1e-6 * expected);
  }
}

// A larger batched case: the result matches each matrix computed alone, so batching (and the
// thread count) cannot change a result.
TEST(NuclearNorm, BatchedEqualsOneByOne) {
  const Tensor a = arange(3 * 7 * 5, kDouble).reshape({3, 7, 5}).mul(0.37).sin();
  const Tensor batched = linalg_matrix_norm(a, "nuc");
  for (int64_t b = 0; b < 3; ++b) {
    EXPECT_EQ(batched[b].item<double>(), nuclear_norm(a[b]).item<double>());
  }
}

TEST(NuclearNorm, GradientIsThePolarFactor) {
  // For A = U diag(s) Vᵀ with full rank, d nuc / dA = U Vᵀ: here A is diagonal with positive and
  // negative entries, so U Vᵀ = diag(sign).
  Tensor a =
      tensor(std::vector<double>{3, 0, 0, 0, -2, 0}, kDouble).reshape({2, 3}).requires_grad_(true);
  nuclear_norm(a).backward();
  const Tensor want = tensor(std::vector<double>{1, 0, 0, 0, -1, 0}, kDouble).reshape({2, 3});
  EXPECT_TRUE(a.grad().allclose(want, 1e-12, 1e-12)) << a.grad();
  // The second derivative needs the SVD's backward, which Ember does not build: it raises.
  Tensor b = tensor(std::vector<double>{2, 1, 0, 3}, kDouble).reshape({2, 2}).requires_grad_(true);
  const Tensor g = autograd::grad({nuclear_norm(b)}, {b}, {}, std::nullopt, true)[0];
  EXPECT_EMBER_ERROR(g.sum().backward(), "second derivative of the nuclear norm");
}

TEST(NuclearNorm, ErrorsNameTheOp) {
  expect_error_names([] { norm(ones({3}), "nuc"); }, "norm");
  expect_error_names([] { norm(ones({2, 3, 4}), "nuc"); }, "norm");
  expect_error_names([] { norm(ones({2, 3}), "max"); }, "norm");
  expect_error_names([] { nuclear_norm(ones({2, 3, 4})); }, "nuclear_norm");
  expect_error_names([] { nuclear_norm(ones({2, 3}), {0, 0}); }, "nuclear_norm");
  expect_error_names([] { linalg_matrix_norm(ones({2, 3}, kLong), "nuc"); }, "linalg_matrix_norm");
  expect_error_names([] { linalg_matrix_norm(ones({2, 3}, kHalf), "nuc"); }, "linalg_matrix_norm");
  expect_error_names([] { linalg_matrix_norm(ones({2, 3}), "inf"); }, "linalg_matrix_norm");
  expect_error_names([] { linalg_matrix_norm(ones({2, 3}), "fro", {0}); }, "linalg_matrix_norm");
  EXPECT_EMBER_ERROR(linalg_matrix_norm(full({2, 2}, NAN), "nuc"), "NaN");
}

}  // namespace
}  // namespace ember
