#pragma once
/// Distance layers: `CosineSimilarity`, `PairwiseDistance`.
#include "ember/nn/cloneable.h"
#include "ember/nn/functional/distance.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

class CosineSimilarityImpl : public Cloneable<CosineSimilarityImpl> {
 public:
  explicit CosineSimilarityImpl(const CosineSimilarityOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input1, const Tensor& input2);

  CosineSimilarityOptions options;
};
EMBER_MODULE_IMPL(CosineSimilarity, CosineSimilarityImpl);

class PairwiseDistanceImpl : public Cloneable<PairwiseDistanceImpl> {
 public:
  explicit PairwiseDistanceImpl(const PairwiseDistanceOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input1, const Tensor& input2);

  PairwiseDistanceOptions options;
};
EMBER_MODULE_IMPL(PairwiseDistance, PairwiseDistanceImpl);

}  // namespace ember::nn
