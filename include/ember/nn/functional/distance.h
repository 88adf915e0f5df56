#pragma once
/// Functional distances.
#include "ember/nn/options/distance.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// Σ (x1/‖x1‖)(x2/‖x2‖) along dim, each norm clamped to at least eps (PyTorch 2's form);
/// x1 and x2 broadcast.
Tensor cosine_similarity(const Tensor& x1, const Tensor& x2,
                         const CosineSimilarityFuncOptions& options = {});
/// ‖x1 - x2 + eps‖_p over the last dim.
Tensor pairwise_distance(const Tensor& x1, const Tensor& x2,
                         const PairwiseDistanceFuncOptions& options = {});

}  // namespace ember::nn::functional
