#pragma once
// Helpers the fused neural-network ops share.
#include "backend/cpu/softmax_kernels.h"
#include "ember/tensor.h"

namespace ember::detail {

/// (outer, dim, inner) of a contiguous tensor of `sizes` along `dim` (already wrapped; a 0-d
/// tensor gives (1, 1, 1)).
cpu::SoftmaxShape softmax_shape(IntArrayRef sizes, int64_t dim);

}  // namespace ember::detail
