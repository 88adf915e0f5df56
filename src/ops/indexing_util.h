#pragma once
// Advanced indexing, shared by index/index_put_, take, masked_select and masked_scatter.
#include <vector>

#include "ember/tensor.h"

namespace ember::detail {

/// `self[indices]` where indices[d] (int64 or int32, or undefined for a dim not indexed) index
/// dim d; see Note [Indexing by offsets]. Negative indices wrap (unless `allow_negative` is
/// false, as index_select); out-of-range ones raise.
Tensor advanced_index(const Tensor& self, std::vector<Tensor> indices, const char* op,
                      bool allow_negative = true);
/// `self[indices] = value`; `value` has self's dtype and broadcasts to the indexed shape.
void advanced_index_put(const Tensor& self, std::vector<Tensor> indices, const Tensor& value,
                        const char* op);
/// One int64 index tensor per dim of the bool (or uint8) `mask`: the coordinates of its
/// non-zero elements, in row-major order.
std::vector<Tensor> mask_to_indices(const Tensor& mask);
/// Raises unless `mask` is a bool tensor (masked_fill, masked_select, masked_scatter).
void check_bool_mask(const Tensor& mask, const char* op);

}  // namespace ember::detail
