#pragma once
// Triangular masks over the last two dims (tril / triu).
#include <cstdint>

#include "core/tensor_impl.h"

namespace ember::cpu {

/// out[..., i, j] = in[..., i, j] where (lower ? j - i <= diagonal : j - i >= diagonal), else 0.
/// `out` and `in` have the same sizes (at least 2-d) and dtype, any strides; they may be the same
/// tensor (in-place).
void triangle(const detail::TensorImpl& out, const detail::TensorImpl& in, int64_t diagonal,
              bool lower);

}  // namespace ember::cpu
