// Pooling ops against PyTorch's golden values (tests/reference/families/pooling.py): forward
// values and indices, and for "grad" cases the input's gradient for a given upstream gradient.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "ember/ops/pooling.h"
#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::error_of;
using testing::expect_error_names;
using testing::Json;

std::vector<int64_t> ints(const Json& a, const char* name) {
  return a.at(name).get<std::vector<int64_t>>();
}

std::optional<int64_t> divisor(const Json& a) {
  if (!a.contains("divisor_override")) return std::nullopt;
  return a.at("divisor_override").get<int64_t>();
}

std::vector<Tensor> pair(const std::tuple<Tensor, Tensor>& t) {
  return {std::get<0>(t), std::get<1>(t)};
}

using Fn = std::function<std::vector<Tensor>(const std::vector<Tensor>&, const Json&)>;

template <class F>
Fn max_op(F f) {
  return [f](const std::vector<Tensor>& in, const Json& a) {
    return f(in[0], ints(a, "kernel_size"), ints(a, "stride"), ints(a, "padding"),
             ints(a, "dilation"), a.at("ceil_mode").get<bool>());
  };
}

template <class F>
Fn avg_op(F f) {
  return [f](const std::vector<Tensor>& in, const Json& a) {
    return std::vector<Tensor>{f(in[0], ints(a, "kernel_size"), ints(a, "stride"),
                                 ints(a, "padding"), a.at("ceil_mode").get<bool>(),
                                 a.at("count_include_pad").get<bool>(), divisor(a))};
  };
}

const std::map<std::string, Fn>& pooling_ops() {
  using In = const std::vector<Tensor>&;
  using V = std::vector<Tensor>;
  static const std::map<std::string, Fn> ops = {
      {"max_pool1d", max_op([](auto&&... a) { return V{max_pool1d(a...)}; })},
      {"max_pool2d", max_op([](auto&&... a) { return V{max_pool2d(a...)}; })},
      {"max_pool3d", max_op([](auto&&... a) { return V{max_pool3d(a...)}; })},
      {"max_pool1d_with_indices",
       max_op([](auto&&... a) { return pair(max_pool1d_with_indices(a...)); })},
      {"max_pool2d_with_indices",
       max_op([](auto&&... a) { return pair(max_pool2d_with_indices(a...)); })},
      {"max_pool3d_with_indices",
       max_op([](auto&&... a) { return pair(max_pool3d_with_indices(a...)); })},
      {"avg_pool1d", avg_op([](const Tensor& x, IntArrayRef k, IntArrayRef s, IntArrayRef p,
                               bool ceil, bool include, std::optional<int64_t>) {
         return avg_pool1d(x, k, s, p, ceil, include);
       })},
      {"avg_pool2d", avg_op([](auto&&... a) { return avg_pool2d(a...); })},
      {"avg_pool3d", avg_op([](auto&&... a) { return avg_pool3d(a...); })},
      {"adaptive_avg_pool1d",
       [](In in, const Json& a) { return V{adaptive_avg_pool1d(in[0], ints(a, "output_size"))}; }},
      {"adaptive_avg_pool2d",
       [](In in, const Json& a) { return V{adaptive_avg_pool2d(in[0], ints(a, "output_size"))}; }},
      {"adaptive_avg_pool3d",
       [](In in, const Json& a) { return V{adaptive_avg_pool3d(in[0], ints(a, "output_size"))}; }},
      {"adaptive_max_pool1d",
       [](In in, const Json& a) {
         return pair(adaptive_max_pool1d(in[0], ints(a, "output_size")));
       }},
      {"adaptive_max_pool2d",
       [](In in, const Json& a) {
         return pair(adaptive_max_pool2d(in[0], ints(a, "output_size")));
       }},
      {"adaptive_max_pool3d",
       [](In in, const Json& a) {
         return pair(adaptive_max_pool3d(in[0], ints(a, "output_size")));
       }},
      {"max_unpool1d",
       [](In in, const Json& a) { return V{max_unpool1d(in[0], in[1], ints(a, "output_size"))}; }},
      {"max_unpool2d",
       [](In in, const Json& a) { return V{max_unpool2d(in[0], in[1], ints(a, "output_size"))}; }},
      {"max_unpool3d",
       [](In in, const Json& a) {
         return V{max_unpool3d(in[0], in[1], ints(a, "output_size"), ints(a, "stride"),
                               ints(a, "padding"))};
       }},
  };
  return ops;
}

class PoolingGolden : public ::testing::TestWithParam<std::string> {};

// Exactly (Note [Golden tolerances]): max pools and unpooling select and scatter; average pools
// sum each window in PyTorch's order and divide once, and their gradients add grad / count into
// overlapping windows in PyTorch's order.
TEST_P(PoolingGolden, MatchesPyTorch) {
  const std::string op = GetParam();
  const Fn& fn = pooling_ops().at(op);
  const auto cases = testing::cases_for("pooling", op);
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& args = c.at("args");
    const Json& expected = c.at("expected");
    if (expected.is_object() && expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(inputs, args), expected);
      continue;
    }
    const bool grad = args.contains("grad");
    Tensor upstream;
    if (grad) {
      upstream = inputs.back();
      inputs.pop_back();
      inputs[0] = inputs[0].detach().requires_grad_();
    }
    std::vector<Tensor> outs = fn(inputs, args);
    if (grad) {
      outs[0].backward(upstream);
      outs.push_back(inputs[0].grad());
    }
    const std::vector<Json> want =
        expected.is_array() ? expected.get<std::vector<Json>>() : std::vector<Json>{expected};
    ASSERT_EQ(outs.size(), want.size());
    for (size_t i = 0; i < outs.size(); ++i) {
      SCOPED_TRACE(i);
      EXPECT_MATCHES_GOLDEN(outs[i].detach(), want[i], testing::Tolerance::bitwise());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Ops, PoolingGolden,
    ::testing::Values("max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices",
                      "max_pool2d_with_indices", "max_pool3d_with_indices", "avg_pool1d",
                      "avg_pool2d", "avg_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool2d",
                      "adaptive_avg_pool3d", "adaptive_max_pool1d", "adaptive_max_pool2d",
                      "adaptive_max_pool3d", "max_unpool1d", "max_unpool2d", "max_unpool3d"));

std::vector<double> values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

TEST(Pooling, ErrorsSayWhatWasExpected) {
  const std::string rank = error_of([] { max_pool2d(ones({4, 4}), 2); });
  EXPECT_EQ(rank.rfind("[max_pool2d] Expected 3D or 4D (batch mode) tensor with optional 0 dim "
                       "batch size for input, but got: [4, 4]",
                       0),
            0u)
      << rank;
  const std::string pad = error_of([] { avg_pool2d(ones({1, 1, 4, 4}), 3, 1, 2); });
  EXPECT_NE(pad.find("pad should be at most half of kernel size"), std::string::npos) << pad;
  const std::string small = error_of([] { max_pool2d(ones({1, 2, 1, 1}), 2); });
  EXPECT_NE(small.find("Given input size: (2x1x1). Calculated output size: (2x0x0)"),
            std::string::npos)
      << small;
  const std::string len = error_of([] { max_pool2d(ones({1, 1, 4, 4}), {2, 2, 2}); });
  EXPECT_NE(len.find("kernel_size must either be a single int, or a tuple of two ints, but got "
                     "[2, 2, 2]"),
            std::string::npos)
      << len;
  const std::string dtype = error_of([] { max_pool2d(ones({1, 1, 4, 4}, kLong), 2); });
  EXPECT_NE(dtype.find("not implemented for 'Long'"), std::string::npos) << dtype;
  // PyTorch 2.x raises here (torch 1.13's max_pool1d returned an empty result).
  expect_error_names([] { max_pool1d(ones({1, 2, 1}), 2); }, "max_pool1d");
  expect_error_names([] { max_pool2d(Tensor(), 2); }, "max_pool2d");
  // Window arithmetic that would overflow int64 raises instead.
  expect_error_names(
      [] {
        max_pool2d(ones({1, 1, 4, 4}), 3, 1, 0, int64_t{1} << 62);
      },
      "max_pool2d");
  expect_error_names([] { avg_pool2d(ones({1, 1, 4, 4}), 2, INT64_MAX, 0, true); }, "avg_pool2d");
  expect_error_names(
      [] {
        adaptive_avg_pool2d(ones({1, 2, 4, 4}), {-1, 2});
      },
      "adaptive_avg_pool2d");
  expect_error_names([] { adaptive_max_pool2d(ones({1, 2, 4, 4}), {2}); }, "adaptive_max_pool2d");
  expect_error_names(
      [] {
        max_unpool3d(ones({1, 1, 2, 2, 2}), zeros({1, 1, 2, 2, 2}, kLong), {4, 4, 4}, {2, 0, 2},
                     {0, 0, 0});
      },
      "max_unpool3d");
}

// The 2x2 stride-2 loop against the general window walk (adaptive windows of the same shape).
TEST(Pooling, TwoByTwoFastPathMatchesGeneralWalk) {
  Tensor x = randn({3, 4, 10, 12}, kDouble);
  auto [fast, fast_idx] = max_pool2d_with_indices(x, 2);
  auto [slow, slow_idx] = adaptive_max_pool2d(x, {5, 6});
  EXPECT_EQ(values(fast), values(slow));
  EXPECT_EQ(values(fast_idx), values(slow_idx));
  EXPECT_EQ(values(max_pool2d(x, 2)), values(slow));  // without indices
  const auto avg_fast = values(avg_pool2d(x, 2));
  const auto avg_slow = values(adaptive_avg_pool2d(x, {5, 6}));
  ASSERT_EQ(avg_fast.size(), avg_slow.size());
  for (size_t i = 0; i < avg_fast.size(); ++i) EXPECT_NEAR(avg_fast[i], avg_slow[i], 1e-15);
}

TEST(Pooling, IndicesAreInt64AndDifferentiableOutputOnlyValues) {
  Tensor x = randn({2, 3, 4, 4}).requires_grad_();
  auto [out, idx] = max_pool2d_with_indices(x, 2);
  EXPECT_EQ(idx.scalar_type(), kLong);
  EXPECT_TRUE(out.requires_grad());
  EXPECT_FALSE(idx.requires_grad());
  EXPECT_EQ(out.grad_fn()->name(), "MaxPool2DWithIndicesBackward0");
  EXPECT_EQ(avg_pool2d(x, 2).grad_fn()->name(), "AvgPool2DBackward0");
}

TEST(Pooling, UnpoolRejectsOutOfRangeIndices) {
  Tensor idx = full({1, 1, 2}, 7, kLong);
  const std::string e = error_of([&] { max_unpool1d(ones({1, 1, 2}), idx, {4}); });
  EXPECT_EQ(e.rfind("[max_unpool1d] Found an invalid max index: 7", 0), 0u) << e;
}

// A window lying wholly in padding reports an index outside the plane (as PyTorch); its
// gradient is dropped rather than written out of bounds.
TEST(Pooling, WindowInsidePaddingHasNoGradient) {
  Tensor x = ones({1, 1, 1}, kDouble).requires_grad_();
  Tensor y = max_pool1d(x, 2, 1, 1, 2);  // positions -1 and 1: both padding
  EXPECT_EQ(y.size(-1), 1);
  y.sum().backward();
  EXPECT_EQ(values(x.grad()), std::vector<double>{0.0});
}

}  // namespace
}  // namespace ember
