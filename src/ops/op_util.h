#pragma once
// Helpers every op uses: allocation, device checks, scalar wrapping, result dtypes.
//
// Note [Op choke point]
// Every public op is a function in src/ops that (1) validates its inputs and raises ember::Error,
// (2) decides the output's shape and dtype, (3) calls a backend kernel through the device check
// below. Autograd records its graph node in step (3)'s caller, so that layer sees every op.
#include <initializer_list>
#include <memory>
#include <optional>

#include "core/shape.h"
#include "core/tensor_impl.h"
#include "ember/scalar.h"
#include "ember/tensor.h"

namespace ember::detail {

/// A new contiguous tensor with uninitialised data; `op` names the caller in size errors.
Tensor make_empty(IntArrayRef sizes, ScalarType dtype, Device device, const char* op = "empty");
/// A new tensor sharing `base`'s storage with other geometry (a view).
Tensor make_view(const Tensor& base, IntArrayRef sizes, IntArrayRef strides, int64_t offset);
/// Raises unless every defined tensor is on one device, as PyTorch ("Expected all tensors to be
/// on the same device, but found at least two devices, cpu and meta!"), and that device has a
/// backend in this build.
void check_same_device(const char* op, std::initializer_list<const Tensor*> tensors);
/// Raises unless the product of `sizes` fits in int64 (views never allocate, so nothing else
/// would catch it).
void check_numel_fits(IntArrayRef sizes, const char* op);
/// The number of elements a view with `sizes` and `strides` reaches from its first element:
/// 0 when it has no elements, else 1 + sum (size - 1) * stride. Raises on a rank mismatch,
/// negative sizes or strides, and overflow.
int64_t storage_extent(IntArrayRef sizes, IntArrayRef strides, const char* op);
/// Raises when writing to `t` would write one memory location through several elements (a
/// broadcast dim: stride 0, size > 1), as PyTorch's assert_no_internal_overlap does.
void check_no_internal_overlap(const Tensor& t, const char* op);
/// Raises unless `t` is defined.
const Tensor& check_defined(const Tensor& t, const char* op, const char* what = "input");

/// Raises when `s` cannot be stored in `dtype` without overflow (PyTorch's checked_convert,
/// which guards fill_, full and friends): a floating value must lie within the target's finite
/// range (infinities and NaN pass into floating types; NaN never into integers), an integer
/// within the target's range, except that a negative integer may wrap into an unsigned type
/// when its magnitude fits (-1 becomes 255 in uint8). Anything converts to bool.
void check_scalar_fits(const Scalar& s, ScalarType dtype, const char* op);

/// The options of a `*_like` factory: `t`'s dtype and device unless `options` overrides them.
TensorOptions like_options(const Tensor& t, const std::optional<TensorOptions>& options);

/// A 0-d tensor of `dtype` on `device` holding `s` (the way a number joins a tensor op).
Tensor wrap_scalar(const Scalar& s, ScalarType dtype, Device device);

/// PyTorch's result_type: tensors with dimensions outrank 0-d tensors, which outrank plain
/// numbers; a lower-ranked operand only raises the dtype when it is of a higher category
/// (bool < integer < floating). Undefined tensors are skipped.
class ResultType {
 public:
  ResultType& add(const Tensor& t);
  ResultType& add(const Scalar& s);
  ScalarType get() const;

 private:
  ScalarType dim_ = ScalarType::Undefined;
  ScalarType zero_dim_ = ScalarType::Undefined;
  ScalarType number_ = ScalarType::Undefined;
};

/// Raises unless `from` can be stored in an output of dtype `to` without leaving its category
/// (PyTorch's can_cast: float into int, or anything non-bool into bool, is refused).
void check_can_cast(ScalarType from, ScalarType to, const char* op);

}  // namespace ember::detail
