// searchsorted, bucketize, histc and bincount against PyTorch's golden values
// (tests/reference/families/indexing_search.py).
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::expect_error_names;

using testing::Json;
using Fn = std::function<Tensor(const std::vector<Tensor>&, const Json&)>;

Scalar scalar_from_json(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}
bool flag(const Json& a, const char* name) {
  return a.contains(name) && a.at(name).get<bool>();
}
std::optional<std::string> side_of(const Json& a) {
  if (!a.contains("side")) return std::nullopt;
  return a.at("side").get<std::string>();
}

const std::map<std::string, Fn>& ops() {
  static const std::map<std::string, Fn> table = {
      {"searchsorted",
       [](const auto& in, const auto& a) {
         const auto side = side_of(a);
         const std::optional<std::string_view> sv =
             side ? std::optional<std::string_view>(*side) : std::nullopt;
         // With "sorter", the last input is the sorter.
         const std::optional<Tensor> sorter =
             flag(a, "sorter") ? std::optional<Tensor>(in.back()) : std::nullopt;
         if (a.contains("scalar")) {
           return searchsorted(in[0], scalar_from_json(a.at("scalar")), flag(a, "out_int32"),
                               flag(a, "right"), sv, sorter);
         }
         return searchsorted(in[0], in[1], flag(a, "out_int32"), flag(a, "right"), sv, sorter);
       }},
      {"bucketize",
       [](const auto& in, const auto& a) {
         if (a.contains("scalar")) {
           return bucketize(scalar_from_json(a.at("scalar")), in[0], flag(a, "out_int32"),
                            flag(a, "right"));
         }
         return bucketize(in[0], in[1], flag(a, "out_int32"), flag(a, "right"));
       }},
      {"histc",
       [](const auto& in, const auto& a) {
         return histc(in[0], a.at("bins").template get<int64_t>(), scalar_from_json(a.at("min")),
                      scalar_from_json(a.at("max")));
       }},
      {"bincount",
       [](const auto& in, const auto& a) {
         const std::optional<Tensor> w =
             in.size() > 1 ? std::optional<Tensor>(in[1]) : std::nullopt;
         return bincount(in[0], w, a.at("minlength").template get<int64_t>());
       }},
  };
  return table;
}

class SearchGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(SearchGolden, MatchesPyTorch) {
  const Fn& fn = ops().at(GetParam());
  const auto cases = testing::cases_for("indexing_search", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto inputs = testing::tensors_from_json(c.at("inputs"));
    if (c.at("expected").contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(inputs, c.at("args")), c.at("expected"));
    } else {
      // Positions and counts are exact; weighted sums follow the same order as PyTorch.
      EXPECT_MATCHES_GOLDEN(fn(inputs, c.at("args")), c.at("expected"),
                            testing::Tolerance::bitwise());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, SearchGolden,
                         ::testing::Values("searchsorted", "bucketize", "histc", "bincount"));

TEST(Search, SorterErrorsNameTheOp) {
  const Tensor seq = tensor(std::vector<double>{3.0, 1.0, 2.0}, kDouble);
  const Tensor v = tensor(std::vector<double>{1.5}, kDouble);
  const Tensor order = tensor(std::vector<int64_t>{1, 2, 0});
  expect_error_names(
      [&] { searchsorted(seq, v, false, false, std::nullopt, order.narrow(0, 0, 2)); },
      "searchsorted");
  EXPECT_EMBER_ERROR(searchsorted(seq, v, false, false, std::nullopt, order.to(kInt)),
                     "sorter must be a tensor of long dtype");
  EXPECT_EMBER_ERROR(searchsorted(seq, v, false, false, std::nullopt, order + 1),
                     "sorter index out of range");
  EXPECT_EMBER_ERROR(searchsorted(seq, 1.5, false, false, std::nullopt, order - 1),
                     "sorter index out of range");
  EXPECT_EMBER_ERROR(searchsorted(seq, v, false, true, "left", order), "side and right");
  // An undefined sorter is no sorter.
  EXPECT_EQ(searchsorted(seq, v, false, false, std::nullopt, Tensor()).item<int64_t>(),
            searchsorted(seq, v).item<int64_t>());
  EXPECT_EQ(searchsorted(seq, v, false, false, std::nullopt, order).item<int64_t>(), 1);
}

TEST(Search, ErrorsNameTheOp) {
  expect_error_names([] { searchsorted(zeros({2, 3}), zeros({3, 1})); }, "searchsorted");
  expect_error_names([] { searchsorted(zeros({3}), zeros({2}), false, false, "up"); },
                     "searchsorted");
  expect_error_names([] { bucketize(zeros({2}), zeros({2, 2})); }, "bucketize");
  expect_error_names([] { histc(ones({2}, kLong), 3); }, "histc");
  expect_error_names([] { histc(ones({2}), 3, 2, 1); }, "histc");
  expect_error_names([] { bincount(tensor({1, -1})); }, "bincount");
  expect_error_names([] { bincount(tensor({1, 2}), ones({3})); }, "bincount");
}

}  // namespace
}  // namespace ember
