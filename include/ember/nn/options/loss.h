#pragma once
/// Options of the losses, as libtorch's: `CrossEntropyLossOptions().label_smoothing(0.1)`,
/// `MSELossOptions(ember::kSum)` (a reduction converts implicitly).
#include <cstdint>
#include <variant>

#include "ember/arg.h"
#include "ember/enum.h"
#include "ember/tensor.h"

namespace ember::nn {

/// How a loss reduces its per-element values: kNone (keep them), kMean (the default), kSum.
using loss_reduction_t = std::variant<enumtype::kNone, enumtype::kMean, enumtype::kSum>;
/// KLDivLoss also takes kBatchMean (sum divided by the batch size, the mathematically correct one).
using kldiv_loss_reduction_t =
    std::variant<enumtype::kNone, enumtype::kBatchMean, enumtype::kSum, enumtype::kMean>;

/// The members every loss option struct shares: a reduction, constructible from one.
#define EMBER_LOSS_REDUCTION(Options, reduction_type)                                \
  Options() = default;                                                               \
  Options(enumtype::kNone r) : reduction_(r) {} /* NOLINT: implicit like libtorch */ \
  Options(enumtype::kMean r) : reduction_(r) {} /* NOLINT */                         \
  Options(enumtype::kSum r) : reduction_(r) {}  /* NOLINT */                         \
  EMBER_ARG(reduction_type, reduction) = kMean

struct L1LossOptions {
  EMBER_LOSS_REDUCTION(L1LossOptions, loss_reduction_t);
};
struct MSELossOptions {
  EMBER_LOSS_REDUCTION(MSELossOptions, loss_reduction_t);
};
struct SmoothL1LossOptions {
  EMBER_LOSS_REDUCTION(SmoothL1LossOptions, loss_reduction_t);
  /// Where the loss turns from quadratic to linear.
  EMBER_ARG(double, beta) = 1.0;
};
struct HuberLossOptions {
  EMBER_LOSS_REDUCTION(HuberLossOptions, loss_reduction_t);
  EMBER_ARG(double, delta) = 1.0;
};
struct SoftMarginLossOptions {
  EMBER_LOSS_REDUCTION(SoftMarginLossOptions, loss_reduction_t);
};
struct MultiLabelMarginLossOptions {
  EMBER_LOSS_REDUCTION(MultiLabelMarginLossOptions, loss_reduction_t);
};
struct BCELossOptions {
  EMBER_LOSS_REDUCTION(BCELossOptions, loss_reduction_t);
  /// Rescales each element's loss (broadcast to the input).
  EMBER_ARG(Tensor, weight) = {};
};
struct BCEWithLogitsLossOptions {
  EMBER_LOSS_REDUCTION(BCEWithLogitsLossOptions, loss_reduction_t);
  EMBER_ARG(Tensor, weight) = {};
  /// Weight of positive examples, per class (broadcast along the last dim).
  EMBER_ARG(Tensor, pos_weight) = {};
};
struct MultiLabelSoftMarginLossOptions {
  EMBER_LOSS_REDUCTION(MultiLabelSoftMarginLossOptions, loss_reduction_t);
  EMBER_ARG(Tensor, weight) = {};
};
struct KLDivLossOptions {
  KLDivLossOptions() = default;
  KLDivLossOptions(enumtype::kNone r) : reduction_(r) {}       // NOLINT: implicit like libtorch
  KLDivLossOptions(enumtype::kBatchMean r) : reduction_(r) {}  // NOLINT
  KLDivLossOptions(enumtype::kSum r) : reduction_(r) {}        // NOLINT
  KLDivLossOptions(enumtype::kMean r) : reduction_(r) {}       // NOLINT
  EMBER_ARG(kldiv_loss_reduction_t, reduction) = kMean;
  /// The target is given as log-probabilities.
  EMBER_ARG(bool, log_target) = false;
};
struct PoissonNLLLossOptions {
  EMBER_LOSS_REDUCTION(PoissonNLLLossOptions, loss_reduction_t);
  /// The input is the log of the rate (loss exp(x) - y·x), else the rate (x - y·log(x + eps)).
  EMBER_ARG(bool, log_input) = true;
  /// Add the Stirling approximation term y·log(y) - y + 0.5·log(2πy) (for y > 1).
  EMBER_ARG(bool, full) = false;
  EMBER_ARG(double, eps) = 1e-8;
};
struct GaussianNLLLossOptions {
  EMBER_LOSS_REDUCTION(GaussianNLLLossOptions, loss_reduction_t);
  /// Add the constant 0.5·log(2π).
  EMBER_ARG(bool, full) = false;
  /// Variances are clamped to at least eps (the clamp passes gradients through).
  EMBER_ARG(double, eps) = 1e-6;
};
struct MarginRankingLossOptions {
  EMBER_LOSS_REDUCTION(MarginRankingLossOptions, loss_reduction_t);
  EMBER_ARG(double, margin) = 0;
};
struct HingeEmbeddingLossOptions {
  EMBER_LOSS_REDUCTION(HingeEmbeddingLossOptions, loss_reduction_t);
  EMBER_ARG(double, margin) = 1.0;
};
struct CosineEmbeddingLossOptions {
  EMBER_LOSS_REDUCTION(CosineEmbeddingLossOptions, loss_reduction_t);
  EMBER_ARG(double, margin) = 0;
};
struct MultiMarginLossOptions {
  EMBER_LOSS_REDUCTION(MultiMarginLossOptions, loss_reduction_t);
  /// 1 or 2.
  EMBER_ARG(int64_t, p) = 1;
  EMBER_ARG(double, margin) = 1;
  /// Per-class weights (C).
  EMBER_ARG(Tensor, weight) = {};
};
struct TripletMarginLossOptions {
  EMBER_LOSS_REDUCTION(TripletMarginLossOptions, loss_reduction_t);
  EMBER_ARG(double, margin) = 1.0;
  /// The norm of the pairwise distance.
  EMBER_ARG(double, p) = 2.0;
  EMBER_ARG(double, eps) = 1e-6;
  /// Use the positive-negative distance when it is smaller (the distance swap).
  EMBER_ARG(bool, swap) = false;
};
struct NLLLossOptions {
  EMBER_LOSS_REDUCTION(NLLLossOptions, loss_reduction_t);
  /// Per-class weights (C).
  EMBER_ARG(Tensor, weight) = {};
  /// Targets equal to this contribute nothing (and are not counted by the mean).
  EMBER_ARG(int64_t, ignore_index) = -100;
};
struct CrossEntropyLossOptions {
  EMBER_LOSS_REDUCTION(CrossEntropyLossOptions, loss_reduction_t);
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(int64_t, ignore_index) = -100;
  /// Mixes the target with the uniform distribution: (1 - s)·target + s / C.
  EMBER_ARG(double, label_smoothing) = 0.0;
};
struct CTCLossOptions {
  EMBER_LOSS_REDUCTION(CTCLossOptions, loss_reduction_t);
  EMBER_ARG(int64_t, blank) = 0;
  /// Infinite losses (impossible alignments) and their gradients become zero.
  EMBER_ARG(bool, zero_infinity) = false;
};

#undef EMBER_LOSS_REDUCTION

namespace functional {
using L1LossFuncOptions = L1LossOptions;
using MSELossFuncOptions = MSELossOptions;
using SmoothL1LossFuncOptions = SmoothL1LossOptions;
using HuberLossFuncOptions = HuberLossOptions;
using SoftMarginLossFuncOptions = SoftMarginLossOptions;
using MultiLabelMarginLossFuncOptions = MultiLabelMarginLossOptions;
using BCELossFuncOptions = BCELossOptions;
using BinaryCrossEntropyFuncOptions = BCELossOptions;
using BCEWithLogitsLossFuncOptions = BCEWithLogitsLossOptions;
using BinaryCrossEntropyWithLogitsFuncOptions = BCEWithLogitsLossOptions;
using MultiLabelSoftMarginLossFuncOptions = MultiLabelSoftMarginLossOptions;
using KLDivFuncOptions = KLDivLossOptions;
using PoissonNLLLossFuncOptions = PoissonNLLLossOptions;
using GaussianNLLLossFuncOptions = GaussianNLLLossOptions;
using MarginRankingLossFuncOptions = MarginRankingLossOptions;
using HingeEmbeddingLossFuncOptions = HingeEmbeddingLossOptions;
using CosineEmbeddingLossFuncOptions = CosineEmbeddingLossOptions;
using MultiMarginLossFuncOptions = MultiMarginLossOptions;
using TripletMarginLossFuncOptions = TripletMarginLossOptions;
using NLLLossFuncOptions = NLLLossOptions;
using CrossEntropyFuncOptions = CrossEntropyLossOptions;
using CTCLossFuncOptions = CTCLossOptions;
}  // namespace functional

}  // namespace ember::nn
