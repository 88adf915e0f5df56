#pragma once
// Pooling kernels over planes: max and average pooling (fixed or adaptive windows), their
// backward passes, and the scatter/gather through per-plane indices that max-pool backward and
// max_unpool share.
// (Note [Pool windows] in ops/kernel_args.h)
#include <cstdint>

#include "core/tensor_impl.h"
#include "ops/kernel_args.h"

namespace ember::cpu {

using detail::PoolWindows;

/// out = max over each window; `indices` (int64, may be null) gets the flat position within the
/// plane of the maximum (NaN wins; among NaNs the last, as PyTorch). `in`, `out` and `indices`
/// are contiguous; float dtypes only.
void max_pool(const detail::TensorImpl& out, const detail::TensorImpl* indices,
              const detail::TensorImpl& in, const PoolWindows& w);

/// out = window sum / divisor (0 for an empty window), contiguous, float dtypes only.
void avg_pool(const detail::TensorImpl& out, const detail::TensorImpl& in, const PoolWindows& w);
/// The adjoint of avg_pool: grad_in (contiguous, overwritten) from grad_out (contiguous).
void avg_pool_backward(const detail::TensorImpl& grad_in, const detail::TensorImpl& grad_out,
                       const PoolWindows& w);

/// dst[p, indices[p, j]] (+)= src[p, j] for each plane p (dst: planes x dst_plane, zeroed here;
/// src and indices: planes x src_plane; all contiguous). With `accumulate` duplicates sum (max-pool
/// backward), else the last one wins (max_unpool). An index outside [0, dst_plane) raises
/// "[op] Found an invalid max index" when `check`, and is skipped otherwise (the index a window
/// lying wholly in padding reports, as PyTorch's).
void plane_scatter(const detail::TensorImpl& dst, const detail::TensorImpl& src,
                   const detail::TensorImpl& indices, int64_t dst_plane, bool accumulate,
                   bool check, const char* op);

}  // namespace ember::cpu
