#pragma once
// Copies with dtype conversion, and fills.
#include "core/tensor_impl.h"
#include "ember/scalar.h"

namespace ember::cpu {

/// dst[i] = convert(src[i]); `src` has dst's sizes (broadcast inputs arrive expanded).
void copy(const detail::TensorImpl& dst, const detail::TensorImpl& src);
/// dst[i] = value (converted to dst's dtype).
void fill(const detail::TensorImpl& dst, const Scalar& value);

}  // namespace ember::cpu
