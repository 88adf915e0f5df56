// Convolutions against PyTorch's golden values (tests/reference/families/convolution.py):
// outputs and input/weight/bias gradients, and the error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "ember/ops/convolution.h"
#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::error_of;
using testing::Json;

std::vector<int64_t> ints(const Json& v) {
  if (v.is_array()) return v.get<std::vector<int64_t>>();
  return {v.get<int64_t>()};
}
std::vector<int64_t> int_arg(const Json& a, const char* name, int64_t fallback) {
  return a.contains(name) ? ints(a.at(name)) : std::vector<int64_t>{fallback};
}

using ConvFn = std::function<Tensor(const Tensor&, const Tensor&, const Tensor&, const Json&)>;

template <class Conv, class ConvMode>
ConvFn conv_fn(Conv conv, ConvMode conv_mode) {
  return [conv, conv_mode](const Tensor& x, const Tensor& w, const Tensor& b, const Json& a) {
    const int64_t groups = a.value("groups", int64_t{1});
    if (a.contains("padding") && a.at("padding").is_string()) {
      return conv_mode(x, w, b, int_arg(a, "stride", 1), a.at("padding").get<std::string>(),
                       int_arg(a, "dilation", 1), groups);
    }
    return conv(x, w, b, int_arg(a, "stride", 1), int_arg(a, "padding", 0),
                int_arg(a, "dilation", 1), groups);
  };
}

template <class ConvT>
ConvFn conv_transpose_fn(ConvT conv) {
  return [conv](const Tensor& x, const Tensor& w, const Tensor& b, const Json& a) {
    return conv(x, w, b, int_arg(a, "stride", 1), int_arg(a, "padding", 0),
                int_arg(a, "output_padding", 0), a.value("groups", int64_t{1}),
                int_arg(a, "dilation", 1));
  };
}

const std::map<std::string, ConvFn>& conv_ops() {
  using Mode = Tensor (*)(const Tensor&, const Tensor&, const Tensor&, IntArrayRef,
                          std::string_view, IntArrayRef, int64_t);
  using Plain = Tensor (*)(const Tensor&, const Tensor&, const Tensor&, IntArrayRef, IntArrayRef,
                           IntArrayRef, int64_t);
  using Transposed = Tensor (*)(const Tensor&, const Tensor&, const Tensor&, IntArrayRef,
                                IntArrayRef, IntArrayRef, int64_t, IntArrayRef);
  static const std::map<std::string, ConvFn> ops = {
      {"conv1d", conv_fn(static_cast<Plain>(conv1d), static_cast<Mode>(conv1d))},
      {"conv2d", conv_fn(static_cast<Plain>(conv2d), static_cast<Mode>(conv2d))},
      {"conv3d", conv_fn(static_cast<Plain>(conv3d), static_cast<Mode>(conv3d))},
      {"conv_transpose1d", conv_transpose_fn(static_cast<Transposed>(conv_transpose1d))},
      {"conv_transpose2d", conv_transpose_fn(static_cast<Transposed>(conv_transpose2d))},
      {"conv_transpose3d", conv_transpose_fn(static_cast<Transposed>(conv_transpose3d))},
  };
  return ops;
}

// Note [Product tolerances] (linalg.py), with the case's longest contraction and bound; the
// bias adds one more term.
testing::Tolerance conv_tolerance(const Json& c, ScalarType dtype) {
  const Json& a = c.at("args");
  return testing::Tolerance::sum_of(a.at("k").get<double>() + 1, a.at("bound").get<double>(),
                                    testing::accumulate_dtype(dtype));
}

class ConvolutionGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(ConvolutionGolden, MatchesPyTorch) {
  const ConvFn& fn = conv_ops().at(GetParam());
  const auto cases = testing::cases_for("convolution", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto in = testing::tensors_from_json(c.at("inputs"));
    const Json& a = c.at("args");
    const bool has_bias = a.at("bias").get<bool>();
    const bool grads = a.at("grads").get<bool>();
    const Json& expected = c.at("expected");
    const Tensor b = has_bias ? in[2] : Tensor();
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(in[0], in[1], b, a), expected);
      continue;
    }
    if (!grads) {
      const Tensor y = fn(in[0], in[1], b, a);
      EXPECT_MATCHES_GOLDEN(y, expected, conv_tolerance(c, y.scalar_type()));
      continue;
    }
    // Leaves with the fixture's (possibly non-contiguous) geometry.
    std::vector<Tensor> leaves{in[0].detach().requires_grad_(), in[1].detach().requires_grad_()};
    if (has_bias) leaves.push_back(in[2].detach().requires_grad_());
    const Tensor y = fn(leaves[0], leaves[1], has_bias ? leaves[2] : Tensor(), a);
    const testing::Tolerance tol = conv_tolerance(c, y.scalar_type());
    EXPECT_MATCHES_GOLDEN(y, expected[0], tol);
    const auto g = autograd::grad({y}, leaves, {in.back()});
    for (size_t i = 0; i < leaves.size(); ++i) {
      SCOPED_TRACE("gradient " + std::to_string(i));
      EXPECT_MATCHES_GOLDEN(g[i], expected[i + 1], tol);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, ConvolutionGolden,
                         ::testing::Values("conv1d", "conv2d", "conv3d", "conv_transpose1d",
                                           "conv_transpose2d", "conv_transpose3d"));

TEST(ConvolutionGolden, Fold) {
  for (const char* op : {"im2col", "col2im"}) {
    const auto cases = testing::cases_for("convolution", op);
    ASSERT_FALSE(cases.empty());
    for (const Json& c : cases) {
      SCOPED_TRACE(std::string(op) + " " + c.at("name").get<std::string>());
      const Tensor x = testing::tensors_from_json(c.at("inputs"))[0];
      const Json& a = c.at("args");
      auto run = [&] {
        return std::string(op) == "im2col"
                   ? im2col(x, ints(a.at("kernel_size")), ints(a.at("dilation")),
                            ints(a.at("padding")), ints(a.at("stride")))
                   : col2im(x, ints(a.at("output_size")), ints(a.at("kernel_size")),
                            ints(a.at("dilation")), ints(a.at("padding")), ints(a.at("stride")));
      };
      if (c.at("expected").contains("error")) {
        EXPECT_GOLDEN_ERROR(run(), c.at("expected"));
      } else {
        // im2col copies; col2im adds overlapping patches in PyTorch's order: PyTorch's bits.
        EXPECT_MATCHES_GOLDEN(run(), c.at("expected"), testing::Tolerance::bitwise());
      }
    }
  }
}

TEST(Convolution, ErrorMessagesSayExpectedAndGot) {
  EXPECT_EQ(error_of([] {
              conv2d(ones({1, 3, 28, 28}), ones({4, 1, 3, 3}));
            }),
            "[conv2d] given groups=1, weight of size [4, 1, 3, 3], expected input[1, 3, 28, 28] "
            "to have 1 channels, but got 3 channels instead");
  EXPECT_EQ(error_of([] {
              conv2d(ones({3, 28, 28}), ones({4, 1, 3, 3}));
            }),
            "[conv2d] given groups=1, weight of size [4, 1, 3, 3], expected input[1, 3, 28, 28] "
            "to have 1 channels, but got 3 channels instead");
  EXPECT_NE(error_of([] {
              conv2d(ones({3, 28}), ones({4, 3, 3, 3}));
            })
                .find("[conv2d] Expected 3D (unbatched) or 4D (batched) input to conv2d, but "
                      "got input of size: [3, 28]"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv1d(ones({1, 4, 8}), ones({4, 2, 3}), {}, 1, 0, 1, 3);
            }).find("expected weight to be divisible by 3 at dimension 0"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv2d(ones({1, 4, 2, 2}), ones({4, 4, 3, 3}));
            }).find("Kernel size can't be greater than actual input size"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv2d(ones({1, 4, 4, 4}), ones({4, 4, 1, 1}), {}, 1, "foo", 1);
            }).find("[conv2d] invalid padding string"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv2d(ones({1, 4, 4, 4}), ones({4, 4, 1, 1}), {}, 2, "same");
            }).find("padding='same' is not supported for strided convolutions"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv2d(ones({1, 4, 4, 4}), ones({4, 4, 1, 1}, kDouble));
            }).find("[conv2d] expected input and weight to have the same dtype"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv2d(ones({1, 4, 4, 4}), ones({4, 4, 1, 1}), ones({3}));
            }).find("expected bias to be 1-dimensional with 4 elements, but got bias of size [3]"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv_transpose2d(ones({1, 2, 3, 3}), ones({2, 2, 3, 3}), {}, 2, 0, 2);
            })
                .find("[conv_transpose2d] output padding must be smaller than either stride or "
                      "dilation"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv2d(ones({1, 1, 4, 4}, kBool), ones({1, 1, 1, 1}, kBool));
            }).find("[conv2d]"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              conv2d(Tensor(), ones({1, 1, 1, 1}));
            }).find("[conv2d]"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              im2col(ones({1, 1, 4, 4}), {2, 2, 2}, 1, 0, 1);
            }).find("[im2col]"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              col2im(ones({1, 5, 9}), {4, 4}, 2, 1, 0, 1);
            }).find("[col2im] expected size of input's dimension 1 to be divisible"),
            std::string::npos);
}

TEST(Convolution, HalfAndBFloat16ComputeInFloat) {
  const Tensor x = randn({2, 3, 6, 6}), w = randn({4, 3, 3, 3}), b = randn({4});
  for (ScalarType t : {kHalf, kBFloat16}) {
    const Tensor expected =
        conv2d(x.to(t).to(kFloat), w.to(t).to(kFloat), b.to(t).to(kFloat), 1, 1).to(t);
    const Tensor y = conv2d(x.to(t), w.to(t), b.to(t), 1, 1);
    EXPECT_EQ(y.scalar_type(), t);
    EXPECT_TRUE(y.to(kFloat).equal(expected.to(kFloat)));
  }
}

// Note [Deterministic chunking]: the weight gradient sums over the batch in a fixed order.
TEST(Convolution, WeightGradIndependentOfThreadCount) {
  const Tensor x = randn({13, 3, 9, 9});
  const Tensor w = randn({5, 3, 3, 3}).requires_grad_();
  const int before = get_num_threads();
  std::vector<Tensor> grads;
  for (int threads : {1, 2, 3}) {
    set_num_threads(threads);
    w.mutable_grad() = Tensor();
    conv2d(x, w, {}, 1, 1).square().sum().backward();
    grads.push_back(w.grad().clone());
  }
  set_num_threads(before);
  EXPECT_TRUE(grads[0].equal(grads[1]));
  EXPECT_TRUE(grads[0].equal(grads[2]));
}

// PyTorch 1.13 returns a zero-channel output here; the mathematical result (the bias at every
// position) is what a zero-term sum gives.
TEST(Convolution, ZeroInputChannelsGiveTheBias) {
  const Tensor y = conv2d(ones({2, 0, 4, 4}), ones({3, 0, 2, 2}), arange(3, kFloat));
  EXPECT_EQ(y.sizes(), IntArrayRef({2, 3, 3, 3}));
  EXPECT_TRUE(y.equal(arange(3, kFloat).view({1, 3, 1, 1}).expand({2, 3, 3, 3})));
}

TEST(Convolution, DefaultArgumentsAndBroadcastParams) {
  const Tensor x = randn({2, 2, 5, 5}), w = randn({3, 2, 3, 3});
  EXPECT_EQ(conv2d(x, w).sizes(), IntArrayRef({2, 3, 3, 3}));
  EXPECT_TRUE(conv2d(x, w, {}, 2, 1).equal(conv2d(x, w, {}, {2, 2}, {1, 1})));
  EXPECT_EQ(conv2d(x, w, {}, 1, "same").sizes(), IntArrayRef({2, 3, 5, 5}));
  EXPECT_EQ(conv2d(x, w, {}, 1, "valid").sizes(), IntArrayRef({2, 3, 3, 3}));
}

}  // namespace
}  // namespace ember
