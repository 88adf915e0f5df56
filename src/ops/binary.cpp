// Binary elementwise ops: broadcasting, type promotion, in-place forms and operators.
//
// Note [Binary dtype rules]
// The dtype an op computes in is PyTorch's result_type of its operands (ops/op_util.h), where a
// plain number never raises a tensor's dtype within its category (int_tensor * 2.5 is float32,
// half_tensor * 2.0 stays half). kPromoteToFloat ops (true division) move integer results to
// the default float. Comparisons compute in the promoted dtype and return bool. In-place and
// out= forms compute the same way and then require the result to be castable to the output's
// dtype (a float result cannot be written into an int tensor).
#include "ops/binary.h"

#include "backend/cpu/binary_kernels.h"
#include "ember/ops/shape.h"
#include "ops/op_util.h"

namespace ember {
namespace detail {

const char* op_name(BinaryOp op) {
  switch (op) {
#define EMBER_BINARY_OP(name, functor) \
  case BinaryOp::name:                 \
    return #name;
#include "ops/binary_ops.def"
#undef EMBER_BINARY_OP
  }
  return "binary";
}

BinaryDtypeRule dtype_rule(BinaryOp op) {
  switch (op) {
    case BinaryOp::div:
      return BinaryDtypeRule::kPromoteToFloat;
    case BinaryOp::eq:
    case BinaryOp::ne:
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge:
      return BinaryDtypeRule::kCompare;
    default:
      return BinaryDtypeRule::kPromote;
  }
}

namespace {

// True when `out` and `in` overlap in memory other than element-for-element, so that writing
// `out` while reading `in` would read already-written values.
bool overlaps_unsafely(const Tensor& out, const Tensor& in) {
  if (!out.is_alias_of(in)) return false;
  return !(out.data_ptr() == in.data_ptr() && out.strides() == in.strides());
}

Tensor run(BinaryOp op, const Tensor& a, const Tensor& b, ScalarType promoted, const Tensor& out) {
  const char* name = op_name(op);
  check_backend(name, {&a, &b, &out});
  const BinaryDtypeRule rule = dtype_rule(op);
  const ScalarType compute =
      rule == BinaryDtypeRule::kPromoteToFloat && !is_floating_point(promoted) ? get_default_dtype()
                                                                               : promoted;
  const ScalarType result = rule == BinaryDtypeRule::kCompare ? kBool : compute;
  const DimVector shape = broadcast_shapes(a.sizes(), b.sizes(), name);
  const Tensor ea = expand(a.to(compute), shape);
  const Tensor eb = expand(b.to(compute), shape);
  if (!out.defined()) {
    Tensor r = make_empty(shape, result);
    cpu::binary(op, *r.unsafeGetTensorImpl(), *ea.unsafeGetTensorImpl(), *eb.unsafeGetTensorImpl());
    return r;
  }
  EMBER_CHECK(out.sizes() == IntArrayRef(shape), name, "output with shape ", out.sizes(),
              " doesn't match the broadcast shape ", IntArrayRef(shape));
  check_can_cast(result, out.scalar_type(), name);
  if (out.scalar_type() == result && !overlaps_unsafely(out, ea) && !overlaps_unsafely(out, eb)) {
    cpu::binary(op, *out.unsafeGetTensorImpl(), *ea.unsafeGetTensorImpl(),
                *eb.unsafeGetTensorImpl());
    out.bump_version();
  } else {
    Tensor r = make_empty(shape, result);
    cpu::binary(op, *r.unsafeGetTensorImpl(), *ea.unsafeGetTensorImpl(), *eb.unsafeGetTensorImpl());
    const_cast<Tensor&>(out).copy_(r);
  }
  return out;
}

}  // namespace

Tensor binary(BinaryOp op, const Tensor& a, const Tensor& b, const Tensor& out) {
  check_defined(a, op_name(op), "self");
  check_defined(b, op_name(op), "other");
  return run(op, a, b, ResultType().add(a).add(b).get(), out);
}

Tensor binary(BinaryOp op, const Tensor& a, const Scalar& b, const Tensor& out) {
  check_defined(a, op_name(op), "self");
  const ScalarType promoted = ResultType().add(a).add(b).get();
  return run(op, a, wrap_scalar(b, promoted), promoted, out);
}

Tensor binary(BinaryOp op, const Scalar& a, const Tensor& b) {
  check_defined(b, op_name(op), "other");
  const ScalarType promoted = ResultType().add(a).add(b).get();
  return run(op, wrap_scalar(a, promoted), b, promoted, Tensor());
}

}  // namespace detail

using detail::binary;
using detail::BinaryOp;

namespace {
bool is_one(const Scalar& s) {
  return s.isFloatingPoint() ? s.toDouble() == 1.0 : s.toLong() == 1;
}
// other * alpha, staying integral when both are.
Scalar scaled(const Scalar& other, const Scalar& alpha) {
  if (is_one(alpha)) return other;
  if (other.isFloatingPoint() || alpha.isFloatingPoint())
    return other.toDouble() * alpha.toDouble();
  return other.toLong() * alpha.toLong();
}
// PyTorch refuses `-` with any bool operand: inverting a mask is `~` or logical_not.
void check_sub_operands(const Tensor& self, bool other_is_bool) {
  EMBER_CHECK(self.scalar_type() != kBool && !other_is_bool, "sub",
              "subtraction, the `-` operator, with a bool tensor is not supported; if you are "
              "trying to invert a mask, use the `~` or `logical_not()` operator instead");
}
Tensor scaled(const Tensor& other, const Scalar& alpha) {
  return is_one(alpha) ? other : binary(BinaryOp::mul, other, alpha);
}
}  // namespace

// add/sub with alpha: other * alpha first (PyTorch computes a + alpha * b too).
Tensor Tensor::add(const Tensor& other, const Scalar& alpha) const {
  return binary(BinaryOp::add, *this, scaled(other, alpha));
}
Tensor Tensor::add(const Scalar& other, const Scalar& alpha) const {
  return binary(BinaryOp::add, *this, scaled(other, alpha));
}
Tensor& Tensor::add_(const Tensor& other, const Scalar& alpha) {
  binary(BinaryOp::add, *this, scaled(other, alpha), *this);
  return *this;
}
Tensor& Tensor::add_(const Scalar& other, const Scalar& alpha) {
  binary(BinaryOp::add, *this, scaled(other, alpha), *this);
  return *this;
}
Tensor Tensor::sub(const Tensor& other, const Scalar& alpha) const {
  check_sub_operands(*this, other.defined() && other.scalar_type() == kBool);
  return binary(BinaryOp::sub, *this, scaled(other, alpha));
}
Tensor Tensor::sub(const Scalar& other, const Scalar& alpha) const {
  check_sub_operands(*this, other.isBoolean());
  return binary(BinaryOp::sub, *this, scaled(other, alpha));
}
Tensor& Tensor::sub_(const Tensor& other, const Scalar& alpha) {
  check_sub_operands(*this, other.defined() && other.scalar_type() == kBool);
  binary(BinaryOp::sub, *this, scaled(other, alpha), *this);
  return *this;
}
Tensor& Tensor::sub_(const Scalar& other, const Scalar& alpha) {
  check_sub_operands(*this, other.isBoolean());
  binary(BinaryOp::sub, *this, scaled(other, alpha), *this);
  return *this;
}
Tensor Tensor::mul(const Tensor& other) const {
  return binary(BinaryOp::mul, *this, other);
}
Tensor Tensor::mul(const Scalar& other) const {
  return binary(BinaryOp::mul, *this, other);
}
Tensor& Tensor::mul_(const Tensor& other) {
  binary(BinaryOp::mul, *this, other, *this);
  return *this;
}
Tensor& Tensor::mul_(const Scalar& other) {
  binary(BinaryOp::mul, *this, other, *this);
  return *this;
}

Tensor Tensor::div(const Tensor& other, std::optional<std::string_view> rounding_mode) const {
  EMBER_CHECK(!rounding_mode, "div", "rounding_mode is not supported yet");
  return binary(BinaryOp::div, *this, other);
}
Tensor Tensor::div(const Scalar& other, std::optional<std::string_view> rounding_mode) const {
  EMBER_CHECK(!rounding_mode, "div", "rounding_mode is not supported yet");
  return binary(BinaryOp::div, *this, other);
}

// Comparisons: the same four forms each.
#define EMBER_DEFINE_COMPARISON(name)              \
  Tensor Tensor::name(const Tensor& other) const { \
    return binary(BinaryOp::name, *this, other);   \
  }                                                \
  Tensor Tensor::name(const Scalar& other) const { \
    return binary(BinaryOp::name, *this, other);   \
  }                                                \
  Tensor& Tensor::name##_(const Tensor& other) {   \
    binary(BinaryOp::name, *this, other, *this);   \
    return *this;                                  \
  }                                                \
  Tensor& Tensor::name##_(const Scalar& other) {   \
    binary(BinaryOp::name, *this, other, *this);   \
    return *this;                                  \
  }
EMBER_DEFINE_COMPARISON(eq)
EMBER_DEFINE_COMPARISON(ne)
EMBER_DEFINE_COMPARISON(lt)
EMBER_DEFINE_COMPARISON(le)
EMBER_DEFINE_COMPARISON(gt)
EMBER_DEFINE_COMPARISON(ge)
#undef EMBER_DEFINE_COMPARISON

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
EMBER_DEFINE_OPERATOR(+, add)
EMBER_DEFINE_OPERATOR(*, mul)
EMBER_DEFINE_OPERATOR(==, eq)
EMBER_DEFINE_OPERATOR(!=, ne)
EMBER_DEFINE_OPERATOR(<, lt)
EMBER_DEFINE_OPERATOR(<=, le)
EMBER_DEFINE_OPERATOR(>, gt)
EMBER_DEFINE_OPERATOR(>=, ge)
#undef EMBER_DEFINE_OPERATOR
Tensor operator-(const Tensor& a, const Tensor& b) {
  return a.sub(b);
}
Tensor operator-(const Tensor& a, const Scalar& b) {
  return a.sub(b);
}
Tensor operator-(const Scalar& a, const Tensor& b) {
  check_sub_operands(b, a.isBoolean());
  return binary(BinaryOp::sub, a, b);
}

}  // namespace ember
