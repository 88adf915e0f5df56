// The golden comparator itself (tests/support/golden.h, tolerance.h): it must reject a value one
// ulp off where exactness is expected, a wrong shape or dtype, and accept exactly what a stated
// tolerance allows, or every golden test that passes through it proves nothing.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "support/golden.h"

namespace ember {
namespace {

using testing::compare_to_json;
using testing::Json;
using testing::Tolerance;

Json spec(const std::string& dtype, std::vector<int64_t> shape, Json data) {
  return Json{{"dtype", dtype}, {"shape", shape}, {"data", std::move(data)}};
}

bool matches(const Tensor& actual, const Json& expected, const Tolerance& tol) {
  return compare_to_json(actual, expected, tol).empty();
}

// The expected spec {-2, 1.5} in `dtype`, and a tensor holding -2 and the value `ulps` above 1.5
// (its bits plus `ulps`).
std::pair<Tensor, Json> ulps_off(ScalarType dtype, int ulps) {
  const Json expected = spec(std::string(dtype_name(dtype)), {2}, {-2.0, 1.5});
  Tensor actual = tensor({-2.0, 1.5}, kDouble).to(dtype);
  switch (dtype) {
    case kDouble: {
      double& v = actual.data_ptr<double>()[1];
      v = std::bit_cast<double>(std::bit_cast<int64_t>(v) + ulps);
      break;
    }
    case kFloat: {
      float& v = actual.data_ptr<float>()[1];
      v = std::bit_cast<float>(std::bit_cast<int32_t>(v) + ulps);
      break;
    }
    case kHalf:
      actual.data_ptr<Half>()[1].bits += ulps;
      break;
    default:
      actual.data_ptr<BFloat16>()[1].bits += ulps;
  }
  return {actual, expected};
}

class GoldenSelfTest : public ::testing::TestWithParam<ScalarType> {};

TEST_P(GoldenSelfTest, RejectsOneUlpWhereExactnessIsExpected) {
  const auto [actual, expected] = ulps_off(GetParam(), 1);
  const std::string why = compare_to_json(actual, expected, Tolerance::bitwise());
  EXPECT_NE(why.find("element 1"), std::string::npos) << why;
  EXPECT_NE(why.find("(1 ulps apart"), std::string::npos) << why;
  EXPECT_FALSE(matches(actual, expected, Tolerance::exact_value()));
  EXPECT_TRUE(matches(ulps_off(GetParam(), 0).first, expected, Tolerance::bitwise()));
}

TEST_P(GoldenSelfTest, AcceptsOneUlpWithinOneAndRejectsTwo) {
  EXPECT_TRUE(matches(ulps_off(GetParam(), 1).first, ulps_off(GetParam(), 1).second,
                      Tolerance::elementwise(1)));
  const auto [two_off, expected] = ulps_off(GetParam(), 2);
  EXPECT_FALSE(matches(two_off, expected, Tolerance::elementwise(1)));
}

INSTANTIATE_TEST_SUITE_P(FloatingDtypes, GoldenSelfTest,
                         ::testing::Values(kFloat, kDouble, kHalf, kBFloat16),
                         [](const ::testing::TestParamInfo<ScalarType>& param) {
                           return std::string(dtype_name(param.param));
                         });

TEST(GoldenSelfTestIntegers, RejectsAnIntegerOffByOne) {
  for (const ScalarType dtype : {kLong, kInt, kByte}) {
    SCOPED_TRACE(dtype_name(dtype));
    const Json expected = spec(std::string(dtype_name(dtype)), {3}, {1, 7, 200});
    Tensor actual = tensor(std::vector<int64_t>{1, 8, 200}).to(dtype);
    // Integers compare exactly by default, whatever the caller's float bound.
    EXPECT_FALSE(compare_to_json(actual, expected).empty());
    EXPECT_FALSE(matches(actual, expected, Tolerance::composite(4, 4)));
    EXPECT_TRUE(
        compare_to_json(tensor(std::vector<int64_t>{1, 7, 200}).to(dtype), expected).empty());
  }
  // An integer bound is an explicit atol.
  const Json expected = spec("uint8", {1}, {163});
  EXPECT_TRUE(
      matches(tensor(std::vector<int64_t>{164}).to(kByte), expected, Tolerance::absolute(1)));
  EXPECT_FALSE(
      matches(tensor(std::vector<int64_t>{165}).to(kByte), expected, Tolerance::absolute(1)));
}

TEST(GoldenSelfTestShapes, RejectsAWrongShapeOrDtype) {
  const Json expected = spec("float32", {1, 3}, {1.0, 2.0, 3.0});
  const Tensor right = tensor({1.0f, 2.0f, 3.0f}).reshape({1, 3});
  EXPECT_TRUE(compare_to_json(right, expected).empty());
  EXPECT_EQ(compare_to_json(right.reshape({3}), expected), "shape [3] != expected [1, 3]");
  EXPECT_EQ(compare_to_json(right.to(kDouble), expected), "dtype Double != expected Float");
  EXPECT_EQ(compare_to_json(Tensor(), expected), "actual tensor is undefined");
}

TEST(GoldenSelfTestSpecials, ZerosNaNsAndInfinities) {
  const Json zero = spec("float64", {1}, {0.0});
  const Tensor negative_zero = tensor({-0.0}, kDouble);
  EXPECT_FALSE(matches(negative_zero, zero, Tolerance::bitwise()));
  EXPECT_TRUE(matches(negative_zero, zero, Tolerance::exact_value()));
  const Json specials = spec("float32", {3}, {"nan", "inf", "-inf"});
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(matches(tensor({std::nanf(""), inf, -inf}), specials, Tolerance::bitwise()));
  // NaN matches only NaN, an infinity only itself, whatever the bound.
  const Tolerance loose = Tolerance::composite(1e6, 1e6);
  const float big = std::numeric_limits<float>::max();
  EXPECT_FALSE(matches(tensor({0.0f, inf, -inf}), specials, loose));
  EXPECT_FALSE(matches(tensor({std::nanf(""), big, -inf}), specials, loose));
  EXPECT_FALSE(matches(tensor({std::nanf(""), inf, std::nanf("")}), specials, loose));
}

TEST(GoldenSelfTestBounds, CancellationFloorIsRelativeToTheLargestValue) {
  // 1e-9 among values of size 4: two eps of 4 away passes a floor of 4 eps * max|expected|,
  // five eps does not; with no floor, it is millions of ulps off.
  const double eps = std::ldexp(1.0, -52);
  const Json expected = spec("float64", {2}, {4.0, 1e-9});
  EXPECT_TRUE(
      matches(tensor({4.0, 1e-9 + 2 * 4 * eps}, kDouble), expected, Tolerance::composite(4, 4)));
  EXPECT_FALSE(
      matches(tensor({4.0, 1e-9 + 5 * 4 * eps}, kDouble), expected, Tolerance::composite(4, 4)));
  EXPECT_FALSE(
      matches(tensor({4.0, 1e-9 + 2 * 4 * eps}, kDouble), expected, Tolerance::elementwise(4)));
  // An explicit scale replaces max|expected|.
  EXPECT_TRUE(matches(tensor({4.0, 1e-9 + 5 * 4 * eps}, kDouble), expected,
                      Tolerance::composite(4, 4).with_scale(8)));
}

TEST(GoldenSelfTestBounds, SumOfNTermsFollowsTheProductNote) {
  // 2 n u magnitude (u = 2^-24 for float32) plus one ulp of the result.
  const double atol = 10 * std::ldexp(1.0, -23) * 100;
  const Json expected = spec("float32", {1}, {0.5});
  const Tolerance tol = Tolerance::sum_of(10, 100, kFloat);
  const float ulp = std::ldexp(1.0f, -24);  // at 0.5
  EXPECT_TRUE(matches(tensor({static_cast<float>(0.5 + atol)}), expected, tol));
  EXPECT_FALSE(matches(tensor({static_cast<float>(0.5 + atol) + 2 * ulp}), expected, tol));
}

TEST(GoldenSelfTestBounds, WideResultsGetTheirUlpsAndSixteenBitOnesOneMore) {
  // float32 and float64: n ulps is n of the dtype's; a 16-bit result gets float32 ulps (its
  // computation) and one ulp of its own rounding, however small the float32 bound.
  for (const ScalarType dtype : {kFloat, kDouble}) {
    const auto [actual, expected] = ulps_off(dtype, 3);
    EXPECT_TRUE(matches(actual, expected, Tolerance::elementwise(3)));
    EXPECT_FALSE(matches(actual, expected, Tolerance::elementwise(2.9)));
  }
  for (const ScalarType dtype : {kHalf, kBFloat16}) {
    EXPECT_TRUE(
        matches(ulps_off(dtype, 1).first, ulps_off(dtype, 1).second, Tolerance::elementwise(0.01)));
    EXPECT_FALSE(
        matches(ulps_off(dtype, 2).first, ulps_off(dtype, 2).second, Tolerance::elementwise(8)));
  }
}

TEST(GoldenSelfTestBounds, UlpOfEachFormat) {
  using testing::ulp;
  EXPECT_EQ(ulp(1.0, kDouble), std::ldexp(1.0, -52));
  EXPECT_EQ(ulp(1.0, kFloat), std::ldexp(1.0, -23));
  EXPECT_EQ(ulp(65504.0, kHalf), 32.0);
  EXPECT_EQ(ulp(0.0, kHalf), std::ldexp(1.0, -24));                   // the smallest subnormal
  EXPECT_EQ(ulp(std::ldexp(1.0, -20), kHalf), std::ldexp(1.0, -24));  // subnormal spacing
  EXPECT_EQ(ulp(-3.0, kBFloat16), std::ldexp(1.0, -6));
}

}  // namespace
}  // namespace ember
