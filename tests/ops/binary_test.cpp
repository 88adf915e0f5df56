// Binary elementwise ops against PyTorch's golden values (tests/reference/families/binary.py).
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::error_of;

using testing::Json;

using BinaryFn = std::function<Tensor(const Tensor&, const Tensor&, const Json&)>;
using NumberFn = std::function<Tensor(const Tensor&, const Scalar&, const Json&)>;
using InPlaceFn = std::function<void(Tensor&, const Tensor&, const Json&)>;

struct BinaryCase {
  BinaryFn tensor_fn;
  NumberFn number_fn;  // empty for ops without a number form
  InPlaceFn in_place;  // empty for ops without an in-place form
};

std::optional<std::string_view> rounding_mode(const Json& args) {
  if (!args.contains("rounding_mode")) return std::nullopt;
  return args.at("rounding_mode").get_ref<const std::string&>();
}

// An op given by its operator (or method) for tensors and numbers, and its in-place method.
#define EMBER_OPERATOR_CASE(name, op)                     \
  {                                                       \
#name, {                                              \
      [](auto& a, auto& b, auto&) { return a op b; },     \
          [](auto& a, auto& s, auto&) { return a op s; }, \
          [](auto& a, auto& b, auto&) { a.name##_(b); }   \
    }                                                     \
  }
#define EMBER_METHOD_CASE(name)                              \
  {                                                          \
#name, {                                                 \
      [](auto& a, auto& b, auto&) { return a.name(b); },     \
          [](auto& a, auto& s, auto&) { return a.name(s); }, \
          [](auto& a, auto& b, auto&) { a.name##_(b); }      \
    }                                                        \
  }

const std::map<std::string, BinaryCase>& binary_ops() {
  static const std::map<std::string, BinaryCase> ops = {
      EMBER_OPERATOR_CASE(add, +),
      EMBER_OPERATOR_CASE(sub, -),
      EMBER_OPERATOR_CASE(mul, *),
      {"div",
       {[](auto& a, auto& b, auto& args) { return a.div(b, rounding_mode(args)); },
        [](auto& a, auto& s, auto& args) { return a.div(s, rounding_mode(args)); },
        [](auto& a, auto& b, auto& args) { a.div_(b, rounding_mode(args)); }}},
      EMBER_OPERATOR_CASE(remainder, %),
      EMBER_METHOD_CASE(fmod),
      EMBER_METHOD_CASE(pow),
      {"atan2",
       {[](auto& a, auto& b, auto&) { return atan2(a, b); },
        {},
        [](auto& a, auto& b, auto&) { a.atan2_(b); }}},
      {"hypot",
       {[](auto& a, auto& b, auto&) { return hypot(a, b); },
        {},
        [](auto& a, auto& b, auto&) { a.hypot_(b); }}},
      {"maximum", {[](auto& a, auto& b, auto&) { return maximum(a, b); }, {}, {}}},
      {"minimum", {[](auto& a, auto& b, auto&) { return a.minimum(b); }, {}, {}}},
      {"fmax", {[](auto& a, auto& b, auto&) { return fmax(a, b); }, {}, {}}},
      {"fmin", {[](auto& a, auto& b, auto&) { return a.fmin(b); }, {}, {}}},
      EMBER_OPERATOR_CASE(eq, ==),
      EMBER_OPERATOR_CASE(ne, !=),
      EMBER_OPERATOR_CASE(lt, <),
      EMBER_OPERATOR_CASE(le, <=),
      EMBER_OPERATOR_CASE(gt, >),
      EMBER_OPERATOR_CASE(ge, >=),
      {"logical_and",
       {[](auto& a, auto& b, auto&) { return a && b; },
        {},
        [](auto& a, auto& b, auto&) { a.logical_and_(b); }}},
      {"logical_or",
       {[](auto& a, auto& b, auto&) { return a || b; },
        {},
        [](auto& a, auto& b, auto&) { a.logical_or_(b); }}},
      {"logical_xor",
       {[](auto& a, auto& b, auto&) { return logical_xor(a, b); },
        {},
        [](auto& a, auto& b, auto&) { a.logical_xor_(b); }}},
      EMBER_OPERATOR_CASE(bitwise_and, &),
      EMBER_OPERATOR_CASE(bitwise_or, |),
      EMBER_OPERATOR_CASE(bitwise_xor, ^),
      EMBER_OPERATOR_CASE(bitwise_left_shift, <<),
      EMBER_OPERATOR_CASE(bitwise_right_shift, >>),
  };
  return ops;
}
#undef EMBER_OPERATOR_CASE
#undef EMBER_METHOD_CASE

// Note [Golden tolerances]. Arithmetic is IEEE-exact (fmod too; remainder and floor division
// follow PyTorch's formula step for step), comparisons and bit operations exact: PyTorch's bits.
// pow, atan2 and hypot are one libm or SLEEF evaluation each side: measured within 1 ulp.
// maximum(0.0, -0.0) returns either zero in PyTorch, depending on whether its loop is
// vectorised, so the extrema compare as numbers.
testing::Tolerance binary_tolerance(const std::string& op) {
  using testing::Tolerance;
  if (op == "pow" || op == "atan2" || op == "hypot") return Tolerance::elementwise(1);
  if (op == "maximum" || op == "minimum" || op == "fmax" || op == "fmin") {
    return Tolerance::exact_value();
  }
  return Tolerance::bitwise();
}

Scalar scalar_from_json(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}

std::vector<double> values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

// A number as the first operand (pow(2, t), remainder(7, t)).
Tensor number_first(const std::string& op, const Scalar& base, const Tensor& t) {
  if (op == "pow") return pow(base, t);
  return remainder(base, t);
}

class BinaryGolden : public ::testing::TestWithParam<std::string> {};

// Out of place against the fixture; in place too where the result has self's shape and dtype
// (it must then match), or raises where a float result can't be cast back into an int self.
TEST_P(BinaryGolden, MatchesPyTorch) {
  const BinaryCase& op = binary_ops().at(GetParam());
  const auto cases = testing::cases_for("binary", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& args = c.at("args");
    const Json& expected = c.at("expected");
    auto run = [&] {
      if (args.contains("base")) {
        return number_first(GetParam(), scalar_from_json(args.at("base")), inputs[0]);
      }
      if (args.contains("scalar")) {
        return op.number_fn(inputs[0], scalar_from_json(args.at("scalar")), args);
      }
      return op.tensor_fn(inputs[0], inputs[1], args);
    };
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(run(), expected);
      continue;
    }
    const testing::Tolerance tol = binary_tolerance(GetParam());
    EXPECT_MATCHES_GOLDEN(run(), expected, tol);
    if (!op.in_place || inputs.size() != 2) continue;
    Tensor self = inputs[0].clone();
    const ScalarType result = testing::dtype_from_name(expected.at("dtype"));
    if (result == self.scalar_type() &&
        self.sizes() == IntArrayRef(expected.at("shape").get<std::vector<int64_t>>())) {
      op.in_place(self, inputs[1], args);
      EXPECT_MATCHES_GOLDEN(self, expected, tol);
    } else if (is_floating_point(result) && !is_floating_point(self.scalar_type())) {
      EXPECT_EMBER_ERROR(op.in_place(self, inputs[1], args),
                         "can't be cast to the desired output type");
    }
  }
}

std::vector<std::string> binary_names() {
  std::vector<std::string> names;
  for (const auto& [name, op] : binary_ops()) names.push_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Ops, BinaryGolden, ::testing::ValuesIn(binary_names()));

TEST(Binary, InPlaceWritesThroughAndBumpsVersion) {
  Tensor a = ones({2, 3});
  Tensor row = a.select(0, 1);
  const uint32_t before = a._version();
  row.add_(tensor({1.0, 2.0, 3.0}));
  EXPECT_EQ(a[1][2].item<float>(), 4.0f);
  EXPECT_EQ(a[0][2].item<float>(), 1.0f);
  EXPECT_GT(a._version(), before);
}

TEST(Binary, InPlaceRefusesToNarrowCategory) {
  Tensor i = zeros({3}, kInt);
  EXPECT_EMBER_ERROR(i.add_(ones({3})),
                     "result type Float can't be cast to the desired output type Int");
  EXPECT_EMBER_ERROR(i.add_(2.5), "result type Float can't be cast to the desired output type Int");
  Tensor f = zeros({3});
  f.add_(ones({3}, kInt));  // int into float is fine
  EXPECT_EQ(values(f), (std::vector<double>{1, 1, 1}));
}

TEST(Binary, InPlaceRejectsBroadcastingTheOutput) {
  Tensor a = ones({3});
  try {
    a.mul_(ones({2, 3}));
    FAIL() << "expected ember::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[mul]"), std::string::npos) << e.what();
  }
}

TEST(Binary, InPlaceWithOverlappingInputReadsOriginalValues) {
  Tensor a = arange(4, kFloat).reshape({2, 2});
  a.add_(a.t());
  EXPECT_EQ(values(a), (std::vector<double>{0, 3, 3, 6}));
}

TEST(Binary, AlphaScalesOther) {
  Tensor a = tensor({1.0, 2.0});
  EXPECT_EQ(values(a.add(tensor({1.0, 1.0}), 3)), (std::vector<double>{4, 5}));
  EXPECT_EQ(values(a.sub(1, 2)), (std::vector<double>{-1, 0}));
}

TEST(Binary, IntegerOverflowWraps) {
  Tensor a = full({1}, std::numeric_limits<int32_t>::max(), kInt);
  EXPECT_EQ((a + 1).item<int32_t>(), std::numeric_limits<int32_t>::min());
}

TEST(Binary, UndefinedOperandRaises) {
  EXPECT_EMBER_ERROR(ones({2}) + Tensor(), "undefined");
}

TEST(Binary, ErrorsNameTheOp) {
  Tensor i = tensor(std::vector<int64_t>{4, 5});
  Tensor z = zeros({2}, kLong);
  EXPECT_NE(error_of([&] { i.div(z, "floor"); }).find("[div] ZeroDivisionError"),
            std::string::npos);
  EXPECT_NE(error_of([&] { i.div(0, "trunc"); }).find("[div]"), std::string::npos);
  EXPECT_NE(error_of([&] { i.div(z, "round"); }).find("[div]"), std::string::npos);
  EXPECT_NE(error_of([&] { (void)(i % 0); }).find("[remainder] ZeroDivisionError"),
            std::string::npos);
  EXPECT_NE(error_of([&] { i.fmod(z); }).find("[fmod]"), std::string::npos);
  EXPECT_NE(error_of([&] { i.pow(-1); }).find("[pow]"), std::string::npos);
  EXPECT_NE(error_of([&] { hypot(i, i); }).find("[hypot]"), std::string::npos);
  EXPECT_NE(error_of([&] { (void)(ones({2}) << 1); }).find("[bitwise_left_shift]"),
            std::string::npos);
  EXPECT_NE(error_of([&] { (void)(ones({2}) & ones({2})); }).find("[bitwise_and]"),
            std::string::npos);
  EXPECT_NE(error_of([&] { maximum(ones({2}), ones({3})); }).find("[maximum]"), std::string::npos);
}

// Division and modulus of integers never hit undefined behaviour (Note [Integer division]).
TEST(Binary, IntegerDivisionEdgeCases) {
  const int64_t min = std::numeric_limits<int64_t>::min();
  Tensor a = tensor(std::vector<int64_t>{min, min, -7});
  Tensor b = tensor(std::vector<int64_t>{-1, -1, -1});
  EXPECT_EQ(a.div(b, "trunc")[0].item<int64_t>(), min);  // wraps, as PyTorch
  EXPECT_EQ(a.div(b, "floor")[1].item<int64_t>(), min);
  EXPECT_EQ((a % b)[0].item<int64_t>(), 0);
  EXPECT_EQ(a.fmod(b)[0].item<int64_t>(), 0);
  EXPECT_EQ(a.div(b, "floor")[2].item<int64_t>(), 7);
}

// PyTorch 2's shift rule: shifting by a negative amount or by the bit width or more.
TEST(Binary, ShiftsOutOfRange) {
  Tensor a = tensor(std::vector<int64_t>{3, -3, 3, -3});
  Tensor s = tensor(std::vector<int64_t>{64, 64, -1, 70});
  EXPECT_EQ(values(a << s), (std::vector<double>{0, 0, 0, 0}));
  EXPECT_EQ(values(a >> s), (std::vector<double>{0, -1, 0, -1}));
  Tensor u = full({2}, 200, kByte);
  EXPECT_EQ(values(u << 8), (std::vector<double>{0, 0}));
  EXPECT_EQ(values(u >> 8), (std::vector<double>{0, 0}));
  EXPECT_EQ(values(u >> 3), (std::vector<double>{25, 25}));
}

TEST(Binary, IntegerPowWraps) {
  uint64_t want = 1;
  for (int k = 0; k < 41; ++k) want *= 3;  // 3^41 modulo 2^64
  EXPECT_EQ(full({1}, 3, kLong).pow(41).item<int64_t>(), static_cast<int64_t>(want));
}

TEST(Binary, InPlaceLogicalWritesZeroOrOneIntoSelf) {
  Tensor a = tensor({2.0, 0.0, -1.5});
  a.logical_and_(tensor({1.0, 1.0, 0.0}));
  EXPECT_EQ(values(a), (std::vector<double>{1, 0, 0}));
}

}  // namespace
}  // namespace ember

namespace ember {
namespace {

// Large enough for several parallel chunks: an error thrown inside one reaches the caller, and
// results do not depend on the layout.
TEST(Binary, ParallelChunks) {
  Tensor a = arange(100000, kLong);
  Tensor b = ones({100000}, kLong);
  b.narrow(0, 99990, 1).zero_();
  EXPECT_EMBER_ERROR(a.div(b, "floor"), "ZeroDivisionError");
  Tensor x = arange(200000, kFloat).reshape({400, 500}).t();
  Tensor y = full({500, 1}, 3.0);
  EXPECT_TRUE(x.remainder(y).equal(x.contiguous().remainder(y)));
  EXPECT_TRUE(x.maximum(y).equal(x.contiguous().maximum(y.expand({500, 400}).contiguous())));
}

}  // namespace
}  // namespace ember

namespace ember {
namespace {

TEST(Binary, MaxMinWithATensorAreTheElementwiseMaximumMinimum) {
  const Tensor a = tensor({1.0, 5.0, -2.0});
  const Tensor b = tensor({{3.0, 2.0, -2.5}});
  EXPECT_TRUE(a.max(b).equal(maximum(a, b)));
  EXPECT_TRUE(a.min(b).equal(minimum(a, b)));
  EXPECT_TRUE(a.max(b).equal(tensor({{3.0, 5.0, -2.0}})));
}

}  // namespace
}  // namespace ember

namespace ember {
namespace {

// As PyTorch: an in-place op may not write an expanded tensor (one location, several elements).
TEST(BinaryErrors, InPlaceIntoAnExpandedTensorRaises) {
  Tensor e = ones({3}).expand({2, 3});
  const std::string add = testing::error_of([&] { e.add_(1); });
  EXPECT_NE(add.find("[add] unsupported operation: more than one element"), std::string::npos)
      << add;
  EXPECT_NE(testing::error_of([&] { e.exp_(); }).find("single memory location"), std::string::npos);
  Tensor ok = ones({2, 3});
  ok.add_(ones({3}).expand({2, 3}));  // reading an expanded tensor is fine
  EXPECT_TRUE(ok.equal(full({2, 3}, 2.0f)));
}

}  // namespace
}  // namespace ember
