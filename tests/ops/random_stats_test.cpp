// Random ops: ranges and distributions, with fixed seeds. Statistical bounds are five standard
// errors of the estimate (a false alarm about once in 1.7 million per check for a correct
// generator), over 1e5-1e6 samples, so a biased or wrongly scaled draw fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "ember/ember.h"

namespace ember {
namespace {

constexpr double kSigmas = 5.0;

std::vector<double> values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

std::vector<int64_t> ints(const Tensor& t) {
  Tensor d = t.to(kLong).contiguous();
  return std::vector<int64_t>(d.data_ptr<int64_t>(), d.data_ptr<int64_t>() + d.numel());
}

struct Moments {
  double mean = 0, var = 0;
};
Moments moments(const std::vector<double>& v) {
  Moments m;
  for (double x : v) m.mean += x;
  m.mean /= static_cast<double>(v.size());
  for (double x : v) m.var += (x - m.mean) * (x - m.mean);
  m.var /= static_cast<double>(v.size() - 1);
  return m;
}

// |estimate - expected| within kSigmas standard errors.
#define EXPECT_WITHIN_SE(estimate, expected, se) \
  EXPECT_NEAR(estimate, expected, kSigmas*(se)) << "standard error " << (se)

// A frequency from `n` trials of probability `p`.
void expect_rate(int64_t hits, int64_t n, double p) {
  EXPECT_WITHIN_SE(static_cast<double>(hits) / n, p, std::sqrt(p * (1 - p) / n));
}

// ---- Uniform -----------------------------------------------------------------------------------

TEST(RandomStats, RandIsUniformOnTheDtypeGrid) {
  // A float with d mantissa digits draws k / 2^d, k in [0, 2^d): mean (1 - h) / 2 and variance
  // (1 - h^2) / 12 for h = 2^-d (for float32/float64 h is negligible).
  const std::pair<ScalarType, int> cases[] = {
      {kFloat, 24}, {kDouble, 53}, {kHalf, 11}, {kBFloat16, 8}};
  for (const auto& [dtype, digits] : cases) {
    SCOPED_TRACE(std::string(dtype_name(dtype)));
    const int64_t n = digits > 11 ? 1000000 : 200000;
    const auto v = values(rand({n}, Generator(10 + digits), dtype));
    const double h = std::ldexp(1.0, -digits);
    for (double x : v) {
      ASSERT_GE(x, 0.0);
      ASSERT_LT(x, 1.0);
      if (digits <= 11) {
        ASSERT_EQ(x / h, std::floor(x / h)) << "off the 2^-" << digits << " grid";
      }
    }
    const Moments m = moments(v);
    const double var = (1 - h * h) / 12;
    EXPECT_WITHIN_SE(m.mean, (1 - h) / 2, std::sqrt(var / n));
    // Var[(X - mu)^2] = E[(X - mu)^4] - var^2 = 1/80 - 1/144 for the continuous uniform.
    EXPECT_WITHIN_SE(m.var, var, std::sqrt((1.0 / 80 - 1.0 / 144) / n));
    if (digits <= 8) {
      // Every grid point is reachable, including the top one, 1 - h.
      const std::set<double> seen(v.begin(), v.end());
      EXPECT_EQ(seen.size(), size_t{1} << digits);
    }
  }
}

TEST(RandomStats, UniformRangeAndMoments) {
  const int64_t n = 1000000;
  Tensor t = empty({n}, kDouble);
  t.uniform_(-3, 5, Generator(1));
  const auto v = values(t);
  EXPECT_GE(*std::min_element(v.begin(), v.end()), -3.0);
  EXPECT_LT(*std::max_element(v.begin(), v.end()), 5.0);
  const Moments m = moments(v);
  EXPECT_WITHIN_SE(m.mean, 1.0, std::sqrt(64.0 / 12 / n));
  EXPECT_WITHIN_SE(m.var, 64.0 / 12, 64.0 * std::sqrt((1.0 / 80 - 1.0 / 144) / n));
}

TEST(RandomStats, UniformNeverReachesTheUpperBound) {
  // Rounding to the dtype could land on `to` itself; the draw stays below it.
  Tensor f = empty({10000});
  f.uniform_(1.0, 1.0000001, Generator(2));  // float32 ulp at 1 is 1.19e-7: only 1.0 fits
  for (double x : values(f)) ASSERT_EQ(x, 1.0);
  Tensor b = empty({10000}, kBFloat16);
  b.uniform_(1.0, 1.004, Generator(3));  // bfloat16 ulp at 1 is 2^-7
  for (double x : values(b)) ASSERT_EQ(x, 1.0);
  Tensor h = empty({100000}, kHalf);
  h.uniform_(-1.0, 0.3, Generator(4));
  for (double x : values(h)) {
    ASSERT_GE(x, -1.0);
    ASSERT_LT(x, 0.3);
  }
  Tensor same_bounds = empty({5}).uniform_(2, 2, Generator(5));
  for (double x : values(same_bounds)) EXPECT_EQ(x, 2.0);
}

// ---- Normal ------------------------------------------------------------------------------------

void expect_standard_normal(const std::vector<double>& v, double mean, double std) {
  const auto n = static_cast<double>(v.size());
  const Moments m = moments(v);
  EXPECT_WITHIN_SE(m.mean, mean, std / std::sqrt(n));
  EXPECT_WITHIN_SE(m.var, std * std, std * std * std::sqrt(2.0 / n));
  // The shape, not just two moments: P(|z| < 1) = erf(1 / sqrt 2).
  const double p = std::erf(1 / std::sqrt(2.0));
  int64_t inside = 0;
  for (double x : v) inside += std::abs(x - mean) < std ? 1 : 0;
  expect_rate(inside, static_cast<int64_t>(n), p);
}

TEST(RandomStats, RandnIsStandardNormal) {
  for (ScalarType dtype : {kFloat, kDouble, kHalf, kBFloat16}) {
    SCOPED_TRACE(std::string(dtype_name(dtype)));
    const int64_t n = dtype == kFloat || dtype == kDouble ? 1000000 : 200000;
    const auto v = values(randn({n}, Generator(7), dtype));
    expect_standard_normal(v, 0, 1);
    for (double x : v) ASSERT_TRUE(std::isfinite(x));
  }
}

TEST(RandomStats, BoxMullerPairsAreUncorrelated) {
  const int64_t n = 1000000;
  const auto v = values(randn({n}, Generator(8), kDouble));
  double s = 0;
  for (int64_t j = 0; j + 1 < n; j += 2) s += v[j] * v[j + 1];
  const double pairs = static_cast<double>(n / 2);
  EXPECT_WITHIN_SE(s / pairs, 0.0, 1 / std::sqrt(pairs));
}

TEST(RandomStats, NormalInPlaceShiftsAndScales) {
  Tensor t = empty({1000000});
  t.normal_(3, 2, Generator(9));
  expect_standard_normal(values(t), 3, 2);
  Tensor z = empty({10}).normal_(-4, 0, Generator(9));
  for (double x : values(z)) EXPECT_EQ(x, -4.0);
}

TEST(RandomStats, NormalBeyondTheDtypeRangeRoundsToInfinity) {
  // mean + std * z past float's range is +inf (as float arithmetic gives), never UB or NaN.
  Tensor t = empty({10000});
  t.normal_(3e38, 1e38, Generator(11));
  int64_t inf = 0, finite = 0;
  for (double x : values(t)) {
    ASSERT_FALSE(std::isnan(x));
    ASSERT_NE(x, -std::numeric_limits<double>::infinity());
    (std::isinf(x) ? inf : finite) += 1;
  }
  EXPECT_GT(inf, 0);
  EXPECT_GT(finite, 0);
}

TEST(RandomStats, NormalWithTensorParameters) {
  const int64_t n = 500000;
  expect_standard_normal(values(normal(full({n}, 2.0), full({n}, 3.0), Generator(1))), 2, 3);
  expect_standard_normal(values(normal(full({n}, -1.0, kDouble), 0.5, Generator(2))), -1, 0.5);
  expect_standard_normal(values(normal(4.0, full({n}, 2.0), Generator(3))), 4, 2);
  expect_standard_normal(values(normal(1.0, 2.0, {n}, Generator(4))), 1, 2);
  // Broadcasting [2, 1] means against [3] stds; a zero std gives the mean exactly.
  const Tensor r = normal(tensor({{-10.0}, {10.0}}), tensor({0.0, 1.0, 2.0}), Generator(5));
  ASSERT_EQ(r.sizes().vec(), (std::vector<int64_t>{2, 3}));
  const auto v = values(r);
  EXPECT_EQ(v[0], -10.0);
  EXPECT_EQ(v[3], 10.0);
  for (int i : {1, 2}) EXPECT_NEAR(v[i], -10.0, 12.0);
  for (int i : {4, 5}) EXPECT_NEAR(v[i], 10.0, 12.0);
  // Columns of a broadcast result follow their own std.
  const Tensor wide = normal(zeros({n, 1}), tensor({1.0, 3.0}), Generator(6));
  const Tensor col1 = wide.select(1, 1);
  expect_standard_normal(values(col1), 0, 3);
  EXPECT_EQ(normal(zeros({3}, kHalf), ones({3}, kDouble)).scalar_type(), kHalf);
}

// ---- Integers ----------------------------------------------------------------------------------

// Counts of each value in [low, high), checked against the uniform rate; no value outside.
void expect_uniform_ints(const std::vector<int64_t>& v, int64_t low, int64_t high) {
  std::map<int64_t, int64_t> count;
  for (int64_t x : v) {
    ASSERT_GE(x, low);
    ASSERT_LT(x, high);
    ++count[x];
  }
  EXPECT_EQ(static_cast<int64_t>(count.size()), high - low) << "not every value was drawn";
  const double p = 1.0 / static_cast<double>(high - low);
  for (const auto& [value, c] : count) {
    SCOPED_TRACE(value);
    expect_rate(c, static_cast<int64_t>(v.size()), p);
  }
}

TEST(RandomStats, RandintCoversItsRangeUniformly) {
  expect_uniform_ints(ints(randint(-3, 7, {200000}, Generator(1))), -3, 7);
  expect_uniform_ints(ints(randint(6, {100000}, Generator(2))), 0, 6);
  expect_uniform_ints(ints(randint(-128, 128, {300000}, Generator(3), kChar)), -128, 128);
  expect_uniform_ints(ints(randint(0, 256, {300000}, Generator(4), kByte)), 0, 256);
  expect_uniform_ints(ints(randint(0, 2, {100000}, Generator(5), kBool)), 0, 2);
  expect_uniform_ints(ints(randint(-20, 20, {100000}, Generator(6), kHalf)), -20, 20);
  EXPECT_EQ(randint(0, 2, {3}, Generator(5), kBool).scalar_type(), kBool);
  EXPECT_EQ(randint(3, {3}).scalar_type(), kLong);
  Tensor like = randint_like(zeros({1000}, kShort), -5, 5);
  EXPECT_EQ(like.scalar_type(), kShort);
  for (int64_t x : ints(like)) {
    EXPECT_GE(x, -5);
    EXPECT_LT(x, 5);
  }
}

TEST(RandomStats, RandintWideRanges) {
  // Beyond 32 bits: the mean of [0, 2^62) is 2^61.
  const int64_t n = 200000;
  const auto v = values(randint(0, int64_t{1} << 62, {n}, Generator(7)));
  const double span = std::ldexp(1.0, 62);
  for (double x : v) ASSERT_LT(x, span);
  EXPECT_WITHIN_SE(moments(v).mean, span / 2, span / std::sqrt(12.0 * n));
  // All 64 bits: every bit is set half of the time.
  Tensor all = empty({n}, kLong);
  all.random_(std::numeric_limits<int64_t>::min(), std::optional<int64_t>(), Generator(8));
  const auto bits = ints(all);
  for (int b : {0, 31, 32, 62, 63}) {
    SCOPED_TRACE(b);
    int64_t set = 0;
    for (int64_t x : bits) set += (static_cast<uint64_t>(x) >> b) & 1;
    expect_rate(set, n, 0.5);
  }
}

TEST(RandomStats, RandomFollowsPyTorchRanges) {
  // random_(): [0, max] for integers, {0, 1} for bool, [0, 2^digits] for floats.
  Tensor i8 = empty({200000}, kChar);
  expect_uniform_ints(ints(i8.random_(Generator(1))), 0, 128);
  Tensor u8 = empty({300000}, kByte);
  expect_uniform_ints(ints(u8.random_(Generator(2))), 0, 256);
  Tensor b = empty({100000}, kBool);
  expect_uniform_ints(ints(b.random_(Generator(3))), 0, 2);
  Tensor h = empty({400000}, kHalf);
  expect_uniform_ints(ints(h.random_(Generator(4))), 0, 2049);
  Tensor bf = empty({100000}, kBFloat16);
  expect_uniform_ints(ints(bf.random_(Generator(5))), 0, 257);
  Tensor f = empty({100000});
  for (double x : values(f.random_(Generator(6)))) {
    ASSERT_GE(x, 0);
    ASSERT_LE(x, 16777216.0);
    ASSERT_EQ(x, std::floor(x));
  }
  Tensor l = empty({100000}, kLong);
  for (int64_t x : ints(l.random_(Generator(7)))) ASSERT_GE(x, 0);
  // random_(to) and random_(from, to).
  Tensor i32 = empty({100000}, kInt);
  expect_uniform_ints(ints(i32.random_(7, Generator(8))), 0, 7);
  expect_uniform_ints(ints(i32.random_(-9, -2, Generator(9))), -9, -2);
  // random_(from, None): [from, top].
  Tensor i16 = empty({100000}, kShort);
  for (int64_t x : ints(i16.random_(32000, std::optional<int64_t>(), Generator(10)))) {
    ASSERT_GE(x, 32000);
    ASSERT_LE(x, 32767);
  }
}

// ---- Permutations ------------------------------------------------------------------------------

TEST(RandomStats, RandpermIsAPermutation) {
  for (int64_t n : {0, 1, 2, 17, 100000}) {
    SCOPED_TRACE(n);
    auto v = ints(randperm(n, Generator(n)));
    std::vector<int64_t> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int64_t> expected(static_cast<size_t>(n));
    std::iota(expected.begin(), expected.end(), int64_t{0});
    EXPECT_EQ(sorted, expected);
    if (n > 2) {
      EXPECT_NE(v, expected) << "left in order";
    }
  }
  for (auto [dtype, n] : {std::pair{kChar, 128},
                          {kByte, 256},
                          {kHalf, 2049},
                          {kFloat, 1000},
                          {kInt, 5000},
                          {kBFloat16, 257}}) {
    SCOPED_TRACE(std::string(dtype_name(dtype)));
    const Tensor p = randperm(n, Generator(1), dtype);
    EXPECT_EQ(p.scalar_type(), dtype);
    const auto v = values(p);
    EXPECT_EQ(std::set<double>(v.begin(), v.end()).size(), static_cast<size_t>(n));
    EXPECT_EQ(*std::max_element(v.begin(), v.end()), n - 1.0);
  }
}

TEST(RandomStats, RandpermIsUniformOverPermutations) {
  Generator g(3);
  const int trials = 60000;
  std::map<std::vector<int64_t>, int64_t> count;
  for (int t = 0; t < trials; ++t) ++count[ints(randperm(3, g))];
  ASSERT_EQ(count.size(), 6u);
  for (const auto& [perm, c] : count) expect_rate(c, trials, 1.0 / 6);
}

// ---- Bernoulli ---------------------------------------------------------------------------------

TEST(RandomStats, BernoulliRates) {
  const int64_t n = 1000000;
  for (ScalarType dtype : {kInt, kBool, kHalf, kFloat, kDouble}) {
    SCOPED_TRACE(std::string(dtype_name(dtype)));
    Tensor t = empty({n}, dtype);
    t.bernoulli_(0.3, Generator(1));
    const auto v = values(t);
    int64_t ones = 0;
    for (double x : v) {
      ASSERT_TRUE(x == 0 || x == 1);
      ones += x == 1;
    }
    expect_rate(ones, n, 0.3);
  }
  Tensor never = empty({1000}).bernoulli_(0.0, Generator(2));
  Tensor always = empty({1000}).bernoulli_(1.0, Generator(2));
  for (double x : values(never)) ASSERT_EQ(x, 0);
  for (double x : values(always)) ASSERT_EQ(x, 1);
}

TEST(RandomStats, BernoulliFromATensorOfProbabilities) {
  const int64_t rows = 200000;
  const Tensor p = tensor({0.0, 0.25, 1.0, 0.5}).expand({rows, 4});  // expanded input
  const Tensor r = bernoulli(p, Generator(3));
  ASSERT_EQ(r.sizes().vec(), (std::vector<int64_t>{rows, 4}));
  EXPECT_EQ(r.scalar_type(), kFloat);
  const auto v = values(r);
  int64_t ones[4] = {0, 0, 0, 0};
  for (int64_t i = 0; i < rows * 4; ++i) ones[i % 4] += v[i] == 1;
  EXPECT_EQ(ones[0], 0);
  EXPECT_EQ(ones[2], rows);
  expect_rate(ones[1], rows, 0.25);
  expect_rate(ones[3], rows, 0.5);
  for (ScalarType dtype : {kHalf, kBFloat16, kDouble}) {
    EXPECT_EQ(bernoulli(full({3}, 0.5, dtype)).scalar_type(), dtype);
  }
  const Tensor like = bernoulli(zeros({rows}, kLong), 0.75, Generator(4));
  EXPECT_EQ(like.scalar_type(), kLong);
  const auto lv = ints(like);
  expect_rate(std::accumulate(lv.begin(), lv.end(), int64_t{0}), rows, 0.75);
}

// ---- Multinomial -------------------------------------------------------------------------------

std::vector<int64_t> counts(const std::vector<int64_t>& v, int64_t k) {
  std::vector<int64_t> c(static_cast<size_t>(k));
  for (int64_t x : v) {
    EXPECT_GE(x, 0);
    EXPECT_LT(x, k);
    if (x >= 0 && x < k) ++c[x];
  }
  return c;
}

TEST(RandomStats, MultinomialWithReplacementFollowsTheWeights) {
  const int64_t n = 200000;
  const double p[5] = {0.1, 0.2, 0.3, 0.4, 0.0};
  for (const Tensor& probs :
       {tensor({0.1, 0.2, 0.3, 0.4, 0.0}), tensor({1.0, 2.0, 3.0, 4.0, 0.0}, kHalf),
        tensor({1.0, 2.0, 3.0, 4.0, 0.0}, kDouble)}) {
    const Tensor r = multinomial(probs, n, true, Generator(1));
    ASSERT_EQ(r.sizes().vec(), std::vector<int64_t>{n});
    EXPECT_EQ(r.scalar_type(), kLong);
    const auto c = counts(ints(r), 5);
    for (int j = 0; j < 5; ++j) {
      SCOPED_TRACE(j);
      expect_rate(c[j], n, p[j]);
    }
    EXPECT_EQ(c[4], 0) << "drew a category of probability 0";
  }
  // Rows are independent distributions.
  const Tensor rows = multinomial(tensor({{1.0, 0.0, 0.0}, {0.0, 0.0, 1.0}}), 50, true);
  const auto v = ints(rows);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(v[i], 0);
  for (int i = 50; i < 100; ++i) EXPECT_EQ(v[i], 2);
}

TEST(RandomStats, MultinomialWithoutReplacementDrawsInOrder) {
  // Many identical rows: column 0 is the first draw (probability p_j), column 1 the second
  // (probability sum_{i != j} p_i p_j / (1 - p_i)).
  const int64_t rows = 200000;
  const double p[3] = {0.5, 0.3, 0.2};
  const Tensor r = multinomial(tensor({0.5, 0.3, 0.2}).expand({rows, 3}), 2, false, Generator(2));
  ASSERT_EQ(r.sizes().vec(), (std::vector<int64_t>{rows, 2}));
  const auto v = ints(r);
  std::vector<int64_t> first(3), second(3);
  for (int64_t i = 0; i < rows; ++i) {
    ASSERT_NE(v[2 * i], v[2 * i + 1]) << "drew a category twice";
    ++first[v[2 * i]];
    ++second[v[2 * i + 1]];
  }
  for (int j = 0; j < 3; ++j) {
    SCOPED_TRACE(j);
    double q = 0;
    for (int i = 0; i < 3; ++i) q += i == j ? 0 : p[i] * p[j] / (1 - p[i]);
    expect_rate(first[j], rows, p[j]);
    expect_rate(second[j], rows, q);
  }
  // A single draw (either mode) follows the weights too.
  const auto one = counts(
      ints(multinomial(tensor({0.5, 0.3, 0.2}).expand({rows, 3}), 1, true, Generator(3))), 3);
  for (int j = 0; j < 3; ++j) expect_rate(one[j], rows, p[j]);
}

TEST(RandomStats, MultinomialWithoutReplacementIsDistinct) {
  const Tensor probs = rand({300, 10}, Generator(4));
  const auto v = ints(multinomial(probs, 10, false, Generator(5)));
  for (int r = 0; r < 300; ++r) {
    std::set<int64_t> row(v.begin() + 10 * r, v.begin() + 10 * (r + 1));
    EXPECT_EQ(row.size(), 10u);
  }
  // Categories of probability 0 come only after the others, lowest index first.
  EXPECT_EQ(ints(multinomial(tensor({0.0, 1.0, 0.0}), 3, false)), (std::vector<int64_t>{1, 0, 2}));
  EXPECT_EQ(ints(multinomial(tensor({0.0, 1.0, 0.0, 2.0}, kBFloat16), 2, false))[1] % 2, 1);
  EXPECT_EQ(multinomial(ones({0, 3}), 2).sizes().vec(), (std::vector<int64_t>{0, 2}));
}

}  // namespace
}  // namespace ember
