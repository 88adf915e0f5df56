// nll_loss against PyTorch (tests/reference/families/loss.py).
#include <gtest/gtest.h>

#include "ember/ops/nn_ops.h"
#include "support/errors.h"
#include "support/nn_golden.h"

namespace ember {
namespace {

using testing::error_of;
using testing::Json;

// Note [Golden tolerances]: the summed and mean losses add up -w x terms of either sign (x the
// log-probabilities: the input, or its log_softmax for cross entropy), so they cancel relative
// to max |w x|, not to the loss; the gradients take the default bound.
testing::Tolerance nll_loss_tolerance(const std::vector<Tensor>& in, const Json& a,
                                      const Tensor& result, size_t index) {
  const testing::Tolerance plain = testing::default_tolerance(result.scalar_type());
  if (index != 0 || a.at("reduction").get<int64_t>() == 0) return plain;  // 0: none
  const Tensor x = in[0].detach().to(kDouble);
  const double w = in.size() > 2 ? testing::max_abs(in[2]) : 1.0;
  return plain.with_scale(w *
                          testing::max_abs(a.contains("cross_entropy") ? log_softmax(x, 1) : x));
}

TEST(LossGolden, NllLoss) {
  testing::run_nn_golden(
      "loss", "nll_loss",
      [](const std::vector<Tensor>& in, const Json& a) {
        const int64_t reduction = a.at("reduction").get<int64_t>();
        const int64_t ignore =
            a.contains("ignore_index") ? a.at("ignore_index").get<int64_t>() : -100;
        const Tensor weight = in.size() > 2 ? in[2] : Tensor();
        if (a.contains("cross_entropy")) {
          return std::vector<Tensor>{
              nll_loss(log_softmax(in[0], 1), in[1], weight, reduction, ignore)};
        }
        return std::vector<Tensor>{nll_loss(in[0], in[1], weight, reduction, ignore)};
      },
      nll_loss_tolerance);
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
