#include "autograd/derivatives/reduction.h"

#include <cmath>

#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/indexing.h"
#include "ember/ops/linalg.h"
#include "ember/ops/reduction.h"
#include "ember/ops/shape.h"

namespace ember::autograd::detail {
namespace {

// For x with `dim` moved last ([..., n]): row i of the result is x with x_i replaced by 1, so
// that products and cumulative products over a row skip exactly one element without dividing.
Tensor leave_one_out(const Tensor& x_last) {
  const int64_t n = x_last.size(-1);
  std::vector<int64_t> sizes(x_last.sizes().begin(), x_last.sizes().end());
  sizes.insert(sizes.end() - 1, n);
  Tensor rows = x_last.unsqueeze(-2).expand(sizes).clone();
  rows.diagonal(0, -2, -1).fill_(1);
  return rows;
}

}  // namespace

std::vector<int64_t> reduced_dims(IntArrayRef keep_sizes) {
  std::vector<int64_t> dims;
  for (size_t d = 0; d < keep_sizes.size(); ++d) {
    if (keep_sizes[d] == 1) dims.push_back(static_cast<int64_t>(d));
  }
  return dims;
}

Tensor sum_reduced(const Tensor& t, IntArrayRef keep_sizes) {
  const std::vector<int64_t> dims = reduced_dims(keep_sizes);
  return dims.empty() ? t.sum() : t.sum(dims, /*keepdim=*/true);
}

Tensor expand_reduced(const Tensor& grad, IntArrayRef keep_sizes, IntArrayRef input_sizes) {
  return grad.reshape(keep_sizes).expand(input_sizes);
}

Tensor prod_backward(const Tensor& grad, const Tensor& x, const Tensor& result,
                     std::optional<int64_t> dim, IntArrayRef keep_sizes) {
  const Tensor g = grad.reshape(keep_sizes);
  const Tensor r = result.reshape(keep_sizes);
  if (x.is_meta() || !x.eq(0).any().item<bool>()) return g * r / x;  // the shapes are the same
  // With zeros, the product of the others: leave each element out in turn.
  const Tensor x_last = dim ? x.movedim(*dim, -1) : x.reshape({-1});
  Tensor others = leave_one_out(x_last).prod(-1);
  others = dim ? others.movedim(-1, *dim) : others.reshape(x.sizes());
  return g * others;
}

Tensor cumprod_backward(const Tensor& grad, const Tensor& x, const Tensor& result, int64_t dim) {
  if (x.numel() == 0) return zeros_like(x);
  if (x.is_meta() || !x.eq(0).any().item<bool>()) {  // on meta, either branch gives the shapes
    return (grad * result).flip({dim}).cumsum(dim).flip({dim}) / x;
  }
  // d out_k / d x_i = prod_{j <= k, j != i} x_j for k >= i: cumulative products of the rows of
  // leave_one_out, masked to k >= i, weighted by grad_k.
  const Tensor x_last = x.movedim(dim, -1);
  const int64_t n = x_last.size(-1);
  const Tensor partial = leave_one_out(x_last).cumprod(-1);
  const Tensor upper = ones({n, n}, x.options().dtype(kBool)).triu();
  const Tensor g_last = grad.movedim(dim, -1).unsqueeze(-2);
  return (partial * g_last).masked_fill(upper.logical_not(), 0).sum({-1}).movedim(-1, dim);
}

Tensor evenly_distribute(const Tensor& grad, const Tensor& x, const Tensor& picked,
                         IntArrayRef keep_sizes) {
  const Tensor mask = x.eq(picked);
  return grad * mask / sum_reduced(mask, keep_sizes);
}

Tensor scatter_back(const Tensor& grad, const Tensor& indices, int64_t dim, IntArrayRef sizes) {
  return zeros(sizes, grad.options()).scatter(dim, indices, grad);
}

Tensor norm_backward(const Tensor& grad, const Tensor& x, const Tensor& norm, double p,
                     IntArrayRef keep_sizes) {
  if (p == 0.0) return zeros_like(x);
  if (p == 1.0) return grad * x.sign();
  if (std::isinf(p)) return evenly_distribute(grad, x.abs(), norm, keep_sizes) * x.sign();
  const Tensor zero_norm = norm.eq(0);
  if (p == 2.0) return (grad * x / norm).masked_fill(zero_norm, 0);
  const Tensor scaled = x.sign() * x.abs().pow(p - 1);
  return (grad * scaled / norm.pow(p - 1)).masked_fill(zero_norm, 0);
}

Tensor var_std_backward(const Tensor& grad, const Tensor& x, const Tensor& result,
                        IntArrayRef keep_sizes, double correction, bool take_sqrt) {
  const std::vector<int64_t> dims = reduced_dims(keep_sizes);
  int64_t n = 1;
  for (int64_t d : dims) n *= x.size(d);
  const double denom = std::max(0.0, static_cast<double>(n) - correction);
  const Tensor centered = x - (dims.empty() ? x.mean() : x.mean(dims, /*keepdim=*/true));
  const Tensor g = take_sqrt ? grad / result : grad * 2;
  return g * centered / denom;
}

}  // namespace ember::autograd::detail
