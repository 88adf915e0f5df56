#pragma once
// Sorting and selection along the last dim (the op layer moves the dim last in views of every
// operand). NaN orders as the largest value, as in PyTorch. Index outputs are int64.
#include "core/tensor_impl.h"
#include "ops/kinds.h"

namespace ember::cpu {

/// Stable sort of each line into `values` and `indices` (same sizes as `in`).
void sort(const detail::TensorImpl& values, const detail::TensorImpl& indices,
          const detail::TensorImpl& in, bool descending);

/// The k largest (or smallest) of each line, sorted; `values`/`indices` lines have length k.
/// Among equal values the earlier index comes first.
void topk(const detail::TensorImpl& values, const detail::TensorImpl& indices,
          const detail::TensorImpl& in, int64_t k, bool largest);

/// One value and an index where it occurs per line; `values`/`indices` lines have length 1.
void select_value(detail::SelectOp op, const detail::TensorImpl& values,
                  const detail::TensorImpl& indices, const detail::TensorImpl& in, int64_t k);

}  // namespace ember::cpu

namespace ember::cpu {

/// The distinct values of the contiguous 1-d `in`, ascending (each NaN distinct, last), into
/// `values` and, when given, `counts` (both with in's length; the first `returned` elements are
/// used) and `inverse` (int64, in's length). Returns the number of distinct values.
int64_t unique(const detail::TensorImpl& values, const detail::TensorImpl* inverse,
               const detail::TensorImpl* counts, const detail::TensorImpl& in);

/// Groups the rows of the contiguous 2-d `rows` ([n, m], m >= 1): equal rows (every element ==,
/// so a row holding NaN is equal to no other) form a group. Unless `consecutive`, the rows are
/// first sorted lexicographically (stably, NaN the largest value) and each group gathers all
/// equal rows; with `consecutive`, only runs of adjacent equal rows. Writes, for each group in
/// order, the index of its first row into `first` (int64 [n], the first `returned` used) and its
/// size into `counts` (same layout, when given); and each row's group into `inverse` (int64 [n],
/// when given). Returns the number of groups.
int64_t unique_rows(const detail::TensorImpl& rows, bool consecutive,
                    const detail::TensorImpl& first, const detail::TensorImpl* inverse,
                    const detail::TensorImpl* counts);

}  // namespace ember::cpu
