#pragma once
#include "core/tensor_impl.h"
#include "ops/elementwise_args.h"
#include "ops/ternary.h"

namespace ember::cpu {

/// out = op(a, b, c) elementwise; all have out's sizes and dtype (the compute dtype). Raises for
/// a dtype the op does not support.
void ternary(detail::TernaryOp op, const detail::TensorImpl& out, const detail::TensorImpl& a,
             const detail::TensorImpl& b, const detail::TensorImpl& c,
             const detail::ElementwiseArgs& args = {});
/// out = condition ? a : b; `condition` is bool, `a` and `b` have out's dtype, all out's sizes.
void where(const detail::TensorImpl& out, const detail::TensorImpl& condition,
           const detail::TensorImpl& a, const detail::TensorImpl& b);

}  // namespace ember::cpu
