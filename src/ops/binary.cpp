// Binary elementwise ops: the shared engine, and the arithmetic ops with their in-place forms
// and operators (comparisons, logical and bitwise ops are in compare.cpp).
//
// Note [Binary dtype rules]
// The dtype an op computes in is PyTorch's result_type of its operands (ops/op_util.h), where a
// plain number never raises a tensor's dtype within its category (int_tensor * 2.5 is float32,
// half_tensor * 2.0 stays half). kPromoteToFloat ops (true division, atan2) move integer results
// to the default float. Comparisons compute in the promoted dtype and return bool. In-place and
// out= forms compute the same way and then require the result to be castable to the output's
// dtype (a float result cannot be written into an int tensor).
#include "ops/binary.h"

#include "autograd/derivatives/elementwise.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/elementwise_util.h"

namespace ember {
namespace detail {

namespace {

// The columns of ops/binary_ops.def, indexed by BinaryOp.
struct BinaryColumns {
  const char* name;
  BinaryDtypeRule rule;
  DtypeSet dtypes;
};
constexpr BinaryColumns kBinaryColumns[] = {
#define EMBER_BINARY_OP(name, functor, rule, dtypes) \
  {#name, BinaryDtypeRule::rule, DtypeSet::dtypes},
#include "ops/binary_ops.def"
#undef EMBER_BINARY_OP
};

const BinaryColumns& columns(BinaryOp op) {
  return kBinaryColumns[static_cast<size_t>(op)];
}

}  // namespace

const char* op_name(BinaryOp op) {
  if (op == BinaryOp::div_trunc || op == BinaryOp::div_floor) return "div";
  if (op == BinaryOp::lerp_scalar) return "lerp";
  return columns(op).name;
}
BinaryDtypeRule dtype_rule(BinaryOp op) {
  return columns(op).rule;
}
DtypeSet accepted_dtypes(BinaryOp op) {
  return columns(op).dtypes;
}

namespace {

Tensor run(BinaryOp op, const Tensor& a, const Tensor& b, ScalarType promoted, const Tensor& out,
           const ElementwiseArgs& args) {
  const char* name = op_name(op);
  check_same_device(name, {&a, &b, &out});
  const BinaryDtypeRule rule = dtype_rule(op);
  const ScalarType compute =
      rule == BinaryDtypeRule::kPromoteToFloat && !is_floating_point(promoted) ? get_default_dtype()
                                                                               : promoted;
  const ScalarType result = rule == BinaryDtypeRule::kCompare ? kBool : compute;
  // Shapes first, as PyTorch's TensorIterator: a mismatch is reported before the dtype.
  const DimVector shape = broadcast_shapes(a.sizes(), b.sizes(), name);
  check_accepts(accepted_dtypes(op), compute, name);
  if (out.defined() && autograd::detail::should_record({&a, &b, &out})) {
    return autograd::detail::record_in_place(const_cast<Tensor&>(out), name, [&](const Tensor& s) {
      return run(op, out.is_same(a) ? s : a, out.is_same(b) ? s : b, promoted, Tensor(), args);
    });
  }
  autograd::detail::Recorder rec({&a, &b});
  // The loop planner broadcasts a and b itself (Note [Elementwise loops]).
  const Tensor ea = a.to(compute);
  const Tensor eb = b.to(compute);
  Tensor r = write_elementwise(name, shape, result, out, {&ea, &eb}, [&](const TensorImpl& dst) {
    detail::backend_of(dst).binary(op, dst, *ea.unsafeGetTensorImpl(), *eb.unsafeGetTensorImpl(),
                                   args);
  });
  if (rec) autograd::detail::record_binary(rec, op, a, b, r, args);
  return r;
}

}  // namespace

Tensor binary(BinaryOp op, const Tensor& a, const Tensor& b, const Tensor& out,
              const ElementwiseArgs& args) {
  check_defined(a, op_name(op), "self");
  check_defined(b, op_name(op), "other");
  return run(op, a, b, ResultType().add(a).add(b).get(), out, args);
}

Tensor binary(BinaryOp op, const Tensor& a, const Scalar& b, const Tensor& out,
              const ElementwiseArgs& args) {
  check_defined(a, op_name(op), "self");
  const ScalarType promoted = ResultType().add(a).add(b).get();
  return run(op, a, wrap_scalar(b, promoted, a.device()), promoted, out, args);
}

Tensor binary(BinaryOp op, const Scalar& a, const Tensor& b) {
  check_defined(b, op_name(op), "other");
  const ScalarType promoted = ResultType().add(a).add(b).get();
  return run(op, wrap_scalar(a, promoted, b.device()), b, promoted, Tensor(), {});
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
  detail::check_defined(self, "sub", "self");
  EMBER_CHECK(self.scalar_type() != kBool && !other_is_bool, "sub",
              "subtraction, the `-` operator, with a bool tensor is not supported; if you are "
              "trying to invert a mask, use the `~` or `logical_not()` operator instead");
}
Tensor scaled(const Tensor& other, const Scalar& alpha) {
  return is_one(alpha) ? other : binary(BinaryOp::mul, other, alpha);
}

BinaryOp div_op(std::optional<std::string_view> rounding_mode) {
  if (!rounding_mode) return BinaryOp::div;
  if (*rounding_mode == "trunc") return BinaryOp::div_trunc;
  if (*rounding_mode == "floor") return BinaryOp::div_floor;
  EMBER_FAIL("div", "expected rounding_mode to be one of None, 'trunc', or 'floor' but found '",
             *rounding_mode, "'");
}

// PyTorch refuses an integer tensor to a negative integer number.
void check_pow_exponent(const Tensor& self, const Scalar& exponent) {
  detail::check_defined(self, "pow", "self");
  EMBER_CHECK(!(is_integral(self.scalar_type(), true) && exponent.isIntegral(true) &&
                exponent.toLong() < 0),
              "pow", "integers to negative integer powers are not allowed (got exponent ", exponent,
              " for a ", self.scalar_type(), " tensor)");
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

Tensor Tensor::div(const Tensor& other, std::optional<std::string_view> rounding_mode) const {
  return binary(div_op(rounding_mode), *this, other);
}
Tensor Tensor::div(const Scalar& other, std::optional<std::string_view> rounding_mode) const {
  return binary(div_op(rounding_mode), *this, other);
}
Tensor& Tensor::div_(const Tensor& other, std::optional<std::string_view> rounding_mode) {
  binary(div_op(rounding_mode), *this, other, *this);
  return *this;
}
Tensor& Tensor::div_(const Scalar& other, std::optional<std::string_view> rounding_mode) {
  binary(div_op(rounding_mode), *this, other, *this);
  return *this;
}

Tensor Tensor::pow(const Tensor& exponent) const {
  return binary(BinaryOp::pow, *this, exponent);
}
Tensor Tensor::pow(const Scalar& exponent) const {
  check_pow_exponent(*this, exponent);
  return binary(BinaryOp::pow, *this, exponent);
}
Tensor& Tensor::pow_(const Tensor& exponent) {
  binary(BinaryOp::pow, *this, exponent, *this);
  return *this;
}
Tensor& Tensor::pow_(const Scalar& exponent) {
  check_pow_exponent(*this, exponent);
  binary(BinaryOp::pow, *this, exponent, *this);
  return *this;
}

// Ops with the four forms: tensor or number other, out of place or in place.
#define EMBER_DEFINE_BINARY_METHODS(name)          \
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
EMBER_DEFINE_BINARY_METHODS(mul)
EMBER_DEFINE_BINARY_METHODS(remainder)
EMBER_DEFINE_BINARY_METHODS(fmod)
#undef EMBER_DEFINE_BINARY_METHODS

// Ops with a tensor other only.
#define EMBER_DEFINE_TENSOR_METHODS(name)          \
  Tensor Tensor::name(const Tensor& other) const { \
    return binary(BinaryOp::name, *this, other);   \
  }                                                \
  Tensor& Tensor::name##_(const Tensor& other) {   \
    binary(BinaryOp::name, *this, other, *this);   \
    return *this;                                  \
  }
EMBER_DEFINE_TENSOR_METHODS(atan2)
EMBER_DEFINE_TENSOR_METHODS(hypot)
#undef EMBER_DEFINE_TENSOR_METHODS

// ---- Free functions ----------------------------------------------------------------------------
Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return self.add(other, alpha);
}
Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  return self.add(other, alpha);
}
Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return self.sub(other, alpha);
}
Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  return self.sub(other, alpha);
}
Tensor mul(const Tensor& self, const Tensor& other) {
  return self.mul(other);
}
Tensor mul(const Tensor& self, const Scalar& other) {
  return self.mul(other);
}
Tensor div(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode) {
  return self.div(other, rounding_mode);
}
Tensor div(const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode) {
  return self.div(other, rounding_mode);
}
Tensor remainder(const Tensor& self, const Tensor& other) {
  return self.remainder(other);
}
Tensor remainder(const Tensor& self, const Scalar& other) {
  return self.remainder(other);
}
Tensor remainder(const Scalar& self, const Tensor& other) {
  return binary(BinaryOp::remainder, self, other);
}
Tensor fmod(const Tensor& self, const Tensor& other) {
  return self.fmod(other);
}
Tensor fmod(const Tensor& self, const Scalar& other) {
  return self.fmod(other);
}
Tensor pow(const Tensor& self, const Tensor& exponent) {
  return self.pow(exponent);
}
Tensor pow(const Tensor& self, const Scalar& exponent) {
  return self.pow(exponent);
}
Tensor pow(const Scalar& self, const Tensor& exponent) {
  return binary(BinaryOp::pow, self, exponent);
}
Tensor atan2(const Tensor& self, const Tensor& other) {
  return self.atan2(other);
}
Tensor hypot(const Tensor& self, const Tensor& other) {
  return self.hypot(other);
}

// ---- Operators ---------------------------------------------------------------------------------
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
EMBER_DEFINE_OPERATOR(/, div)
EMBER_DEFINE_OPERATOR(%, remainder)
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
