#include "ember/ops/creation.h"

#include <algorithm>
#include <cmath>

#include "core/dispatch.h"
#include "ops/backend.h"
#include "ops/op_util.h"

namespace ember {

using detail::compute_t;
using detail::like_options;
using detail::make_empty;

namespace {

Tensor finish(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) t.requires_grad_(true);
  return t;
}

// The factories that compute their values element by element do it in CPU memory (host()
// options), and then move the result to the device asked for.
TensorOptions host(const TensorOptions& options, const char* op) {
  detail::backend_for(options.device(), op);  // raises for a device without a backend
  return options.device(kCPU);
}
Tensor finish_from_host(const Tensor& t, const TensorOptions& options) {
  return finish(t.to(options.device()), options);
}

// The checks and words of PyTorch's computeStorageNbytes, which empty_strided and from_blob
// share, before storage_extent's.
void check_strided_geometry(IntArrayRef sizes, IntArrayRef strides, const char* op) {
  EMBER_CHECK(sizes.size() == strides.size(), op, "dimensionality of sizes (", sizes.size(),
              ") must match dimensionality of strides (", strides.size(), ")");
  detail::check_sizes(sizes, op);
  for (size_t i = 0; i < sizes.size(); ++i) {
    EMBER_CHECK(strides[i] >= 0, op, "storage size calculation overflowed with sizes=", sizes,
                " and strides=", strides);
    if (sizes[i] == 0) return;  // what storage_extent accepts
  }
}

Tensor new_tensor(IntArrayRef sizes, const TensorOptions& options, const char* op) {
  detail::check_sizes(sizes, op);
  detail::backend_for(options.device(), op);  // raises for a device without a backend
  return make_empty(sizes, options.dtype(), options.device(), op);
}

}  // namespace

Tensor empty(IntArrayRef sizes, const TensorOptions& options) {
  return finish(new_tensor(sizes, options, "empty"), options);
}

Tensor empty_strided(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options) {
  check_strided_geometry(sizes, strides, "empty_strided");
  const int64_t extent = detail::storage_extent(sizes, strides, "empty_strided");
  Tensor base = new_tensor({extent}, options, "empty_strided");
  return finish(detail::make_view(base, sizes, strides, 0), options);
}

namespace {

// True when `t`'s elements tile a block of memory exactly once, in some order of its dims (a
// transposed or permuted contiguous tensor, say).
bool dense_non_overlapping(const Tensor& t) {
  std::vector<std::pair<int64_t, int64_t>> dims;  // (stride, size) of the dims that matter
  for (int64_t d = 0; d < t.dim(); ++d) {
    if (t.size(d) != 1) dims.emplace_back(t.stride(d), t.size(d));
  }
  std::sort(dims.begin(), dims.end());
  int64_t expected = 1;
  for (const auto& [stride, size] : dims) {
    if (stride != expected) return false;
    expected *= size;
  }
  return true;
}

// A new tensor of `sizes`; for the *_like factories (`like` set), laid out as PyTorch's
// preserve_format does: a dense, non-overlapping input's strides are kept (the result of
// zeros_like(x.t()) is transposed too), anything else gets contiguous strides.
Tensor allocate(IntArrayRef sizes, const TensorOptions& options, const char* op,
                const Tensor* like) {
  if (like != nullptr && like->numel() > 0 && !like->is_contiguous() &&
      dense_non_overlapping(*like)) {
    Tensor base = new_tensor({like->numel()}, options, op);
    return detail::make_view(base, sizes, like->strides(), 0);
  }
  return new_tensor(sizes, options, op);
}

// full() under another op's name: the dtype follows the value unless `options` sets one, and a
// value the dtype cannot hold raises (as PyTorch's fill_ does).
Tensor filled(IntArrayRef sizes, const Scalar& value, const TensorOptions& options, const char* op,
              const Tensor* like = nullptr) {
  TensorOptions o =
      options.has_dtype() ? options : options.dtype(detail::ResultType().add(value).get());
  detail::check_scalar_fits(value, o.dtype(), op);
  Tensor t = allocate(sizes, o, op, like);
  detail::backend_of(t).fill(*t.unsafeGetTensorImpl(), value);
  return finish(t, o);
}

}  // namespace

Tensor full(IntArrayRef sizes, const Scalar& value, const TensorOptions& options) {
  return filled(sizes, value, options, "full");
}
Tensor zeros(IntArrayRef sizes, const TensorOptions& options) {
  return filled(sizes, 0, options.dtype(options.dtype()), "zeros");
}
Tensor ones(IntArrayRef sizes, const TensorOptions& options) {
  return filled(sizes, 1, options.dtype(options.dtype()), "ones");
}
/// Unlike full, a number's kind does not pick the dtype: it is the default dtype (PyTorch).
Tensor scalar_tensor(const Scalar& value, const TensorOptions& options) {
  return filled({}, value, options.dtype(options.dtype()), "scalar_tensor");
}

Tensor empty_like(const Tensor& t, std::optional<TensorOptions> options) {
  detail::check_defined(t, "empty_like");
  TensorOptions o = like_options(t, options);
  return finish(allocate(t.sizes(), o, "empty_like", &t), o);
}
Tensor zeros_like(const Tensor& t, std::optional<TensorOptions> options) {
  detail::check_defined(t, "zeros_like");
  return filled(t.sizes(), 0, like_options(t, options), "zeros_like", &t);
}
Tensor ones_like(const Tensor& t, std::optional<TensorOptions> options) {
  detail::check_defined(t, "ones_like");
  return filled(t.sizes(), 1, like_options(t, options), "ones_like", &t);
}
Tensor full_like(const Tensor& t, const Scalar& value, std::optional<TensorOptions> options) {
  detail::check_defined(t, "full_like");
  return filled(t.sizes(), value, like_options(t, options), "full_like", &t);
}

// ---- Ranges ------------------------------------------------------------------------------------

Tensor arange(const Scalar& end, const TensorOptions& options) {
  return arange(0, end, 1, options);
}
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options) {
  return arange(start, end, 1, options);
}

namespace {

// Ranges fill numbers, not truth values: PyTorch has no bool kernel for them.
void check_range_dtype(ScalarType dtype, const char* op) {
  EMBER_CHECK(dtype != kBool, op, "not implemented for 'Bool'");
}

// A bound or step as the int64 PyTorch computes integer ranges in; refuses values outside
// int64 (whose conversion would be undefined).
int64_t to_int64(const Scalar& s, const char* op) {
  if (!s.isFloatingPoint()) return s.toLong();
  const double v = s.toDouble();
  EMBER_CHECK(v > -0x1p63 - 1 && v < 0x1p63, op, "value ", s, " is out of range for int64");
  return s.toLong();
}

}  // namespace

// Note [arange arithmetic]
// As PyTorch: bounds and step are checked as doubles; integer dtypes then count and step in
// int64 (a fractional step truncates, and a step that truncates to 0 raises), floating dtypes
// in double. int64 outputs count exactly, `ceil((end - start) / step)` in integers; other dtypes
// count in double. The int64 arithmetic is done on uint64 so that spans wider than int64 (e.g.
// from -2^62 to 2^62) neither overflow nor lose precision.
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              const TensorOptions& options) {
  const bool all_integral = start.isIntegral(true) && end.isIntegral(true) && step.isIntegral(true);
  const ScalarType dtype = options.has_dtype() ? options.dtype()
                           : all_integral      ? kLong
                                               : get_default_dtype();
  check_range_dtype(dtype, "arange");
  const double dstart = start.toDouble(), dend = end.toDouble(), dstep = step.toDouble();
  EMBER_CHECK(dstep > 0 || dstep < 0, "arange", "step must be nonzero, got ", step);
  EMBER_CHECK(std::isfinite(dstart) && std::isfinite(dend), "arange", "unsupported range: ", start,
              " -> ", end);
  EMBER_CHECK((dstep > 0 && dend >= dstart) || (dstep < 0 && dend <= dstart), "arange",
              "upper bound and larger bound inconsistent with step sign (start=", start,
              ", end=", end, ", step=", step, ")");
  const double count_d = std::ceil((dend - dstart) / dstep);
  EMBER_CHECK(count_d < 0x1p62, "arange", "the range [", start, ", ", end, ") in steps of ", step,
              " has too many elements");
  int64_t count = static_cast<int64_t>(count_d);
  if (is_floating_point(dtype)) {
    Tensor t = new_tensor({count}, host(options, "arange").dtype(dtype), "arange");
    detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
      if constexpr (detail::is_floating_v<T>) {
        T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
        for (int64_t i = 0; i < count; ++i) {
          out[i] =
              static_cast<T>(static_cast<compute_t<T>>(dstart + dstep * static_cast<double>(i)));
        }
      }
    });
    return finish_from_host(t, options);
  }
  const int64_t istart = to_int64(start, "arange"), iend = to_int64(end, "arange");
  const int64_t istep = to_int64(step, "arange");
  EMBER_CHECK(istep != 0, "arange", "step must be nonzero, got ", step, " (", dtype,
              " ranges step in integers)");
  const uint64_t ustart = static_cast<uint64_t>(istart), ustep = static_cast<uint64_t>(istep);
  if (dtype == kLong) {
    // |end - start| and |step| as unsigned magnitudes; the sign check above makes them agree.
    const uint64_t span =
        istep > 0 ? static_cast<uint64_t>(iend) - ustart : ustart - static_cast<uint64_t>(iend);
    const uint64_t mag = istep > 0 ? ustep : uint64_t{0} - ustep;
    count = static_cast<int64_t>(span / mag + (span % mag != 0));
  }
  Tensor t = new_tensor({count}, host(options, "arange").dtype(dtype), "arange");
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    for (int64_t i = 0; i < count; ++i) {
      out[i] = static_cast<T>(static_cast<int64_t>(ustart + static_cast<uint64_t>(i) * ustep));
    }
  });
  return finish_from_host(t, options);
}

// Note [linspace halves]
// PyTorch fills the first half forwards from `start` and the second half backwards from `end`,
// so that both endpoints are exact; we do the same. The bounds are first converted to the
// output dtype (so an integer linspace starts from truncated bounds), and integer outputs step
// in double.
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps,
                const TensorOptions& options) {
  EMBER_CHECK(steps >= 0, "linspace", "number of steps must be non-negative, got ", steps);
  check_range_dtype(options.dtype(), "linspace");
  detail::check_scalar_fits(start, options.dtype(), "linspace");  // the bounds convert to the dtype
  detail::check_scalar_fits(end, options.dtype(), "linspace");
  Tensor t = new_tensor({steps}, host(options, "linspace"), "linspace");
  detail::visit_dtype(t.scalar_type(), [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    using C = std::conditional_t<detail::is_floating_v<T>, compute_t<T>, double>;
    const C a = static_cast<C>(static_cast<T>(start.to<compute_t<T>>()));
    const C b = static_cast<C>(static_cast<T>(end.to<compute_t<T>>()));
    const C step = steps > 1 ? (b - a) / static_cast<C>(steps - 1) : C(0);
    const int64_t half = steps / 2;
    for (int64_t i = 0; i < steps; ++i) {
      const C v = steps == 1 ? a
                  : i < half ? a + step * static_cast<C>(i)
                             : b - step * static_cast<C>(steps - i - 1);
      out[i] = static_cast<T>(v);
    }
  });
  return finish_from_host(t, options);
}

// `base ** linspace(start, end)`, with the exponents computed as in Note [linspace halves] but
// always stepping in double.
Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base,
                const TensorOptions& options) {
  EMBER_CHECK(steps >= 0, "logspace", "number of steps must be non-negative, got ", steps);
  check_range_dtype(options.dtype(), "logspace");
  detail::check_scalar_fits(start, options.dtype(), "logspace");  // the bounds convert to the dtype
  detail::check_scalar_fits(end, options.dtype(), "logspace");
  Tensor t = new_tensor({steps}, host(options, "logspace"), "logspace");
  detail::visit_dtype(t.scalar_type(), [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    const double a = static_cast<double>(static_cast<T>(start.to<compute_t<T>>()));
    const double b = static_cast<double>(static_cast<T>(end.to<compute_t<T>>()));
    const double step = steps > 1 ? (b - a) / static_cast<double>(steps - 1) : 0.0;
    const int64_t half = steps / 2;
    for (int64_t i = 0; i < steps; ++i) {
      const double e = steps == 1 ? a
                       : i < half ? a + step * static_cast<double>(i)
                                  : b - step * static_cast<double>(steps - i - 1);
      out[i] = static_cast<T>(static_cast<compute_t<T>>(std::pow(base, e)));
    }
  });
  return finish_from_host(t, options);
}

Tensor eye(int64_t n, const TensorOptions& options) {
  return eye(n, n, options);
}

Tensor eye(int64_t n, int64_t m, const TensorOptions& options) {
  EMBER_CHECK(n >= 0, "eye", "n must be greater or equal to 0, got ", n);
  EMBER_CHECK(m >= 0, "eye", "m must be greater or equal to 0, got ", m);
  Tensor t =
      filled({n, m}, 0, host(options, "eye").dtype(options.dtype()).requires_grad(false), "eye");
  detail::visit_dtype(t.scalar_type(), [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    for (int64_t i = 0; i < std::min(n, m); ++i) out[i * m + i] = static_cast<T>(1);
  });
  return finish_from_host(t, options);
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
    EMBER_CHECK(v.is_scalar(), "tensor", "expected a number at dim ", depth,
                " (got a list; nested lists must be rectangular)");
    type.add(v.scalar());
    out.push_back(v.scalar());
    return;
  }
  EMBER_CHECK(!v.is_scalar(), "tensor", "expected sequence of length ", shape[depth], " at dim ",
              depth, " (got a number; nested lists must be rectangular)");
  EMBER_CHECK(static_cast<int64_t>(v.children().size()) == shape[depth], "tensor",
              "expected sequence of length ", shape[depth], " at dim ", depth, " (got ",
              v.children().size(), ")");
  for (const NestedValues& child : v.children()) collect_values(child, shape, depth + 1, out, type);
}

Tensor from_scalars(const std::vector<Scalar>& values, IntArrayRef shape, ScalarType dtype,
                    const TensorOptions& options) {
  // PyTorch checks each number against an integer dtype; floating dtypes round (to inf if need
  // be).
  if (is_integral(dtype, /*include_bool=*/false)) {
    for (const Scalar& v : values) detail::check_scalar_fits(v, dtype, "tensor");
  }
  Tensor t = new_tensor(shape, host(options, "tensor").dtype(dtype), "tensor");
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    T* out = reinterpret_cast<T*>(t.unsafeGetTensorImpl()->data());
    for (size_t i = 0; i < values.size(); ++i)
      out[i] = static_cast<T>(values[i].to<compute_t<T>>());
  });
  return finish_from_host(t, options);
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

/// The dtype libtorch's torch::tensor gives values of C++ type T without an explicit dtype: int
/// and int64 make int64, float and double the default dtype, other types their own.
template <class T>
ScalarType inferred_dtype() {
  const ScalarType own = dtype_of<T>;
  if (own == kInt || own == kLong) return kLong;
  if (own == kFloat || own == kDouble) return get_default_dtype();
  return own;
}

template <class T>
Tensor tensor(ArrayRef<T> values, const TensorOptions& options) {
  Tensor t =
      new_tensor({static_cast<int64_t>(values.size())},
                 options.has_dtype() ? options : options.dtype(inferred_dtype<T>()), "tensor");
  detail::backend_of(t).copy(
      *t.unsafeGetTensorImpl(),
      *from_blob(const_cast<T*>(values.data()), {static_cast<int64_t>(values.size())}, dtype_of<T>)
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
  EMBER_CHECK(options.device().is_cpu(), "from_blob", "no backend for device ", options.device(),
              " in this build; only cpu is available");
  check_strided_geometry(sizes, strides, "from_blob");
  const int64_t extent = detail::storage_extent(sizes, strides, "from_blob");
  EMBER_CHECK(data != nullptr || extent == 0, "from_blob", "expected a non-null data pointer for ",
              detail::numel_of(sizes), " elements, got nullptr");
  const ScalarType dtype = options.dtype();
  size_t nbytes = 0;
  EMBER_CHECK(!__builtin_mul_overflow(static_cast<size_t>(extent), element_size(dtype), &nbytes),
              "from_blob", "sizes ", sizes, " and strides ", strides, " span more than 2^64 bytes");
  auto storage = std::make_shared<detail::Storage>(data, nbytes, deleter, options.device());
  return finish(
      Tensor(std::make_shared<detail::TensorImpl>(std::move(storage), 0, sizes, strides, dtype)),
      options);
}

Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options) {
  detail::check_sizes(sizes, "from_blob");
  detail::check_numel_fits(sizes, "from_blob");  // before computing strides from them
  return from_blob(data, sizes, detail::contiguous_strides(sizes), nullptr, options);
}
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options) {
  return from_blob(data, sizes, strides, nullptr, options);
}
Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 const TensorOptions& options) {
  detail::check_sizes(sizes, "from_blob");
  detail::check_numel_fits(sizes, "from_blob");
  return from_blob(data, sizes, detail::contiguous_strides(sizes), deleter, options);
}

}  // namespace ember
