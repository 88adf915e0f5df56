#pragma once
/// Functional losses, with PyTorch's formulas, defaults and shape rules. Each takes its options
/// struct (whose default reduction is the mean); `reduction(kNone)` keeps per-element losses.
#include "ember/nn/options/loss.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// |x - y|. input and target broadcast.
Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options = {});
/// (x - y)².
Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options = {});
/// 0.5·d²/beta where |d| < beta, else |d| - 0.5·beta (d = x - y).
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      const SmoothL1LossFuncOptions& options = {});
/// 0.5·d² where |d| < delta, else delta·(|d| - 0.5·delta).
Tensor huber_loss(const Tensor& input, const Tensor& target,
                  const HuberLossFuncOptions& options = {});
/// log(1 + exp(-y·x)) for targets y in {1, -1}.
Tensor soft_margin_loss(const Tensor& input, const Tensor& target,
                        const SoftMarginLossFuncOptions& options = {});
/// -w·(y·log(x) + (1 - y)·log(1 - x)) for probabilities x, logs clamped at -100. input and
/// target must have the same shape.
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const BinaryCrossEntropyFuncOptions& options = {});
/// binary_cross_entropy(sigmoid(x), y) computed stably from the logits x, with pos_weight
/// weighting the positive term.
Tensor binary_cross_entropy_with_logits(
    const Tensor& input, const Tensor& target,
    const BinaryCrossEntropyWithLogitsFuncOptions& options = {});
/// Mean over classes of the per-class logistic loss; input and target (N, C).
Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target,
                                   const MultiLabelSoftMarginLossFuncOptions& options = {});
/// Multi-class hinge loss over (N, C) scores and class targets (N) as integers.
Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target,
                              const MultiLabelMarginLossFuncOptions& options = {});
/// y·(log y - x) for log-probabilities x (target y probabilities, or log-probabilities with
/// log_target).
Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options = {});
Tensor poisson_nll_loss(const Tensor& input, const Tensor& target,
                        const PoissonNLLLossFuncOptions& options = {});
/// 0.5·(log var + (x - y)²/var); var has the input's shape, or one dim fewer / a last dim of 1
/// (one variance per sample).
Tensor gaussian_nll_loss(const Tensor& input, const Tensor& target, const Tensor& var,
                         const GaussianNLLLossFuncOptions& options = {});
/// max(0, -y·(x1 - x2) + margin).
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options = {});
/// x where y = 1, max(0, margin - x) where y = -1.
Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target,
                            const HingeEmbeddingLossFuncOptions& options = {});
/// 1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1; inputs (N, D) or (D).
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             const CosineEmbeddingLossFuncOptions& options = {});
/// Σ_{j≠y} max(0, margin - x[y] + x[j])^p / C per sample; input (N, C) or (C), target (N) or ().
Tensor multi_margin_loss(const Tensor& input, const Tensor& target,
                         const MultiMarginLossFuncOptions& options = {});
/// max(0, margin + d(a, p) - d(a, n)) with d the pairwise p-norm distance.
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           const TripletMarginLossFuncOptions& options = {});

/// -input[n, target[n]]·weight[target[n]] for log-probabilities input (N, C) or (N, C, d1, ...)
/// or (C), integer targets (N) / (N, d1, ...) / (); targets equal to ignore_index count for
/// nothing, and the mean divides by the weights of the counted targets.
Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options = {});
/// nll_loss(log_softmax(input, class dim), target), or, when target has the input's shape,
/// -Σ target·log_softmax(input) over the classes (class probabilities); label_smoothing mixes
/// the target with the uniform distribution.
Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     const CrossEntropyFuncOptions& options = {});

/// Connectionist temporal classification: -log of the probability of each target summed over
/// its alignments to the input. log_probs (T, N, C) or (T, C) (log-softmax outputs); targets
/// (N, S) padded or the N sequences concatenated; input_lengths and target_lengths (N). Mean
/// reduction divides each loss by its target length first. Impossible alignments give inf (0
/// with zero_infinity).
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, const CTCLossFuncOptions& options = {});

}  // namespace ember::nn::functional
