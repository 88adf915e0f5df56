#pragma once
/// Factories: new tensors from sizes, values, ranges or memory the caller owns.
#include <functional>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "ember/tensor.h"

namespace ember {

/// Uninitialised memory. `sizes` must be non-negative.
Tensor empty(IntArrayRef sizes, const TensorOptions& options = {});
Tensor empty_strided(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options = {});
Tensor zeros(IntArrayRef sizes, const TensorOptions& options = {});
Tensor ones(IntArrayRef sizes, const TensorOptions& options = {});
/// Filled with `value`; without a dtype, the dtype follows the value (bool, int64 or default
/// float). Raises when the value does not fit the dtype (300 into uint8, 1e10 into float16, NaN
/// into an integer type), as PyTorch does; -1 into uint8 wraps to 255.
Tensor full(IntArrayRef sizes, const Scalar& value, const TensorOptions& options = {});
/// A 0-d tensor holding `value`, of the default dtype unless `options` gives one.
Tensor scalar_tensor(const Scalar& value, const TensorOptions& options = {});

/// Same sizes (and dtype, unless `options` sets one) as `t`. A dense, non-overlapping `t` (say,
/// a transposed matrix) lends its strides to the result, as PyTorch's preserve_format does;
/// anything else gives a contiguous result.
Tensor empty_like(const Tensor& t, std::optional<TensorOptions> options = std::nullopt);
Tensor zeros_like(const Tensor& t, std::optional<TensorOptions> options = std::nullopt);
Tensor ones_like(const Tensor& t, std::optional<TensorOptions> options = std::nullopt);
Tensor full_like(const Tensor& t, const Scalar& value,
                 std::optional<TensorOptions> options = std::nullopt);

/// [start, end) in steps of `step`; int64 when all bounds are integers, else the default dtype.
/// Integer dtypes step in int64 (a fractional step truncates); floating ones in double, with
/// ceil((end - start) / step) elements. Raises for a zero step, a step whose sign disagrees
/// with end - start, non-finite bounds, and bool.
Tensor arange(const Scalar& end, const TensorOptions& options = {});
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options = {});
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              const TensorOptions& options = {});
/// `steps` points from `start` to `end` inclusive (both exact); raises for steps < 0 and bool.
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps,
                const TensorOptions& options = {});
/// `base ** linspace(start, end, steps)`, the powers computed in double; raises for steps < 0
/// and bool.
Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base = 10.0,
                const TensorOptions& options = {});
/// An n x m identity matrix (m defaults to n).
Tensor eye(int64_t n, const TensorOptions& options = {});
Tensor eye(int64_t n, int64_t m, const TensorOptions& options = {});

/// Builds a tensor from nested braces of numbers: `tensor({{1, 2}, {3, 4}})`. The dtype is
/// inferred as PyTorch does (bool, int64 or the default float) unless `options` gives one.
/// Raises for ragged lists, and for numbers an integer dtype cannot hold.
class NestedValues {
 public:
  NestedValues(bool v) : scalar_(v) {}     // NOLINT: implicit, for braces
  NestedValues(double v) : scalar_(v) {}   // NOLINT
  NestedValues(float v) : scalar_(v) {}    // NOLINT
  NestedValues(int v) : scalar_(v) {}      // NOLINT
  NestedValues(int64_t v) : scalar_(v) {}  // NOLINT
  NestedValues(std::initializer_list<NestedValues> children) : children_(children) {}  // NOLINT
  /// A list built at run time (e.g. from parsed data); may be ragged, which `tensor` rejects.
  explicit NestedValues(std::vector<NestedValues> children) : children_(std::move(children)) {}
  bool is_scalar() const { return scalar_.has_value(); }
  const Scalar& scalar() const { return *scalar_; }
  const std::vector<NestedValues>& children() const { return children_; }

 private:
  std::optional<Scalar> scalar_;
  std::vector<NestedValues> children_;
};
Tensor tensor(const NestedValues& values, const TensorOptions& options = {});
/// A 1-d tensor of `values`. Without a dtype in `options` it is libtorch's: int64 for int and
/// int64 values, the default dtype for float and double ones, the values' own type otherwise.
template <class T>
Tensor tensor(const std::vector<T>& values, const TensorOptions& options = {});
template <class T>
Tensor tensor(ArrayRef<T> values, const TensorOptions& options = {});

/// Views memory the caller owns (no copy). With `deleter`, the tensor calls it when the last
/// handle goes; without, the caller must keep the memory alive. Raises for a null `data` unless
/// the tensor has no elements.
Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides,
                 const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides,
                 const std::function<void(void*)>& deleter, const TensorOptions& options = {});

}  // namespace ember
