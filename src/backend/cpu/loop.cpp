#include "backend/cpu/loop.h"

#include "ember/error.h"

namespace ember::cpu {
namespace {

// True when dimension `a` should be walked inside dimension `b`: the first operand whose strides
// tell them apart decides (broadcast, stride-0 dims say nothing).
bool walk_inside(const LoopPlan& plan, const std::array<DimVector, kMaxOperands>& strides, size_t a,
                 size_t b) {
  for (int k = 0; k < plan.count; ++k) {
    int64_t sa = strides[k][a], sb = strides[k][b];
    if (sa == 0 || sb == 0 || sa == sb) continue;
    return sa < sb;
  }
  return false;
}

}  // namespace

LoopPlan LoopPlan::build(std::initializer_list<const TensorImpl*> operands) {
  LoopPlan plan;
  plan.count = static_cast<int>(operands.size());
  EMBER_CHECK(plan.count >= 1 && plan.count <= kMaxOperands, "elementwise", "expected 1 to ",
              kMaxOperands, " operands, got ", plan.count);
  const TensorImpl& first = **operands.begin();
  const IntArrayRef sizes = first.sizes();
  const size_t nd = sizes.size();
  plan.numel = first.numel();

  // Byte strides in the original (outermost first) order. Inputs may have fewer dimensions or
  // size-1 dimensions where the output is larger: they broadcast with stride 0.
  std::array<DimVector, kMaxOperands> byte_strides;
  int k = 0;
  for (const TensorImpl* t : operands) {
    const int64_t lead = static_cast<int64_t>(nd) - t->dim();
    EMBER_CHECK(lead >= 0, "elementwise", "operand of shape ", t->sizes(),
                " does not broadcast to ", sizes);
    plan.data[k] = t->data();
    byte_strides[k].resize(nd);
    for (size_t d = 0; d < nd; ++d) {
      const int64_t td = static_cast<int64_t>(d) - lead;
      const int64_t size = td < 0 ? 1 : t->sizes()[td];
      EMBER_CHECK(size == sizes[d] || size == 1, "elementwise", "operand of shape ", t->sizes(),
                  " does not broadcast to ", sizes);
      // An operand without data (the input of a reduction over an empty dim) stays put: it is
      // never read, and offsetting its null pointer would be undefined.
      const bool stays = size == 1 || plan.data[k] == nullptr;
      byte_strides[k][d] = stays ? 0 : t->strides()[td] * static_cast<int64_t>(t->itemsize());
    }
    ++k;
  }

  // Innermost-first order, starting from the last dimension, then sorted by strides (insertion
  // sort: stable, and n is tiny).
  DimVector order(nd);
  for (size_t i = 0; i < nd; ++i) order[i] = static_cast<int64_t>(nd - 1 - i);
  for (size_t i = 1; i < nd; ++i) {
    for (size_t j = i; j > 0 && walk_inside(plan, byte_strides, order[j], order[j - 1]); --j) {
      std::swap(order[j], order[j - 1]);
    }
  }

  // Merge a dimension into the one inside it when every operand steps over both as one.
  for (size_t i = 0; i < nd; ++i) {
    const int64_t d = order[i];
    if (sizes[d] == 1) continue;
    const size_t last = plan.shape.size();
    bool merge = last > 0;
    for (int op = 0; merge && op < plan.count; ++op) {
      merge = byte_strides[op][d] == plan.strides[op][last - 1] * plan.shape[last - 1];
    }
    if (merge) {
      plan.shape[last - 1] *= sizes[d];
    } else {
      plan.shape.push_back(sizes[d]);
      for (int op = 0; op < plan.count; ++op) plan.strides[op].push_back(byte_strides[op][d]);
    }
  }
  if (plan.numel == 0) plan.shape.assign({0});
  if (plan.numel == 0) {
    for (int op = 0; op < plan.count; ++op) plan.strides[op].assign({0});
  }
  return plan;
}

}  // namespace ember::cpu
