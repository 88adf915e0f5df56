#include "core/tensor_impl.h"

namespace ember::detail {

TensorImpl::TensorImpl(std::shared_ptr<Storage> storage, int64_t storage_offset, IntArrayRef sizes,
                       IntArrayRef strides, ScalarType dtype)
    : storage_(std::move(storage)),
      storage_offset_(storage_offset),
      sizes_(sizes),
      strides_(strides),
      dtype_(dtype),
      itemsize_(element_size(dtype)) {
  refresh();
}

void TensorImpl::set_geometry(IntArrayRef sizes, IntArrayRef strides, int64_t storage_offset) {
  sizes_.assign(sizes);
  strides_.assign(strides);
  storage_offset_ = storage_offset;
  refresh();
}

void TensorImpl::set_data(const TensorImpl& other) {
  storage_ = other.storage_;
  storage_offset_ = other.storage_offset_;
  sizes_ = other.sizes_;
  strides_ = other.strides_;
  dtype_ = other.dtype_;
  itemsize_ = other.itemsize_;
  refresh();
}

// Contiguity follows PyTorch: dimensions of size 1 may have any stride, and a tensor with no
// elements is contiguous.
void TensorImpl::refresh() {
  numel_ = 1;
  for (int64_t s : sizes_) numel_ *= s;
  is_contiguous_ = true;
  if (numel_ == 0) return;
  int64_t expected = 1;
  for (size_t i = sizes_.size(); i-- > 0;) {
    if (sizes_[i] == 1) continue;
    if (strides_[i] != expected) {
      is_contiguous_ = false;
      return;
    }
    expected *= sizes_[i];
  }
}

TensorImpl& impl_of(const Tensor& t, const char* op) {
  EMBER_CHECK(t.defined(), op, "expected a defined tensor, got an undefined one");
  return *t.unsafeGetTensorImpl();
}

}  // namespace ember::detail
