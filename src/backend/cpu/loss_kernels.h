#pragma once
// Negative log likelihood kernels over a contiguous (batch, classes, spatial) input.
#include <cstdint>

#include "core/tensor_impl.h"
#include "ops/kernel_args.h"

namespace ember::cpu {

using detail::NllShape;

/// reduction None: out[n, s] = -weight[t] * self[n, t, s] (0 where t == ignore_index), out of
/// (batch * spatial) elements. Mean/Sum: out (0-d) = the sum of those, divided (Mean) by
/// total_weight (0-d, written) = the sum of weight[t] over the non-ignored targets. `self` and
/// `out` are contiguous, one floating dtype; `target` contiguous int64 of batch * spatial
/// elements; `weight` null or (classes) contiguous of self's dtype. Raises "[nll_loss] Target t
/// is out of bounds." for a target outside [0, classes).
void nll_loss(const detail::TensorImpl& out, const detail::TensorImpl& total_weight,
              const detail::TensorImpl& self, const detail::TensorImpl& target,
              const detail::TensorImpl* weight, NllShape shape, int64_t reduction,
              int64_t ignore_index);

/// grad_input (zero-filled, contiguous (batch, classes, spatial)) [n, t, s] = -weight[t] * g,
/// g = grad[n, s] (None), grad (Sum) or grad / total_weight (Mean).
void nll_loss_backward(const detail::TensorImpl& grad_input, const detail::TensorImpl& grad,
                       const detail::TensorImpl& target, const detail::TensorImpl* weight,
                       const detail::TensorImpl& total_weight, NllShape shape, int64_t reduction,
                       int64_t ignore_index);

}  // namespace ember::cpu
