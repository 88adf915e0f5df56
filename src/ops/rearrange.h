#pragma once
// Internal helpers shared by the rearranging ops (src/ops/join.cpp, repeat.cpp, reorder.cpp,
// pad.cpp).
#include <cstdint>
#include <vector>

#include "ember/tensor.h"

namespace ember::detail {

/// One source-index table per dimension (see cpu::remap).
using IndexMaps = std::vector<std::vector<int64_t>>;

/// [0, 1, ..., n - 1].
std::vector<int64_t> identity_map(int64_t n);
/// Identity tables for every dimension of `sizes`.
IndexMaps identity_maps(IntArrayRef sizes);
/// A new contiguous tensor of `sizes` whose element (i0, ..., ik) is
/// self[maps[0][i0], ..., maps[k][ik]].
Tensor remap(const Tensor& self, IntArrayRef sizes, const IndexMaps& maps, const char* op);

/// cat, with errors reported as `op` (hstack, vstack, ... are cats).
Tensor cat(TensorList tensors, int64_t dim, const char* op);

}  // namespace ember::detail
