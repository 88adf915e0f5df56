#pragma once
// The one kernel of the rearranging ops that views and copies cannot express: a gather whose
// source index along each dimension comes from a per-dimension table.
#include <cstdint>
#include <vector>

#include "core/tensor_impl.h"

namespace ember::cpu {

/// out[i0, ..., ik] = src[maps[0][i0], ..., maps[k][ik]], for a contiguous `out` of src's dtype
/// and rank. `maps[d]` has out.sizes()[d] entries, each in [0, src.sizes()[d]). This is flip
/// (n - 1 - i), roll ((i - shift) mod n), repeat_interleave and the reflect/replicate/circular
/// pads: any rearrangement that is separable per dimension, in one pass.
void remap(const detail::TensorImpl& out, const detail::TensorImpl& src,
           const std::vector<std::vector<int64_t>>& maps);

}  // namespace ember::cpu
