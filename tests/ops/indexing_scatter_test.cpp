// index_select, gather, scatter*, index_add and take against PyTorch's golden values
// (tests/reference/families/indexing_scatter.py); in-place forms are checked on the same cases.
#include <gtest/gtest.h>

#include <algorithm>
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
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}
int64_t dim_of(const Json& a) {
  return a.at("dim").get<int64_t>();
}
Scalar alpha_of(const Json& a) {
  return a.contains("alpha") ? scalar_from_json(a.at("alpha")) : Scalar(1);
}

struct OpForms {
  Fn out_of_place;
  Fn in_place;  // returns inputs[0] after the in-place op (empty when there is none)
};

const std::map<std::string, OpForms>& ops() {
  static const std::map<std::string, OpForms> table = {
      {"gather", {[](auto& in, auto& a) { return in[0].gather(dim_of(a), in[1]); }, {}}},
      {"index_select",
       {[](auto& in, auto& a) { return in[0].index_select(dim_of(a), in[1]); }, {}}},
      {"take", {[](auto& in, auto&) { return in[0].take(in[1]); }, {}}},
      {"scatter",
       {[](auto& in, auto& a) {
          return a.contains("value")
                     ? in[0].scatter(dim_of(a), in[1], scalar_from_json(a.at("value")))
                     : in[0].scatter(dim_of(a), in[1], in[2]);
        },
        [](auto& in, auto& a) {
          return a.contains("value")
                     ? in[0].scatter_(dim_of(a), in[1], scalar_from_json(a.at("value")))
                     : in[0].scatter_(dim_of(a), in[1], in[2]);
        }}},
      {"scatter_add",
       {[](auto& in, auto& a) { return in[0].scatter_add(dim_of(a), in[1], in[2]); },
        [](auto& in, auto& a) { return in[0].scatter_add_(dim_of(a), in[1], in[2]); }}},
      {"scatter_reduce",
       {[](auto& in, auto& a) {
          return in[0].scatter_reduce(dim_of(a), in[1], in[2],
                                      a.at("reduce").template get<std::string>(),
                                      a.at("include_self").template get<bool>());
        },
        [](auto& in, auto& a) {
          return in[0].scatter_reduce_(dim_of(a), in[1], in[2],
                                       a.at("reduce").template get<std::string>(),
                                       a.at("include_self").template get<bool>());
        }}},
      {"index_add",
       {[](auto& in, auto& a) { return in[0].index_add(dim_of(a), in[1], in[2], alpha_of(a)); },
        [](auto& in, auto& a) { return in[0].index_add_(dim_of(a), in[1], in[2], alpha_of(a)); }}},
  };
  return table;
}

class ScatterGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(ScatterGolden, MatchesPyTorch) {
  const OpForms& forms = ops().at(GetParam());
  const auto cases = testing::cases_for("indexing_scatter", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const Json& args = c.at("args");
    const Json& expected = c.at("expected");
    std::vector<Tensor> inputs = testing::tensors_from_json(c.at("inputs"));
    // Copies are exact, and the reductions accumulate in index order, as PyTorch's CPU kernels
    // do, so their sums round the same way. index_add with an alpha other than 1 adds
    // alpha * src: whether a compiler fuses that into an FMA (GCC's release build does across
    // statements, clang's ASan build differently) decides a rounding per added slice, so it is a
    // sum of the slices' terms, in index order, bounded as such.
    testing::Tolerance tol = testing::Tolerance::bitwise();
    if (GetParam() == "index_add" && alpha_of(args).to<double>() != 1 &&
        !expected.contains("error") && inputs[0].is_floating_point()) {
      const double alpha = std::abs(alpha_of(args).to<double>());
      const Tensor& self = inputs[0];
      const Tensor& src = inputs[2];
      const double terms = src.dim() == 0 ? 2 : static_cast<double>(src.size(dim_of(args))) + 1;
      tol = testing::Tolerance::sum_of(
          terms, testing::max_abs(self) + terms * alpha * testing::max_abs(src),
          testing::accumulate_dtype(self.scalar_type()));
    }
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(forms.out_of_place(inputs, args), expected);
    } else {
      const uint32_t version = inputs[0]._version();
      EXPECT_MATCHES_GOLDEN(forms.out_of_place(inputs, args), expected, tol);
      EXPECT_EQ(inputs[0]._version(), version) << "the out-of-place form modified self";
    }
    if (!forms.in_place) continue;
    // In place on the same (possibly non-contiguous) self: writes land in self's view.
    std::vector<Tensor> fresh = testing::tensors_from_json(c.at("inputs"));
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(forms.in_place(fresh, args), expected);
    } else {
      const uint32_t version = fresh[0]._version();
      const Tensor r = forms.in_place(fresh, args);
      EXPECT_TRUE(r.is_same(fresh[0]));
      EXPECT_MATCHES_GOLDEN(fresh[0], expected, tol);
      EXPECT_GT(fresh[0]._version(), version);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, ScatterGolden,
                         ::testing::Values("gather", "index_select", "take", "scatter",
                                           "scatter_add", "scatter_reduce", "index_add"));

TEST(Scatter, ErrorsNameTheOpAndIndex) {
  Tensor x = zeros({3, 4});
  try {
    x.gather(0, full({1, 4}, 7, kLong));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("[gather] index 7 is out of bounds for dimension 0 with size 3"),
        std::string::npos)
        << e.what();
  }
  expect_error_names([&] { x.scatter_(0, full({1, 4}, 3, kLong), 1.0); }, "scatter_");
  expect_error_names(
      [&] {
        x.scatter_add(1, full({1, 1}, 4, kLong), ones({1, 1}));
      },
      "scatter_add");
  expect_error_names(
      [&] {
        x.scatter_reduce(0, zeros({1, 1}, kLong), ones({1, 1}), "max");
      },
      "scatter_reduce");
  expect_error_names([&] { x.index_add_(0, tensor({5}), ones({1, 4})); }, "index_add");
  expect_error_names([&] { x.index_select(0, tensor({-1})); }, "index_select");
  expect_error_names([&] { x.take(tensor({12})); }, "take");
}

TEST(Scatter, WritingToAnExpandedSelfRaises) {
  Tensor x = zeros({3}).expand({2, 3});
  expect_error_names([&] { x.scatter_(0, zeros({1, 3}, kLong), 1.0); }, "scatter_");
  expect_error_names([&] { x.index_add_(0, tensor({0}), ones({1, 3})); }, "index_add");
  // masked_fill_ allows it (PyTorch only warns): every element gets the value.
  x.masked_fill_(ones({2, 3}, kBool), 2);
  EXPECT_EQ(x.index({1, 2}).item<float>(), 2.0f);
}

bool bitwise_equal(const Tensor& a, const Tensor& b) {
  const Tensor x = a.contiguous(), y = b.contiguous();
  return a.sizes() == b.sizes() &&
         std::equal(x.data_ptr<float>(), x.data_ptr<float>() + x.numel(), y.data_ptr<float>());
}

TEST(Scatter, SumsAreThreadCountIndependent) {
  // Many duplicates over a large float tensor: the sums must not depend on the thread count.
  Tensor src = arange(400000, kFloat).div(tensor(7.0f)).reshape({4000, 100});
  Tensor index = empty({4000, 100}, kLong);
  Tensor reversed = empty({100}, kLong);
  for (int64_t i = 0; i < 400000; ++i) index.data_ptr<int64_t>()[i] = (i * 7919) % 3;
  for (int64_t i = 0; i < 100; ++i) reversed.data_ptr<int64_t>()[i] = (i * 37) % 50;
  auto run = [&](int threads) {
    set_num_threads(threads);
    return std::make_pair(zeros({3, 100}).scatter_add(0, index, src),
                          zeros({3, 50}).index_add(1, reversed, src.slice(0, 0, 3)));
  };
  const int threads = get_num_threads();
  const auto one = run(1);
  const auto many = run(std::max(threads, 4));
  set_num_threads(threads);
  EXPECT_TRUE(bitwise_equal(one.first, many.first));
  EXPECT_TRUE(bitwise_equal(one.second, many.second));
}

}  // namespace
}  // namespace ember
