#pragma once
// Fused normalisation kernels: layer norm over the rows of an (M, N) matrix, batch norm over
// the channels of an (N, C, S) tensor. Inputs contiguous, one floating dtype; 16-bit floats
// compute in float. Null pointers mean "absent" (no affine weight, gradient not needed).
#include <cstdint>

#include "core/tensor_impl.h"
#include "ops/kernel_args.h"

namespace ember::cpu {

using detail::BatchNormShape;
using detail::TensorImpl;

/// y = (x - mean) * rstd * w + b per row; mean and rstd (M values) written.
void layer_norm(const TensorImpl& y, const TensorImpl& mean, const TensorImpl& rstd,
                const TensorImpl& x, const TensorImpl* w, const TensorImpl* b, int64_t M, int64_t N,
                double eps);

/// Gradients of layer_norm: dx (M, N), dw and db (N), each written when non-null.
void layer_norm_backward(const TensorImpl* dx, const TensorImpl* dw, const TensorImpl* db,
                         const TensorImpl& dy, const TensorImpl& x, const TensorImpl& mean,
                         const TensorImpl& rstd, const TensorImpl* w, int64_t M, int64_t N);

/// Per-channel mean and biased variance of x (N, C, S), written as (C) tensors of the compute
/// dtype (float32 for the 16-bit floats, else x's); batch norm's mean/invstd are of that dtype.
void batch_norm_stats(const TensorImpl& mean, const TensorImpl& var, const TensorImpl& x,
                      BatchNormShape s);

/// y = (x - mean[c]) * invstd[c] * w[c] + b[c]; mean and invstd (C) in x's dtype.
void batch_norm_apply(const TensorImpl& y, const TensorImpl& x, const TensorImpl& mean,
                      const TensorImpl& invstd, const TensorImpl* w, const TensorImpl* b,
                      BatchNormShape s);

/// Gradients of batch norm. training: dx = w * invstd * (dy - mean(dy) - xhat * mean(dy *
/// xhat)) per channel; eval: dx = dy * w * invstd. dw = sum(dy * xhat), db = sum(dy).
void batch_norm_backward(const TensorImpl* dx, const TensorImpl* dw, const TensorImpl* db,
                         const TensorImpl& dy, const TensorImpl& x, const TensorImpl& mean,
                         const TensorImpl& invstd, const TensorImpl* w, BatchNormShape s,
                         bool training);

}  // namespace ember::cpu
