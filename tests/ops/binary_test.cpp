// Binary elementwise ops against PyTorch's golden values (tests/reference/families/binary.py).
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "support/golden.h"

namespace ember {
namespace {

using testing::Json;

using BinaryFn = std::function<Tensor(const Tensor&, const Tensor&)>;
using NumberFn = std::function<Tensor(const Tensor&, const Scalar&)>;

const std::map<std::string, std::pair<BinaryFn, NumberFn>>& binary_ops() {
  static const std::map<std::string, std::pair<BinaryFn, NumberFn>> ops = {
      {"add", {[](auto& a, auto& b) { return a + b; }, [](auto& a, auto& s) { return a + s; }}},
      {"sub", {[](auto& a, auto& b) { return a - b; }, [](auto& a, auto& s) { return a - s; }}},
      {"mul", {[](auto& a, auto& b) { return a * b; }, [](auto& a, auto& s) { return a * s; }}},
      {"div",
       {[](auto& a, auto& b) { return a.div(b); }, [](auto& a, auto& s) { return a.div(s); }}},
      {"eq", {[](auto& a, auto& b) { return a == b; }, [](auto& a, auto& s) { return a == s; }}},
      {"ne", {[](auto& a, auto& b) { return a != b; }, [](auto& a, auto& s) { return a != s; }}},
      {"lt", {[](auto& a, auto& b) { return a < b; }, [](auto& a, auto& s) { return a < s; }}},
      {"le", {[](auto& a, auto& b) { return a <= b; }, [](auto& a, auto& s) { return a <= s; }}},
      {"gt", {[](auto& a, auto& b) { return a > b; }, [](auto& a, auto& s) { return a > s; }}},
      {"ge", {[](auto& a, auto& b) { return a >= b; }, [](auto& a, auto& s) { return a >= s; }}},
  };
  return ops;
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

class BinaryGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(BinaryGolden, MatchesPyTorch) {
  const auto& [tensor_fn, number_fn] = binary_ops().at(GetParam());
  const auto cases = testing::cases_for("binary", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto inputs = testing::tensors_from_json(c.at("inputs"));
    auto run = [&] {
      return c.at("args").contains("scalar")
                 ? number_fn(inputs[0], scalar_from_json(c.at("args").at("scalar")))
                 : tensor_fn(inputs[0], inputs[1]);
    };
    if (c.at("expected").contains("error")) {
      EXPECT_THROW(run(), Error);
    } else {
      EXPECT_MATCHES_GOLDEN(run(), c.at("expected"));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, BinaryGolden,
                         ::testing::Values("add", "sub", "mul", "div", "eq", "ne", "lt", "le", "gt",
                                           "ge"));

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
  EXPECT_THROW(i.add_(ones({3})), Error);
  EXPECT_THROW(i.add_(2.5), Error);
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
  EXPECT_THROW(ones({2}) + Tensor(), Error);
}

}  // namespace
}  // namespace ember
