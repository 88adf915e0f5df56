#pragma once
/// Rearranging ops: joining, flipping, rolling, repeating and padding. Each returns a new tensor
/// with its own data (except meshgrid, whose results are broadcast views, as in PyTorch). Dims may
/// be negative (counted from the end). Every op raises ember::Error, naming itself, on bad input.
#include <optional>
#include <string_view>
#include <vector>

#include "ember/tensor.h"

namespace ember {

// ---- Joining -----------------------------------------------------------------------------------

/// Concatenates `tensors` along `dim`. All must have the same rank and equal sizes except along
/// `dim`; 1-d empty tensors of shape [0] are skipped (PyTorch's legacy rule). The result dtype is
/// the promoted dtype of all inputs. Raises for an empty list or a 0-d input.
Tensor cat(TensorList tensors, int64_t dim = 0);
/// Alias of `cat`.
Tensor concat(TensorList tensors, int64_t dim = 0);
/// Joins equally shaped tensors along a new dimension `dim` (in [-(r+1), r] for rank r); dtypes
/// promote as in cat.
Tensor stack(TensorList tensors, int64_t dim = 0);
/// Column-wise: cat along dim 1, or along dim 0 when the inputs are 1-d (0-d inputs count as 1-d).
Tensor hstack(TensorList tensors);
/// Row-wise: each input is made at least 2-d ([n] becomes [1, n]), then cat along dim 0.
Tensor vstack(TensorList tensors);
/// Depth-wise: each input is made at least 3-d ([n] -> [1, n, 1], [m, n] -> [m, n, 1]), then cat
/// along dim 2.
Tensor dstack(TensorList tensors);

/// Coordinate grids from 0-d or 1-d tensors of one dtype: result i has the sizes of all inputs
/// (in order) and varies along dim i. `indexing` "ij" (matrix, the default) or "xy" (Cartesian:
/// the first two dims swap). The results are broadcast views of the inputs.
std::vector<Tensor> meshgrid(TensorList tensors, std::string_view indexing = "ij");
/// Cartesian product of 1-d tensors of one dtype: [prod(n_i), k] rows in lexicographic order
/// (a single input is returned as is, 1-d).
Tensor cartesian_prod(TensorList tensors);

// ---- Reordering --------------------------------------------------------------------------------

/// Reverses the order of elements along each of `dims` (distinct). A copy, same dtype.
Tensor flip(const Tensor& self, IntArrayRef dims);
/// Flips dim 1 (a matrix's columns) / dim 0 (its rows); need at least 2 / 1 dims.
Tensor fliplr(const Tensor& self);
Tensor flipud(const Tensor& self);
/// Shifts elements along `dims` by `shifts` (one shift per dim; elements wrap around). Without
/// dims, the flattened tensor is rolled by a single shift and reshaped back.
Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims = {});
/// Rotates by 90 degrees `k` times in the plane of the two distinct `dims`, from the first
/// towards the second. Needs at least 2 dims.
Tensor rot90(const Tensor& self, int64_t k = 1, IntArrayRef dims = {0, 1});

// ---- Repeating ---------------------------------------------------------------------------------

/// Tiles the tensor `repeats[i]` times along each dim; `repeats` needs at least self.dim()
/// entries (extra leading ones add new dims). Counts must be non-negative.
Tensor repeat(const Tensor& self, IntArrayRef repeats);
/// As repeat, but `dims` shorter than self.dim() is padded with leading 1s.
Tensor tile(const Tensor& self, IntArrayRef dims);
/// Repeats each element `repeats` times along `dim` (without dim: of the flattened tensor).
Tensor repeat_interleave(const Tensor& self, int64_t repeats,
                         std::optional<int64_t> dim = std::nullopt);
/// Element i along `dim` repeated repeats[i] times; `repeats` is an int32/int64 tensor, 0-d or
/// 1-d with one entry per element (or a single entry for all), non-negative.
Tensor repeat_interleave(const Tensor& self, const Tensor& repeats,
                         std::optional<int64_t> dim = std::nullopt);
/// [0, 0, 1, 2, 2, ...]: index i repeated repeats[i] times, for a 1-d int32/int64 `repeats`.
Tensor repeat_interleave(const Tensor& repeats);

// ---- Padding -----------------------------------------------------------------------------------

/// Pads with `value`; `pad` = (left, right) pairs starting from the last dim and moving forward
/// ([l_last, r_last, l_prev, r_prev, ...]), at most 2 * dim() entries. Negative pads crop.
Tensor constant_pad_nd(const Tensor& self, IntArrayRef pad, const Scalar& value = 0);
/// PyTorch's F.pad. mode "constant" (any rank, negative pads crop, `value` defaults to 0);
/// "reflect", "replicate" and "circular" pad the last 1, 2 or 3 dims of a tensor with one or two
/// more leading dims (pad of length 2 for 2-d/3-d, 4 for 3-d/4-d, 6 for 4-d/5-d) and take no
/// value. "reflect" needs each pad < the size it pads; "circular" each pad <= that size;
/// "reflect" and "replicate" need a floating dtype and non-empty padded/channel dims.
Tensor pad(const Tensor& self, IntArrayRef pad, std::string_view mode = "constant",
           std::optional<double> value = std::nullopt);

}  // namespace ember
