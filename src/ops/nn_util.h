#pragma once
// Helpers the fused neural-network ops share.
#include "ember/tensor.h"
#include "ops/backend.h"

namespace ember::detail {

/// (outer, dim, inner) of a contiguous tensor of `sizes` along `dim` (already wrapped; a 0-d
/// tensor gives (1, 1, 1)).
detail::SoftmaxShape softmax_shape(IntArrayRef sizes, int64_t dim);

}  // namespace ember::detail
