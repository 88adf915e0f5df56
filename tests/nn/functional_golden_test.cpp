// Functional forms of the losses, linear layers and embeddings against PyTorch
// (tests/reference/families/nn_functional.py).
#include <gtest/gtest.h>

#include <limits>

#include "nn/nn_golden.h"

namespace ember::nn {
namespace {

namespace F = functional;
using testing::Inputs;
using testing::Json;

// Losses of (input, target) whose only option is the reduction, with the target either the
// second input or a non-differentiable "target" arg.
Tensor target_of(const Inputs& x, const Json& args) {
  return x.size() > 1 ? x[1] : testing::tensor_arg(args, "target");
}

// The fixture's clip cases: cat(total norm, clipped g0, clipped g1) for two parameters.
Tensor clipped(const Json& a, bool by_value) {
  Tensor g0 = testing::tensor_arg(a, "g0"), g1 = testing::tensor_arg(a, "g1");
  std::vector<Tensor> params{ember::zeros_like(g0).requires_grad_(),
                             ember::zeros_like(g1).requires_grad_()};
  params[0].mutable_grad() = g0.clone();
  params[1].mutable_grad() = g1.clone();
  double total = 0;
  const double max_norm = a.at("max_norm").get<double>();
  if (by_value) {
    utils::clip_grad_value_(params, max_norm);
  } else {
    const Json& p = a.at("norm_type");
    const double norm_type =
        p.is_string() ? std::numeric_limits<double>::infinity() : p.get<double>();
    total = utils::clip_grad_norm_(params, max_norm, norm_type);
  }
  return ember::cat({ember::full({1}, total, g0.options()), params[0].grad().reshape({-1}),
                     params[1].grad().reshape({-1})});
}

testing::NnTable table() {
  using testing::bool_arg;
  using testing::double_arg;
  using testing::int_arg;
  using testing::optional_tensor_arg;
  using testing::reduction_arg;
  return {
      {"l1_loss",
       [](const Inputs& x, const Json& a) {
         return F::l1_loss(x[0], x[1], L1LossOptions().reduction(reduction_arg(a)));
       }},
      {"mse_loss",
       [](const Inputs& x, const Json& a) {
         return F::mse_loss(x[0], x[1], MSELossOptions().reduction(reduction_arg(a)));
       }},
      {"smooth_l1_loss",
       [](const Inputs& x, const Json& a) {
         return F::smooth_l1_loss(
             x[0], x[1],
             SmoothL1LossOptions().reduction(reduction_arg(a)).beta(double_arg(a, "beta", 1)));
       }},
      {"huber_loss",
       [](const Inputs& x, const Json& a) {
         return F::huber_loss(
             x[0], x[1],
             HuberLossOptions().reduction(reduction_arg(a)).delta(double_arg(a, "delta", 1)));
       }},
      {"binary_cross_entropy",
       [](const Inputs& x, const Json& a) {
         return F::binary_cross_entropy(
             x[0], target_of(x, a),
             BCELossOptions().reduction(reduction_arg(a)).weight(optional_tensor_arg(a, "weight")));
       }},
      {"binary_cross_entropy_with_logits",
       [](const Inputs& x, const Json& a) {
         return F::binary_cross_entropy_with_logits(
             x[0], x[1],
             BCEWithLogitsLossOptions()
                 .reduction(reduction_arg(a))
                 .weight(optional_tensor_arg(a, "weight"))
                 .pos_weight(optional_tensor_arg(a, "pos_weight")));
       }},
      {"soft_margin_loss",
       [](const Inputs& x, const Json& a) {
         return F::soft_margin_loss(x[0], target_of(x, a),
                                    SoftMarginLossOptions().reduction(reduction_arg(a)));
       }},
      {"multilabel_soft_margin_loss",
       [](const Inputs& x, const Json& a) {
         return F::multilabel_soft_margin_loss(x[0], target_of(x, a),
                                               MultiLabelSoftMarginLossOptions()
                                                   .reduction(reduction_arg(a))
                                                   .weight(optional_tensor_arg(a, "weight")));
       }},
      {"logsigmoid", [](const Inputs& x, const Json&) { return F::logsigmoid(x[0]); }},
      {"kl_div",
       [](const Inputs& x, const Json& a) {
         KLDivLossOptions options;
         const std::string r = testing::string_arg(a, "reduction", "mean");
         if (r == "none") options.reduction(kNone);
         if (r == "sum") options.reduction(kSum);
         if (r == "batchmean") options.reduction(kBatchMean);
         return F::kl_div(x[0], target_of(x, a),
                          options.log_target(bool_arg(a, "log_target", false)));
       }},
      {"poisson_nll_loss",
       [](const Inputs& x, const Json& a) {
         return F::poisson_nll_loss(x[0], target_of(x, a),
                                    PoissonNLLLossOptions()
                                        .reduction(reduction_arg(a))
                                        .log_input(bool_arg(a, "log_input", true))
                                        .full(bool_arg(a, "full", false)));
       }},
      {"gaussian_nll_loss",
       [](const Inputs& x, const Json& a) {
         return F::gaussian_nll_loss(x[0], x[1], x[2],
                                     GaussianNLLLossOptions()
                                         .reduction(reduction_arg(a))
                                         .full(bool_arg(a, "full", false))
                                         .eps(double_arg(a, "eps", 1e-6)));
       }},
      {"margin_ranking_loss",
       [](const Inputs& x, const Json& a) {
         return F::margin_ranking_loss(x[0], x[1], testing::tensor_arg(a, "target"),
                                       MarginRankingLossOptions()
                                           .reduction(reduction_arg(a))
                                           .margin(double_arg(a, "margin", 0)));
       }},
      {"hinge_embedding_loss",
       [](const Inputs& x, const Json& a) {
         return F::hinge_embedding_loss(x[0], testing::tensor_arg(a, "target"),
                                        HingeEmbeddingLossOptions()
                                            .reduction(reduction_arg(a))
                                            .margin(double_arg(a, "margin", 1)));
       }},
      {"cosine_embedding_loss",
       [](const Inputs& x, const Json& a) {
         return F::cosine_embedding_loss(x[0], x[1], testing::tensor_arg(a, "target"),
                                         CosineEmbeddingLossOptions()
                                             .reduction(reduction_arg(a))
                                             .margin(double_arg(a, "margin", 0)));
       }},
      {"multi_margin_loss",
       [](const Inputs& x, const Json& a) {
         return F::multi_margin_loss(x[0], testing::tensor_arg(a, "target"),
                                     MultiMarginLossOptions()
                                         .reduction(reduction_arg(a))
                                         .p(int_arg(a, "p", 1))
                                         .margin(double_arg(a, "margin", 1))
                                         .weight(optional_tensor_arg(a, "weight")));
       }},
      {"multilabel_margin_loss",
       [](const Inputs& x, const Json& a) {
         return F::multilabel_margin_loss(
             x[0], testing::tensor_arg(a, "target"),
             MultiLabelMarginLossOptions().reduction(reduction_arg(a)));
       }},
      {"triplet_margin_loss",
       [](const Inputs& x, const Json& a) {
         return F::triplet_margin_loss(x[0], x[1], x[2],
                                       TripletMarginLossOptions()
                                           .reduction(reduction_arg(a))
                                           .margin(double_arg(a, "margin", 1))
                                           .p(double_arg(a, "p", 2))
                                           .swap(bool_arg(a, "swap", false)));
       }},
      {"cross_entropy",
       [](const Inputs& x, const Json& a) {
         return F::cross_entropy(x[0], target_of(x, a),
                                 CrossEntropyLossOptions()
                                     .reduction(reduction_arg(a))
                                     .weight(optional_tensor_arg(a, "weight"))
                                     .ignore_index(int_arg(a, "ignore_index", -100))
                                     .label_smoothing(double_arg(a, "label_smoothing", 0)));
       }},
      {"nll_loss",
       [](const Inputs& x, const Json& a) {
         return F::nll_loss(
             x[0], testing::tensor_arg(a, "target"),
             NLLLossOptions().reduction(reduction_arg(a)).weight(optional_tensor_arg(a, "weight")));
       }},
      {"ctc_loss",
       [](const Inputs& x, const Json& a) {
         return F::ctc_loss(x[0], testing::tensor_arg(a, "targets"),
                            testing::tensor_arg(a, "input_lengths"),
                            testing::tensor_arg(a, "target_lengths"),
                            CTCLossOptions()
                                .reduction(reduction_arg(a))
                                .blank(int_arg(a, "blank", 0))
                                .zero_infinity(bool_arg(a, "zero_infinity", false)));
       }},
      {"linear", [](const Inputs& x,
                    const Json&) { return F::linear(x[0], x[1], x.size() > 2 ? x[2] : Tensor()); }},
      {"bilinear",
       [](const Inputs& x, const Json&) {
         return F::bilinear(x[0], x[1], x[2], x.size() > 3 ? x[3] : Tensor());
       }},
      {"embedding",
       [](const Inputs& x, const Json& a) {
         // max_norm renormalises the table in place: work on a copy, as the fixture does.
         Tensor weight = a.contains("max_norm") ? x[0].detach().clone() : x[0];
         return F::embedding(testing::tensor_arg(a, "indices"), weight,
                             F::EmbeddingFuncOptions()
                                 .padding_idx(testing::optional_int_arg(a, "padding_idx"))
                                 .max_norm(testing::optional_double_arg(a, "max_norm"))
                                 .scale_grad_by_freq(bool_arg(a, "scale_grad_by_freq", false)));
       }},
      {"embedding_bag",
       [](const Inputs& x, const Json& a) {
         F::EmbeddingBagFuncOptions options;
         const std::string mode = testing::string_arg(a, "mode", "mean");
         if (mode == "sum") options.mode(kSum);
         if (mode == "max") options.mode(kMax);
         return F::embedding_bag(
             testing::tensor_arg(a, "indices"), x[0],
             options.offsets(optional_tensor_arg(a, "offsets"))
                 .per_sample_weights(optional_tensor_arg(a, "per_sample_weights"))
                 .include_last_offset(bool_arg(a, "include_last_offset", false))
                 .padding_idx(testing::optional_int_arg(a, "padding_idx")));
       }},
      {"cosine_similarity",
       [](const Inputs& x, const Json& a) {
         return F::cosine_similarity(
             x[0], x[1],
             CosineSimilarityOptions().dim(int_arg(a, "dim", 1)).eps(double_arg(a, "eps", 1e-8)));
       }},
      {"pairwise_distance",
       [](const Inputs& x, const Json& a) {
         return F::pairwise_distance(x[0], x[1],
                                     PairwiseDistanceOptions()
                                         .p(double_arg(a, "p", 2))
                                         .keepdim(bool_arg(a, "keepdim", false)));
       }},
      {"pixel_shuffle",
       [](const Inputs& x, const Json& a) {
         return F::pixel_shuffle(x[0], int_arg(a, "factor", 1));
       }},
      {"pixel_unshuffle",
       [](const Inputs& x, const Json& a) {
         return F::pixel_unshuffle(x[0], int_arg(a, "factor", 1));
       }},
      {"normalize",
       [](const Inputs& x, const Json& a) {
         return F::normalize(x[0], F::NormalizeFuncOptions()
                                       .p(double_arg(a, "p", 2))
                                       .dim(int_arg(a, "dim", 1))
                                       .eps(double_arg(a, "eps", 1e-12)));
       }},
      {"pad",
       [](const Inputs& x, const Json& a) {
         F::PadFuncOptions options(a.at("pad").get<std::vector<int64_t>>());
         const std::string mode = testing::string_arg(a, "mode", "constant");
         if (mode == "reflect") options.mode(kReflect);
         if (mode == "replicate") options.mode(kReplicate);
         if (mode == "circular") options.mode(kCircular);
         return F::pad(x[0], options.value(double_arg(a, "value", 0)));
       }},
      {"clip_grad_norm_", [](const Inputs&, const Json& a) { return clipped(a, false); }},
      {"clip_grad_value_", [](const Inputs&, const Json& a) { return clipped(a, true); }},
      {"one_hot",
       [](const Inputs&, const Json& a) {
         return F::one_hot(testing::tensor_arg(a, "indices"), int_arg(a, "num_classes", -1));
       }},
  };
}

// Note [Golden tolerances]: the default bound, but for
// - ctc_loss, whose alpha and beta recursions take T (the input length) log-space steps, each
//   rounding relative to the running log-likelihood: the default conditioned by T;
// - binary_cross_entropy's float64 input gradient, which PyTorch clamps with a float32
//   EPSILON = 1e-12f where x (1 - x) vanishes (Note [Known divergences]).
testing::NnTolerances tolerances() {
  using testing::Tolerance;
  return {
      {"ctc_loss",
       [](const Inputs& x, const Json&, const Tensor& result, size_t) {
         return testing::default_tolerance(result.scalar_type()).conditioned(x[0].size(0));
       }},
      {"binary_cross_entropy", [](const Inputs&, const Json&, const Tensor& result, size_t index) {
         if (index == 1 && result.scalar_type() == kDouble) {
           return Tolerance::pytorch_float32_constant(1);
         }
         return testing::default_tolerance(result.scalar_type());
       }}};
}

TEST(FunctionalGolden, MatchesPyTorch) {
  testing::check_nn_family("nn_functional", table(), tolerances());
}

}  // namespace
}  // namespace ember::nn
