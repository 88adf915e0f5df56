#pragma once
// Shared by the reduction ops: which dims are reduced, the output shape (keepdim), and the input
// laid out for the kernels as [kept..., R] (Note [Reduction engine] in backend/cpu/reduce.h).
#include <optional>

#include "ops/op_util.h"

namespace ember::detail {

struct ReduceLayout {
  Tensor input;          // [kept..., R]: reduced dims moved innermost and merged
  DimVector out_sizes;   // the kept sizes (the kernels' output shape)
  DimVector keep_sizes;  // the input's sizes with 1 for each reduced dim
  int64_t reduced = 1;   // R, the number of elements folded into each output
  bool reduces_all = false;
};

/// Lays `x` out for reducing over `dims` (wrapped; repeats raise). Empty `dims` reduces every
/// dim (PyTorch's dim=None and dim=[]).
ReduceLayout reduce_layout(const Tensor& x, IntArrayRef dims, const char* op);
/// The same for a single optional dim (nullopt reduces every dim, in row-major order).
ReduceLayout reduce_layout(const Tensor& x, std::optional<int64_t> dim, const char* op);

/// A new output of the kernels' shape for `layout`.
Tensor make_reduce_output(const ReduceLayout& layout, ScalarType dtype);
/// `out` (kernel shape) as the user sees it: with size-1 reduced dims when `keepdim`.
Tensor finish_reduce_output(const Tensor& out, const ReduceLayout& layout, bool keepdim);

/// Raises when some output would fold no elements (max, min, argmax... of an empty range);
/// `dim_given` tells a reduction over the dims the user named from one over all dims.
void check_nonempty_reduction(const ReduceLayout& layout, const Tensor& x, bool dim_given,
                              const char* op);

/// `t` with dim `d` moved last (a 0-d tensor becomes [1]), as the scan and sort kernels want it.
Tensor dim_last(const Tensor& t, int64_t d);
/// Checks that `self` is defined and on a backend, and returns `dim` wrapped.
int64_t checked_dim(const Tensor& self, int64_t dim, const char* name);

}  // namespace ember::detail
