// Losses composed from ops (the fused ones, nll_loss and cross entropy, are in
// classification_loss.cpp). Where a composite's gradient would differ from PyTorch's at a kink or
// saturate (BCE's clamped logs), a custom function supplies PyTorch's backward formula, itself
// written with ops so that it can be differentiated again.
#include "ember/nn/functional/loss.h"

#include <cmath>
#include <numbers>
#include <vector>

#include "ember/autograd/function.h"
#include "ember/error.h"
#include "ember/nn/functional/activation.h"
#include "ember/nn/functional/distance.h"
#include "ember/ops.h"
#include "nn/functional/reduction.h"

namespace ember::nn::functional {
namespace {

Tensor one_minus(const Tensor& x) {
  return x.neg().add(1);
}

void check_same_shape(const Tensor& input, const Tensor& target, const char* op) {
  EMBER_CHECK(input.sizes() == target.sizes(), op, "Using a target size (", target.sizes(),
              ") that is different to the input size (", input.sizes(),
              ") is deprecated. Please ensure they have the same size.");
}

void check_defined(std::initializer_list<const Tensor*> tensors, const char* op) {
  for (const Tensor* t : tensors) EMBER_CHECK(t->defined(), op, "expected defined tensors");
}

// -w·(y·log x + (1-y)·log(1-x)) with each log clamped at -100 (PyTorch's, so that x = 0 or 1
// gives a finite loss); backward grad·(x - y) / max(x·(1 - x), 1e-12)·w.
struct BinaryCrossEntropy : autograd::Function<BinaryCrossEntropy> {
  static Tensor forward(autograd::AutogradContext* ctx, const Tensor& x, const Tensor& y) {
    ctx->save_for_backward({x, y});
    return y.mul(x.log().clamp_min(-100))
        .add(one_minus(y).mul(one_minus(x).log().clamp_min(-100)))
        .neg();
  }
  static autograd::variable_list backward(autograd::AutogradContext* ctx,
                                          autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const Tensor& x = saved[0];
    const Tensor& y = saved[1];
    Tensor grad_x = grads[0].mul(x.sub(y)).div(one_minus(x).mul(x).clamp_min(1e-12));
    // d/dy = log(1 - x) - log(x), with the forward's clamps.
    Tensor grad_y = grads[0].mul(one_minus(x).log().clamp_min(-100).sub(x.log().clamp_min(-100)));
    return {grad_x, grad_y};
  }
};

}  // namespace

Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options) {
  check_defined({&input, &target}, "l1_loss");
  return apply_loss_reduction(input.sub(target).abs(), options.reduction());
}

Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options) {
  check_defined({&input, &target}, "mse_loss");
  return apply_loss_reduction(input.sub(target).square(), options.reduction());
}

Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      const SmoothL1LossFuncOptions& options) {
  check_defined({&input, &target}, "smooth_l1_loss");
  const double beta = options.beta();
  EMBER_CHECK(beta >= 0, "smooth_l1_loss",
              "smooth_l1_loss does not support negative values for "
              "beta, got ",
              beta);
  Tensor d = input.sub(target);
  if (beta == 0) return apply_loss_reduction(d.abs(), options.reduction());
  Tensor ad = d.abs();
  Tensor loss = ember::where(ad.lt(beta), d.square().mul(0.5 / beta), ad.sub(0.5 * beta));
  return apply_loss_reduction(loss, options.reduction());
}

Tensor huber_loss(const Tensor& input, const Tensor& target, const HuberLossFuncOptions& options) {
  check_defined({&input, &target}, "huber_loss");
  const double delta = options.delta();
  EMBER_CHECK(delta > 0, "huber_loss",
              "huber_loss does not support non-positive values for delta, "
              "got ",
              delta);
  Tensor d = input.sub(target);
  Tensor ad = d.abs();
  Tensor loss = ember::where(ad.lt(delta), d.square().mul(0.5), ad.sub(0.5 * delta).mul(delta));
  return apply_loss_reduction(loss, options.reduction());
}

Tensor soft_margin_loss(const Tensor& input, const Tensor& target,
                        const SoftMarginLossFuncOptions& options) {
  check_defined({&input, &target}, "soft_margin_loss");
  check_same_shape(input, target, "soft_margin_loss");
  return apply_loss_reduction(input.mul(target).neg().exp().log1p(), options.reduction());
}

Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const BinaryCrossEntropyFuncOptions& options) {
  check_defined({&input, &target}, "binary_cross_entropy");
  check_same_shape(input, target, "binary_cross_entropy");
  if (input.numel() > 0 && !input.is_meta()) {  // Note [Meta device]
    EMBER_CHECK(input.ge(0).logical_and(input.le(1)).all().item<bool>(), "binary_cross_entropy",
                "all elements of input should be between 0 and 1");
  }
  Tensor loss = BinaryCrossEntropy::apply(input, target);
  if (options.weight().defined()) loss = loss.mul(options.weight());
  return apply_loss_reduction(loss, options.reduction());
}

Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const BinaryCrossEntropyWithLogitsFuncOptions& options) {
  check_defined({&input, &target}, "binary_cross_entropy_with_logits");
  EMBER_CHECK(input.sizes() == target.sizes(), "binary_cross_entropy_with_logits", "Target size (",
              target.sizes(), ") must be the same as input size (", input.sizes(), ")");
  // -(pw·y·logσ(x) + (1 - y)·logσ(-x)), never exponentiating a large positive number.
  Tensor positive = logsigmoid(input).mul(target);
  if (options.pos_weight().defined()) positive = positive.mul(options.pos_weight());
  Tensor loss = positive.add(logsigmoid(input.neg()).mul(one_minus(target))).neg();
  if (options.weight().defined()) loss = loss.mul(options.weight());
  return apply_loss_reduction(loss, options.reduction());
}

Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target,
                                   const MultiLabelSoftMarginLossFuncOptions& options) {
  check_defined({&input, &target}, "multilabel_soft_margin_loss");
  check_same_shape(input, target, "multilabel_soft_margin_loss");
  Tensor loss =
      target.mul(logsigmoid(input)).add(one_minus(target).mul(logsigmoid(input.neg()))).neg();
  if (options.weight().defined()) loss = loss.mul(options.weight());
  const int64_t classes = input.dim() == 0 ? 1 : input.size(-1);
  loss = input.dim() == 0 ? loss : loss.sum(-1).div(static_cast<double>(classes));
  return apply_loss_reduction(loss, options.reduction());
}

Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target,
                              const MultiLabelMarginLossFuncOptions& options) {
  check_defined({&input, &target}, "multilabel_margin_loss");
  EMBER_CHECK(input.dim() <= 2 && input.sizes() == target.sizes(), "multilabel_margin_loss",
              "expected input (N, C) or (C) and a target of the same shape, got input ",
              input.sizes(), " and target ", target.sizes());
  EMBER_CHECK(target.scalar_type() == kLong, "multilabel_margin_loss",
              "expected an int64 target, got ", target.scalar_type());
  Tensor x = input.dim() == 2 ? input : input.reshape({1, -1});
  Tensor y = target.reshape(x.sizes()).contiguous();
  const int64_t n = x.size(0), c = x.size(1);
  // Per sample: how often each class is listed (up to the first -1), and whether it is listed.
  std::vector<double> listed(static_cast<size_t>(n * c), 0), is_target(listed.size(), 0);
  const int64_t* t = y.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < c && t[i * c + j] >= 0; ++j) {
      const int64_t k = t[i * c + j];
      EMBER_CHECK(k < c, "multilabel_margin_loss", "target class ", k, " is out of range for ", c,
                  " classes");
      listed[i * c + k] += 1;
      is_target[i * c + k] = 1;
    }
  }
  Tensor listed_t = ember::tensor(listed, x.scalar_type()).view({n, c});
  Tensor others = one_minus(ember::tensor(is_target, x.scalar_type()).view({n, c}));
  // hinge[i, j, k] = max(0, 1 - (x[i, j] - x[i, k])) for listed j and non-target k.
  Tensor hinge = x.unsqueeze(1).sub(x.unsqueeze(2)).add(1).clamp_min(0);
  Tensor loss = hinge.mul(listed_t.unsqueeze(2))
                    .mul(others.unsqueeze(1))
                    .sum({1, 2})
                    .div(static_cast<double>(c));
  if (input.dim() < 2) loss = loss.squeeze(0);
  return apply_loss_reduction(loss, options.reduction());
}

Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options) {
  check_defined({&input, &target}, "kl_div");
  Tensor loss;
  if (options.log_target()) {
    loss = target.exp().mul(target.sub(input));
  } else {
    // y·log y is 0 at y = 0 (xlogy).
    Tensor ylogy = ember::where(target.gt(0), target.mul(target.log()), ember::zeros_like(target));
    loss = ylogy.sub(target.mul(input));
  }
  return std::visit(
      [&](const auto& r) -> Tensor {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, enumtype::kBatchMean>) {
          return input.dim() == 0 ? loss.sum() : loss.sum().div(static_cast<double>(input.size(0)));
        } else {
          return apply_loss_reduction(loss, loss_reduction_t(r));
        }
      },
      options.reduction());
}

Tensor poisson_nll_loss(const Tensor& input, const Tensor& target,
                        const PoissonNLLLossFuncOptions& options) {
  check_defined({&input, &target}, "poisson_nll_loss");
  Tensor loss = options.log_input() ? input.exp().sub(target.mul(input))
                                    : input.sub(target.mul(input.add(options.eps()).log()));
  if (options.full()) {
    // Stirling's term for target > 1.
    Tensor stirling =
        target.mul(target.log()).sub(target).add(target.mul(2 * std::numbers::pi).log().mul(0.5));
    loss = loss.add(ember::where(target.gt(1), stirling, ember::zeros_like(stirling)));
  }
  return apply_loss_reduction(loss, options.reduction());
}

Tensor gaussian_nll_loss(const Tensor& input, const Tensor& target, const Tensor& var,
                         const GaussianNLLLossFuncOptions& options) {
  check_defined({&input, &target, &var}, "gaussian_nll_loss");
  Tensor v = var;
  if (var.sizes() != input.sizes()) {
    // One variance per sample: var is input without its last dim, or with a last dim of 1.
    if (input.dim() > 0 && var.dim() == input.dim() - 1 &&
        var.sizes() == input.sizes().slice(0, input.dim() - 1)) {
      v = var.unsqueeze(-1);
    } else {
      EMBER_CHECK(
          input.dim() > 0 && var.dim() == input.dim() && var.size(-1) == 1 &&
              var.sizes().slice(0, var.dim() - 1) == input.sizes().slice(0, input.dim() - 1),
          "gaussian_nll_loss", "var is of incorrect size: expected ", input.sizes(),
          ", the same without the last dim, or a last dim of 1, got ", var.sizes());
    }
  }
  if (v.numel() > 0 && !v.is_meta()) {  // Note [Meta device]
    EMBER_CHECK(v.ge(0).all().item<bool>(), "gaussian_nll_loss", "var has negative entry/entries");
  }
  // Clamp to eps without blocking the gradient (PyTorch clamps a copy under no_grad).
  v = v.add(v.clamp_min(options.eps()).sub(v).detach());
  Tensor loss = v.log().add(input.sub(target).square().div(v)).mul(0.5);
  if (options.full()) loss = loss.add(0.5 * std::log(2 * std::numbers::pi));
  return apply_loss_reduction(loss, options.reduction());
}

Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options) {
  check_defined({&input1, &input2, &target}, "margin_ranking_loss");
  EMBER_CHECK(input1.dim() == input2.dim() && input1.dim() == target.dim(), "margin_ranking_loss",
              "All input tensors should have same dimension but got sizes: input1: ",
              input1.sizes(), ", input2: ", input2.sizes(), ", target: ", target.sizes());
  Tensor loss = target.neg().mul(input1.sub(input2)).add(options.margin()).clamp_min(0);
  return apply_loss_reduction(loss, options.reduction());
}

Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target,
                            const HingeEmbeddingLossFuncOptions& options) {
  check_defined({&input, &target}, "hinge_embedding_loss");
  Tensor zeros = ember::zeros({}, input.options());
  Tensor margin_part =
      ember::where(target.ne(1), input.neg().add(options.margin()).clamp_min(0), zeros);
  Tensor self_part = ember::where(target.ne(-1), input, zeros);
  return apply_loss_reduction(margin_part.add(self_part), options.reduction());
}

Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             const CosineEmbeddingLossFuncOptions& options) {
  check_defined({&input1, &input2, &target}, "cosine_embedding_loss");
  EMBER_CHECK(input1.sizes() == input2.sizes() && input1.dim() >= 1 && input1.dim() <= 2,
              "cosine_embedding_loss", "expected inputs of the same shape (N, D) or (D), got ",
              input1.sizes(), " and ", input2.sizes());
  EMBER_CHECK(target.dim() == input1.dim() - 1, "cosine_embedding_loss", "expected a ",
              input1.dim() - 1, "-d target for ", input1.dim(), "-d inputs, got ", target.sizes());
  constexpr double kEps = 1e-12;
  Tensor dot = input1.mul(input2).sum(-1);
  Tensor mag1 = input1.square().sum(-1).add(kEps);
  Tensor mag2 = input2.square().sum(-1).add(kEps);
  Tensor cos = dot.div(mag1.mul(mag2).sqrt());
  Tensor zeros = ember::zeros_like(cos);
  Tensor pos = ember::where(target.eq(1), one_minus(cos), zeros);
  Tensor neg = ember::where(target.eq(-1), cos.sub(options.margin()).clamp_min(0), zeros);
  return apply_loss_reduction(pos.add(neg), options.reduction());
}

Tensor multi_margin_loss(const Tensor& input, const Tensor& target,
                         const MultiMarginLossFuncOptions& options) {
  check_defined({&input, &target}, "multi_margin_loss");
  EMBER_CHECK(options.p() == 1 || options.p() == 2, "multi_margin_loss",
              "only p == 1 and p == 2 supported, got ", options.p());
  EMBER_CHECK((input.dim() == 2 && target.dim() == 1 && target.size(0) == input.size(0)) ||
                  (input.dim() <= 1 && target.numel() == 1),
              "multi_margin_loss",
              "expected input (N, C) with target (N), or input (C) with a "
              "one-element target, got input ",
              input.sizes(), " and target ", target.sizes());
  EMBER_CHECK(target.scalar_type() == kLong, "multi_margin_loss", "expected an int64 target, got ",
              target.scalar_type());
  Tensor x = input.dim() == 2 ? input : input.reshape({1, -1});
  Tensor y = target.reshape({-1, 1});
  const int64_t classes = x.size(1);
  if (y.numel() > 0 && !y.is_meta()) {  // Note [Meta device]
    EMBER_CHECK(y.min().item<int64_t>() >= 0 && y.max().item<int64_t>() < classes,
                "multi_margin_loss", "target out of range for ", classes, " classes");
  }
  Tensor x_y = x.gather(1, y);
  Tensor z = x.sub(x_y).add(options.margin()).clamp_min(0);
  if (options.p() == 2) z = z.square();
  if (options.weight().defined())
    z = z.mul(options.weight().index_select(0, y.reshape({-1})).unsqueeze(1));
  // The target's own column does not count.
  Tensor not_target = ember::ones_like(x, x.options()).scatter(1, y, 0);
  Tensor loss = z.mul(not_target).sum(1).div(static_cast<double>(classes));
  if (input.dim() < 2) loss = loss.squeeze(0);
  return apply_loss_reduction(loss, options.reduction());
}

Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           const TripletMarginLossFuncOptions& options) {
  check_defined({&anchor, &positive, &negative}, "triplet_margin_loss");
  EMBER_CHECK(
      anchor.dim() == positive.dim() && anchor.dim() == negative.dim(), "triplet_margin_loss",
      "The anchor, positive, and negative tensors are expected to have the same number of "
      "dimensions, but got: anchor ",
      anchor.dim(), "D, positive ", positive.dim(), "D, and negative ", negative.dim(), "D inputs");
  const auto distance_options = PairwiseDistanceFuncOptions().p(options.p()).eps(options.eps());
  auto distance = [&](const Tensor& a, const Tensor& b) {
    return pairwise_distance(a, b, distance_options);
  };
  Tensor d_pos = distance(anchor, positive);
  Tensor d_neg = distance(anchor, negative);
  if (options.swap()) d_neg = ember::minimum(d_neg, distance(positive, negative));
  Tensor loss = d_pos.sub(d_neg).add(options.margin()).clamp_min(0);
  return apply_loss_reduction(loss, options.reduction());
}

}  // namespace ember::nn::functional
