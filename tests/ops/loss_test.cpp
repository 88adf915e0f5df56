// nll_loss against PyTorch (tests/reference/families/loss.py).
#include <gtest/gtest.h>

#include "ember/ops/nn_ops.h"
#include "support/errors.h"
#include "support/nn_golden.h"

namespace ember {
namespace {

using testing::error_of;
using testing::Json;

TEST(LossGolden, NllLoss) {
  testing::run_nn_golden("loss", "nll_loss", [](const std::vector<Tensor>& in, const Json& a) {
    const int64_t reduction = a.at("reduction").get<int64_t>();
    const int64_t ignore = a.contains("ignore_index") ? a.at("ignore_index").get<int64_t>() : -100;
    const Tensor weight = in.size() > 2 ? in[2] : Tensor();
    if (a.contains("cross_entropy")) {
      return std::vector<Tensor>{nll_loss(log_softmax(in[0], 1), in[1], weight, reduction, ignore)};
    }
    return std::vector<Tensor>{nll_loss(in[0], in[1], weight, reduction, ignore)};
  });
}

TEST(Loss, ErrorsNameTheOpAndValue) {
  EXPECT_EQ(error_of([] {
              nll_loss(zeros({2, 3}), tensor({int64_t{0}, int64_t{7}}));
            }),
            "[nll_loss] Target 7 is out of bounds.");
  testing::expect_error_names([] { nll_loss(zeros({2, 3}), zeros({2})); }, "nll_loss");
  testing::expect_error_names(
      [] {
        nll_loss(zeros({2, 3}), zeros({2}, kLong), {}, /*reduction=*/3);
      },
      "nll_loss");
  testing::expect_error_names([] { nll_loss(zeros({2, 3}), Tensor()); }, "nll_loss");
}

TEST(Loss, DoubleBackwardThroughNllLoss) {
  // The gradient is linear in the upstream gradient v: its graph leads back to v.
  Tensor x = randn({3, 4}, kDouble).requires_grad_();
  Tensor t = tensor({int64_t{1}, int64_t{0}, int64_t{3}});
  Tensor loss = nll_loss(x, t);
  Tensor v = ones({}, kDouble).requires_grad_();
  auto g = autograd::grad({loss}, {x}, {v}, std::nullopt, true);
  ASSERT_TRUE(g[0].requires_grad());
  EXPECT_NEAR(g[0][0][1].item<double>(), -1.0 / 3, 1e-12);
  EXPECT_NEAR(g[0][0][0].item<double>(), 0.0, 1e-12);
  auto gv = autograd::grad({g[0].sum()}, {v});
  EXPECT_NEAR(gv[0].item<double>(), -1.0, 1e-12);  // three targets, each -1/3
}

}  // namespace
}  // namespace ember
