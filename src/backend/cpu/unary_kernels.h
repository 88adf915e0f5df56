#pragma once
#include "core/tensor_impl.h"
#include "ops/elementwise_args.h"
#include "ops/unary.h"

namespace ember::cpu {

/// out = op(a) elementwise; `a` has out's sizes and the compute dtype. Raises for a dtype the op
/// does not support.
void unary(detail::UnaryOp op, const detail::TensorImpl& out, const detail::TensorImpl& a,
           const detail::ElementwiseArgs& args = {});

}  // namespace ember::cpu
