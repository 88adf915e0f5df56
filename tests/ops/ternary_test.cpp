// clamp, lerp, addcmul, addcdiv, where, isclose, allclose and equal against PyTorch's golden
// values (tests/reference/families/ternary.py).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::error_of;

using testing::Json;
using Inputs = std::vector<Tensor>;
using TernaryFn = std::function<Tensor(const Inputs&, const Json&)>;
// The in-place form, on a clone of input 0 (empty for ops without one).
using InPlaceFn = std::function<void(Tensor&, const Inputs&, const Json&)>;

Scalar number(const Json& v) {
  if (v.is_string()) {
    EXPECT_EQ(v.get<std::string>(), "nan");
    return std::nan("");
  }
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}
std::optional<Scalar> opt(const Json& args, const char* key) {
  if (!args.contains(key)) return std::nullopt;
  return number(args.at(key));
}
Tensor as_tensor(bool b) {
  return scalar_tensor(b, kBool);
}

std::optional<Tensor> input(const Inputs& in, size_t i) {
  if (i >= in.size()) return std::nullopt;
  return in[i];
}

const std::map<std::string, std::pair<TernaryFn, InPlaceFn>>& ternary_ops() {
  static const std::map<std::string, std::pair<TernaryFn, InPlaceFn>> ops = {
      {"clamp",
       {[](const Inputs& in, const Json& a) {
          if (in.size() > 1) return in[0].clamp(input(in, 1), input(in, 2));
          return in[0].clamp(opt(a, "min"), opt(a, "max"));
        },
        [](Tensor& self, const Inputs& in, const Json& a) {
          if (in.size() > 1) {
            self.clamp_(input(in, 1), input(in, 2));
          } else {
            self.clamp_(opt(a, "min"), opt(a, "max"));
          }
        }}},
      {"clamp_min",
       {[](const Inputs& in, const Json& a) {
          return in.size() > 1 ? clamp_min(in[0], in[1]) : in[0].clamp_min(number(a.at("bound")));
        },
        [](Tensor& self, const Inputs& in, const Json& a) {
          if (in.size() == 1) {
            self.clamp_min_(number(a.at("bound")));
          } else {
            self.clamp_(in[1], std::nullopt);
          }
        }}},
      {"clamp_max",
       {[](const Inputs& in, const Json& a) {
          return in.size() > 1 ? clamp_max(in[0], in[1]) : in[0].clamp_max(number(a.at("bound")));
        },
        [](Tensor& self, const Inputs& in, const Json& a) {
          if (in.size() == 1) {
            self.clamp_max_(number(a.at("bound")));
          } else {
            self.clamp_(std::nullopt, in[1]);
          }
        }}},
      {"lerp",
       {[](const Inputs& in, const Json& a) {
          return in.size() > 2 ? in[0].lerp(in[1], in[2])
                               : in[0].lerp(in[1], number(a.at("weight")));
        },
        [](Tensor& self, const Inputs& in, const Json& a) {
          if (in.size() > 2) {
            self.lerp_(in[1], in[2]);
          } else {
            self.lerp_(in[1], number(a.at("weight")));
          }
        }}},
      {"addcmul",
       {[](const Inputs& in, const Json& a) {
          return addcmul(in[0], in[1], in[2], number(a.at("value")));
        },
        [](Tensor& self, const Inputs& in, const Json& a) {
          self.addcmul_(in[1], in[2], number(a.at("value")));
        }}},
      {"addcdiv",
       {[](const Inputs& in, const Json& a) {
          return in[0].addcdiv(in[1], in[2], number(a.at("value")));
        },
        [](Tensor& self, const Inputs& in, const Json& a) {
          self.addcdiv_(in[1], in[2], number(a.at("value")));
        }}},
      {"where",
       {[](const Inputs& in, const Json& a) {
          const bool x = a.contains("x"), y = a.contains("y");
          if (x && y) return where(in[0], number(a.at("x")), number(a.at("y")));
          if (x) return where(in[0], number(a.at("x")), in[1]);
          if (y) return where(in[0], in[1], number(a.at("y")));
          return in[1].where(in[0], in[2]);
        },
        {}}},
      {"isclose",
       {[](const Inputs& in, const Json& a) {
          return isclose(in[0], in[1], a.at("rtol"), a.at("atol"), a.at("equal_nan"));
        },
        {}}},
      {"allclose",
       {[](const Inputs& in, const Json& a) {
          return as_tensor(in[0].allclose(in[1], a.at("rtol"), a.at("atol"), a.at("equal_nan")));
        },
        {}}},
      {"equal", {[](const Inputs& in, const Json&) { return as_tensor(equal(in[0], in[1])); }, {}}},
  };
  return ops;
}

class TernaryGolden : public ::testing::TestWithParam<std::string> {};

// Out of place against the fixture; in place too where the result has self's shape and dtype.
// Exactly (Note [Golden tolerances]): clamp and where select, isclose compares, and addcmul,
// addcdiv and lerp round the same operations in the same order as PyTorch's kernels.
TEST_P(TernaryGolden, MatchesPyTorch) {
  // Not a structured binding: clang before 16 cannot capture those in the error checks' lambdas.
  const auto& forms = ternary_ops().at(GetParam());
  const auto& fn = forms.first;
  const auto& in_place = forms.second;
  const auto cases = testing::cases_for("ternary", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const Inputs inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& args = c.at("args");
    const Json& expected = c.at("expected");
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(inputs, args), expected);
      continue;
    }
    const testing::Tolerance exact = testing::Tolerance::bitwise();
    EXPECT_MATCHES_GOLDEN(fn(inputs, args), expected, exact);
    if (!in_place) continue;
    Tensor self = inputs[0].clone();
    const ScalarType result = testing::dtype_from_name(expected.at("dtype"));
    const auto shape = expected.at("shape").get<std::vector<int64_t>>();
    if (result == self.scalar_type() && self.sizes() == IntArrayRef(shape)) {
      in_place(self, inputs, args);
      EXPECT_MATCHES_GOLDEN(self, expected, exact);
    } else if (is_floating_point(result) && !is_floating_point(self.scalar_type())) {
      EXPECT_EMBER_ERROR(in_place(self, inputs, args), "can't be cast to the desired output type");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, TernaryGolden,
                         ::testing::Values("clamp", "clamp_min", "clamp_max", "lerp", "addcmul",
                                           "addcdiv", "where", "isclose", "allclose", "equal"));

TEST(Ternary, ErrorsNameTheOp) {
  Tensor f = ones({3});
  Tensor i = ones({3}, kLong);
  EXPECT_NE(
      error_of([&] { f.clamp(std::optional<Scalar>(), std::optional<Scalar>()); }).find("[clamp]"),
      std::string::npos);
  EXPECT_NE(error_of([&] { f.lerp(f.to(kDouble), 0.5); }).find("[lerp]"), std::string::npos);
  EXPECT_NE(error_of([&] { f.addcdiv(i, i); }).find("[addcdiv]"), std::string::npos);
  EXPECT_NE(error_of([&] { where(f, f, f); }).find("[where]"), std::string::npos);
  EXPECT_NE(error_of([&] { isclose(f, i); }).find("[isclose]"), std::string::npos);
  EXPECT_NE(error_of([&] { i.clamp_(0.5, 2.5); }).find("[clamp]"), std::string::npos);
  EXPECT_NE(error_of([&] { f.lerp_(ones({2, 3}), 0.5); }).find("[lerp]"), std::string::npos);
}

TEST(Ternary, InPlaceWritesThroughViews) {
  Tensor a = zeros({2, 4});
  a.select(0, 1).addcmul_(ones({4}), full({4}, 2.0), 3);
  EXPECT_TRUE(a.equal(tensor({{0.0, 0.0, 0.0, 0.0}, {6.0, 6.0, 6.0, 6.0}}).to(kFloat)));
  a.t().clamp_(1.0, 2.0);
  EXPECT_TRUE(a.equal(tensor({{1.0, 1.0, 1.0, 1.0}, {2.0, 2.0, 2.0, 2.0}}).to(kFloat)));
}

TEST(Ternary, LerpScalarWeightKeepsFullPrecisionForHalf) {
  // The weight is applied in float (opmath), not rounded to half first.
  Tensor a = zeros({1}, kHalf);
  Tensor b = full({1}, 60000.0, kHalf);
  // 0.3337 * 60000 = 20022 rounds to 20016; with the weight in half it would be 20032.
  EXPECT_EQ(a.lerp(b, 0.3337).item<float>(), 20016.0f);
}

}  // namespace
}  // namespace ember
