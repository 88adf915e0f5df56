#pragma once
// Shape arithmetic shared by every op: dim wrapping, broadcasting, strides.
#include <cstdint>

#include "core/dim_vector.h"
#include "ember/array_ref.h"

namespace ember::detail {

/// Maps a possibly negative `dim` into [0, ndim); a 0-d tensor accepts dims -1 and 0 (as PyTorch).
int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op);
/// Row-major strides for `sizes`.
DimVector contiguous_strides(IntArrayRef sizes);
/// Product of sizes.
int64_t numel_of(IntArrayRef sizes);
/// Raises unless every size is non-negative.
void check_sizes(IntArrayRef sizes, const char* op);
/// The broadcast shape of `a` and `b`, with PyTorch's rules; raises on a mismatch.
DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op);
/// Whether `from` broadcasts to `to` unchanged (expand(from, to) succeeds without -1 sizes).
bool expandable(IntArrayRef from, IntArrayRef to);
/// Raises libtorch's expand message unless shape `value` expands to `target`.
void check_expands_to(IntArrayRef value, IntArrayRef target, const char* op);
/// A bit mask of the dims in `dims` (wrapped), raising on repeats; empty `dims` means none.
uint64_t dim_mask(IntArrayRef dims, int64_t ndim, const char* op);

}  // namespace ember::detail
