// Sorting and selection against PyTorch's golden values (tests/reference/families/sort.py).
#include <gtest/gtest.h>

#include <limits>

#include "ember/ops/reduction.h"
#include "ops/reduction_golden.h"

namespace ember {
namespace {

using testing::Args;
using testing::Json;
using testing::one;
using testing::OpFn;
using testing::Result;
using testing::two;

bool flag(const Args& a, const char* key) {
  return a.json.value(key, false);
}
int64_t number(const Args& a, const char* key) {
  return a.json.at(key).get<int64_t>();
}

const std::map<std::string, OpFn>& ops() {
  static const std::map<std::string, OpFn> table = {
      {"sort",
       [](const Tensor& x, const Args& a) {
         if (a.has("stable")) {
           return two(x.sort(flag(a, "stable"), a.dim(), flag(a, "descending")));
         }
         return two(sort(x, a.dim(), flag(a, "descending")));
       }},
      {"argsort", [](const Tensor& x,
                     const Args& a) { return one(x.argsort(a.dim(), flag(a, "descending"))); }},
      {"topk",
       [](const Tensor& x, const Args& a) {
         return two(x.topk(number(a, "k"), a.dim(), flag(a, "largest")));
       }},
      {"kthvalue",
       [](const Tensor& x, const Args& a) {
         return two(x.kthvalue(number(a, "k"), a.dim(), a.keepdim()));
       }},
      {"median",
       [](const Tensor& x, const Args& a) {
         return a.has_dim() ? two(median(x, a.dim(), a.keepdim())) : one(x.median());
       }},
      {"mode", [](const Tensor& x, const Args& a) { return two(x.mode(a.dim(), a.keepdim())); }},
      {"unique",
       [](const Tensor& x, const Args& a) {
         auto [v, inv, cnt] =
             unique(x, true, flag(a, "return_inverse"), flag(a, "return_counts"), a.opt_dim());
         return Result{v, inv, cnt};
       }},
      {"unique_dim",
       [](const Tensor& x, const Args& a) {
         // sorted = false still sorts along a dim (as PyTorch).
         auto [v, inv, cnt] =
             unique_dim(x, a.dim(), false, flag(a, "return_inverse"), flag(a, "return_counts"));
         return Result{v, inv, cnt};
       }},
      {"unique_consecutive",
       [](const Tensor& x, const Args& a) {
         auto [v, inv, cnt] = unique_consecutive(x, flag(a, "return_inverse"),
                                                 flag(a, "return_counts"), a.opt_dim());
         return Result{v, inv, cnt};
       }},
      {"unique_dim_consecutive",
       [](const Tensor& x, const Args& a) {
         auto [v, inv, cnt] = unique_dim_consecutive(x, a.dim(), flag(a, "return_inverse"),
                                                     flag(a, "return_counts"));
         return Result{v, inv, cnt};
       }},
  };
  return table;
}

// Checks that `indices` (int64) point along `dim` of `x` at `values`: for the ops whose index
// among tied values PyTorch leaves unspecified.
void expect_indices_point_at_values(const Tensor& x, int64_t dim, const Tensor& values,
                                    const Tensor& indices, bool keepdim) {
  ASSERT_EQ(values.sizes(), indices.sizes());
  if (x.dim() == 0) return;
  const int64_t d = dim < 0 ? dim + x.dim() : dim;
  Tensor v = keepdim || values.dim() == x.dim() ? values : values.unsqueeze(d);
  Tensor i = keepdim || indices.dim() == x.dim() ? indices : indices.unsqueeze(d);
  const Tensor xs = x.movedim(d, -1).to(kDouble).contiguous();
  const Tensor vs = v.movedim(d, -1).to(kDouble).contiguous();
  const Tensor is = i.movedim(d, -1).contiguous();
  const int64_t n = xs.size(-1), k = vs.size(-1), lines = vs.numel() / std::max<int64_t>(k, 1);
  for (int64_t line = 0; line < lines; ++line) {
    for (int64_t j = 0; j < k; ++j) {
      const int64_t idx = is.data_ptr<int64_t>()[line * k + j];
      ASSERT_TRUE(idx >= 0 && idx < n) << idx;
      const double got = xs.data_ptr<double>()[line * n + idx];
      const double want = vs.data_ptr<double>()[line * k + j];
      EXPECT_TRUE(got == want || (std::isnan(got) && std::isnan(want)))
          << "line " << line << " index " << idx << ": " << got << " != " << want;
    }
  }
}

class SortGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(SortGolden, MatchesPyTorch) {
  const std::string op = GetParam();
  const OpFn& fn = ops().at(op);
  for (const Json& c : testing::cases_for("sort", op)) {
    if (c.at("args").value("indices", "") != "any" || testing::expects_error(c)) continue;
    // Ties: values exactly, indices only where they point.
    SCOPED_TRACE(c.at("name").get<std::string>());
    const Tensor x = testing::tensor_from_json(c.at("inputs")[0]);
    const Args args{c.at("args")};
    const Result r = fn(x, args);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_MATCHES_GOLDEN(r[0], c.at("expected")[0], testing::Tolerance::bitwise());
    expect_indices_point_at_values(x, args.dim(), r[0], r[1], args.keepdim());
  }
  // Sorting permutes and selects: PyTorch's bits.
  testing::check_golden_cases("sort", op, fn, testing::exactly(), [](const Json& c) {
    return c.at("args").value("indices", "") != "any" || testing::expects_error(c);
  });
}

INSTANTIATE_TEST_SUITE_P(Ops, SortGolden,
                         ::testing::Values("sort", "argsort", "topk", "kthvalue", "median", "mode",
                                           "unique", "unique_dim", "unique_consecutive",
                                           "unique_dim_consecutive"));

TEST(Sort, StableSortKeepsTheOrderOfEqualKeys) {
  std::vector<int64_t> data(1000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<int64_t>(i % 7);
  auto [values, indices] = tensor(data).sort(true, 0, true);
  const Tensor idx = indices.contiguous();
  for (int64_t i = 1; i < 1000; ++i) {
    const int64_t a = idx.data_ptr<int64_t>()[i - 1], b = idx.data_ptr<int64_t>()[i];
    if (data[static_cast<size_t>(a)] == data[static_cast<size_t>(b)]) {
      EXPECT_LT(a, b);
    }
  }
}

TEST(Sort, ErrorsNameTheOp) {
  const Tensor x = ones({2, 3});
  auto starts_with = [](const std::function<void()>& f, const std::string& prefix) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what()).rfind(prefix, 0) == 0;
    }
    return false;
  };
  EXPECT_TRUE(starts_with([&] { x.topk(4, 1); }, "[topk]"));
  EXPECT_TRUE(starts_with([&] { x.kthvalue(0, 1); }, "[kthvalue]"));
  EXPECT_TRUE(starts_with([&] { x.sort(2); }, "[sort]"));
  EXPECT_TRUE(starts_with([&] { x.mode(0 - 3); }, "[mode]"));
  EXPECT_TRUE(starts_with([&] { unique(x, true, false, false, 2); }, "[unique]"));
  EXPECT_TRUE(starts_with([&] { unique(ones({}), true, false, false, 0); }, "[unique]"));
  EXPECT_TRUE(starts_with([&] { unique(zeros({0, 3}), true, false, false, 1); }, "[unique]"));
  EXPECT_TRUE(starts_with([&] { unique(zeros({0, 0}), true, false, false, 0); }, "[unique]"));
  EXPECT_TRUE(starts_with([&] { unique_dim(x, -3); }, "[unique_dim]"));
  EXPECT_TRUE(starts_with([&] { unique_consecutive(x, false, false, 2); }, "[unique_consecutive]"));
  EXPECT_TRUE(
      starts_with([&] { unique_dim_consecutive(ones({}), 0); }, "[unique_dim_consecutive]"));
}

TEST(Unique, AlongADimGroupsWholeSlices) {
  // Rows (1, 2), (0, 5), (1, 2), (0, 1): sorted (0, 1), (0, 5), (1, 2).
  const Tensor x = tensor(std::vector<int64_t>{1, 2, 0, 5, 1, 2, 0, 1}).reshape({4, 2});
  auto [v, inv, cnt] = unique(x, true, true, true, 0);
  EXPECT_TRUE(v.equal(tensor(std::vector<int64_t>{0, 1, 0, 5, 1, 2}).reshape({3, 2})));
  EXPECT_TRUE(inv.equal(tensor(std::vector<int64_t>{2, 1, 2, 0})));
  EXPECT_TRUE(cnt.equal(tensor(std::vector<int64_t>{1, 1, 2})));
  // Each NaN stays apart, also in a row; equal rows around it still merge.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Tensor y = tensor(std::vector<double>{1, nan, 1, nan, 0, 0, 0, 0}, kDouble).reshape({4, 2});
  auto [vy, invy, cnty] = unique(y, true, true, true, 0);
  EXPECT_EQ(vy.size(0), 3);
  EXPECT_TRUE(cnty.equal(tensor(std::vector<int64_t>{2, 1, 1})));
  EXPECT_TRUE(invy.equal(tensor(std::vector<int64_t>{1, 2, 0, 0})));
  auto [vc, invc, cntc] = unique_consecutive(y, true, true, 0);
  EXPECT_TRUE(cntc.equal(tensor(std::vector<int64_t>{1, 1, 2})));
}

}  // namespace
}  // namespace ember
