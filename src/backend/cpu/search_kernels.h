#pragma once
// Kernels of the search/count ops: searchsorted, histc, bincount.
#include <cstdint>

#include "core/tensor_impl.h"

namespace ember::cpu {

using detail::TensorImpl;

/// out[i] = the insertion position of values[i] in row `i / values.size(-1)` of the contiguous
/// `seq` (or its only row when seq is 1-d), with PyTorch's comparisons (a NaN value goes last).
/// seq and values are contiguous and of one dtype; out is contiguous int64 or int32. With a
/// `sorter` (contiguous int64 of seq's shape, indices checked to lie in the row), row position
/// p reads seq[row][sorter[row][p]].
void searchsorted(const TensorImpl& out, const TensorImpl& seq, const TensorImpl& values,
                  bool right, const TensorImpl* sorter = nullptr);
/// out (contiguous, self's floating dtype, [bins]) = histogram of `self` over [min, max], with
/// PyTorch's bin arithmetic in self's dtype.
void histc(const TensorImpl& out, const TensorImpl& self, double min, double max);
/// The largest value of a 1-d integer tensor (raising, naming bincount, for a negative one).
int64_t bincount_max(const TensorImpl& self);
/// out[self[i]] += weights[i] (or 1 without weights), serially; out is contiguous and zeroed,
/// weights (if given) already of out's dtype.
void bincount(const TensorImpl& out, const TensorImpl& self, const TensorImpl* weights);

}  // namespace ember::cpu
