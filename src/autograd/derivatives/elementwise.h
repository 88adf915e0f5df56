#pragma once
// Backward formulas of the elementwise primitives (ops/unary_ops.def, binary_ops.def,
// ternary_ops.def and where), following PyTorch's tools/autograd/derivatives.yaml, including its
// conventions at kinks: abs'(0) = 0, clamp passes the gradient at its bounds, maximum and
// minimum split it between ties.
#include "autograd/record.h"
#include "ops/binary.h"
#include "ops/ternary.h"
#include "ops/unary.h"

namespace ember::autograd::detail {

using ember::detail::BinaryOp;
using ember::detail::ElementwiseArgs;
using ember::detail::TernaryOp;
using ember::detail::UnaryOp;

/// PyTorch's node name for a primitive: "exp" -> "ExpBackward0", "log1p" -> "Log1PBackward0".
std::string backward_name(const char* op);

void record_unary(Recorder& rec, UnaryOp op, const Tensor& self, const Tensor& result,
                  const ElementwiseArgs& args);
/// `a` and `b` as the kernel saw them (a number operand arrives wrapped as a 0-d tensor).
void record_binary(Recorder& rec, BinaryOp op, const Tensor& a, const Tensor& b,
                   const Tensor& result, const ElementwiseArgs& args);
void record_ternary(Recorder& rec, TernaryOp op, const Tensor& a, const Tensor& b, const Tensor& c,
                    const Tensor& result, const ElementwiseArgs& args);
void record_where(Recorder& rec, const Tensor& condition, const Tensor& result);

}  // namespace ember::autograd::detail
