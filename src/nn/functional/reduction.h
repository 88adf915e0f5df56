#pragma once
// Applying a loss's reduction option.
#include <variant>

#include "ember/nn/options/loss.h"
#include "ember/ops.h"

namespace ember::nn::functional {

/// `loss` itself (kNone), its mean (kMean) or its sum (kSum).
inline Tensor apply_loss_reduction(const Tensor& loss, const loss_reduction_t& reduction) {
  if (std::holds_alternative<enumtype::kMean>(reduction)) return loss.mean();
  if (std::holds_alternative<enumtype::kSum>(reduction)) return loss.sum();
  return loss;
}

}  // namespace ember::nn::functional
