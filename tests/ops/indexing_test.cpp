// t.index / t.index_put_ against PyTorch's golden values (tests/reference/families/indexing.py),
// plus the view, version-counter and error-message rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::expect_error_names;

using indexing::Ellipsis;
using indexing::None;
using indexing::Slice;
using indexing::TensorIndex;
using testing::Json;

// Copies are exact.
const testing::Tolerance kExact = testing::Tolerance::bitwise();

std::optional<int64_t> bound(const Json& v) {
  if (v.is_null()) return std::nullopt;
  return v.get<int64_t>();
}

std::vector<TensorIndex> indices_from_json(const Json& spec, const std::vector<Tensor>& inputs) {
  std::vector<TensorIndex> out;
  for (const Json& i : spec) {
    if (i.contains("int")) {
      out.emplace_back(i.at("int").get<int64_t>());
    } else if (i.contains("slice")) {
      const Json& s = i.at("slice");
      out.emplace_back(Slice(bound(s.at(0)), s.size() > 1 ? bound(s.at(1)) : std::nullopt,
                             s.size() > 2 ? bound(s.at(2)) : std::nullopt));
    } else if (i.contains("none")) {
      out.emplace_back(None);
    } else if (i.contains("ellipsis")) {
      out.emplace_back(Ellipsis);
    } else if (i.contains("bool")) {
      out.emplace_back(i.at("bool").get<bool>());
    } else {
      out.emplace_back(inputs.at(i.at("tensor").get<size_t>()));
    }
  }
  return out;
}

Scalar scalar_from_json(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}

TEST(IndexingGolden, Index) {
  const auto cases = testing::cases_for("indexing", "index");
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto inputs = testing::tensors_from_json(c.at("inputs"));
    const auto idx = indices_from_json(c.at("args").at("indices"), inputs);
    if (c.at("expected").contains("error")) {
      EXPECT_GOLDEN_ERROR(inputs[0].index(idx), c.at("expected"));
    } else {
      EXPECT_MATCHES_GOLDEN(inputs[0].index(idx), c.at("expected"), kExact);
    }
  }
}

TEST(IndexingGolden, IndexPut) {
  const auto cases = testing::cases_for("indexing", "index_put_");
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& args = c.at("args");
    const auto idx = indices_from_json(args.at("indices"), inputs);
    Tensor self = inputs[0];
    const bool accumulate = args.value("accumulate", false);
    auto run = [&]() -> Tensor& {
      if (args.contains("scalar")) {
        return self.index_put_(idx, scalar_from_json(args.at("scalar")), accumulate);
      }
      return self.index_put_(idx, inputs.at(args.at("value").get<size_t>()), accumulate);
    };
    if (c.at("expected").contains("error")) {
      EXPECT_GOLDEN_ERROR(run(), c.at("expected"));
    } else {
      Tensor& r = run();
      EXPECT_TRUE(r.is_same(self));
      EXPECT_MATCHES_GOLDEN(self, c.at("expected"), kExact);
    }
  }
}

// Bitwise equal sizes and values (as float64).
bool same_values(const Tensor& a, const Tensor& b) {
  if (a.sizes() != b.sizes()) return false;
  const Tensor x = a.to(kDouble).contiguous(), y = b.to(kDouble).contiguous();
  return std::equal(x.data_ptr<double>(), x.data_ptr<double>() + x.numel(), y.data_ptr<double>());
}

TEST(Indexing, BasicIndexingReturnsViews) {
  Tensor x = arange(24, kFloat).reshape({2, 3, 4});
  Tensor v = x.index({1, Slice(None, None, 2), None, Ellipsis});
  EXPECT_TRUE(v.is_alias_of(x));
  EXPECT_EQ(v.sizes(), IntArrayRef({2, 1, 4}));
  v.fill_(-1);
  EXPECT_EQ(x.index({1, 2, 3}).item<float>(), -1.0f);
  EXPECT_EQ(x.index({1, 1, 0}).item<float>(), 16.0f);
  EXPECT_TRUE(x.index({"...", -1}).is_alias_of(x));
  const Tensor all = x.index({Ellipsis});
  EXPECT_TRUE(all.is_alias_of(x));
  EXPECT_FALSE(all.is_same(x));
  // A 0-d integer tensor indexes like an integer (libtorch): a view.
  EXPECT_TRUE(x.index({tensor(int64_t{1})}).is_alias_of(x));
}

TEST(Indexing, AdvancedIndexingCopies) {
  Tensor x = arange(12, kFloat).reshape({3, 4});
  Tensor c = x.index({tensor({0, 2})});
  EXPECT_FALSE(c.is_alias_of(x));
  c.fill_(7);
  EXPECT_EQ(x.index({0, 0}).item<float>(), 0.0f);
}

TEST(Indexing, IndexPutWritesThroughViewsAndBumpsVersion) {
  Tensor base = zeros({4, 6});
  Tensor view = base.slice(1, 0, 6, 2);  // non-contiguous [4, 3]
  const uint32_t before = base._version();
  view.index_put_({tensor({3, 0}), Slice(1)}, 5);
  EXPECT_GT(base._version(), before);
  EXPECT_EQ(base.index({3, 2}).item<float>(), 5.0f);
  EXPECT_EQ(base.index({0, 4}).item<float>(), 5.0f);
  EXPECT_EQ(base.index({0, 0}).item<float>(), 0.0f);
  EXPECT_EQ(base.index({0, 3}).item<float>(), 0.0f);
  const uint32_t mid = base._version();
  base.index_put_({Slice(), 0}, tensor({1.0f, 2.0f, 3.0f, 4.0f}));
  EXPECT_GT(base._version(), mid);
  EXPECT_EQ(base.index({2, 0}).item<float>(), 3.0f);
}

TEST(Indexing, IndexPutValueAliasingSelfReadsOriginal) {
  Tensor x = arange(4, kFloat);
  x.index_put_({tensor({1, 2, 3})}, x.slice(0, 0, 3));
  EXPECT_EQ(x.index({3}).item<float>(), 2.0f);
  EXPECT_EQ(x.index({2}).item<float>(), 1.0f);
}

TEST(Indexing, ErrorsNameTheOpAndIndex) {
  Tensor x = zeros({3, 4});
  expect_error_names([&] { x.index({3}); }, "index");
  expect_error_names([&] { x.index({tensor({0, 7})}); }, "index");
  expect_error_names([&] { x.index({0, 0, 0}); }, "index");
  expect_error_names([&] { x.index({tensor({0.5})}); }, "index");
  expect_error_names([&] { x.index({tensor({true, false})}); }, "index");
  expect_error_names([&] { x.index_put_({tensor({-4})}, 1); }, "index_put_");
  expect_error_names([&] { x.index_put_({tensor({0})}, ones({2}, kDouble)); }, "index_put_");
  expect_error_names([&] { x.index({Tensor()}); }, "index");
  EXPECT_EMBER_ERROR(x.index({Slice(), tensor({9})}),
                     "index 9 is out of bounds for dimension 0 with size 4");
  expect_error_names([] { TensorIndex bad("..x"); }, "index");
}

TEST(Indexing, StringEllipsis) {
  Tensor x = arange(6, kFloat).reshape({2, 3});
  Tensor r = x.index({"...", 1});
  EXPECT_EQ(r.sizes(), IntArrayRef({2}));
  EXPECT_EQ(r.index({1}).item<float>(), 4.0f);
}

TEST(Indexing, LargeIndexMatchesAcrossThreadCounts) {
  // Enough elements for several parallel chunks.
  Tensor x = arange(200000, kFloat).reshape({1000, 200});
  Tensor idx = arange(999, -1, -1, kLong);
  const int threads = get_num_threads();
  set_num_threads(1);
  Tensor one = x.index({idx, Slice(None, None, 3)});
  set_num_threads(std::max(threads, 4));
  Tensor many = x.index({idx, Slice(None, None, 3)});
  set_num_threads(threads);
  EXPECT_TRUE(same_values(one, many));
  EXPECT_EQ(one.index({0, 1}).item<float>(), 999.0f * 200 + 3);
  EXPECT_EQ(one.index({998, 66}).item<float>(), 200.0f + 198);
}

}  // namespace
}  // namespace ember
