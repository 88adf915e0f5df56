#pragma once
// Shared pieces of the pooling ops (pooling.cpp, pooling_adaptive.cpp): input checks, window
// plans (Note [Pool windows] in backend/cpu/pool_kernels.h), and the recorded internal ops the
// backward formulas are made of.
#include <array>
#include <memory>
#include <vector>

#include "ember/tensor.h"
#include "ops/backend.h"

namespace ember::detail {

/// Raises unless `input` is defined, floating, (n + 1)-d or (n + 2)-d, with non-zero sizes in
/// every dim but the batch dim (as PyTorch; `adaptive` ops let dim 0 be empty at either rank).
void check_pool_input(const Tensor& input, int64_t n, const char* op, bool adaptive);

/// A plan over `input`'s planes and its last n dims: leading window dims are trivial.
detail::PoolWindows plan_for(const Tensor& input, int64_t n);
/// `input`'s sizes with the last n replaced by the plan's output sizes.
std::vector<int64_t> pooled_sizes(const Tensor& input, const detail::PoolWindows& w, int64_t n);

/// Where max-pool gradients go: a zero tensor of `input_sizes` with grad's values summed at
/// `indices` (flat positions within each plane of the last n dims). Recorded: its own gradient
/// gathers through the same indices.
Tensor max_pool_grad(const Tensor& grad, const Tensor& indices, IntArrayRef input_sizes, int64_t n);
/// t.flatten(-n)[..., indices.flatten(-n)] viewed as indices' shape (recorded through gather).
Tensor plane_gather(const Tensor& t, const Tensor& indices, int64_t n);

/// An average-pooling plan: windows plus the input and output sizes and node names.
struct AvgPlan {
  detail::PoolWindows windows;
  std::vector<int64_t> in_sizes, out_sizes;
  const char* node;           // the forward's backward node ("AvgPool2DBackward0")
  const char* backward_node;  // the backward's own node
};
/// avg_pool over the plan, recorded (its backward is avg_pool_grad).
Tensor avg_pool_apply(const Tensor& input, const std::shared_ptr<const AvgPlan>& plan);
/// The adjoint of avg_pool_apply, recorded (its backward is avg_pool_apply).
Tensor avg_pool_grad(const Tensor& grad, const std::shared_ptr<const AvgPlan>& plan);

/// Max pooling over a plan, recorded: (values, indices); indices are computed only when
/// `want_indices` or autograd needs them (else undefined).
std::tuple<Tensor, Tensor> max_pool_apply(const Tensor& input, const detail::PoolWindows& w,
                                          int64_t n, bool want_indices, const char* node);

/// Node names by spatial rank (1, 2 or 3).
const char* node_name(const std::array<const char*, 3>& names, int64_t n);

}  // namespace ember::detail
