// nll_loss and cross entropy: the fused ops (ember::log_softmax, ember::nll_loss) composed as
// PyTorch's cross_entropy does, including label smoothing and class-probability targets.
#include <limits>
#include <vector>

#include "ember/error.h"
#include "ember/nn/functional/loss.h"
#include "ember/ops.h"
#include "nn/functional/reduction.h"

namespace ember::nn::functional {
namespace {

int64_t reduction_code(const loss_reduction_t& reduction) {
  if (std::holds_alternative<enumtype::kNone>(reduction)) return ember::Reduction::None;
  if (std::holds_alternative<enumtype::kSum>(reduction)) return ember::Reduction::Sum;
  return ember::Reduction::Mean;
}

// The class weights shaped to broadcast along the class dim of `input`.
Tensor class_weights(const Tensor& weight, const Tensor& input, int64_t class_dim) {
  std::vector<int64_t> shape(static_cast<size_t>(input.dim()), 1);
  shape[static_cast<size_t>(class_dim)] = weight.size(0);
  return weight.view(shape);
}

// Targets that are distributions over the classes (the input's shape).
Tensor cross_entropy_probabilities(const Tensor& log_probs, const Tensor& target,
                                   const CrossEntropyFuncOptions& options, int64_t class_dim) {
  EMBER_CHECK(target.is_floating_point(), "cross_entropy",
              "Expected floating point type for target with class probabilities, got ",
              target.scalar_type());
  EMBER_CHECK(options.ignore_index() < 0, "cross_entropy",
              "ignore_index is not supported for floating point target");
  const int64_t classes = log_probs.size(class_dim);
  const double s = options.label_smoothing();
  Tensor t = s > 0 ? target.mul(1 - s).add(s / static_cast<double>(classes)) : target;
  Tensor terms = log_probs.mul(t);
  if (options.weight().defined())
    terms = terms.mul(class_weights(options.weight(), log_probs, class_dim));
  const auto& reduction = options.reduction();
  if (std::holds_alternative<enumtype::kNone>(reduction)) return terms.sum(class_dim).neg();
  if (std::holds_alternative<enumtype::kSum>(reduction)) return terms.sum().neg();
  // The mean over samples (every position but the class dim); nan for an empty batch.
  const int64_t samples = log_probs.numel() / (classes == 0 ? 1 : classes);
  if (log_probs.numel() == 0)
    return terms.sum().neg().mul(std::numeric_limits<double>::quiet_NaN());
  return terms.sum().neg().div(static_cast<double>(samples));
}

// Class-index targets with label smoothing: (1 - s)·nll + s/C · Σ_c -log p_c (weighted).
Tensor cross_entropy_smoothed(const Tensor& log_probs, const Tensor& target,
                              const CrossEntropyFuncOptions& options, int64_t class_dim) {
  const double s = options.label_smoothing();
  const Tensor& weight = options.weight();
  Tensor nll = ember::nll_loss(log_probs, target, weight, reduction_code(options.reduction()),
                               options.ignore_index());
  const int64_t classes = log_probs.size(class_dim);
  Tensor smooth =
      weight.defined()
          ? log_probs.mul(class_weights(weight, log_probs, class_dim)).sum(class_dim).neg()
          : log_probs.sum(class_dim).neg();
  Tensor ignored = target.eq(options.ignore_index());
  smooth = smooth.masked_fill(ignored, 0);
  Tensor reduced;
  const auto& reduction = options.reduction();
  if (std::holds_alternative<enumtype::kNone>(reduction)) {
    reduced = smooth;
  } else if (std::holds_alternative<enumtype::kSum>(reduction)) {
    reduced = smooth.sum();
  } else if (weight.defined()) {
    // Normalised by the weights of the counted targets, as nll_loss's mean is.
    Tensor kept = target.masked_fill(ignored, 0).reshape({-1});
    Tensor weight_sum = weight.gather(0, kept).masked_fill(ignored.reshape({-1}), 0).sum();
    reduced = smooth.sum().div(weight_sum);
  } else {
    reduced = smooth.sum().div(ignored.logical_not().sum().to(smooth.scalar_type()));
  }
  return nll.mul(1 - s).add(reduced.mul(s / static_cast<double>(classes)));
}

}  // namespace

Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options) {
  return ember::nll_loss(input, target, options.weight(), reduction_code(options.reduction()),
                         options.ignore_index());
}

Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     const CrossEntropyFuncOptions& options) {
  EMBER_CHECK(input.defined() && target.defined(), "cross_entropy", "expected defined tensors");
  EMBER_CHECK(input.dim() >= 1, "cross_entropy", "Expected 1 or more dimensions (got ", input.dim(),
              ")");
  const double s = options.label_smoothing();
  EMBER_CHECK(s >= 0 && s <= 1, "cross_entropy",
              "label_smoothing must be between 0.0 and 1.0. Got: ", s);
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  Tensor log_probs = ember::log_softmax(input, class_dim);
  if (input.sizes() == target.sizes()) {
    return cross_entropy_probabilities(log_probs, target, options, class_dim);
  }
  if (s > 0) return cross_entropy_smoothed(log_probs, target, options, class_dim);
  return ember::nll_loss(log_probs, target, options.weight(), reduction_code(options.reduction()),
                         options.ignore_index());
}

}  // namespace ember::nn::functional
