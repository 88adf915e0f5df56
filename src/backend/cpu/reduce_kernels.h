#pragma once
// Reduction kernels. Every input is laid out as [kept..., R] and every output as [kept...]
// (Note [Reduction engine] in backend/cpu/reduce.h); the op layer has already chosen dtypes.
#include "core/tensor_impl.h"
#include "ops/kinds.h"

namespace ember::cpu {

/// out[o] = op(in[o, :]).
void reduce(detail::ReduceOp op, const detail::TensorImpl& out, const detail::TensorImpl& in);

/// The max (or min) of each row and the index of its first occurrence (the first NaN, if any).
/// `values` may be null (argmax); `indices` is int64.
void arg_reduce(bool is_max, const detail::TensorImpl* values, const detail::TensorImpl& indices,
                const detail::TensorImpl& in);

/// Variance (or standard deviation when `take_sqrt`) with divisor max(0, N - correction), and
/// optionally the mean, of each row of a floating tensor. Either output may be null.
void var_mean(const detail::TensorImpl* var, const detail::TensorImpl* mean,
              const detail::TensorImpl& in, double correction, bool take_sqrt);

/// The vector p-norm of each row of a floating tensor (p may be 0, +-inf or any number).
void norm(const detail::TensorImpl& out, const detail::TensorImpl& in, double p);

/// log(sum(exp(x))) of each row of a floating tensor, computed without overflow.
void logsumexp(const detail::TensorImpl& out, const detail::TensorImpl& in);

}  // namespace ember::cpu
