#include "ember/nn/functional/distance.h"

#include <algorithm>

#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {

Tensor cosine_similarity(const Tensor& x1, const Tensor& x2,
                         const CosineSimilarityFuncOptions& options) {
  EMBER_CHECK(x1.defined() && x2.defined(), "cosine_similarity", "expected defined inputs");
  const std::vector<int64_t> shape = ember::broadcast_shapes({x1.sizes().vec(), x2.sizes().vec()});
  Tensor a = x1.expand(shape), b = x2.expand(shape);
  // Each input divided by its norm first (PyTorch 2's order, the more stable one); the norms
  // are clamped at eps without changing their gradient, as PyTorch clamps them under no_grad.
  auto unit = [&](const Tensor& x) {
    Tensor norm = x.norm(2, {options.dim()}, /*keepdim=*/true);
    return x.div(norm.add(norm.clamp_min(options.eps()).sub(norm).detach()));
  };
  return unit(a).mul(unit(b)).sum(options.dim());
}

Tensor pairwise_distance(const Tensor& x1, const Tensor& x2,
                         const PairwiseDistanceFuncOptions& options) {
  EMBER_CHECK(x1.defined() && x2.defined(), "pairwise_distance", "expected defined inputs");
  const int64_t dims = std::max(x1.dim(), x2.dim());
  EMBER_CHECK(dims >= 1, "pairwise_distance", "expected inputs with at least 1 dim, got ",
              x1.sizes(), " and ", x2.sizes());
  return x1.sub(x2).add(options.eps()).norm(options.p(), {dims - 1}, options.keepdim());
}

}  // namespace ember::nn::functional
