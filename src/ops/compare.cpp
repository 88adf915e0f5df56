// Comparisons, max/min, logical and bitwise ops (binary primitives; dtype rules in Note [Binary
// dtype rules]), and the whole-tensor comparisons isclose, allclose and equal.
#include "ember/ops/elementwise.h"
#include "ops/backend.h"
#include "ops/binary.h"
#include "ops/op_util.h"

namespace ember {

using detail::binary;
using detail::BinaryOp;

// Ops with the four forms: tensor or number other, out of place or in place.
#define EMBER_DEFINE_BINARY_METHODS(name)                \
  Tensor Tensor::name(const Tensor& other) const {       \
    return binary(BinaryOp::name, *this, other);         \
  }                                                      \
  Tensor Tensor::name(const Scalar& other) const {       \
    return binary(BinaryOp::name, *this, other);         \
  }                                                      \
  Tensor& Tensor::name##_(const Tensor& other) {         \
    binary(BinaryOp::name, *this, other, *this);         \
    return *this;                                        \
  }                                                      \
  Tensor& Tensor::name##_(const Scalar& other) {         \
    binary(BinaryOp::name, *this, other, *this);         \
    return *this;                                        \
  }                                                      \
  Tensor name(const Tensor& self, const Tensor& other) { \
    return self.name(other);                             \
  }                                                      \
  Tensor name(const Tensor& self, const Scalar& other) { \
    return self.name(other);                             \
  }
EMBER_DEFINE_BINARY_METHODS(eq)
EMBER_DEFINE_BINARY_METHODS(ne)
EMBER_DEFINE_BINARY_METHODS(lt)
EMBER_DEFINE_BINARY_METHODS(le)
EMBER_DEFINE_BINARY_METHODS(gt)
EMBER_DEFINE_BINARY_METHODS(ge)
EMBER_DEFINE_BINARY_METHODS(bitwise_and)
EMBER_DEFINE_BINARY_METHODS(bitwise_or)
EMBER_DEFINE_BINARY_METHODS(bitwise_xor)
EMBER_DEFINE_BINARY_METHODS(bitwise_left_shift)
EMBER_DEFINE_BINARY_METHODS(bitwise_right_shift)
#undef EMBER_DEFINE_BINARY_METHODS

// Ops with a tensor other, out of place and (logical ops) in place.
#define EMBER_DEFINE_TENSOR_METHOD(name)                 \
  Tensor Tensor::name(const Tensor& other) const {       \
    return binary(BinaryOp::name, *this, other);         \
  }                                                      \
  Tensor name(const Tensor& self, const Tensor& other) { \
    return self.name(other);                             \
  }
#define EMBER_DEFINE_IN_PLACE_METHOD(name)       \
  Tensor& Tensor::name##_(const Tensor& other) { \
    binary(BinaryOp::name, *this, other, *this); \
    return *this;                                \
  }
EMBER_DEFINE_TENSOR_METHOD(maximum)
EMBER_DEFINE_TENSOR_METHOD(minimum)
EMBER_DEFINE_TENSOR_METHOD(fmax)
EMBER_DEFINE_TENSOR_METHOD(fmin)
EMBER_DEFINE_TENSOR_METHOD(logical_and)
EMBER_DEFINE_TENSOR_METHOD(logical_or)
EMBER_DEFINE_TENSOR_METHOD(logical_xor)
EMBER_DEFINE_IN_PLACE_METHOD(logical_and)
EMBER_DEFINE_IN_PLACE_METHOD(logical_or)
EMBER_DEFINE_IN_PLACE_METHOD(logical_xor)

// libtorch's `t.max(other)` / `t.min(other)` are the elementwise maximum / minimum.
Tensor Tensor::max(const Tensor& other) const {
  return maximum(other);
}
Tensor Tensor::min(const Tensor& other) const {
  return minimum(other);
}
#undef EMBER_DEFINE_IN_PLACE_METHOD
#undef EMBER_DEFINE_TENSOR_METHOD

#define EMBER_DEFINE_OPERATOR(op, name)                  \
  Tensor operator op(const Tensor& a, const Tensor& b) { \
    return binary(BinaryOp::name, a, b);                 \
  }                                                      \
  Tensor operator op(const Tensor& a, const Scalar& b) { \
    return binary(BinaryOp::name, a, b);                 \
  }                                                      \
  Tensor operator op(const Scalar& a, const Tensor& b) { \
    return binary(BinaryOp::name, a, b);                 \
  }
EMBER_DEFINE_OPERATOR(==, eq)
EMBER_DEFINE_OPERATOR(!=, ne)
EMBER_DEFINE_OPERATOR(<, lt)
EMBER_DEFINE_OPERATOR(<=, le)
EMBER_DEFINE_OPERATOR(>, gt)
EMBER_DEFINE_OPERATOR(>=, ge)
EMBER_DEFINE_OPERATOR(&, bitwise_and)
EMBER_DEFINE_OPERATOR(|, bitwise_or)
EMBER_DEFINE_OPERATOR(^, bitwise_xor)
EMBER_DEFINE_OPERATOR(<<, bitwise_left_shift)
EMBER_DEFINE_OPERATOR(>>, bitwise_right_shift)
EMBER_DEFINE_OPERATOR(&&, logical_and)
EMBER_DEFINE_OPERATOR(||, logical_or)
#undef EMBER_DEFINE_OPERATOR

// ---- Whole-tensor comparisons -------------------------------------------------------------------
Tensor Tensor::isclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  detail::check_defined(*this, "isclose", "self");
  detail::check_defined(other, "isclose", "other");
  EMBER_CHECK(scalar_type() == other.scalar_type(), "isclose", scalar_type(), " did not match ",
              other.scalar_type(), " (isclose expects both inputs to have the same dtype)");
  EMBER_CHECK(rtol >= 0, "isclose", "rtol must be greater than or equal to zero, but got ", rtol);
  EMBER_CHECK(atol >= 0, "isclose", "atol must be greater than or equal to zero, but got ", atol);
  detail::ElementwiseArgs args;
  args.a = rtol;
  args.b = atol;
  args.flag = equal_nan;
  return binary(BinaryOp::isclose, *this, other, Tensor(), args);
}
Tensor isclose(const Tensor& self, const Tensor& other, double rtol, double atol, bool equal_nan) {
  return self.isclose(other, rtol, atol, equal_nan);
}

bool Tensor::allclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  const Tensor close = isclose(other, rtol, atol, equal_nan);
  return detail::backend_of(close).all_true(*close.unsafeGetTensorImpl());
}
bool allclose(const Tensor& self, const Tensor& other, double rtol, double atol, bool equal_nan) {
  return self.allclose(other, rtol, atol, equal_nan);
}

bool Tensor::equal(const Tensor& other) const {
  detail::check_defined(*this, "equal", "self");
  detail::check_defined(other, "equal", "other");
  detail::check_same_device("equal", {this, &other});
  if (sizes() != other.sizes()) return false;
  const Tensor same = binary(BinaryOp::eq, *this, other);
  return detail::backend_of(same).all_true(*same.unsafeGetTensorImpl());
}
bool equal(const Tensor& self, const Tensor& other) {
  return self.equal(other);
}

}  // namespace ember
