// gradcheck and gradgradcheck of the functional forms in float64: their backward (composite or
// hand-written) against finite differences, and differentiable once more.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ember/ember.h"

namespace ember::nn {
namespace {

namespace F = functional;
using autograd::variable_list;

struct Case {
  std::string name;
  std::vector<Tensor> inputs;  // float64, made to require grad
  std::function<Tensor(const variable_list&)> fn;
  bool second_order = true;
};

Tensor uniform(std::vector<int64_t> shape, double lo, double hi) {
  return ember::rand(shape, kDouble).mul(hi - lo).add(lo);
}
// Values in [lo, hi] kept away from the kinks at -1, 0 and 1 by a margin of 0.05.
Tensor away_from_kinks(std::vector<int64_t> shape) {
  Tensor u = uniform(shape, 0.1, 0.9);
  Tensor sign = ember::rand(shape, kDouble).gt(0.5).to(kDouble).mul(2).sub(1);
  Tensor whole = ember::randint(0, 2, shape, kDouble);
  return u.add(whole).mul(sign);
}
Tensor labels(std::vector<int64_t> values) {
  return ember::tensor(values, kLong);
}

std::vector<Case> cases() {
  ember::manual_seed(7);
  Tensor y34 = uniform({3, 4}, -1, 1);
  Tensor prob = uniform({3, 4}, 0, 1);
  Tensor sign4 = ember::tensor(std::vector<double>{1, -1, -1, 1}, kDouble);
  return {
      {"mse_loss",
       {uniform({3, 4}, -1, 1)},
       [=](const variable_list& x) { return F::mse_loss(x[0], y34); }},
      {"l1_loss",
       {away_from_kinks({3, 4})},
       [](const variable_list& x) {
         return F::l1_loss(x[0], ember::zeros_like(x[0]), L1LossOptions(kSum));
       }},
      {"smooth_l1_loss",
       {away_from_kinks({3, 4})},
       [](const variable_list& x) {
         return F::smooth_l1_loss(x[0], ember::zeros_like(x[0]), SmoothL1LossOptions(kSum));
       }},
      {"huber_loss",
       {away_from_kinks({3, 4})},
       [](const variable_list& x) {
         return F::huber_loss(x[0], ember::zeros_like(x[0]), HuberLossOptions().delta(0.5));
       }},
      {"binary_cross_entropy",
       {uniform({3, 4}, 0.1, 0.9), uniform({3, 4}, 0, 1)},
       [](const variable_list& x) { return F::binary_cross_entropy(x[0], x[1]); }},
      {"binary_cross_entropy_with_logits",
       {uniform({3, 4}, -3, 3), uniform({3, 4}, 0, 1), uniform({4}, 0.5, 2)},
       [](const variable_list& x) {
         return F::binary_cross_entropy_with_logits(x[0], x[1],
                                                    BCEWithLogitsLossOptions().pos_weight(x[2]));
       }},
      {"logsigmoid",
       {uniform({5}, -4, 4)},
       [](const variable_list& x) { return F::logsigmoid(x[0]); }},
      {"soft_margin_loss",
       {uniform({4}, -2, 2)},
       [=](const variable_list& x) { return F::soft_margin_loss(x[0], sign4); }},
      {"multilabel_soft_margin_loss",
       {uniform({3, 4}, -2, 2)},
       [=](const variable_list& x) {
         return F::multilabel_soft_margin_loss(x[0], prob.gt(0.5).to(kDouble));
       }},
      {"kl_div",
       {uniform({3, 4}, -3, -0.1), uniform({3, 4}, 0.1, 1)},
       [](const variable_list& x) { return F::kl_div(x[0], x[1], KLDivLossOptions(kBatchMean)); }},
      {"poisson_nll_loss",
       {uniform({3, 4}, -1, 1)},
       [=](const variable_list& x) {
         return F::poisson_nll_loss(x[0], prob.mul(3), PoissonNLLLossOptions().full(true));
       }},
      {"gaussian_nll_loss",
       {uniform({3, 4}, -1, 1), uniform({3, 1}, 0.5, 2)},
       [=](const variable_list& x) { return F::gaussian_nll_loss(x[0], y34, x[1]); }},
      {"margin_ranking_loss",
       {away_from_kinks({4}), away_from_kinks({4})},
       [=](const variable_list& x) {
         // Distinct enough that no pair sits on the hinge.
         return F::margin_ranking_loss(x[0], x[1].mul(0.01), sign4);
       }},
      {"hinge_embedding_loss",
       {away_from_kinks({4})},
       [=](const variable_list& x) {
         return F::hinge_embedding_loss(x[0], sign4, HingeEmbeddingLossOptions().margin(0.05));
       }},
      {"cosine_embedding_loss",
       {uniform({4, 3}, -1, 1), uniform({4, 3}, -1, 1)},
       [=](const variable_list& x) {
         return F::cosine_embedding_loss(x[0], x[1], sign4,
                                         CosineEmbeddingLossOptions().margin(-1.5));
       }},
      {"multi_margin_loss",
       {uniform({3, 4}, -0.2, 0.2)},
       [](const variable_list& x) {
         return F::multi_margin_loss(x[0], labels({0, 3, 1}), MultiMarginLossOptions().p(2));
       }},
      {"multilabel_margin_loss",
       {uniform({2, 4}, -0.2, 0.2)},
       [](const variable_list& x) {
         Tensor t =
             ember::tensor(std::vector<int64_t>{3, 0, -1, 1, 2, -1, 0, 0}, kLong).view({2, 4});
         return F::multilabel_margin_loss(x[0], t);
       }},
      {"triplet_margin_loss",
       {uniform({3, 4}, -1, 1), uniform({3, 4}, -1, 1), uniform({3, 4}, -1, 1)},
       [](const variable_list& x) {
         return F::triplet_margin_loss(x[0], x[1], x[2],
                                       TripletMarginLossOptions().margin(10).swap(true));
       }},
      {"linear",
       {uniform({4, 3}, -1, 1), uniform({2, 3}, -1, 1), uniform({2}, -1, 1)},
       [](const variable_list& x) { return F::linear(x[0], x[1], x[2]); }},
      {"bilinear",
       {uniform({3, 2}, -1, 1), uniform({3, 4}, -1, 1), uniform({2, 2, 4}, -1, 1),
        uniform({2}, -1, 1)},
       [](const variable_list& x) { return F::bilinear(x[0], x[1], x[2], x[3]); }},
      // padding_idx and scale_grad_by_freq deliberately depart from the true gradient (the
      // padding row gets none, repeated rows are scaled down): golden tests cover them.
      {"embedding",
       {uniform({5, 3}, -1, 1)},
       [](const variable_list& x) {
         return F::embedding(labels({0, 2, 2, 4}), x[0]);
       }},
      {"embedding_bag",
       {uniform({5, 3}, -1, 1), uniform({6}, 0.5, 2)},
       [](const variable_list& x) {
         return F::embedding_bag(labels({0, 2, 2, 4, 1, 3}), x[0],
                                 F::EmbeddingBagFuncOptions()
                                     .offsets(labels({0, 2, 2}))
                                     .mode(kSum)
                                     .per_sample_weights(x[1]));
       }},
      {"cosine_similarity",
       {uniform({3, 4}, -1, 1), uniform({3, 4}, -1, 1)},
       [](const variable_list& x) { return F::cosine_similarity(x[0], x[1]); }},
      {"pairwise_distance",
       {uniform({3, 4}, -1, 1), uniform({3, 4}, -1, 1)},
       [](const variable_list& x) {
         return F::pairwise_distance(x[0], x[1], PairwiseDistanceOptions().p(3));
       }},
      {"pixel_shuffle",
       {uniform({1, 4, 2, 3}, -1, 1)},
       [](const variable_list& x) { return F::pixel_shuffle(x[0], 2); }},
      {"pad reflect",
       {uniform({1, 2, 3, 4}, -1, 1)},
       [](const variable_list& x) {
         return F::pad(x[0], F::PadFuncOptions({1, 2, 2, 1}).mode(kReflect));
       }},
  };
}

TEST(FunctionalGradcheck, FirstAndSecondOrder) {
  for (Case& c : cases()) {
    SCOPED_TRACE(c.name);
    variable_list inputs;
    for (const Tensor& t : c.inputs) inputs.push_back(t.detach().clone().requires_grad_());
    auto fn = [&](const variable_list& x) { return variable_list{c.fn(x)}; };
    EXPECT_NO_THROW(autograd::gradcheck(fn, inputs));
    if (c.second_order) {
      EXPECT_NO_THROW(autograd::gradgradcheck(fn, inputs));
    }
  }
}

}  // namespace
}  // namespace ember::nn
