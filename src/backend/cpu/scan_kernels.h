#pragma once
// Scan kernels: running sums, products, extremes and log-sum-exps along the last dimension.
// The op layer moves the scanned dim last in views of both the input and the outputs, which all
// have the same sizes.
#include "core/tensor_impl.h"
#include "ops/kinds.h"

namespace ember::cpu {

/// out[..., i] = op(in[..., 0..i]). Float32 runs accumulate in double, 16-bit floats in float,
/// integers in int64 (wrapping), as PyTorch's CPU kernels.
void scan(detail::ScanOp op, const detail::TensorImpl& out, const detail::TensorImpl& in);

/// Running max (or min) and the index where it was taken: a later equal value takes over, and
/// a NaN takes over and then stays (PyTorch's cummax/cummin).
void cum_extreme(bool is_max, const detail::TensorImpl& values, const detail::TensorImpl& indices,
                 const detail::TensorImpl& in);

}  // namespace ember::cpu
