#pragma once
// Sorting and selection along the last dim (the op layer moves the dim last in views of every
// operand). NaN orders as the largest value, as in PyTorch. Index outputs are int64.
#include "core/tensor_impl.h"

namespace ember::cpu {

/// Stable sort of each line into `values` and `indices` (same sizes as `in`).
void sort(const detail::TensorImpl& values, const detail::TensorImpl& indices,
          const detail::TensorImpl& in, bool descending);

/// The k largest (or smallest) of each line, sorted; `values`/`indices` lines have length k.
/// Among equal values the earlier index comes first.
void topk(const detail::TensorImpl& values, const detail::TensorImpl& indices,
          const detail::TensorImpl& in, int64_t k, bool largest);

enum class SelectOp {
  kth,     // the k-th smallest (0-based k)
  median,  // as kth, but a line holding NaN gives its first NaN
  mode,    // the most frequent value (the smallest among equally frequent ones)
};

/// One value and an index where it occurs per line; `values`/`indices` lines have length 1.
void select_value(SelectOp op, const detail::TensorImpl& values, const detail::TensorImpl& indices,
                  const detail::TensorImpl& in, int64_t k);

}  // namespace ember::cpu

namespace ember::cpu {

/// The distinct values of the contiguous 1-d `in`, ascending (each NaN distinct, last), into
/// `values` and, when given, `counts` (both with in's length; the first `returned` elements are
/// used) and `inverse` (int64, in's length). Returns the number of distinct values.
int64_t unique(const detail::TensorImpl& values, const detail::TensorImpl* inverse,
               const detail::TensorImpl* counts, const detail::TensorImpl& in);

}  // namespace ember::cpu
