#include "ops/op_util.h"

#include "core/dispatch.h"

namespace ember::detail {

Tensor make_empty(IntArrayRef sizes, ScalarType dtype, Device device) {
  check_sizes(sizes, "empty");
  DimVector strides = contiguous_strides(sizes);
  auto storage =
      Storage::allocate(static_cast<size_t>(numel_of(sizes)) * element_size(dtype), device);
  return Tensor(std::make_shared<TensorImpl>(std::move(storage), 0, sizes, strides, dtype));
}

Tensor make_view(const Tensor& base, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  const TensorImpl& b = *base.unsafeGetTensorImpl();
  auto impl = std::make_shared<TensorImpl>(b.storage(), offset, sizes, strides, b.dtype());
  impl->requires_grad = b.requires_grad;
  return Tensor(std::move(impl));
}

void check_backend(const char* op, std::initializer_list<const Tensor*> tensors) {
  for (const Tensor* t : tensors) {
    if (t->defined()) {
      EMBER_CHECK(t->device().is_cpu(), op, "no backend for device ", t->device(),
                  " in this build; only cpu is available");
    }
  }
}

const Tensor& check_defined(const Tensor& t, const char* op, const char* what) {
  EMBER_CHECK(t.defined(), op, "expected ", what, " to be a defined tensor, got an undefined one");
  return t;
}

Tensor wrap_scalar(const Scalar& s, ScalarType dtype) {
  Tensor t = make_empty({}, dtype);
  visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    *reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data()) = static_cast<T>(s.to<compute_t<T>>());
  });
  return t;
}

namespace {
int category(ScalarType t) {
  if (t == kBool) return 0;
  return is_floating_point(t) ? 2 : 1;
}
ScalarType combine(ScalarType acc, ScalarType t) {
  return acc == ScalarType::Undefined ? t : promote_types(acc, t);
}
// The higher-priority result, raised by a lower-priority one only when that is of a higher
// category.
ScalarType merge(ScalarType higher, ScalarType lower) {
  if (higher == ScalarType::Undefined) return lower;
  if (lower == ScalarType::Undefined) return higher;
  return category(lower) > category(higher) ? lower : higher;
}
}  // namespace

ResultType& ResultType::add(const Tensor& t) {
  if (!t.defined()) return *this;
  ScalarType& slot = t.dim() == 0 ? zero_dim_ : dim_;
  slot = combine(slot, t.scalar_type());
  return *this;
}

ResultType& ResultType::add(const Scalar& s) {
  // A floating-point number counts as the default dtype (float32), as in PyTorch.
  number_ = combine(number_, s.isFloatingPoint() ? get_default_dtype() : s.type());
  return *this;
}

ScalarType ResultType::get() const {
  return merge(merge(dim_, zero_dim_), number_);
}

void check_can_cast(ScalarType from, ScalarType to, const char* op) {
  EMBER_CHECK(category(from) <= category(to), op, "result type ", from,
              " can't be cast to the desired output type ", to);
}

}  // namespace ember::detail
