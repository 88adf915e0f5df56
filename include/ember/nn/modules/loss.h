#pragma once
/// Loss modules: each holds its options and calls the functional form.
///
///     nn::CrossEntropyLoss criterion(nn::CrossEntropyLossOptions().label_smoothing(0.1));
///     Tensor loss = criterion(logits, labels);
#include "ember/nn/cloneable.h"
#include "ember/nn/functional/loss.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

/// The shared shape of a loss module: options, no parameters, a printed name.
template <class Derived, class Options>
class LossImplBase : public Cloneable<Derived> {
 public:
  explicit LossImplBase(Options options_ = {}) : options(std::move(options_)) { reset(); }
  /// Class weights are buffers, as in PyTorch (so they appear in the state dict).
  void reset() override {
    if constexpr (requires { options.weight(); }) {
      if (options.weight().defined()) this->register_buffer("weight", options.weight());
    }
    if constexpr (requires { options.pos_weight(); }) {
      if (options.pos_weight().defined()) this->register_buffer("pos_weight", options.pos_weight());
    }
  }
  void pretty_print(std::ostream& stream) const override {
    stream << "ember::nn::" << Derived::kName << "()";
  }
  Options options;
};

/// A loss of (input, target) whose functional form takes (input, target, options).
#define EMBER_LOSS_MODULE(Name, function)                             \
  class Name##Impl : public LossImplBase<Name##Impl, Name##Options> { \
   public:                                                            \
    using LossImplBase::LossImplBase;                                 \
    static constexpr const char* kName = #Name;                       \
    Tensor forward(const Tensor& input, const Tensor& target) {       \
      return functional::function(input, target, options);            \
    }                                                                 \
  };                                                                  \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_LOSS_MODULE(L1Loss, l1_loss);
EMBER_LOSS_MODULE(MSELoss, mse_loss);
EMBER_LOSS_MODULE(SmoothL1Loss, smooth_l1_loss);
EMBER_LOSS_MODULE(HuberLoss, huber_loss);
EMBER_LOSS_MODULE(SoftMarginLoss, soft_margin_loss);
EMBER_LOSS_MODULE(BCELoss, binary_cross_entropy);
EMBER_LOSS_MODULE(BCEWithLogitsLoss, binary_cross_entropy_with_logits);
EMBER_LOSS_MODULE(MultiLabelSoftMarginLoss, multilabel_soft_margin_loss);
EMBER_LOSS_MODULE(MultiLabelMarginLoss, multilabel_margin_loss);
EMBER_LOSS_MODULE(KLDivLoss, kl_div);
EMBER_LOSS_MODULE(PoissonNLLLoss, poisson_nll_loss);
EMBER_LOSS_MODULE(HingeEmbeddingLoss, hinge_embedding_loss);
EMBER_LOSS_MODULE(MultiMarginLoss, multi_margin_loss);
EMBER_LOSS_MODULE(NLLLoss, nll_loss);
EMBER_LOSS_MODULE(CrossEntropyLoss, cross_entropy);
#undef EMBER_LOSS_MODULE

class GaussianNLLLossImpl : public LossImplBase<GaussianNLLLossImpl, GaussianNLLLossOptions> {
 public:
  using LossImplBase::LossImplBase;
  static constexpr const char* kName = "GaussianNLLLoss";
  Tensor forward(const Tensor& input, const Tensor& target, const Tensor& var) {
    return functional::gaussian_nll_loss(input, target, var, options);
  }
};
EMBER_MODULE_IMPL(GaussianNLLLoss, GaussianNLLLossImpl);

class MarginRankingLossImpl : public LossImplBase<MarginRankingLossImpl, MarginRankingLossOptions> {
 public:
  using LossImplBase::LossImplBase;
  static constexpr const char* kName = "MarginRankingLoss";
  Tensor forward(const Tensor& input1, const Tensor& input2, const Tensor& target) {
    return functional::margin_ranking_loss(input1, input2, target, options);
  }
};
EMBER_MODULE_IMPL(MarginRankingLoss, MarginRankingLossImpl);

class CosineEmbeddingLossImpl
    : public LossImplBase<CosineEmbeddingLossImpl, CosineEmbeddingLossOptions> {
 public:
  using LossImplBase::LossImplBase;
  static constexpr const char* kName = "CosineEmbeddingLoss";
  Tensor forward(const Tensor& input1, const Tensor& input2, const Tensor& target) {
    return functional::cosine_embedding_loss(input1, input2, target, options);
  }
};
EMBER_MODULE_IMPL(CosineEmbeddingLoss, CosineEmbeddingLossImpl);

class TripletMarginLossImpl : public LossImplBase<TripletMarginLossImpl, TripletMarginLossOptions> {
 public:
  using LossImplBase::LossImplBase;
  static constexpr const char* kName = "TripletMarginLoss";
  Tensor forward(const Tensor& anchor, const Tensor& positive, const Tensor& negative) {
    return functional::triplet_margin_loss(anchor, positive, negative, options);
  }
};
EMBER_MODULE_IMPL(TripletMarginLoss, TripletMarginLossImpl);

class CTCLossImpl : public LossImplBase<CTCLossImpl, CTCLossOptions> {
 public:
  using LossImplBase::LossImplBase;
  static constexpr const char* kName = "CTCLoss";
  Tensor forward(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                 const Tensor& target_lengths) {
    return functional::ctc_loss(log_probs, targets, input_lengths, target_lengths, options);
  }
};
EMBER_MODULE_IMPL(CTCLoss, CTCLossImpl);

}  // namespace ember::nn
