#pragma once
#include "core/tensor_impl.h"
#include "ops/binary.h"
#include "ops/elementwise_args.h"

namespace ember::cpu {

/// out = op(a, b) elementwise. `a` and `b` have out's sizes and the op's compute dtype; `out` has
/// that dtype too, or bool for comparisons. Raises for a dtype the op does not support.
void binary(detail::BinaryOp op, const detail::TensorImpl& out, const detail::TensorImpl& a,
            const detail::TensorImpl& b, const detail::ElementwiseArgs& args = {});

/// Whether every element of the bool tensor `t` is true (true when empty).
bool all_true(const detail::TensorImpl& t);

}  // namespace ember::cpu
