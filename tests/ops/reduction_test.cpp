// Reductions against PyTorch's golden values (tests/reference/families/reduction.py), plus the
// engine's accuracy and determinism guarantees.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <map>

#include "ember/ops/reduction.h"
#include "ember/parallel.h"
#include "ops/reduction_golden.h"
#include "support/errors.h"
#include "support/golden.h"

namespace ember {
namespace {

using testing::error_of;

using testing::Args;
using testing::Json;
using testing::one;
using testing::OpFn;
using testing::Result;
using testing::two;

// sum-like ops taking a list of dims and a dtype.
template <class All, class Dims>
OpFn dims_dtype(All all, Dims dims) {
  return [=](const Tensor& x, const Args& a) {
    if (!a.has_dim()) return one(all(x, a.dtype()));
    const auto d = a.dims();
    return one(dims(x, IntArrayRef(d), a.keepdim(), a.dtype()));
  };
}

// var/std/var_mean/std_mean: the correction overload, or the unbiased ones.
template <class F>
OpFn stat(F f) {
  return [=](const Tensor& x, const Args& a) {
    const auto d = a.dims();
    if (a.has("unbiased")) {
      const bool unbiased = a.json.at("unbiased").get<bool>();
      return a.has_dim() ? f(x, IntArrayRef(d), unbiased, a.keepdim()) : f(x, unbiased);
    }
    std::optional<IntArrayRef> dims;
    if (a.has_dim()) dims = IntArrayRef(d);
    return f(x, dims, a.correction(), a.keepdim());
  };
}

Result norm_op(const Tensor& x, const Args& a) {
  const Json& p = a.json.at("p");
  const auto d = a.dims();
  if (p.is_string() && p.get<std::string>() == "fro") {
    return one(norm(x, "fro", IntArrayRef(d), a.keepdim()));
  }
  Scalar ps = p.is_string()           ? Scalar(p.get<std::string>() == "inf" ? INFINITY : -INFINITY)
              : p.is_number_integer() ? Scalar(p.get<int64_t>())
                                      : Scalar(p.get<double>());
  if (!a.has_dim()) return one(x.norm(ps));
  return one(x.norm(ps, IntArrayRef(d), a.keepdim()));
}

const std::map<std::string, OpFn>& ops() {
  static const std::map<std::string, OpFn> table = {
      {"sum", dims_dtype([](auto& x, auto dt) { return sum(x, dt); },
                         [](auto& x, auto d, bool k, auto dt) { return x.sum(d, k, dt); })},
      {"nansum", dims_dtype([](auto& x, auto dt) { return x.nansum(dt); },
                            [](auto& x, auto d, bool k, auto dt) { return nansum(x, d, k, dt); })},
      {"mean", dims_dtype([](auto& x, auto dt) { return x.mean(dt); },
                          [](auto& x, auto d, bool k, auto dt) { return mean(x, d, k, dt); })},
      {"nanmean", dims_dtype([](auto& x, auto dt) { return nanmean(x, dt); },
                             [](auto& x, auto d, bool k, auto dt) { return x.nanmean(d, k, dt); })},
      {"prod",
       [](const Tensor& x, const Args& a) {
         return one(a.has_dim() ? x.prod(a.dim(), a.keepdim(), a.dtype()) : prod(x, a.dtype()));
       }},
      {"max",
       [](const Tensor& x, const Args& a) {
         return a.has_dim() ? two(x.max(a.dim(), a.keepdim())) : one(x.max());
       }},
      {"min",
       [](const Tensor& x, const Args& a) {
         return a.has_dim() ? two(min(x, a.dim(), a.keepdim())) : one(min(x));
       }},
      {"amax",
       [](const Tensor& x, const Args& a) {
         const auto d = a.dims();
         return one(x.amax(d, a.keepdim()));
       }},
      {"amin",
       [](const Tensor& x, const Args& a) {
         const auto d = a.dims();
         return one(amin(x, d, a.keepdim()));
       }},
      {"argmax",
       [](const Tensor& x, const Args& a) { return one(x.argmax(a.opt_dim(), a.keepdim())); }},
      {"argmin",
       [](const Tensor& x, const Args& a) { return one(argmin(x, a.opt_dim(), a.keepdim())); }},
      {"all",
       [](const Tensor& x, const Args& a) {
         return one(a.has_dim() ? x.all(a.dim(), a.keepdim()) : x.all());
       }},
      {"any",
       [](const Tensor& x, const Args& a) {
         return one(a.has_dim() ? any(x, a.dim(), a.keepdim()) : any(x));
       }},
      {"count_nonzero",
       [](const Tensor& x, const Args& a) {
         if (!a.has_dim()) return one(x.count_nonzero());
         const auto d = a.dims();
         return one(d.size() == 1 && a.json.at("dim").is_number() ? x.count_nonzero(d[0])
                                                                  : count_nonzero(x, d));
       }},
      {"var", stat([](auto&&... args) { return one(var(args...)); })},
      {"std", stat([](auto&&... args) { return one(ember::std(args...)); })},
      {"var_mean", stat([](auto&&... args) { return two(var_mean(args...)); })},
      {"std_mean", stat([](auto&&... args) { return two(std_mean(args...)); })},
      {"norm", norm_op},
      {"logsumexp",
       [](const Tensor& x, const Args& a) {
         const auto d = a.dims();
         return one(x.logsumexp(d, a.keepdim()));
       }},
  };
  return table;
}

// Note [Golden tolerances], by what a reduction computes over the n inputs of each output:
// - selections and counts (max, argmax, all, count_nonzero, ...): PyTorch's bits;
// - sums (sum, nansum, mean, nanmean): sum_of n terms, whose magnitude is the same reduction
//   of |x|;
// - products, and sums of terms of one sign (var and std sum squared deviations, norm sums
//   |x|^p; a root only shrinks the relative error): chain_of n roundings, two more for norm's
//   powers;
// - logsumexp: the sum of n exponentials is within (n - 1) u relative, which its log turns into
//   an absolute error; one rounding each for the exp and the log.
testing::Tolerance reduction_tolerance(const std::string& op, const Tensor& x, const Args& a,
                                       const Tensor& result, size_t index) {
  using testing::Tolerance;
  const ScalarType dtype = result.scalar_type();
  if (!is_floating_point(dtype) || result.numel() == 0) return Tolerance::bitwise();
  const double n = static_cast<double>(x.numel()) / static_cast<double>(result.numel());
  const ScalarType accumulate = testing::accumulate_dtype(dtype);
  const bool mean_of_moments = (op == "var_mean" || op == "std_mean") && index == 1;
  if (op == "sum" || op == "nansum" || op == "mean" || op == "nanmean" || mean_of_moments) {
    const Tensor magnitudes = ops().at(op)(x.to(kDouble).abs().nan_to_num(0, 0, 0), a).at(index);
    return Tolerance::sum_of(n, testing::max_abs(magnitudes), accumulate);
  }
  if (op == "prod" || op == "var" || op == "std" || op == "var_mean" || op == "std_mean") {
    return Tolerance::chain_of(n);
  }
  if (op == "norm") return Tolerance::chain_of(n + 2);
  if (op == "logsumexp") return Tolerance::sum_of(n, 1, accumulate).plus(Tolerance::elementwise(2));
  return Tolerance::bitwise();
}

class ReductionGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(ReductionGolden, MatchesPyTorch) {
  const std::string op = GetParam();
  testing::check_golden_cases("reduction", op, ops().at(op),
                              [&](const Tensor& x, const Args& a, const Tensor& r, size_t i) {
                                return reduction_tolerance(op, x, a, r, i);
                              });
}

INSTANTIATE_TEST_SUITE_P(Ops, ReductionGolden,
                         ::testing::Values("sum", "nansum", "mean", "nanmean", "prod", "max", "min",
                                           "amax", "amin", "argmax", "argmin", "all", "any",
                                           "count_nonzero", "var", "std", "var_mean", "std_mean",
                                           "norm", "logsumexp"));

TEST(Reduction, ErrorsNameTheOp) {
  const Tensor x = ones({2, 3});
  EXPECT_EQ(error_of([&] { sum(x, {2}); }).rfind("[sum]", 0), 0u);
  EXPECT_EQ(error_of([&] { sum(x, {0, -2}); }).rfind("[sum]", 0), 0u);
  EXPECT_EQ(error_of([&] { mean(ones({2}, kInt)); }).rfind("[mean]", 0), 0u);
  EXPECT_EQ(error_of([&] { amax(zeros({0})); }).rfind("[amax]", 0), 0u);
  EXPECT_EQ(error_of([&] { max(zeros({2, 0}), 1); }).rfind("[max]", 0), 0u);
  EXPECT_EQ(error_of([&] { argmin(zeros({0})); }).rfind("[argmin]", 0), 0u);
  EXPECT_EQ(error_of([&] { var(ones({2}, kLong)); }).rfind("[var]", 0), 0u);
  EXPECT_EQ(error_of([&] { x.norm(INFINITY, IntArrayRef{0}); }), "");
  EXPECT_EQ(error_of([&] { zeros({0}).norm(INFINITY); }).rfind("[norm]", 0), 0u);
  EXPECT_EQ(error_of([&] { norm(x, "abc"); }).rfind("[norm]", 0), 0u);
  EXPECT_EQ(error_of([&] { norm(ones({2, 3, 4}), "nuc"); }).rfind("[norm]", 0), 0u);
  EXPECT_EQ(error_of([&] { sum(Tensor()); }).rfind("[sum]", 0), 0u);
}

TEST(Reduction, KeepdimResultsAreViewsOfTheirData) {
  Tensor r = sum(arange(6, kFloat).reshape({2, 3}), {1}, true);
  EXPECT_EQ(r.sizes(), IntArrayRef({2, 1}));
  EXPECT_TRUE(r.is_contiguous());
  EXPECT_EQ(r[1][0].item<float>(), 12.0f);
}

// Note [Cascade order]: a 10M-element float32 sum of 0.1 stays within a few ulps of the exact
// float64 sum of the same (rounded) values; a left-to-right float32 sum is off by about 10%.
TEST(Reduction, LongFloatSumIsAccurate) {
  const int64_t n = 10'000'000;
  const Tensor x = full({n}, 0.1f);
  const double exact = static_cast<double>(0.1f) * static_cast<double>(n);
  const double got = x.sum().item<double>();
  EXPECT_LE(std::abs(got - exact), 4e-7 * exact) << got << " vs " << exact;
  // The same through the long-rows path (few outputs, each split across chunks).
  const Tensor rows = full({2, n / 2}, 0.1f).sum({1});
  EXPECT_LE(std::abs(rows[0].item<double>() - exact / 2), 4e-7 * exact);
  EXPECT_LE(std::abs(x.mean().item<double>() - 0.1f), 4e-7);
}

std::vector<uint32_t> bits(const Tensor& t) {
  Tensor c = t.contiguous();
  std::vector<uint32_t> out(static_cast<size_t>(c.numel()));
  std::memcpy(out.data(), c.data_ptr(), out.size() * sizeof(uint32_t));
  return out;
}

TEST(Reduction, ResultDoesNotDependOnThreadCount) {
  const int before = get_num_threads();
  // Values whose float sum is sensitive to the summation order.
  const int64_t n = 3'000'017;
  std::vector<float> data(static_cast<size_t>(n));
  for (size_t i = 0; i < data.size(); ++i) data[i] = 1000.0f * std::sin(0.7548776662466927f * i);
  const Tensor x = tensor(data);
  auto run = [&] {
    return std::vector<std::vector<uint32_t>>{
        bits(x.sum()),
        bits(x.reshape({1, n}).sum({1})),
        bits(x.narrow(0, 0, 3'000'000).reshape({3, 1'000'000}).sum({1})),
        bits(x.narrow(0, 0, 3'000'000).reshape({1000, 3000}).sum({0})),
        bits(x.mean()),
        bits(std::get<0>(var_mean(x))),
        bits(x.norm()),
        bits(x.logsumexp({0})),
        bits(x.argmax().to(kInt)),
    };
  };
  set_num_threads(1);
  const auto one_thread = run();
  set_num_threads(2);
  const auto two_threads = run();
  set_num_threads(4);
  const auto four_threads = run();
  set_num_threads(before);
  EXPECT_EQ(one_thread, two_threads);
  EXPECT_EQ(one_thread, four_threads);
}

TEST(Reduction, OuterDimReductionFoldsInTheSameOrder) {
  // sum over dim 0 of a row-major matrix serves 16 outputs per pass over a row; each output must
  // still fold its elements exactly as a contiguous row would be folded.
  const int64_t rows = 1000, cols = 37;
  std::vector<float> data(static_cast<size_t>(rows * cols));
  for (size_t i = 0; i < data.size(); ++i) data[i] = 100.0f * std::sin(0.61803f * i);
  const Tensor x = tensor(data).reshape({rows, cols});
  const Tensor columns = x.t().contiguous();
  EXPECT_EQ(bits(x.sum({0})), bits(columns.sum({1})));
  EXPECT_EQ(bits(x.mean({0})), bits(columns.mean({1})));
  EXPECT_EQ(bits(std::get<0>(x.max(0))), bits(std::get<0>(columns.max(1))));
  EXPECT_EQ(bits(x.argmin(0).to(kInt)), bits(columns.argmin(1).to(kInt)));
  EXPECT_EQ(bits(x.std(IntArrayRef{0})), bits(columns.std(IntArrayRef{1})));
}

TEST(Reduction, LongRowsMatchASimpleLoop) {
  // 200k-element rows take the split-range path; compare against a plain double loop.
  const int64_t n = 200'003;
  std::vector<double> data(static_cast<size_t>(2 * n));
  for (size_t i = 0; i < data.size(); ++i) data[i] = std::cos(0.37 * static_cast<double>(i));
  data[150'001] = data[n + 7] = data[n + 199'999] = 5.0;
  const Tensor x = tensor(data, kDouble).reshape({2, n});
  auto [values, indices] = x.max(1);
  EXPECT_EQ(values[0].item<double>(), 5.0);
  EXPECT_EQ(indices[0].item<int64_t>(), 150'001);
  EXPECT_EQ(indices[1].item<int64_t>(), 7);
  const Tensor c = x.contiguous();
  for (int64_t r = 0; r < 2; ++r) {
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += c.data_ptr<double>()[r * n + i];
    EXPECT_NEAR(x.sum({1})[r].item<double>(), s, 1e-9 * n);
  }
}

TEST(Reduction, IntegerSumWraps) {
  const Tensor x = full({3}, std::numeric_limits<int64_t>::max(), kLong);
  EXPECT_EQ(x.sum().item<int64_t>(), std::numeric_limits<int64_t>::max() - 2);
}

}  // namespace
}  // namespace ember

namespace ember {
namespace {

// Contiguous float sums take a hand-vectorised path (SumOp::fold_blocks, eight blocks of 128 at
// a time); strided ones the portable fold. Both follow Note [Cascade order], so they agree bit
// for bit, including ranges that end inside a group of eight blocks.
TEST(ReductionOrder, VectorisedFloatSumMatchesThePortableFoldBitwise) {
  for (int64_t n : {2, 127, 128, 1000, 1024, 1025, 3077, 70000, 300001}) {
    Tensor x = randn({n});
    Tensor strided = zeros({2 * n}).slice(0, 0, std::nullopt, 2);
    strided.copy_(x);
    ASSERT_FALSE(strided.is_contiguous());
    EXPECT_EQ(x.sum().item<float>(), strided.sum().item<float>()) << "n = " << n;
  }
}

}  // namespace
}  // namespace ember
