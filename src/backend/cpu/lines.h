#pragma once
// Walks "lines": the last dimension of several tensors that share their other (outer) sizes.
// Used by kernels that need a whole line at once (scans, sorting, selection): the op layer moves
// the dim of interest last in views of every operand.
#include <array>
#include <initializer_list>
#include <vector>

#include "backend/cpu/loop.h"

namespace ember::cpu {

/// Calls `f(ptrs, strides)` once per line, where operand k's line starts at ptrs[k] and steps
/// by strides[k] bytes along its last dim (whose length may differ between operands). Lines
/// are split across threads; `work_per_line` sizes the grain.
template <class F>
void for_each_line(std::initializer_list<const TensorImpl*> operands, int64_t work_per_line,
                   const F& f) {
  const int64_t nd = (*operands.begin())->dim();
  std::vector<TensorImpl> bases;
  bases.reserve(operands.size());
  std::array<int64_t, kMaxOperands> strides{};
  int k = 0;
  for (const TensorImpl* t : operands) {
    bases.emplace_back(t->storage(), t->storage_offset(),
                       t->sizes().slice(0, static_cast<size_t>(nd - 1)),
                       t->strides().slice(0, static_cast<size_t>(nd - 1)), t->dtype());
    strides[k++] = t->strides()[nd - 1] * static_cast<int64_t>(t->itemsize());
  }
  if (bases[0].numel() == 0) return;
  LoopPlan plan;
  if (bases.size() == 2) plan = LoopPlan::build({&bases[0], &bases[1]});
  if (bases.size() == 3) plan = LoopPlan::build({&bases[0], &bases[1], &bases[2]});
  const int count = plan.count;
  const int64_t grain =
      std::max<int64_t>(1, detail::kGrainSize / std::max<int64_t>(1, work_per_line));
  plan.parallel_for_each(
      [&](char** p, const int64_t* s, int64_t lines) {
        std::array<char*, kMaxOperands> ptr{};
        for (int64_t i = 0; i < lines; ++i) {
          for (int j = 0; j < count; ++j) ptr[j] = p[j] + i * s[j];
          f(ptr.data(), strides.data());
        }
      },
      grain);
}

/// The element `i` of a line at `p` with byte stride `stride`.
template <class T>
T& line_at(char* p, int64_t stride, int64_t i) {
  return *reinterpret_cast<T*>(p + i * stride);
}

}  // namespace ember::cpu
