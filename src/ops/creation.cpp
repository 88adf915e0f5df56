#include "ember/ops/creation.h"

#include <cmath>

#include "backend/cpu/copy_kernels.h"
#include "backend/cpu/loop.h"
#include "core/dispatch.h"
#include "ops/op_util.h"

namespace ember {

using detail::compute_t;
using detail::make_empty;

namespace {

Tensor finish(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) t.requires_grad_(true);
  return t;
}

Tensor new_tensor(IntArrayRef sizes, const TensorOptions& options, const char* op) {
  detail::check_sizes(sizes, op);
  EMBER_CHECK(options.device().is_cpu(), op, "no backend for device ", options.device(),
              " in this build; only cpu is available");
  return make_empty(sizes, options.dtype(), options.device());
}

TensorOptions like_options(const Tensor& t, const std::optional<TensorOptions>& options) {
  TensorOptions o = TensorOptions().dtype(t.scalar_type()).device(t.device());
  if (!options) return o;
  if (options->has_dtype()) o = o.dtype(options->dtype());
  return o.device(options->device()).requires_grad(options->requires_grad());
}

}  // namespace

Tensor empty(IntArrayRef sizes, const TensorOptions& options) {
  return finish(new_tensor(sizes, options, "empty"), options);
}

Tensor empty_strided(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options) {
  EMBER_CHECK(sizes.size() == strides.size(), "empty_strided", "expected ", sizes.size(),
              " strides for sizes ", sizes, ", got ", strides);
  detail::check_sizes(sizes, "empty_strided");
  int64_t extent = 1;  // elements the furthest element needs
  for (size_t i = 0; i < sizes.size(); ++i) {
    EMBER_CHECK(strides[i] >= 0, "empty_strided", "expected non-negative strides, got ", strides);
    if (sizes[i] == 0) extent = 0;
  }
  if (extent != 0) {
    for (size_t i = 0; i < sizes.size(); ++i) extent += (sizes[i] - 1) * strides[i];
  }
  Tensor base = new_tensor({extent}, options, "empty_strided");
  return finish(detail::make_view(base, sizes, strides, 0), options);
}

Tensor full(IntArrayRef sizes, const Scalar& value, const TensorOptions& options) {
  TensorOptions o =
      options.has_dtype() ? options : options.dtype(detail::ResultType().add(value).get());
  Tensor t = new_tensor(sizes, o, "full");
  cpu::fill(*t.unsafeGetTensorImpl(), value);
  return finish(t, o);
}

Tensor zeros(IntArrayRef sizes, const TensorOptions& options) {
  return full(sizes, 0, options.dtype(options.dtype()));
}
Tensor ones(IntArrayRef sizes, const TensorOptions& options) {
  return full(sizes, 1, options.dtype(options.dtype()));
}
Tensor scalar_tensor(const Scalar& value, const TensorOptions& options) {
  return full({}, value,
              options.dtype(options.has_dtype() ? options.dtype() : get_default_dtype()));
}

Tensor empty_like(const Tensor& t, std::optional<TensorOptions> options) {
  detail::check_defined(t, "empty_like");
  return empty(t.sizes(), like_options(t, options));
}
Tensor zeros_like(const Tensor& t, std::optional<TensorOptions> options) {
  detail::check_defined(t, "zeros_like");
  return zeros(t.sizes(), like_options(t, options));
}
Tensor ones_like(const Tensor& t, std::optional<TensorOptions> options) {
  detail::check_defined(t, "ones_like");
  return ones(t.sizes(), like_options(t, options));
}
Tensor full_like(const Tensor& t, const Scalar& value, std::optional<TensorOptions> options) {
  detail::check_defined(t, "full_like");
  return full(t.sizes(), value, like_options(t, options));
}

// ---- Ranges ------------------------------------------------------------------------------------

Tensor arange(const Scalar& end, const TensorOptions& options) {
  return arange(0, end, 1, options);
}
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options) {
  return arange(start, end, 1, options);
}

Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              const TensorOptions& options) {
  const bool all_integral = start.isIntegral(true) && end.isIntegral(true) && step.isIntegral(true);
  const ScalarType dtype = options.has_dtype() ? options.dtype()
                           : all_integral      ? kLong
                                               : get_default_dtype();
  const double xstart = start.toDouble(), xend = end.toDouble(), xstep = step.toDouble();
  EMBER_CHECK(std::isfinite(xstart) && std::isfinite(xend), "arange",
              "expected finite bounds, got start=", start, " and end=", end);
  EMBER_CHECK(xstep != 0, "arange", "step must be nonzero");
  EMBER_CHECK((xstep > 0 && xend >= xstart) || (xstep < 0 && xend <= xstart), "arange",
              "upper bound and larger bound inconsistent with step sign (start=", start,
              ", end=", end, ", step=", step, ")");
  const double count = all_integral
                           ? static_cast<double>((end.toLong() - start.toLong() + step.toLong() -
                                                  (step.toLong() > 0 ? 1 : -1)) /
                                                 step.toLong())
                           : std::ceil((xend - xstart) / xstep);
  EMBER_CHECK(count < 1e15, "arange", "the range [", start, ", ", end, ") in steps of ", step,
              " has too many elements");
  Tensor t = new_tensor({static_cast<int64_t>(count)}, options.dtype(dtype), "arange");
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    using C = std::conditional_t<detail::is_floating_v<T>, double, int64_t>;
    const C first = start.to<C>(), delta = step.to<C>();
    for (int64_t i = 0; i < t.numel(); ++i)
      out[i] = static_cast<T>(first + delta * static_cast<C>(i));
  });
  return finish(t, options);
}

// PyTorch fills the first half forwards from `start` and the second half backwards from `end`,
// so that both endpoints are exact; we do the same to match it bit for bit.
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps,
                const TensorOptions& options) {
  EMBER_CHECK(steps >= 0, "linspace", "number of steps must be non-negative, got ", steps);
  Tensor t = new_tensor({steps}, options, "linspace");
  detail::visit_dtype(t.scalar_type(), [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    if (steps == 1) {
      out[0] = static_cast<T>(start.to<compute_t<T>>());
      return;
    }
    if constexpr (detail::is_floating_v<T>) {
      using C = compute_t<T>;
      const C a = start.to<C>(), b = end.to<C>();
      const C step = (b - a) / static_cast<C>(steps - 1);
      const int64_t half = steps / 2;
      for (int64_t i = 0; i < steps; ++i) {
        out[i] = static_cast<T>(i < half ? a + step * static_cast<C>(i)
                                         : b - step * static_cast<C>(steps - i - 1));
      }
    } else {
      const double a = start.toDouble(), b = end.toDouble();
      const double step = (b - a) / static_cast<double>(steps - 1);
      for (int64_t i = 0; i < steps; ++i)
        out[i] = static_cast<T>(a + step * static_cast<double>(i));
    }
  });
  return finish(t, options);
}

Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base,
                const TensorOptions& options) {
  EMBER_CHECK(steps >= 0, "logspace", "number of steps must be non-negative, got ", steps);
  Tensor t = new_tensor({steps}, options, "logspace");
  detail::visit_dtype(t.scalar_type(), [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    const double a = start.toDouble(), b = end.toDouble();
    const double step = steps > 1 ? (b - a) / static_cast<double>(steps - 1) : 0.0;
    const int64_t half = steps / 2;
    for (int64_t i = 0; i < steps; ++i) {
      double e = i < half ? a + step * static_cast<double>(i)
                          : b - step * static_cast<double>(steps - i - 1);
      out[i] = static_cast<T>(static_cast<compute_t<T>>(std::pow(base, e)));
    }
  });
  return finish(t, options);
}

Tensor eye(int64_t n, const TensorOptions& options) {
  return eye(n, n, options);
}

Tensor eye(int64_t n, int64_t m, const TensorOptions& options) {
  EMBER_CHECK(n >= 0 && m >= 0, "eye", "expected non-negative sizes, got n=", n, " and m=", m);
  Tensor t = zeros({n, m}, options.requires_grad(false));
  detail::visit_dtype(t.scalar_type(), [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    for (int64_t i = 0; i < std::min(n, m); ++i) out[i * m + i] = static_cast<T>(1);
  });
  return finish(t, options);
}

// ---- From values -------------------------------------------------------------------------------

namespace {

void collect_shape(const NestedValues& v, size_t depth, detail::DimVector& shape) {
  if (v.is_scalar()) return;
  const int64_t n = static_cast<int64_t>(v.children().size());
  if (depth == shape.size()) shape.push_back(n);
  if (n > 0) collect_shape(v.children()[0], depth + 1, shape);
}

void collect_values(const NestedValues& v, IntArrayRef shape, size_t depth,
                    std::vector<Scalar>& out, detail::ResultType& type) {
  if (depth == shape.size()) {
    EMBER_CHECK(v.is_scalar(), "tensor", "expected a number at depth ", depth,
                ", found a list (nested lists must be rectangular)");
    type.add(v.scalar());
    out.push_back(v.scalar());
    return;
  }
  EMBER_CHECK(!v.is_scalar() && static_cast<int64_t>(v.children().size()) == shape[depth], "tensor",
              "expected sequence of length ", shape[depth], " at dim ", depth,
              " (nested lists must be rectangular)");
  for (const NestedValues& child : v.children()) collect_values(child, shape, depth + 1, out, type);
}

Tensor from_scalars(const std::vector<Scalar>& values, IntArrayRef shape, ScalarType dtype,
                    const TensorOptions& options) {
  Tensor t = new_tensor(shape, options.dtype(dtype), "tensor");
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    for (size_t i = 0; i < values.size(); ++i)
      out[i] = static_cast<T>(values[i].to<compute_t<T>>());
  });
  return finish(t, options);
}

}  // namespace

Tensor tensor(const NestedValues& values, const TensorOptions& options) {
  detail::DimVector shape;
  collect_shape(values, 0, shape);
  std::vector<Scalar> flat;
  detail::ResultType type;
  collect_values(values, shape, 0, flat, type);
  ScalarType dtype = options.has_dtype() ? options.dtype()
                     : flat.empty()      ? get_default_dtype()
                                         : type.get();
  return from_scalars(flat, shape, dtype, options);
}

template <class T>
Tensor tensor(ArrayRef<T> values, const TensorOptions& options) {
  Tensor t = new_tensor({static_cast<int64_t>(values.size())},
                        options.has_dtype() ? options : options.dtype(dtype_of<T>), "tensor");
  cpu::copy(*t.unsafeGetTensorImpl(), *from_blob(const_cast<T*>(values.data()),
                                                 {static_cast<int64_t>(values.size())}, dtype_of<T>)
                                           .unsafeGetTensorImpl());
  return finish(t, options);
}
template <class T>
Tensor tensor(const std::vector<T>& values, const TensorOptions& options) {
  return tensor(ArrayRef<T>(values), options);
}
#define EMBER_INSTANTIATE_TENSOR(type, name)                          \
  template Tensor tensor<type>(ArrayRef<type>, const TensorOptions&); \
  template Tensor tensor<type>(const std::vector<type>&, const TensorOptions&);
EMBER_INSTANTIATE_TENSOR(uint8_t, Byte)
EMBER_INSTANTIATE_TENSOR(int8_t, Char)
EMBER_INSTANTIATE_TENSOR(int16_t, Short)
EMBER_INSTANTIATE_TENSOR(int32_t, Int)
EMBER_INSTANTIATE_TENSOR(int64_t, Long)
EMBER_INSTANTIATE_TENSOR(Half, Half)
EMBER_INSTANTIATE_TENSOR(BFloat16, BFloat16)
EMBER_INSTANTIATE_TENSOR(float, Float)
EMBER_INSTANTIATE_TENSOR(double, Double)
#undef EMBER_INSTANTIATE_TENSOR

// ---- From memory the caller owns
// -----------------------------------------------------------------

Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides,
                 const std::function<void(void*)>& deleter, const TensorOptions& options) {
  EMBER_CHECK(sizes.size() == strides.size(), "from_blob", "expected ", sizes.size(),
              " strides for sizes ", sizes, ", got ", strides);
  detail::check_sizes(sizes, "from_blob");
  EMBER_CHECK(options.device().is_cpu(), "from_blob", "no backend for device ", options.device(),
              " in this build; only cpu is available");
  const int64_t numel = detail::numel_of(sizes);
  EMBER_CHECK(data != nullptr || numel == 0, "from_blob", "expected a non-null data pointer for ",
              numel, " elements, got nullptr");
  int64_t extent = numel == 0 ? 0 : 1;
  for (size_t i = 0; numel != 0 && i < sizes.size(); ++i) {
    EMBER_CHECK(strides[i] >= 0, "from_blob", "expected non-negative strides, got ", strides);
    extent += (sizes[i] - 1) * strides[i];
  }
  const ScalarType dtype = options.dtype();
  auto storage = std::make_shared<detail::Storage>(
      data, static_cast<size_t>(extent) * element_size(dtype), deleter, options.device());
  return finish(
      Tensor(std::make_shared<detail::TensorImpl>(std::move(storage), 0, sizes, strides, dtype)),
      options);
}

Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options) {
  return from_blob(data, sizes, detail::contiguous_strides(sizes), nullptr, options);
}
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options) {
  return from_blob(data, sizes, strides, nullptr, options);
}
Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 const TensorOptions& options) {
  return from_blob(data, sizes, detail::contiguous_strides(sizes), deleter, options);
}

}  // namespace ember
