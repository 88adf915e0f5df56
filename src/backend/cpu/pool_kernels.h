#pragma once
// Pooling kernels over planes: max and average pooling (fixed or adaptive windows), their
// backward passes, and the scatter/gather through per-plane indices that max-pool backward and
// max_unpool share.
//
// Note [Pool windows]
// Every pooling op is described by one PoolWindows: the input viewed as contiguous
// (planes, D, H, W) and the output as (planes, oD, oH, oW), 1-d and 2-d ops padded with leading
// spatial dims of size 1. Per spatial dim and output position, the window is the input range
// [start, end) walked with `step` (the dilation), already clipped to the input; `divisor` holds
// that dim's factor of the average's divisor (the padded window length when padding counts,
// else end - start). Fixed and adaptive windows, max and average, then share one walk, and a
// window's cost does not depend on which op built it. Kernels run in parallel over planes; each
// plane is computed serially in a fixed order, so results do not depend on the thread count.
#include <array>
#include <cstdint>
#include <vector>

#include "core/tensor_impl.h"

namespace ember::cpu {

struct PoolWindows {
  int64_t planes = 0;
  std::array<int64_t, 3> in{1, 1, 1};
  std::array<int64_t, 3> out{1, 1, 1};
  std::array<std::vector<int64_t>, 3> start, end, divisor;  // each of size out[d]
  std::array<int64_t, 3> step{1, 1, 1};
  int64_t divisor_override = 0;  // 0: the product of `divisor` over the dims
  // True when every window is 2x2 with stride 2 over the last two dims, no padding and no
  // dilation (the common CNN case takes a dedicated loop).
  bool two_by_two = false;

  int64_t in_plane() const { return in[0] * in[1] * in[2]; }
  int64_t out_plane() const { return out[0] * out[1] * out[2]; }
};

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
