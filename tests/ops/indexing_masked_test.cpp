// masked_fill, masked_select, masked_scatter and nonzero against PyTorch's golden values
// (tests/reference/families/indexing_masked.py); in-place forms are checked on the same cases.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::expect_error_names;

using testing::Json;
using Fn = std::function<Tensor(std::vector<Tensor>&, const Json&)>;

Scalar scalar_from_json(const Json& v) {
  if (v.is_string()) return std::nan("");
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}

struct OpForms {
  Fn out_of_place;
  Fn in_place;
};

const std::map<std::string, OpForms>& ops() {
  static const std::map<std::string, OpForms> table = {
      {"masked_fill",
       {[](auto& in, auto& a) {
          return a.contains("value_tensor")
                     ? in[0].masked_fill(in[1], in[2])
                     : in[0].masked_fill(in[1], scalar_from_json(a.at("scalar")));
        },
        [](auto& in, auto& a) -> Tensor {
          return a.contains("value_tensor")
                     ? in[0].masked_fill_(in[1], in[2])
                     : in[0].masked_fill_(in[1], scalar_from_json(a.at("scalar")));
        }}},
      {"masked_select", {[](auto& in, auto&) { return in[0].masked_select(in[1]); }, {}}},
      {"masked_scatter",
       {[](auto& in, auto&) { return in[0].masked_scatter(in[1], in[2]); },
        [](auto& in, auto&) -> Tensor { return in[0].masked_scatter_(in[1], in[2]); }}},
      {"nonzero", {[](auto& in, auto&) { return in[0].nonzero(); }, {}}},
  };
  return table;
}

class MaskedGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(MaskedGolden, MatchesPyTorch) {
  const OpForms& forms = ops().at(GetParam());
  const auto cases = testing::cases_for("indexing_masked", GetParam());
  ASSERT_FALSE(cases.empty());
  const testing::Tolerance exact = testing::Tolerance::bitwise();
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const Json& args = c.at("args");
    const Json& expected = c.at("expected");
    std::vector<Tensor> inputs = testing::tensors_from_json(c.at("inputs"));
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(forms.out_of_place(inputs, args), expected);
    } else {
      EXPECT_MATCHES_GOLDEN(forms.out_of_place(inputs, args), expected, exact);
    }
    if (!forms.in_place) continue;
    // In place on the same self; a self that would need to broadcast must raise.
    std::vector<Tensor> fresh = testing::tensors_from_json(c.at("inputs"));
    const bool self_broadcasts =
        !expected.contains("error") &&
        fresh[0].sizes() != IntArrayRef(expected.at("shape").get<std::vector<int64_t>>());
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(forms.in_place(fresh, args), expected);
    } else if (self_broadcasts) {
      // PyTorch's masked_fill_ broadcasts self with mask, masked_scatter_ expands mask to self.
      EXPECT_EMBER_ERROR(forms.in_place(fresh, args),
                         GetParam() == "masked_fill"
                             ? "doesn't match the broadcast shape"
                             : "must be greater or equal to the number of dimensions");
    } else {
      const uint32_t version = fresh[0]._version();
      const Tensor r = forms.in_place(fresh, args);
      EXPECT_TRUE(r.is_same(fresh[0]));
      EXPECT_MATCHES_GOLDEN(fresh[0], expected, exact);
      EXPECT_GT(fresh[0]._version(), version);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, MaskedGolden,
                         ::testing::Values("masked_fill", "masked_select", "masked_scatter",
                                           "nonzero"));

TEST(Masked, ErrorsNameTheOp) {
  Tensor x = zeros({3, 4});
  Tensor m = ones({3, 4}, kBool);
  expect_error_names([&] { x.masked_fill(ones({3, 4}, kByte), 1); }, "masked_fill");
  expect_error_names([&] { x.masked_fill_(ones({4, 4}, kBool), 1); }, "masked_fill_");
  expect_error_names([&] { x.masked_fill_(m, ones({2})); }, "masked_fill_");
  expect_error_names([&] { x.masked_select(ones({3, 4})); }, "masked_select");
  expect_error_names([&] { x.masked_scatter_(m, ones({11})); }, "masked_scatter_");
  expect_error_names([&] { x.masked_scatter(m, ones({12}, kDouble)); }, "masked_scatter");
}

TEST(Masked, InPlaceWritesThroughAView) {
  Tensor base = zeros({3, 4});
  Tensor col = base.select(1, 2);  // stride 4
  col.masked_fill_(tensor({true, false, true}), 5);
  EXPECT_EQ(base.index({0, 2}).item<float>(), 5.0f);
  EXPECT_EQ(base.index({1, 2}).item<float>(), 0.0f);
  col.masked_scatter_(tensor({false, true, true}), tensor({7.0f, 8.0f}));
  EXPECT_EQ(base.index({1, 2}).item<float>(), 7.0f);
  EXPECT_EQ(base.index({2, 2}).item<float>(), 8.0f);
  EXPECT_EQ(base.index({0, 2}).item<float>(), 5.0f);
}

}  // namespace
}  // namespace ember
