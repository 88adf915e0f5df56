#pragma once
// Kernels of the indexing ops: advanced indexing by byte offsets, gather/scatter along a dim,
// masks and nonzero.
//
// Note [Indexing by offsets]
// Advanced indexing is an elementwise walk over the result shape with three operands: the
// result (or, for index_put_, the values), a view of the indexed tensor whose indexed dims are
// replaced by the broadcast index shape with stride 0, and an int64 tensor of byte offsets (the
// sum over indexed dims of index * stride, bounds-checked once) expanded over the other dims.
// Element i is then `*(src[i] + offsets[i])`, as PyTorch's index kernel.
#include <cstdint>

#include "core/tensor_impl.h"
#include "ember/scalar.h"
#include "ops/kinds.h"

namespace ember::cpu {

using detail::TensorImpl;

/// offsets[i] += index[i] * stride_bytes for an int64 or int32 `index` of offsets' sizes,
/// raising "[op] index v is out of bounds for dimension dim with size size" unless v lies in
/// [-size, size) (negative values count from the end) or, without `allow_negative`, [0, size).
void add_index_offsets(const TensorImpl& offsets, const TensorImpl& index, int64_t size,
                       int64_t stride_bytes, int64_t dim, bool allow_negative, const char* op);
/// out[i] = *(src[i] + offsets[i]); all of out's sizes, src of out's dtype.
void index_gather(const TensorImpl& out, const TensorImpl& src, const TensorImpl& offsets);
/// *(dst[i] + offsets[i]) = value[i], serially (a later duplicate wins); value of dst's dtype.
void index_put(const TensorImpl& dst, const TensorImpl& value, const TensorImpl& offsets);

/// Walks every position p of `index` (int64 or int32) and, with q = p with coordinate `dim`
/// replaced by index[p]:
///   kGather: self[p] = other[q]           (self: the output, of index's sizes)
///   otherwise: self[q] (op)= other[p] * (alpha for kSum)
/// `self` and `other` are views of index's sizes whose stride along `dim` is that of the tensor
/// they view (the q side is then offset by index[p] * that stride). Index values must lie in
/// [0, dim_size). Runs in parallel over positions that differ outside `dim` only, so results do
/// not depend on the thread count.
void gather_scatter(detail::ScatterOp op, const TensorImpl& self, const TensorImpl& index,
                    const TensorImpl& other, int64_t dim, int64_t dim_size, const Scalar& alpha,
                    const char* name);

/// self[i] = value where mask[i] (mask: bool, of self's sizes).
void masked_fill(const TensorImpl& self, const TensorImpl& mask, const Scalar& value);
/// self[i] /= count[i] (int64, of self's sizes) where count[i] > 0; integers round down.
void divide_by_count(const TensorImpl& self, const TensorImpl& count);
/// The number of non-zero elements.
int64_t count_nonzero(const TensorImpl& self);
/// Writes the coordinates of self's non-zero elements, in row-major order, into the contiguous
/// int64 `out` of shape [count_nonzero(self), self.dim()].
void nonzero(const TensorImpl& out, const TensorImpl& self);

}  // namespace ember::cpu
