#include "autograd/sum_to.h"

#include <vector>

#include "ember/ops/reduction.h"
#include "ember/ops/shape.h"

namespace ember::autograd::detail {

Tensor sum_to(const Tensor& grad, IntArrayRef shape) {
  if (grad.sizes() == shape) return grad;
  const int64_t lead = grad.dim() - static_cast<int64_t>(shape.size());
  std::vector<int64_t> dims;
  for (int64_t d = 0; d < lead; ++d) dims.push_back(d);
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 1 && grad.size(lead + static_cast<int64_t>(i)) != 1) {
      dims.push_back(lead + static_cast<int64_t>(i));
    }
  }
  Tensor summed = dims.empty() ? grad : grad.sum(dims, /*keepdim=*/true);
  if (lead > 0) {
    summed = summed.reshape(shape);  // drop the leading dims kept above
  }
  return summed;
}

}  // namespace ember::autograd::detail
