#pragma once
/// Indexing ops: advanced indexing, gather/scatter, masks, and search/count ops.
///
/// Index tensors are int64 (int32 is accepted where PyTorch 2.x accepts it: advanced indexing,
/// index_select, gather, scatter*, index_add). Negative indices count from the end where PyTorch
/// allows them (advanced indexing, take); an index outside the dimension raises ember::Error
/// naming the op and the index. In-place ops write through views and bump the version counter.
#include <optional>
#include <string_view>

#include "ember/indexing.h"
#include "ember/tensor.h"

namespace ember {

/// `self[indices]` with PyTorch's rules: integers, slices, None, Ellipsis and bools give a view;
/// integer or boolean-mask tensors (advanced indices, broadcast together) give a copy whose
/// advanced dims replace the indexed ones in place when the advanced indices are adjacent, and
/// go first otherwise. Index tensors: int64, int32, bool, or uint8 (a deprecated mask).
Tensor index(const Tensor& self, ArrayRef<indexing::TensorIndex> indices);
/// `self[indices] = value` (value broadcast to the indexed shape and cast to self's dtype).
/// With duplicate advanced indices, one of the written values wins (unspecified, as PyTorch).
/// With `accumulate`, adds `value` at the indexed positions instead (repeated indices add up),
/// as libtorch's `index_put_(indices, values, /*accumulate=*/true)`.
Tensor& index_put_(Tensor& self, ArrayRef<indexing::TensorIndex> indices, const Tensor& value,
                   bool accumulate = false);
Tensor& index_put_(Tensor& self, ArrayRef<indexing::TensorIndex> indices, const Scalar& value,
                   bool accumulate = false);

/// The slices `index[i]` of `self` along `dim`; `index` is 0-d or 1-d (int64 or int32) and its
/// values lie in [0, size). The result has self's shape with `dim` of size index.numel().
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index);
/// out[i][j][k] = self[index[i][j][k]][j][k] (for dim 0). `index` has self's number of dims and
/// sizes no larger than self's outside `dim`; the result has index's shape.
Tensor gather(const Tensor& self, int64_t dim, const Tensor& index);
/// A copy of self with self[index[i][j]][j] = src[i][j] (for dim 0). `src` has self's dtype and
/// at least index's sizes; duplicate indices leave an unspecified one of the values.
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
/// As scatter, summing every src value into its slot (duplicates accumulate, in index order).
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
/// As scatter_add with `reduce` one of "sum", "prod", "mean", "amax", "amin"; with
/// `include_self` false, the original values at scattered positions are left out. Integer
/// "mean" rounds down.
Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                      std::string_view reduce, bool include_self = true);
/// A copy of self with self.select(dim, index[i]) += alpha * source.select(dim, i). `index` is
/// 0-d or 1-d; `source` has self's dtype and shape except along `dim` (index.numel()).
Tensor index_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                 const Scalar& alpha = 1);
/// `value` where the bool `mask` (broadcast with self) is true. A tensor value must be 0-d.
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value);
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value);
/// The elements of self (broadcast with the bool mask) where mask is true, as a 1-d tensor.
Tensor masked_select(const Tensor& self, const Tensor& mask);
/// A copy of self (broadcast with the bool mask) whose masked positions, in row-major order,
/// take consecutive elements of `source` (same dtype, at least as many elements as trues).
Tensor masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source);
/// The coordinates of the non-zero elements, int64 of shape [n, self.dim()], row-major order.
Tensor nonzero(const Tensor& self);
/// self.flatten()[index] with the shape of the int64 `index`; negative indices wrap.
Tensor take(const Tensor& self, const Tensor& index);

/// For each value, the position in the sorted innermost dim of `sorted_sequence` where it would
/// be inserted: the first such position, or the last with `right` (or side "right"). A
/// sorted_sequence of more than one dim must match `values` in every dim but the last. The two
/// are compared in their promoted dtype. Result: int64 (int32 with out_int32), values' shape.
/// `side` ("left" or "right") overrides `right`; side "left" with right = true raises. With a
/// `sorter` (int64, sorted_sequence's shape, indices in [0, size(-1))), sorted_sequence need
/// not be sorted: `sorted_sequence.gather(-1, sorter)` is searched instead, and positions are
/// in that sorted order. A sorter of another shape or dtype, or with an index out of range,
/// raises.
Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool out_int32 = false,
                    bool right = false, std::optional<std::string_view> side = std::nullopt,
                    const std::optional<Tensor>& sorter = std::nullopt);
Tensor searchsorted(const Tensor& sorted_sequence, const Scalar& value, bool out_int32 = false,
                    bool right = false, std::optional<std::string_view> side = std::nullopt,
                    const std::optional<Tensor>& sorter = std::nullopt);
/// searchsorted with the arguments swapped: `boundaries` must be 1-d.
Tensor bucketize(const Tensor& self, const Tensor& boundaries, bool out_int32 = false,
                 bool right = false);
Tensor bucketize(const Scalar& self, const Tensor& boundaries, bool out_int32 = false,
                 bool right = false);
/// Histogram of a floating tensor with `bins` equal bins over [min, max] (min == max uses the
/// data's range); values outside and NaNs are ignored. Result: self's dtype, shape [bins].
/// Raises for integer dtypes, bins < 1, min > max, or a non-finite range.
Tensor histc(const Tensor& self, int64_t bins = 100, const Scalar& min = 0, const Scalar& max = 0);
/// Counts of each value of a 1-d non-negative integer tensor, of length
/// max(max(self) + 1, minlength); int64, or the sum of `weights` (float32 for float32 weights,
/// else float64). An empty input gives int64 zeros of length minlength.
Tensor bincount(const Tensor& self, const std::optional<Tensor>& weights = std::nullopt,
                int64_t minlength = 0);

}  // namespace ember
