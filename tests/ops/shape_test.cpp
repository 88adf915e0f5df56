// Views and copies against PyTorch's golden values (tests/reference/families/shape.py), plus
// the aliasing contract: views share storage, writes through them are seen by the base.
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <map>

#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::expect_error_names;

using testing::Json;

std::vector<int64_t> ints(const Json& v) {
  return v.get<std::vector<int64_t>>();
}
int64_t i64(const Json& args, const char* key) {
  return args.at(key).get<int64_t>();
}
std::optional<int64_t> opt_i64(const Json& args, const char* key) {
  if (!args.contains(key) || args.at(key).is_null()) return std::nullopt;
  return args.at(key).get<int64_t>();
}

using Results = std::vector<Tensor>;
using CaseFn = std::function<Results(std::vector<Tensor>&, const Json&)>;

CaseFn single(std::function<Tensor(const Tensor&, const Json&)> fn) {
  return [fn](std::vector<Tensor>& in, const Json& a) { return Results{fn(in[0], a)}; };
}

const std::map<std::string, CaseFn>& shape_ops() {
  static const std::map<std::string, CaseFn> fns = {
      {"view", single([](auto& t, auto& a) { return t.view(ints(a.at("sizes"))); })},
      {"reshape", single([](auto& t, auto& a) { return t.reshape(ints(a.at("sizes"))); })},
      {"flatten",
       single([](auto& t, auto& a) { return t.flatten(i64(a, "start_dim"), i64(a, "end_dim")); })},
      {"unflatten",
       single([](auto& t, auto& a) { return t.unflatten(i64(a, "dim"), ints(a.at("sizes"))); })},
      {"squeeze", single([](auto& t, auto& a) {
         return a.contains("dims") ? t.squeeze(ints(a.at("dims"))) : t.squeeze();
       })},
      {"unsqueeze", single([](auto& t, auto& a) { return t.unsqueeze(i64(a, "dim")); })},
      {"transpose",
       single([](auto& t, auto& a) { return t.transpose(i64(a, "dim0"), i64(a, "dim1")); })},
      {"t", single([](auto& t, auto&) { return t.t(); })},
      {"permute", single([](auto& t, auto& a) { return t.permute(ints(a.at("dims"))); })},
      {"movedim", single([](auto& t, auto& a) {
         return t.movedim(ints(a.at("source")), ints(a.at("destination")));
       })},
      {"expand", single([](auto& t, auto& a) { return t.expand(ints(a.at("sizes"))); })},
      {"slice", single([](auto& t, auto& a) {
         return t.slice(i64(a, "dim"), opt_i64(a, "start"), opt_i64(a, "end"), i64(a, "step"));
       })},
      {"narrow", single([](auto& t, auto& a) {
         return t.narrow(i64(a, "dim"), i64(a, "start"), i64(a, "length"));
       })},
      {"select", single([](auto& t, auto& a) { return t.select(i64(a, "dim"), i64(a, "index")); })},
      {"unbind", [](auto& in, auto& a) { return in[0].unbind(i64(a, "dim")); }},
      {"split", [](auto& in, auto& a) { return in[0].split(i64(a, "split_size"), i64(a, "dim")); }},
      {"split_with_sizes",
       [](auto& in, auto& a) {
         return in[0].split_with_sizes(ints(a.at("split_sizes")), i64(a, "dim"));
       }},
      {"chunk", [](auto& in, auto& a) { return in[0].chunk(i64(a, "chunks"), i64(a, "dim")); }},
      {"diagonal", single([](auto& t, auto& a) {
         return t.diagonal(i64(a, "offset"), i64(a, "dim1"), i64(a, "dim2"));
       })},
      {"as_strided", single([](auto& t, auto& a) {
         return t.as_strided(ints(a.at("sizes")), ints(a.at("strides")),
                             opt_i64(a, "storage_offset"));
       })},
      {"unfold", single([](auto& t, auto& a) {
         return t.unfold(i64(a, "dim"), i64(a, "size"), i64(a, "step"));
       })},
      {"contiguous", single([](auto& t, auto&) { return t.contiguous(); })},
      {"clone", single([](auto& t, auto&) { return t.clone(); })},
      {"to",
       single([](auto& t, auto& a) { return t.to(testing::dtype_from_name(a.at("dtype"))); })},
      {"copy_",
       [](auto& in, auto&) {
         in[0].copy_(in[1]);
         return Results{in[0]};
       }},
  };
  return fns;
}

// Ops whose every successful result must be a view of the input (flatten is a reshape; copy_
// returns its own dst).
bool always_a_view(const std::string& op) {
  return op != "reshape" && op != "flatten" && op != "contiguous" && op != "clone" && op != "to" &&
         op != "copy_";
}

class ShapeGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(ShapeGolden, MatchesPyTorch) {
  const std::string op = GetParam();
  const CaseFn& fn = shape_ops().at(op);
  const auto cases = testing::cases_for("shape", op);
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& expected = c.at("expected");
    if (expected.is_object() && expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(inputs, c.at("args")), expected);
      continue;
    }
    Results results;
    try {
      results = fn(inputs, c.at("args"));
    } catch (const Error& e) {
      ADD_FAILURE() << "unexpected error: " << e.what();
      continue;
    }
    // Views and copies move values, and dtype conversions round once to nearest even:
    // PyTorch's bits.
    const testing::Tolerance exact = testing::Tolerance::bitwise();
    if (expected.is_array()) {
      ASSERT_EQ(results.size(), expected.size());
      for (size_t i = 0; i < results.size(); ++i) {
        EXPECT_MATCHES_GOLDEN(results[i], expected[i], exact);
      }
    } else {
      ASSERT_EQ(results.size(), 1u);
      EXPECT_MATCHES_GOLDEN(results[0], expected, exact);
    }
    // Storage sharing follows PyTorch (a view where PyTorch makes one, a copy where it copies).
    if (c.contains("shares") && op != "copy_") {
      for (const Tensor& r : results) {
        if (r.numel() == 0) continue;
        EXPECT_EQ(r.is_alias_of(inputs[0]), c.at("shares").get<bool>());
      }
    }
    if (always_a_view(op)) {
      for (const Tensor& r : results) EXPECT_TRUE(r.is_alias_of(inputs[0]));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, ShapeGolden,
                         ::testing::Values("view", "reshape", "flatten", "unflatten", "squeeze",
                                           "unsqueeze", "transpose", "t", "permute", "movedim",
                                           "expand", "slice", "narrow", "select", "unbind", "split",
                                           "split_with_sizes", "chunk", "diagonal", "as_strided",
                                           "unfold", "contiguous", "clone", "to", "copy_"));

// ---- Aliasing: writes through a view reach the base, and the reverse -------------------------

std::vector<float> floats(const Tensor& t) {
  Tensor c = t.to(kFloat).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

struct ViewCase {
  const char* name;
  std::function<Tensor(const Tensor&)> make;
};

TEST(Views, WritesThroughEveryViewAreSeenByTheBase) {
  const ViewCase views[] = {
      {"view",
       [](const Tensor& b) {
         return b.view({6, 4});
       }},
      {"reshape", [](const Tensor& b) { return b.reshape({-1}); }},
      {"flatten", [](const Tensor& b) { return b.flatten(1); }},
      {"unflatten",
       [](const Tensor& b) {
         return b.unflatten(2, {2, 2});
       }},
      {"squeeze", [](const Tensor& b) { return b.unsqueeze(1).squeeze(); }},
      {"unsqueeze", [](const Tensor& b) { return b.unsqueeze(0); }},
      {"transpose", [](const Tensor& b) { return b.transpose(0, 2); }},
      {"permute",
       [](const Tensor& b) {
         return b.permute({2, 0, 1});
       }},
      {"movedim", [](const Tensor& b) { return b.movedim(0, 2); }},
      {"narrow", [](const Tensor& b) { return b.narrow(1, 1, 2); }},
      {"slice", [](const Tensor& b) { return b.slice(2, 1, std::nullopt, 2); }},
      {"select", [](const Tensor& b) { return b.select(1, 2); }},
      {"unbind", [](const Tensor& b) { return b.unbind(2)[3]; }},
      {"split", [](const Tensor& b) { return b.split(2, 2)[1]; }},
      {"split_with_sizes",
       [](const Tensor& b) {
         return b.split_with_sizes({1, 2}, 1)[1];
       }},
      {"chunk", [](const Tensor& b) { return b.chunk(2, 0)[1]; }},
      {"diagonal", [](const Tensor& b) { return b.diagonal(1, 1, 2); }},
      {"as_strided", [](const Tensor& b) { return b.as_strided({3}, {5}, 2); }},
      {"unfold", [](const Tensor& b) { return b.unfold(2, 2, 1); }},
      {"t", [](const Tensor& b) { return b[0].t(); }},
      {"mT", [](const Tensor& b) { return b.mT(); }},
      {"view_as",
       [](const Tensor& b) {
         return b.view_as(zeros({4, 6}));
       }},
  };
  for (const ViewCase& v : views) {
    SCOPED_TRACE(v.name);
    Tensor base = arange(24, kFloat).reshape({2, 3, 4});
    Tensor view = v.make(base);
    ASSERT_TRUE(view.is_alias_of(base));
    ASSERT_GT(view.numel(), 0);
    const uint32_t version = base._version();
    view.fill_(-1);  // every element the view covers
    EXPECT_GT(base._version(), version);
    const std::vector<float> after = floats(base);
    int64_t changed = 0;
    for (float x : after) changed += x == -1;
    // The view and the base see the same memory: the number of distinct base elements the view
    // covers (as_strided and unfold may overlap) all became -1, and the view reads them back.
    EXPECT_GT(changed, 0);
    for (float x : floats(view)) EXPECT_EQ(x, -1.0f);
    // And writes through the base are seen by the view.
    base.fill_(7);
    for (float x : floats(view)) EXPECT_EQ(x, 7.0f);
  }
}

TEST(Views, SelectWritesExactlyOneRow) {
  Tensor base = zeros({3, 4});
  base.select(0, 1).fill_(5);
  EXPECT_EQ(floats(base), (std::vector<float>{0, 0, 0, 0, 5, 5, 5, 5, 0, 0, 0, 0}));
  base.slice(1, 0, 4, 3).fill_(1);
  EXPECT_EQ(floats(base), (std::vector<float>{1, 0, 0, 1, 1, 5, 5, 1, 1, 0, 0, 1}));
  base.diagonal().fill_(9);
  EXPECT_EQ(floats(base), (std::vector<float>{9, 0, 0, 1, 1, 9, 5, 1, 1, 0, 9, 1}));
}

TEST(Views, ReshapeSharesStorageWhenItCanAndCopiesWhenItCannot) {
  Tensor base = arange(12, kFloat).reshape({3, 4});
  Tensor v = base.reshape({2, 6});
  EXPECT_TRUE(v.is_alias_of(base));
  Tensor tr = base.t();
  Tensor c = tr.reshape({12});  // a transposed matrix cannot be flattened without a copy
  EXPECT_FALSE(c.is_alias_of(base));
  EXPECT_EQ(floats(c), (std::vector<float>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
  Tensor kept = tr.reshape({4, 3, 1});  // adding a size-1 dim is still a view
  EXPECT_TRUE(kept.is_alias_of(base));
  EXPECT_EMBER_ERROR(tr.view({12}),
                     "(at least one dimension spans across two contiguous subspaces)");
}

TEST(Views, ContiguousReturnsSelfWhenContiguous) {
  Tensor base = arange(6, kFloat).reshape({2, 3});
  EXPECT_TRUE(base.contiguous().is_same(base));
  Tensor c = base.t().contiguous();
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_FALSE(c.is_alias_of(base));
  Tensor cl = base.clone();
  EXPECT_FALSE(cl.is_alias_of(base));
  cl.fill_(0);
  EXPECT_EQ(floats(base), (std::vector<float>{0, 1, 2, 3, 4, 5}));
}

TEST(Views, ToSameDtypeIsANoOpUnlessCopyIsAsked) {
  Tensor a = ones({3});
  EXPECT_TRUE(a.to(kFloat).is_same(a));
  EXPECT_FALSE(a.to(kFloat, false, /*copy=*/true).is_alias_of(a));
  EXPECT_EQ(a.to(TensorOptions().dtype(kDouble)).scalar_type(), kDouble);
  EXPECT_EQ(a.to(ones({1}, kInt)).scalar_type(), kInt);
  EXPECT_TRUE(a.to(Device(kCPU)).is_same(a));
  EXPECT_EMBER_ERROR(a.to(Device("cuda:0")), "no backend for device cuda:0 in this build");
  EXPECT_EQ(a.type_as(zeros({1}, kHalf)).scalar_type(), kHalf);
}

TEST(Views, ViewsCarryRequiresGrad) {
  Tensor a = ones({2, 2}).requires_grad_();
  EXPECT_TRUE(a.t().requires_grad());
  EXPECT_TRUE(a[0].requires_grad());
}

TEST(Copy, CopyIntoSelfOverlapReadsOriginalValues) {
  Tensor a = arange(4, kFloat);
  a.slice(0, 1).copy_(a.slice(0, 0, 3));
  EXPECT_EQ(floats(a), (std::vector<float>{0, 0, 1, 2}));
  Tensor b = arange(4, kFloat).reshape({2, 2});
  b.copy_(b.t());
  EXPECT_EQ(floats(b), (std::vector<float>{0, 2, 1, 3}));
}

TEST(Copy, BumpsVersionAndChecksInputs) {
  Tensor a = zeros({2, 3});
  const uint32_t v = a._version();
  a.copy_(ones({3}, kInt));
  EXPECT_EQ(a._version(), v + 1);
  EXPECT_EQ(floats(a), (std::vector<float>(6, 1.0f)));
  EXPECT_EMBER_ERROR(a.copy_(Tensor()), "undefined");
  EXPECT_EMBER_ERROR(a.copy_(ones({2})),
                     "The size of tensor a (3) must match the size of tensor b "
                     "(2) at non-singleton dimension 1");
}

TEST(Views, ErrorsNameTheOp) {
  Tensor x = zeros({2, 3});
  expect_error_names([&] { x.view({4}); }, "view");
  expect_error_names([&] { x.t().view({6}); }, "view");
  expect_error_names([&] { x.reshape({-1, -1}); }, "reshape");
  expect_error_names([&] { x.flatten(1, 0); }, "flatten");
  expect_error_names([&] { x.unflatten(1, {2, 2}); }, "unflatten");
  expect_error_names([&] { x.transpose(0, 2); }, "transpose");
  expect_error_names([&] { zeros({2, 2, 2}).t(); }, "t");
  expect_error_names([&] { x.permute({0, 0}); }, "permute");
  expect_error_names([&] { x.expand({4, 3}); }, "expand");
  expect_error_names([&] { x.expand({3}); }, "expand");
  expect_error_names([&] { x.narrow(1, 2, 2); }, "narrow");
  expect_error_names([&] { x.slice(0, 0, 2, 0); }, "slice");
  expect_error_names([&] { x.select(0, 2); }, "select");
  expect_error_names([&] { x.split(-1); }, "split");
  expect_error_names([&] { x.split_with_sizes({1, 2}); }, "split_with_sizes");
  expect_error_names([&] { x.chunk(0); }, "chunk");
  expect_error_names([&] { x.diagonal(0, 1, 1); }, "diagonal");
  expect_error_names([&] { x.movedim({0, 0}, {0, 1}); }, "movedim");
  expect_error_names([&] { x.as_strided({7}, {1}); }, "as_strided");
  expect_error_names([&] { x.as_strided({2}, {1}, 5); }, "as_strided");
  expect_error_names([&] { x.unfold(1, 4, 1); }, "unfold");
  expect_error_names([&] { Tensor().view({1}); }, "view");
  expect_error_names([&] { Tensor().clone(); }, "clone");
}

TEST(Views, HugeArgumentsRaiseInsteadOfOverflowing) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  Tensor x = arange(10, kFloat);
  EXPECT_EQ(x.slice(0, 0, kMax, kMax).numel(), 1);
  EXPECT_EQ(x.slice(0, std::numeric_limits<int64_t>::min(), kMax, 3).numel(), 4);
  expect_error_names([&] { x.narrow(0, 5, kMax); }, "narrow");
  EXPECT_EQ(x.chunk(kMax).size(), 10u);
  expect_error_names([&] { x.as_strided({int64_t{1} << 62}, {4}); }, "as_strided");
  expect_error_names([&] { x.as_strided({2}, {kMax}); }, "as_strided");
  expect_error_names([&] { x.as_strided({2}, {1}, kMax); }, "as_strided");
  expect_error_names(
      [&] {
        x.as_strided({int64_t{1} << 40, int64_t{1} << 40}, {0, 0});
      },
      "as_strided");
  expect_error_names([&] { x[0].expand({int64_t{1} << 40, int64_t{1} << 40}); }, "expand");
  expect_error_names([&] { x.view({int64_t{1} << 40, int64_t{1} << 40, 0}); }, "view");
  expect_error_names([&] { x.view({int64_t{1} << 62, 4}); }, "view");
  EXPECT_EQ(zeros({0}).view({int64_t{1} << 40, 0}).numel(), 0);
}

TEST(Copy, IntoABroadcastDestinationRaises) {
  Tensor x = zeros({3}).expand({2, 3});
  expect_error_names([&] { x.copy_(ones({2, 3})); }, "copy_");
  EXPECT_NO_THROW(x.fill_(1));  // one value: no ambiguity, as in PyTorch
  EXPECT_NO_THROW(zeros({3}).expand({1, 3}).copy_(ones({3})));
}

TEST(Views, ChunkMatchesPyTorchPieceCounts) {
  // PyTorch uses ceil(size / chunks) per piece, so fewer pieces than asked can come back.
  EXPECT_EQ(arange(6).chunk(4).size(), 3u);
  EXPECT_EQ(arange(5).chunk(3).size(), 3u);
  EXPECT_EQ(arange(5).chunk(3).back().numel(), 1);
  EXPECT_EQ(zeros({0, 2}).chunk(3).size(), 3u);
}

}  // namespace
}  // namespace ember
