#pragma once
#include "core/tensor_impl.h"
#include "ops/elementwise_args.h"
#include "ops/unary.h"

namespace ember::cpu {

/// Whether `op` is float math (integer inputs must be converted to float first).
bool is_float_math(detail::UnaryOp op);
/// Whether `op` returns bool (a predicate such as isnan).
bool returns_bool(detail::UnaryOp op);
/// out = op(a) elementwise; `a` has out's sizes and the compute dtype. Raises for a dtype the op
/// does not support.
void unary(detail::UnaryOp op, const detail::TensorImpl& out, const detail::TensorImpl& a,
           const detail::ElementwiseArgs& args = {});

}  // namespace ember::cpu
