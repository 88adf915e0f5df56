#include "ops/elementwise_util.h"

namespace ember::detail {

DimVector broadcast_all(const char* op, std::initializer_list<const Tensor*> tensors) {
  DimVector shape;
  bool first = true;
  for (const Tensor* t : tensors) {
    if (!t->defined()) continue;
    shape = first ? DimVector(t->sizes()) : broadcast_shapes(shape, t->sizes(), op);
    first = false;
  }
  return shape;
}

bool overlaps_unsafely(const Tensor& out, const Tensor& in) {
  if (!in.defined() || !out.is_alias_of(in)) return false;
  return !(out.data_ptr() == in.data_ptr() && out.strides() == in.strides());
}

}  // namespace ember::detail
