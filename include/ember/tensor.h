#pragma once
/// `ember::Tensor`: a cheap, reference-counted handle to strided n-dimensional data.
///
/// Copying a Tensor aliases the same data (like libtorch); `clone()` copies it. Views (`view`,
/// `transpose`, `slice`, ...) share storage with their base, so writes through one are seen by
/// the other. The methods below are thin forwards to the free functions of `ember/ops/*.h`, where
/// each op's shapes, dtype rule and errors are documented.
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "ember/accessor.h"
#include "ember/array_ref.h"
#include "ember/device.h"
#include "ember/dtype.h"
#include "ember/error.h"
#include "ember/generator.h"
#include "ember/scalar.h"
#include "ember/tensor_options.h"

namespace ember {

class Tensor;
namespace detail {
class TensorImpl;
}
namespace autograd {
class Node;
}
namespace indexing {
class TensorIndex;
}

using TensorList = ArrayRef<Tensor>;

class Tensor {
 public:
  /// An undefined tensor (`defined() == false`), as libtorch's default.
  Tensor() = default;
  explicit Tensor(std::shared_ptr<detail::TensorImpl> impl);

  // ---- Metadata ------------------------------------------------------------------------------
  bool defined() const { return impl_ != nullptr; }
  int64_t dim() const;
  int64_t ndimension() const { return dim(); }
  IntArrayRef sizes() const;
  IntArrayRef strides() const;
  /// Size of dimension `dim` (negative counts from the end).
  int64_t size(int64_t dim) const;
  int64_t stride(int64_t dim) const;
  int64_t numel() const;
  size_t element_size() const;
  size_t nbytes() const;
  ScalarType scalar_type() const;
  ScalarType dtype() const { return scalar_type(); }
  Device device() const;
  TensorOptions options() const;
  Layout layout() const { return kStrided; }
  bool is_contiguous() const;
  bool is_floating_point() const { return ember::is_floating_point(scalar_type()); }
  bool is_cpu() const { return device().is_cpu(); }
  bool is_cuda() const { return device().is_cuda(); }
  /// On the meta device: sizes and dtype, no data (Note [Meta device] in ember/device.h).
  bool is_meta() const { return device().is_meta(); }
  int64_t storage_offset() const;
  /// True when both handles refer to the same tensor object.
  bool is_same(const Tensor& other) const { return impl_ == other.impl_; }
  /// True when both tensors view the same storage.
  bool is_alias_of(const Tensor& other) const;
  /// The storage's version counter: bumped by every in-place write (autograd checks it).
  uint32_t _version() const;
  /// Records that the data was modified in place (bumps the version counter).
  void bump_version() const;
  bool requires_grad() const;
  /// Makes a leaf require (or stop requiring) grad; only floating-point tensors can.
  Tensor& requires_grad_(bool requires_grad = true);
  Tensor& set_requires_grad(bool requires_grad) { return requires_grad_(requires_grad); }
  detail::TensorImpl* unsafeGetTensorImpl() const { return impl_.get(); }
  const std::shared_ptr<detail::TensorImpl>& impl() const { return impl_; }

  // ---- Autograd (include/ember/autograd.h has the rest) -------------------------------------
  /// The gradient backward accumulated into this leaf (undefined until one arrives).
  const Tensor& grad() const;
  /// The gradient slot itself, to assign or reset (`t.mutable_grad() = Tensor()`).
  Tensor& mutable_grad() const;
  /// The node that produced this tensor; null for leaves and tensors outside any graph.
  std::shared_ptr<autograd::Node> grad_fn() const;
  /// True unless the tensor was produced by a recorded op (every tensor that does not
  /// require grad is a leaf).
  bool is_leaf() const;
  /// Which output of its grad_fn this tensor is.
  uint32_t output_nr() const;
  /// Keeps the gradient of this non-leaf in `.grad()` on backward (leaves always keep theirs).
  void retain_grad() const;
  bool retains_grad() const;
  /// The same data, outside the graph: no grad_fn, does not require grad. Shares storage (and
  /// so the version counter) with this tensor.
  Tensor detach() const;
  /// Cuts this tensor out of the graph in place; views cannot be detached in place.
  Tensor& detach_();
  /// libtorch's `.data()`: as `detach()`.
  Tensor data() const { return detach(); }
  /// Makes this tensor hold `new_data`'s values, shape and dtype while staying the same tensor
  /// (same grad slot, hooks and requires_grad): how a module converts its parameters in place.
  void set_data(const Tensor& new_data) const;
  /// Made inside an InferenceMode scope.
  bool is_inference() const;
  /// Backward from this tensor: `gradient` may be omitted for a one-element tensor.
  /// See ember::autograd::backward.
  void backward(const Tensor& gradient = {}, std::optional<bool> retain_graph = std::nullopt,
                bool create_graph = false,
                std::optional<std::vector<Tensor>> inputs = std::nullopt) const;
  /// Calls `hook(grad)` whenever a gradient for this tensor is computed; a hook returning a
  /// Tensor replaces the gradient. Returns a handle for `remove_hook`.
  template <class Hook>
  unsigned register_hook(Hook&& hook) const {
    if constexpr (std::is_void_v<std::invoke_result_t<Hook&, Tensor>>) {
      return add_grad_hook([h = std::forward<Hook>(hook)](const Tensor& g) mutable {
        h(g);
        return Tensor();
      });
    } else {
      return add_grad_hook(
          [h = std::forward<Hook>(hook)](const Tensor& g) mutable { return Tensor(h(g)); });
    }
  }
  void remove_hook(unsigned handle) const;

  // ---- Element access ------------------------------------------------------------------------
  /// Pointer to the first element; raises unless `T` matches the dtype.
  template <class T>
  T* data_ptr() const;
  void* data_ptr() const;
  /// The value of a one-element tensor; raises for any other numel.
  Scalar item() const;
  template <class T>
  T item() const {
    return item().to<T>();
  }
  template <class T, size_t N>
  TensorAccessor<T, N> accessor() const& {
    EMBER_CHECK(dim() == static_cast<int64_t>(N), "accessor", "expected a ", N, "-d tensor, got ",
                dim(), "-d");
    return TensorAccessor<T, N>(data_ptr<T>(), sizes().data(), strides().data());
  }
  template <class T, size_t N>
  TensorAccessor<T, N> accessor() && = delete;  // the accessor would outlive the sizes it borrows

  // ---- Conversion and copies -----------------------------------------------------------------
  Tensor to(ScalarType dtype, bool non_blocking = false, bool copy = false) const;
  Tensor to(Device device, ScalarType dtype, bool non_blocking = false, bool copy = false) const;
  Tensor to(Device device, bool non_blocking = false, bool copy = false) const;
  /// `t.to(kMeta)`: a device type alone picks the device, not the options.
  Tensor to(DeviceType device, bool non_blocking = false, bool copy = false) const {
    return to(Device(device), non_blocking, copy);
  }
  Tensor to(const TensorOptions& options, bool non_blocking = false, bool copy = false) const;
  Tensor to(const Tensor& other, bool non_blocking = false, bool copy = false) const;
  Tensor toType(ScalarType dtype) const { return to(dtype); }
  Tensor type_as(const Tensor& other) const { return to(other.scalar_type()); }
  Tensor cpu() const { return to(Device(kCPU)); }
  Tensor clone() const;
  Tensor contiguous() const;
  /// Copies `src` into this tensor, broadcasting `src` and converting its dtype.
  Tensor& copy_(const Tensor& src, bool non_blocking = false);
  Tensor& fill_(const Scalar& value);
  Tensor& fill_(const Tensor& value);
  Tensor& zero_();

  // ---- Views (share storage) -----------------------------------------------------------------
  Tensor view(IntArrayRef sizes) const;
  Tensor view_as(const Tensor& other) const;
  Tensor reshape(IntArrayRef sizes) const;
  Tensor reshape_as(const Tensor& other) const;
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  Tensor unflatten(int64_t dim, IntArrayRef sizes) const;
  Tensor squeeze() const;
  Tensor squeeze(int64_t dim) const;
  Tensor squeeze(IntArrayRef dims) const;
  Tensor unsqueeze(int64_t dim) const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor t() const;
  Tensor mT() const;
  Tensor permute(IntArrayRef dims) const;
  Tensor expand(IntArrayRef sizes, bool implicit = false) const;
  Tensor expand_as(const Tensor& other) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor slice(int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
               std::optional<int64_t> end = std::nullopt, int64_t step = 1) const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor operator[](int64_t index) const { return select(0, index); }
  std::vector<Tensor> unbind(int64_t dim = 0) const;
  std::vector<Tensor> split(int64_t split_size, int64_t dim = 0) const;
  std::vector<Tensor> split(IntArrayRef split_sizes, int64_t dim = 0) const;
  std::vector<Tensor> split_with_sizes(IntArrayRef split_sizes, int64_t dim = 0) const;
  std::vector<Tensor> chunk(int64_t chunks, int64_t dim = 0) const;
  Tensor diagonal(int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1) const;
  Tensor movedim(IntArrayRef source, IntArrayRef destination) const;
  Tensor movedim(int64_t source, int64_t destination) const;
  Tensor as_strided(IntArrayRef sizes, IntArrayRef strides,
                    std::optional<int64_t> storage_offset = std::nullopt) const;
  Tensor unfold(int64_t dim, int64_t size, int64_t step) const;

  // ---- Indexing ------------------------------------------------------------------------------
  /// `t.index({Slice(), 0, None, Ellipsis, mask, idx})` with PyTorch's indexing rules.
  Tensor index(ArrayRef<indexing::TensorIndex> indices) const;
  Tensor index(std::initializer_list<indexing::TensorIndex> indices) const;
  /// `accumulate` adds at the indexed positions (repeats add up) instead of writing.
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& value,
                     bool accumulate = false);
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Scalar& value,
                     bool accumulate = false);
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices, const Tensor& value,
                     bool accumulate = false);
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices, const Scalar& value,
                     bool accumulate = false);
  Tensor index_select(int64_t dim, const Tensor& index) const;
  Tensor gather(int64_t dim, const Tensor& index) const;
  Tensor scatter(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor scatter(int64_t dim, const Tensor& index, const Scalar& value) const;
  Tensor& scatter_(int64_t dim, const Tensor& index, const Tensor& src);
  Tensor& scatter_(int64_t dim, const Tensor& index, const Scalar& value);
  Tensor scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor& scatter_add_(int64_t dim, const Tensor& index, const Tensor& src);
  /// `reduce` is "sum", "prod", "mean", "amax" or "amin".
  Tensor scatter_reduce(int64_t dim, const Tensor& index, const Tensor& src,
                        std::string_view reduce, bool include_self = true) const;
  Tensor& scatter_reduce_(int64_t dim, const Tensor& index, const Tensor& src,
                          std::string_view reduce, bool include_self = true);
  Tensor index_add(int64_t dim, const Tensor& index, const Tensor& source,
                   const Scalar& alpha = 1) const;
  Tensor& index_add_(int64_t dim, const Tensor& index, const Tensor& source,
                     const Scalar& alpha = 1);
  Tensor masked_fill(const Tensor& mask, const Scalar& value) const;
  Tensor masked_fill(const Tensor& mask, const Tensor& value) const;
  Tensor& masked_fill_(const Tensor& mask, const Scalar& value);
  Tensor& masked_fill_(const Tensor& mask, const Tensor& value);
  Tensor masked_select(const Tensor& mask) const;
  Tensor masked_scatter(const Tensor& mask, const Tensor& source) const;
  Tensor& masked_scatter_(const Tensor& mask, const Tensor& source);
  Tensor nonzero() const;
  Tensor take(const Tensor& index) const;
  /// `self` where `condition`, else `other`.
  Tensor where(const Tensor& condition, const Tensor& other) const;

  // ---- Elementwise arithmetic ----------------------------------------------------------------
  Tensor add(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor add(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor& add_(const Tensor& other, const Scalar& alpha = 1);
  Tensor& add_(const Scalar& other, const Scalar& alpha = 1);
  Tensor sub(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor sub(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor& sub_(const Tensor& other, const Scalar& alpha = 1);
  Tensor& sub_(const Scalar& other, const Scalar& alpha = 1);
  Tensor mul(const Tensor& other) const;
  Tensor mul(const Scalar& other) const;
  Tensor& mul_(const Tensor& other);
  Tensor& mul_(const Scalar& other);
  /// `rounding_mode`: none (true division), "trunc" or "floor".
  Tensor div(const Tensor& other,
             std::optional<std::string_view> rounding_mode = std::nullopt) const;
  Tensor div(const Scalar& other,
             std::optional<std::string_view> rounding_mode = std::nullopt) const;
  Tensor& div_(const Tensor& other, std::optional<std::string_view> rounding_mode = std::nullopt);
  Tensor& div_(const Scalar& other, std::optional<std::string_view> rounding_mode = std::nullopt);
  Tensor remainder(const Tensor& other) const;
  Tensor remainder(const Scalar& other) const;
  Tensor& remainder_(const Tensor& other);
  Tensor& remainder_(const Scalar& other);
  Tensor fmod(const Tensor& other) const;
  Tensor fmod(const Scalar& other) const;
  Tensor& fmod_(const Tensor& other);
  Tensor& fmod_(const Scalar& other);
  Tensor pow(const Tensor& exponent) const;
  Tensor pow(const Scalar& exponent) const;
  Tensor& pow_(const Tensor& exponent);
  Tensor& pow_(const Scalar& exponent);
  Tensor atan2(const Tensor& other) const;
  Tensor& atan2_(const Tensor& other);
  Tensor hypot(const Tensor& other) const;
  Tensor& hypot_(const Tensor& other);
  Tensor minimum(const Tensor& other) const;
  Tensor maximum(const Tensor& other) const;
  Tensor fmin(const Tensor& other) const;
  Tensor fmax(const Tensor& other) const;
  Tensor lerp(const Tensor& end, const Scalar& weight) const;
  Tensor lerp(const Tensor& end, const Tensor& weight) const;
  Tensor& lerp_(const Tensor& end, const Scalar& weight);
  Tensor& lerp_(const Tensor& end, const Tensor& weight);
  Tensor addcmul(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1) const;
  Tensor& addcmul_(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1);
  Tensor addcdiv(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1) const;
  Tensor& addcdiv_(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1);
  Tensor clamp(const std::optional<Scalar>& min,
               const std::optional<Scalar>& max = std::nullopt) const;
  Tensor clamp(const std::optional<Tensor>& min,
               const std::optional<Tensor>& max = std::nullopt) const;
  Tensor& clamp_(const std::optional<Scalar>& min, const std::optional<Scalar>& max = std::nullopt);
  Tensor& clamp_(const std::optional<Tensor>& min, const std::optional<Tensor>& max = std::nullopt);
  Tensor clamp_min(const Scalar& min) const;
  Tensor clamp_max(const Scalar& max) const;
  Tensor& clamp_min_(const Scalar& min);
  Tensor& clamp_max_(const Scalar& max);
  Tensor clip(const std::optional<Scalar>& min,
              const std::optional<Scalar>& max = std::nullopt) const {
    return clamp(min, max);
  }
  Tensor round(int64_t decimals) const;
  Tensor& round_(int64_t decimals);
  Tensor logit(std::optional<double> eps = std::nullopt) const;
  Tensor& logit_(std::optional<double> eps = std::nullopt);
  Tensor nan_to_num(std::optional<double> nan = std::nullopt,
                    std::optional<double> posinf = std::nullopt,
                    std::optional<double> neginf = std::nullopt) const;
  Tensor& nan_to_num_(std::optional<double> nan = std::nullopt,
                      std::optional<double> posinf = std::nullopt,
                      std::optional<double> neginf = std::nullopt);

// Unary math with an in-place twin: `t.exp()` and `t.exp_()`.
#define EMBER_DECLARE_UNARY_METHOD(name) \
  Tensor name() const;                   \
  Tensor& name##_();
  EMBER_DECLARE_UNARY_METHOD(neg)
  EMBER_DECLARE_UNARY_METHOD(abs)
  EMBER_DECLARE_UNARY_METHOD(sign)
  EMBER_DECLARE_UNARY_METHOD(reciprocal)
  EMBER_DECLARE_UNARY_METHOD(exp)
  EMBER_DECLARE_UNARY_METHOD(exp2)
  EMBER_DECLARE_UNARY_METHOD(expm1)
  EMBER_DECLARE_UNARY_METHOD(log)
  EMBER_DECLARE_UNARY_METHOD(log2)
  EMBER_DECLARE_UNARY_METHOD(log10)
  EMBER_DECLARE_UNARY_METHOD(log1p)
  EMBER_DECLARE_UNARY_METHOD(sqrt)
  EMBER_DECLARE_UNARY_METHOD(rsqrt)
  EMBER_DECLARE_UNARY_METHOD(square)
  EMBER_DECLARE_UNARY_METHOD(sin)
  EMBER_DECLARE_UNARY_METHOD(cos)
  EMBER_DECLARE_UNARY_METHOD(tan)
  EMBER_DECLARE_UNARY_METHOD(asin)
  EMBER_DECLARE_UNARY_METHOD(acos)
  EMBER_DECLARE_UNARY_METHOD(atan)
  EMBER_DECLARE_UNARY_METHOD(sinh)
  EMBER_DECLARE_UNARY_METHOD(cosh)
  EMBER_DECLARE_UNARY_METHOD(tanh)
  EMBER_DECLARE_UNARY_METHOD(asinh)
  EMBER_DECLARE_UNARY_METHOD(acosh)
  EMBER_DECLARE_UNARY_METHOD(atanh)
  EMBER_DECLARE_UNARY_METHOD(sigmoid)
  EMBER_DECLARE_UNARY_METHOD(erf)
  EMBER_DECLARE_UNARY_METHOD(erfc)
  EMBER_DECLARE_UNARY_METHOD(erfinv)
  EMBER_DECLARE_UNARY_METHOD(lgamma)
  EMBER_DECLARE_UNARY_METHOD(digamma)
  EMBER_DECLARE_UNARY_METHOD(floor)
  EMBER_DECLARE_UNARY_METHOD(ceil)
  EMBER_DECLARE_UNARY_METHOD(round)
  EMBER_DECLARE_UNARY_METHOD(trunc)
  EMBER_DECLARE_UNARY_METHOD(frac)
  EMBER_DECLARE_UNARY_METHOD(logical_not)
  EMBER_DECLARE_UNARY_METHOD(bitwise_not)
#undef EMBER_DECLARE_UNARY_METHOD
  Tensor isnan() const;
  Tensor isinf() const;
  Tensor isfinite() const;

  // ---- Comparison, logical and bitwise -------------------------------------------------------
#define EMBER_DECLARE_BINARY_METHOD(name) \
  Tensor name(const Tensor& other) const; \
  Tensor name(const Scalar& other) const; \
  Tensor& name##_(const Tensor& other);   \
  Tensor& name##_(const Scalar& other);
  EMBER_DECLARE_BINARY_METHOD(eq)
  EMBER_DECLARE_BINARY_METHOD(ne)
  EMBER_DECLARE_BINARY_METHOD(lt)
  EMBER_DECLARE_BINARY_METHOD(le)
  EMBER_DECLARE_BINARY_METHOD(gt)
  EMBER_DECLARE_BINARY_METHOD(ge)
  EMBER_DECLARE_BINARY_METHOD(bitwise_and)
  EMBER_DECLARE_BINARY_METHOD(bitwise_or)
  EMBER_DECLARE_BINARY_METHOD(bitwise_xor)
  EMBER_DECLARE_BINARY_METHOD(bitwise_left_shift)
  EMBER_DECLARE_BINARY_METHOD(bitwise_right_shift)
#undef EMBER_DECLARE_BINARY_METHOD
  Tensor logical_and(const Tensor& other) const;
  Tensor logical_or(const Tensor& other) const;
  Tensor logical_xor(const Tensor& other) const;
  Tensor& logical_and_(const Tensor& other);
  Tensor& logical_or_(const Tensor& other);
  Tensor& logical_xor_(const Tensor& other);
  Tensor isclose(const Tensor& other, double rtol = 1e-05, double atol = 1e-08,
                 bool equal_nan = false) const;
  bool allclose(const Tensor& other, double rtol = 1e-05, double atol = 1e-08,
                bool equal_nan = false) const;
  /// True when both have the same sizes and elements (dtypes may differ, as in PyTorch).
  bool equal(const Tensor& other) const;

  // ---- Reductions ----------------------------------------------------------------------------
  Tensor sum(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor sum(IntArrayRef dim, bool keepdim = false,
             std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor nansum(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor nansum(IntArrayRef dim, bool keepdim = false,
                std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor mean(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor mean(IntArrayRef dim, bool keepdim = false,
              std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor nanmean(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor nanmean(IntArrayRef dim, bool keepdim = false,
                 std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor prod(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor prod(int64_t dim, bool keepdim = false,
              std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor max() const;
  std::tuple<Tensor, Tensor> max(int64_t dim, bool keepdim = false) const;
  Tensor max(const Tensor& other) const;
  Tensor min() const;
  std::tuple<Tensor, Tensor> min(int64_t dim, bool keepdim = false) const;
  Tensor min(const Tensor& other) const;
  Tensor amax(IntArrayRef dim = {}, bool keepdim = false) const;
  Tensor amin(IntArrayRef dim = {}, bool keepdim = false) const;
  Tensor argmax(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  Tensor argmin(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  /// `correction` 1 is Bessel's correction (unbiased), 0 the population statistic.
  Tensor var(std::optional<IntArrayRef> dim = std::nullopt,
             std::optional<Scalar> correction = std::nullopt, bool keepdim = false) const;
  Tensor std(std::optional<IntArrayRef> dim = std::nullopt,
             std::optional<Scalar> correction = std::nullopt, bool keepdim = false) const;
  Tensor var(IntArrayRef dim, bool unbiased, bool keepdim = false) const;
  Tensor std(IntArrayRef dim, bool unbiased, bool keepdim = false) const;
  Tensor var(bool unbiased) const;
  Tensor std(bool unbiased) const;
  /// `x.var(0)` reduces dim 0, as in libtorch: without these, the int would pick the bool
  /// overload (a standard conversion beats the user-defined one to IntArrayRef).
  Tensor var(int dim) const {
    return var(IntArrayRef{dim});
  }
  Tensor std(int dim) const {
    return std(IntArrayRef{dim});
  }
  /// p = 1, 2, inf, -inf or any other number; "fro" and "nuc" via the string overload.
  Tensor norm(const Scalar& p = 2) const;
  Tensor norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim = false) const;
  Tensor logsumexp(IntArrayRef dim, bool keepdim = false) const;
  Tensor softmax(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor log_softmax(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor relu() const;
  Tensor& relu_();
  Tensor all() const;
  Tensor all(int64_t dim, bool keepdim = false) const;
  Tensor any() const;
  Tensor any(int64_t dim, bool keepdim = false) const;
  Tensor count_nonzero(std::optional<int64_t> dim = std::nullopt) const;
  /// (An exact match for `t.count_nonzero(1)`, which the two overloads around it make ambiguous.)
  Tensor count_nonzero(int64_t dim) const;
  Tensor count_nonzero(IntArrayRef dim) const;
  Tensor cumsum(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor cumprod(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor& cumsum_(int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
  Tensor& cumprod_(int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
  std::tuple<Tensor, Tensor> cummax(int64_t dim) const;
  std::tuple<Tensor, Tensor> cummin(int64_t dim) const;
  Tensor logcumsumexp(int64_t dim) const;
  std::tuple<Tensor, Tensor> sort(int64_t dim = -1, bool descending = false) const;
  std::tuple<Tensor, Tensor> sort(std::optional<bool> stable, int64_t dim = -1,
                                  bool descending = false) const;
  Tensor argsort(int64_t dim = -1, bool descending = false) const;
  std::tuple<Tensor, Tensor> topk(int64_t k, int64_t dim = -1, bool largest = true,
                                  bool sorted = true) const;
  std::tuple<Tensor, Tensor> kthvalue(int64_t k, int64_t dim = -1, bool keepdim = false) const;
  Tensor median() const;
  std::tuple<Tensor, Tensor> median(int64_t dim, bool keepdim = false) const;
  std::tuple<Tensor, Tensor> mode(int64_t dim = -1, bool keepdim = false) const;

  // ---- Linear algebra and shaping ------------------------------------------------------------
  Tensor matmul(const Tensor& other) const;
  Tensor mm(const Tensor& mat2) const;
  Tensor bmm(const Tensor& mat2) const;
  Tensor mv(const Tensor& vec) const;
  Tensor dot(const Tensor& other) const;
  Tensor vdot(const Tensor& other) const;
  Tensor outer(const Tensor& vec2) const;
  Tensor ger(const Tensor& vec2) const {
    return outer(vec2);
  }
  Tensor addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
               const Scalar& alpha = 1) const;
  Tensor& addmm_(const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
                 const Scalar& alpha = 1);
  Tensor addmv(const Tensor& mat, const Tensor& vec, const Scalar& beta = 1,
               const Scalar& alpha = 1) const;
  Tensor baddbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
                 const Scalar& alpha = 1) const;
  Tensor addbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
                const Scalar& alpha = 1) const;
  Tensor cross(const Tensor& other, std::optional<int64_t> dim = std::nullopt) const;
  Tensor trace() const;
  Tensor tril(int64_t diagonal = 0) const;
  Tensor triu(int64_t diagonal = 0) const;
  Tensor& tril_(int64_t diagonal = 0);
  Tensor& triu_(int64_t diagonal = 0);
  Tensor flip(IntArrayRef dims) const;
  Tensor roll(IntArrayRef shifts, IntArrayRef dims = {}) const;
  Tensor rot90(int64_t k = 1, IntArrayRef dims = {0, 1}) const;
  Tensor repeat(IntArrayRef repeats) const;
  Tensor repeat_interleave(int64_t repeats, std::optional<int64_t> dim = std::nullopt) const;
  Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> dim = std::nullopt) const;
  Tensor tile(IntArrayRef dims) const;
  Tensor diag(int64_t diagonal = 0) const;
  Tensor diag_embed(int64_t offset = 0, int64_t dim1 = -2, int64_t dim2 = -1) const;

  // ---- Random, in place ----------------------------------------------------------------------
  Tensor& uniform_(double from = 0, double to = 1, std::optional<Generator> gen = std::nullopt);
  Tensor& normal_(double mean = 0, double std = 1, std::optional<Generator> gen = std::nullopt);
  /// Integers uniform in [from, to); `random_()` covers the dtype's whole range of integers
  /// representable exactly.
  Tensor& random_(int64_t from, std::optional<int64_t> to,
                  std::optional<Generator> gen = std::nullopt);
  Tensor& random_(int64_t to, std::optional<Generator> gen = std::nullopt);
  Tensor& random_(std::optional<Generator> gen = std::nullopt);
  Tensor& bernoulli_(double p = 0.5, std::optional<Generator> gen = std::nullopt);

  // ---- In-place operators --------------------------------------------------------------------
  Tensor& operator+=(const Tensor& other) {
    return add_(other);
  }
  Tensor& operator+=(const Scalar& other) {
    return add_(other);
  }
  Tensor& operator-=(const Tensor& other) {
    return sub_(other);
  }
  Tensor& operator-=(const Scalar& other) {
    return sub_(other);
  }
  Tensor& operator*=(const Tensor& other) {
    return mul_(other);
  }
  Tensor& operator*=(const Scalar& other) {
    return mul_(other);
  }
  Tensor& operator/=(const Tensor& other) {
    return div_(other);
  }
  Tensor& operator/=(const Scalar& other) {
    return div_(other);
  }
  Tensor& operator&=(const Tensor& other) {
    return bitwise_and_(other);
  }
  Tensor& operator|=(const Tensor& other) {
    return bitwise_or_(other);
  }
  Tensor& operator^=(const Tensor& other) {
    return bitwise_xor_(other);
  }

 private:
  unsigned add_grad_hook(std::function<Tensor(const Tensor&)> hook) const;

  std::shared_ptr<detail::TensorImpl> impl_;
};

// ---- Operators (PyTorch semantics: broadcasting and type promotion) ---------------------------
#define EMBER_DECLARE_BINARY_OPERATOR(op)               \
  Tensor operator op(const Tensor& a, const Tensor& b); \
  Tensor operator op(const Tensor& a, const Scalar& b); \
  Tensor operator op(const Scalar& a, const Tensor& b);
EMBER_DECLARE_BINARY_OPERATOR(+)
EMBER_DECLARE_BINARY_OPERATOR(-)
EMBER_DECLARE_BINARY_OPERATOR(*)
EMBER_DECLARE_BINARY_OPERATOR(/)
EMBER_DECLARE_BINARY_OPERATOR(%)
EMBER_DECLARE_BINARY_OPERATOR(==)
EMBER_DECLARE_BINARY_OPERATOR(!=)
EMBER_DECLARE_BINARY_OPERATOR(<)
EMBER_DECLARE_BINARY_OPERATOR(<=)
EMBER_DECLARE_BINARY_OPERATOR(>)
EMBER_DECLARE_BINARY_OPERATOR(>=)
EMBER_DECLARE_BINARY_OPERATOR(&)
EMBER_DECLARE_BINARY_OPERATOR(|)
EMBER_DECLARE_BINARY_OPERATOR(^)
EMBER_DECLARE_BINARY_OPERATOR(<<)
EMBER_DECLARE_BINARY_OPERATOR(>>)
EMBER_DECLARE_BINARY_OPERATOR(&&)
EMBER_DECLARE_BINARY_OPERATOR(||)
#undef EMBER_DECLARE_BINARY_OPERATOR
Tensor operator-(const Tensor& a);
Tensor operator!(const Tensor& a);
Tensor operator~(const Tensor& a);

/// Prints values and a `[ CPUFloatType{2,3} ]` footer, as libtorch does.
std::ostream& operator<<(std::ostream& out, const Tensor& t);

}  // namespace ember
