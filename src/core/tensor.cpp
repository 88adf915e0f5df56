// Tensor's metadata and element access; everything that computes lives in src/ops.
#include "ember/tensor.h"

#include "core/dispatch.h"
#include "core/shape.h"
#include "core/tensor_impl.h"

namespace ember {

using detail::impl_of;

Tensor::Tensor(std::shared_ptr<detail::TensorImpl> impl) : impl_(std::move(impl)) {}

int64_t Tensor::dim() const {
  return impl_of(*this, "dim").dim();
}
IntArrayRef Tensor::sizes() const {
  return impl_of(*this, "sizes").sizes();
}
IntArrayRef Tensor::strides() const {
  return impl_of(*this, "strides").strides();
}
int64_t Tensor::size(int64_t d) const {
  const auto& impl = impl_of(*this, "size");
  EMBER_CHECK(impl.dim() > 0, "size", "a 0-d tensor has no dimension ", d);
  return impl.sizes()[detail::wrap_dim(d, impl.dim(), "size")];
}
int64_t Tensor::stride(int64_t d) const {
  const auto& impl = impl_of(*this, "stride");
  EMBER_CHECK(impl.dim() > 0, "stride", "a 0-d tensor has no dimension ", d);
  return impl.strides()[detail::wrap_dim(d, impl.dim(), "stride")];
}
int64_t Tensor::numel() const {
  return impl_of(*this, "numel").numel();
}
size_t Tensor::element_size() const {
  return impl_of(*this, "element_size").itemsize();
}
size_t Tensor::nbytes() const {
  return static_cast<size_t>(numel()) * element_size();
}
ScalarType Tensor::scalar_type() const {
  return impl_of(*this, "scalar_type").dtype();
}
Device Tensor::device() const {
  return impl_of(*this, "device").device();
}
TensorOptions Tensor::options() const {
  return TensorOptions().dtype(scalar_type()).device(device());
}
bool Tensor::is_contiguous() const {
  return impl_of(*this, "is_contiguous").is_contiguous();
}
int64_t Tensor::storage_offset() const {
  return impl_of(*this, "storage_offset").storage_offset();
}
bool Tensor::is_alias_of(const Tensor& other) const {
  return defined() && other.defined() && impl_->storage() == other.impl_->storage();
}
uint32_t Tensor::_version() const {
  return impl_of(*this, "_version").storage()->version();
}
void Tensor::bump_version() const {
  impl_of(*this, "bump_version").storage()->bump_version();
}
void* Tensor::data_ptr() const {
  return impl_of(*this, "data_ptr").data();
}

template <class T>
T* Tensor::data_ptr() const {
  const auto& impl = impl_of(*this, "data_ptr");
  EMBER_CHECK(impl.dtype() == dtype_of<T>, "data_ptr", "expected scalar type ", dtype_of<T>,
              " but found ", impl.dtype());
  EMBER_CHECK(!impl.device().is_meta(), "data_ptr", "a meta tensor has no data");
  return reinterpret_cast<T*>(impl.data());
}
#define EMBER_INSTANTIATE_DATA_PTR(type, name) template type* Tensor::data_ptr<type>() const;
EMBER_FORALL_DTYPES(EMBER_INSTANTIATE_DATA_PTR)
#undef EMBER_INSTANTIATE_DATA_PTR

Scalar Tensor::item() const {
  const auto& impl = impl_of(*this, "item");
  EMBER_CHECK(impl.numel() == 1, "item", "a Tensor with ", impl.numel(),
              " elements cannot be converted to Scalar");
  EMBER_CHECK(!impl.device().is_meta(), "item", "Tensor.item() cannot be called on meta tensors");
  return detail::visit_dtype(impl.dtype(), [&]<class T>(TypeTag<T>) {
    return Scalar(*reinterpret_cast<const T*>(impl.data()));
  });
}

}  // namespace ember
