#pragma once
// Fused softmax / log_softmax kernels over a contiguous (outer, dim, inner) view.
#include <cstdint>

#include "core/tensor_impl.h"
#include "ops/kernel_args.h"

namespace ember::cpu {

using detail::SoftmaxShape;

/// out = softmax(in) (log_softmax when `log`) along the middle dim of `shape`. `in` and `out`
/// are contiguous, of one floating dtype; 16-bit floats compute in float.
void softmax(const detail::TensorImpl& out, const detail::TensorImpl& in, SoftmaxShape shape,
             bool log);

/// The input gradient of softmax (log_softmax when `log`) from the output gradient `grad` and
/// the forward result `out`: out * (grad - sum(grad * out)), or grad - exp(out) * sum(grad).
/// All contiguous, one floating dtype.
void softmax_backward(const detail::TensorImpl& grad_in, const detail::TensorImpl& grad,
                      const detail::TensorImpl& out, SoftmaxShape shape, bool log);

}  // namespace ember::cpu
