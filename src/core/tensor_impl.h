#pragma once
// What a Tensor handle points to: a storage, an offset, sizes and strides (in elements), a dtype.
#include <cstdint>
#include <memory>

#include "core/dim_vector.h"
#include "core/storage.h"
#include "ember/dtype.h"
#include "ember/tensor.h"

namespace ember::detail {

/// Defined by the autograd layer; null until a tensor takes part in autograd.
struct AutogradMeta;

class TensorImpl {
 public:
  TensorImpl(std::shared_ptr<Storage> storage, int64_t storage_offset, IntArrayRef sizes,
             IntArrayRef strides, ScalarType dtype);

  IntArrayRef sizes() const { return sizes_; }
  IntArrayRef strides() const { return strides_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  int64_t numel() const { return numel_; }
  ScalarType dtype() const { return dtype_; }
  size_t itemsize() const { return itemsize_; }
  Device device() const { return storage_->device(); }
  bool is_contiguous() const { return is_contiguous_; }
  int64_t storage_offset() const { return storage_offset_; }
  const std::shared_ptr<Storage>& storage() const { return storage_; }
  /// Address of the first element; null for a view into a storage without bytes.
  char* data() const {
    char* base = static_cast<char*>(storage_->data());
    return base ? base + storage_offset_ * static_cast<int64_t>(itemsize_) : nullptr;
  }

  /// Re-points this tensor at new geometry over the same storage (for in-place view ops).
  void set_geometry(IntArrayRef sizes, IntArrayRef strides, int64_t storage_offset);
  /// Takes `other`'s storage, geometry and dtype, keeping this tensor's autograd identity
  /// (Tensor::set_data).
  void set_data(const TensorImpl& other);

  bool requires_grad = false;
  std::shared_ptr<AutogradMeta> autograd_meta;

 private:
  void refresh();

  std::shared_ptr<Storage> storage_;
  int64_t storage_offset_;
  DimVector sizes_;
  DimVector strides_;
  ScalarType dtype_;
  size_t itemsize_;
  int64_t numel_ = 1;
  bool is_contiguous_ = true;
};

/// The impl behind a defined tensor; raises "[op] expected a defined tensor" otherwise.
TensorImpl& impl_of(const Tensor& t, const char* op);

}  // namespace ember::detail
