#include "ops/op_util.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/dispatch.h"
#include "ops/backend.h"

namespace ember::detail {

Tensor make_empty(IntArrayRef sizes, ScalarType dtype, Device device, const char* op) {
  check_sizes(sizes, op);
  // Refuse sizes whose byte count overflows before multiplying them out (numel_of would wrap).
  uint64_t nbytes = element_size(dtype);
  for (int64_t s : sizes) {
    if (s == 0) {
      nbytes = 0;
      break;
    }
  }
  for (int64_t s : sizes) {
    EMBER_CHECK(nbytes == 0 || !__builtin_mul_overflow(nbytes, static_cast<uint64_t>(s), &nbytes),
                op, "sizes ", sizes, " need more than 2^64 bytes");
  }
  // Zero-size tensors still get strides from the other sizes; refuse those that overflow
  // int64, as PyTorch does ("Stride calculation overflowed").
  int64_t stride = 1;
  for (int64_t s : sizes) {
    EMBER_CHECK(!__builtin_mul_overflow(stride, std::max<int64_t>(s, 1), &stride), op, "sizes ",
                sizes, " give strides beyond int64 (stride calculation overflowed)");
  }
  DimVector strides = contiguous_strides(sizes);
  auto storage = Storage::allocate(static_cast<size_t>(nbytes), device);
  return Tensor(std::make_shared<TensorImpl>(std::move(storage), 0, sizes, strides, dtype));
}

Tensor make_view(const Tensor& base, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  const TensorImpl& b = *base.unsafeGetTensorImpl();
  return Tensor(std::make_shared<TensorImpl>(b.storage(), offset, sizes, strides, b.dtype()));
}

void check_same_device(const char* op, std::initializer_list<const Tensor*> tensors) {
  const Tensor* first = nullptr;
  for (const Tensor* t : tensors) {
    if (!t->defined()) continue;
    if (first == nullptr) {
      first = t;
      backend_for(t->device(), op);
    } else {
      EMBER_CHECK(t->device() == first->device(), op,
                  "Expected all tensors to be on the same device, but found at least two "
                  "devices, ",
                  first->device(), " and ", t->device(), "!");
    }
  }
}

void check_numel_fits(IntArrayRef sizes, const char* op) {
  int64_t numel = 1;
  for (int64_t s : sizes) {
    EMBER_CHECK(s >= 0, op, "expected non-negative sizes, got ", sizes);
    if (s == 0) return;
  }
  for (int64_t s : sizes) {
    EMBER_CHECK(!__builtin_mul_overflow(numel, s, &numel), op, "sizes ", sizes,
                " have more elements than int64 can count");
  }
}

int64_t storage_extent(IntArrayRef sizes, IntArrayRef strides, const char* op) {
  EMBER_CHECK(sizes.size() == strides.size(), op, "expected ", sizes.size(), " strides for sizes ",
              sizes, ", got ", strides);
  check_numel_fits(sizes, op);
  int64_t extent = 1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    EMBER_CHECK(strides[i] >= 0, op, "expected non-negative strides, got ", strides);
    if (sizes[i] == 0) return 0;
  }
  for (size_t i = 0; i < sizes.size(); ++i) {
    int64_t reach = 0;
    EMBER_CHECK(!__builtin_mul_overflow(sizes[i] - 1, strides[i], &reach) &&
                    !__builtin_add_overflow(extent, reach, &extent),
                op, "sizes ", sizes, " and strides ", strides, " reach beyond int64 elements");
  }
  return extent;
}

void check_no_internal_overlap(const Tensor& t, const char* op) {
  const TensorImpl& impl = impl_of(t, op);
  for (int64_t d = 0; d < impl.dim(); ++d) {
    EMBER_CHECK(impl.sizes()[d] <= 1 || impl.strides()[d] != 0, op,
                "unsupported operation: more than one element of the written-to tensor refers to "
                "a single memory location (dim ",
                d, " of sizes ", impl.sizes(), " has stride 0); clone() it first");
  }
}

const Tensor& check_defined(const Tensor& t, const char* op, const char* what) {
  EMBER_CHECK(t.defined(), op, "expected ", what, " to be a defined tensor, got an undefined one");
  return t;
}

void check_scalar_fits(const Scalar& s, ScalarType dtype, const char* op) {
  if (dtype == kBool || s.isBoolean()) return;
  // The target's range as doubles; `max` is exclusive for int64 so that int64's 2^63 (the rounded
  // double of its max) is refused instead of converting with undefined behaviour.
  double lowest = 0, max = 0;
  bool max_exclusive = false;
  visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (std::is_same_v<T, Half>) {
      max = 65504.0;
      lowest = -max;
    } else if constexpr (std::is_same_v<T, BFloat16>) {
      max = 0x1.fep127;
      lowest = -max;
    } else {
      lowest = static_cast<double>(std::numeric_limits<T>::lowest());
      max = static_cast<double>(std::numeric_limits<T>::max());
      max_exclusive = std::is_same_v<T, int64_t>;
    }
  });
  bool fits;
  if (s.isFloatingPoint()) {
    const double v = s.toDouble();
    if (is_floating_point(dtype)) {
      fits = !std::isfinite(v) || (v >= lowest && v <= max);
    } else {
      fits = !std::isnan(v) && v >= lowest && (max_exclusive ? v < max : v <= max);
    }
  } else {
    const int64_t v = s.toLong();
    if (dtype == kLong || dtype == kFloat || dtype == kDouble || dtype == kBFloat16) {
      fits = true;  // every int64 is within these ranges
    } else if (dtype == kByte && v < 0) {
      fits = v >= -255;  // wraps like two's complement, as PyTorch allows
    } else {
      fits = static_cast<double>(v) >= lowest && static_cast<double>(v) <= max;
    }
  }
  EMBER_CHECK(fits, op, "value ", s, " cannot be converted to type ", dtype, " without overflow");
}

TensorOptions like_options(const Tensor& t, const std::optional<TensorOptions>& options) {
  TensorOptions o = TensorOptions().dtype(t.scalar_type()).device(t.device());
  if (!options) return o;
  if (options->has_dtype()) o = o.dtype(options->dtype());
  return o.device(options->device()).requires_grad(options->requires_grad());
}

Tensor wrap_scalar(const Scalar& s, ScalarType dtype, Device device) {
  Tensor t = make_empty({}, dtype, device);
  if (!device.is_cpu()) {
    backend_for(device, "wrap_scalar").fill(*t.unsafeGetTensorImpl(), s);
    return t;
  }
  // On the CPU, write the value directly: the small ops this serves pay for every call.
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
