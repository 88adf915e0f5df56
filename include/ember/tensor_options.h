#pragma once
/// Options for creating a tensor: dtype, device and requires_grad, with libtorch's builder.
#include <optional>

#include "ember/device.h"
#include "ember/dtype.h"

namespace ember {

enum class Layout : int8_t { Strided };
inline constexpr Layout kStrided = Layout::Strided;

/// `TensorOptions().dtype(kFloat).requires_grad(true)`; converts implicitly from a dtype or a
/// device so that `zeros({2, 3}, kFloat)` works. An unset dtype means the default dtype, an unset
/// device the default device (the CPU unless set_default_device changed it).
class TensorOptions {
 public:
  TensorOptions() = default;
  TensorOptions(ScalarType dtype) : dtype_(dtype) {}     // NOLINT: implicit like libtorch
  TensorOptions(Device device) : device_(device) {}      // NOLINT
  TensorOptions(DeviceType device) : device_(device) {}  // NOLINT
  TensorOptions(Layout) {}                               // NOLINT

  TensorOptions dtype(ScalarType d) const {
    TensorOptions o = *this;
    o.dtype_ = d;
    return o;
  }
  TensorOptions dtype(std::optional<ScalarType> d) const {
    TensorOptions o = *this;
    o.dtype_ = d;
    return o;
  }
  TensorOptions device(Device d) const {
    TensorOptions o = *this;
    o.device_ = d;
    return o;
  }
  TensorOptions requires_grad(bool r) const {
    TensorOptions o = *this;
    o.requires_grad_ = r;
    return o;
  }
  TensorOptions layout(Layout) const { return *this; }

  /// The dtype, or the default dtype when none was set.
  ScalarType dtype() const { return dtype_ ? *dtype_ : get_default_dtype(); }
  bool has_dtype() const { return dtype_.has_value(); }
  std::optional<ScalarType> dtype_opt() const { return dtype_; }
  Device device() const { return device_ ? *device_ : get_default_device(); }
  bool has_device() const { return device_.has_value(); }
  bool requires_grad() const { return requires_grad_; }
  Layout layout() const { return kStrided; }

 private:
  std::optional<ScalarType> dtype_;
  std::optional<Device> device_;
  bool requires_grad_ = false;
};

inline TensorOptions dtype(ScalarType d) {
  return TensorOptions().dtype(d);
}
inline TensorOptions device(Device d) {
  return TensorOptions().device(d);
}
inline TensorOptions requires_grad(bool r = true) {
  return TensorOptions().requires_grad(r);
}
inline TensorOptions layout(Layout) {
  return TensorOptions();
}

}  // namespace ember
