#pragma once
/// Elementwise ops with PyTorch's semantics: inputs broadcast against each other, the result
/// dtype is PyTorch's result_type of the operands (a plain number does not raise a tensor's
/// dtype within its category: `int_tensor * 2` stays int, `int_tensor * 2.5` is float32), and
/// in-place forms (`t.exp_()`, `t.add_(u)`) refuse a result that cannot be cast to self's dtype
/// (float into int, anything non-bool into bool) and refuse to broadcast self.
/// Every error raises ember::Error naming the op. The same ops are Tensor methods and operators.
#include <optional>
#include <string_view>

#include "ember/tensor.h"

namespace ember {

// ---- Unary -------------------------------------------------------------------------------------
// Float math (exp, log, sin, sqrt, sigmoid, erf, ...): floating inputs keep their dtype; integer
// and bool inputs compute in the default float dtype (exp(int_tensor) is float32). Out-of-domain
// inputs give NaN (log(-1), asin(2)), poles give +-inf (log(0)), as in PyTorch.
// The in-place forms (`exp_(t)`) raise for integer tensors, whose result would be float.
#define EMBER_DECLARE_UNARY_FN(name) \
  Tensor name(const Tensor& self);   \
  Tensor& name##_(Tensor& self);
/// -x; any dtype but bool (integers wrap).
EMBER_DECLARE_UNARY_FN(neg)
/// |x|; any dtype but bool; keeps the dtype.
EMBER_DECLARE_UNARY_FN(abs)
/// -1, 0 or 1 in the input dtype (bool stays bool; sign(NaN) is 0).
EMBER_DECLARE_UNARY_FN(sign)
/// x * x; integers stay integers (wrapping), bool becomes int64.
EMBER_DECLARE_UNARY_FN(square)
/// 1 / x; integer inputs give float.
EMBER_DECLARE_UNARY_FN(reciprocal)
EMBER_DECLARE_UNARY_FN(exp)
EMBER_DECLARE_UNARY_FN(exp2)
EMBER_DECLARE_UNARY_FN(expm1)
EMBER_DECLARE_UNARY_FN(log)
EMBER_DECLARE_UNARY_FN(log2)
EMBER_DECLARE_UNARY_FN(log10)
EMBER_DECLARE_UNARY_FN(log1p)
EMBER_DECLARE_UNARY_FN(sqrt)
/// 1 / sqrt(x).
EMBER_DECLARE_UNARY_FN(rsqrt)
EMBER_DECLARE_UNARY_FN(sin)
EMBER_DECLARE_UNARY_FN(cos)
EMBER_DECLARE_UNARY_FN(tan)
EMBER_DECLARE_UNARY_FN(asin)
EMBER_DECLARE_UNARY_FN(acos)
EMBER_DECLARE_UNARY_FN(atan)
EMBER_DECLARE_UNARY_FN(sinh)
EMBER_DECLARE_UNARY_FN(cosh)
EMBER_DECLARE_UNARY_FN(tanh)
EMBER_DECLARE_UNARY_FN(asinh)
EMBER_DECLARE_UNARY_FN(acosh)
EMBER_DECLARE_UNARY_FN(atanh)
/// 1 / (1 + exp(-x)).
EMBER_DECLARE_UNARY_FN(sigmoid)
EMBER_DECLARE_UNARY_FN(erf)
EMBER_DECLARE_UNARY_FN(erfc)
/// Inverse of erf on [-1, 1]: +-inf at +-1, NaN outside.
EMBER_DECLARE_UNARY_FN(erfinv)
/// log |Gamma(x)|; +inf at 0 and the negative integers.
EMBER_DECLARE_UNARY_FN(lgamma)
/// d/dx log Gamma(x); -inf at +0, NaN at negative integers.
EMBER_DECLARE_UNARY_FN(digamma)
/// Rounding: floating inputs keep their dtype; integer inputs are returned unchanged (a copy);
/// bool raises. round() rounds half to even.
EMBER_DECLARE_UNARY_FN(floor)
EMBER_DECLARE_UNARY_FN(ceil)
EMBER_DECLARE_UNARY_FN(round)
EMBER_DECLARE_UNARY_FN(trunc)
/// x - trunc(x); floating point only (integers raise).
EMBER_DECLARE_UNARY_FN(frac)
/// x == 0, as bool; any dtype (in place, writes 0/1 into self's dtype).
EMBER_DECLARE_UNARY_FN(logical_not)
/// ~x; integers and bool only.
EMBER_DECLARE_UNARY_FN(bitwise_not)
#undef EMBER_DECLARE_UNARY_FN

/// Rounds half to even at `decimals` decimal places (negative: to tens, hundreds, ...); floating
/// point only when `decimals != 0`.
Tensor round(const Tensor& self, int64_t decimals);
/// log(x / (1 - x)), with x clamped to [eps, 1 - eps] first when `eps` is given (and >= 0).
/// Integer inputs give float.
Tensor logit(const Tensor& self, std::optional<double> eps = std::nullopt);
/// Replaces NaN by `nan` (default 0), +inf by `posinf` and -inf by `neginf` (default: the largest
/// and lowest finite value of the dtype). Keeps the dtype; integer and bool inputs are copied.
Tensor nan_to_num(const Tensor& self, std::optional<double> nan = std::nullopt,
                  std::optional<double> posinf = std::nullopt,
                  std::optional<double> neginf = std::nullopt);
/// Elementwise tests returning bool tensors; integer and bool inputs are never NaN or infinite.
Tensor isnan(const Tensor& self);
Tensor isinf(const Tensor& self);
Tensor isfinite(const Tensor& self);

// ---- Binary
// --------------------------------------------------------------------------------------
/// self + alpha * other. Any dtypes; bool + bool is logical or.
Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
/// self - alpha * other; raises for bool operands.
Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor mul(const Tensor& self, const Tensor& other);
Tensor mul(const Tensor& self, const Scalar& other);
/// True division (integers give the default float) when `rounding_mode` is empty; "trunc" rounds
/// toward zero and "floor" toward -inf, keeping integer dtypes (integer division by zero raises,
/// like Python's ZeroDivisionError). Any other mode raises.
Tensor div(const Tensor& self, const Tensor& other,
           std::optional<std::string_view> rounding_mode = std::nullopt);
Tensor div(const Tensor& self, const Scalar& other,
           std::optional<std::string_view> rounding_mode = std::nullopt);
/// Python's modulus: the result has the sign of the divisor. Integer division by zero raises;
/// bool raises.
Tensor remainder(const Tensor& self, const Tensor& other);
Tensor remainder(const Tensor& self, const Scalar& other);
Tensor remainder(const Scalar& self, const Tensor& other);
/// C's fmod: the result has the sign of the dividend. Integer division by zero raises.
Tensor fmod(const Tensor& self, const Tensor& other);
Tensor fmod(const Tensor& self, const Scalar& other);
/// self ** exponent with type promotion; bool ** bool raises. An integer tensor to a negative
/// integer number raises (as PyTorch); integer tensor exponents that are negative give 0 (or +-1
/// for bases +-1).
Tensor pow(const Tensor& self, const Tensor& exponent);
Tensor pow(const Tensor& self, const Scalar& exponent);
Tensor pow(const Scalar& self, const Tensor& exponent);
/// atan2(self, other) in (-pi, pi]; integer inputs give the default float.
Tensor atan2(const Tensor& self, const Tensor& other);
/// sqrt(self^2 + other^2) without overflow; floating point only.
Tensor hypot(const Tensor& self, const Tensor& other);
/// Elementwise max / min; NaN in either operand gives NaN.
Tensor maximum(const Tensor& self, const Tensor& other);
Tensor minimum(const Tensor& self, const Tensor& other);
/// Elementwise max / min ignoring NaN (NaN only when both are NaN).
Tensor fmax(const Tensor& self, const Tensor& other);
Tensor fmin(const Tensor& self, const Tensor& other);
/// Comparisons return bool, computed in the promoted dtype.
Tensor eq(const Tensor& self, const Tensor& other);
Tensor eq(const Tensor& self, const Scalar& other);
Tensor ne(const Tensor& self, const Tensor& other);
Tensor ne(const Tensor& self, const Scalar& other);
Tensor lt(const Tensor& self, const Tensor& other);
Tensor lt(const Tensor& self, const Scalar& other);
Tensor le(const Tensor& self, const Tensor& other);
Tensor le(const Tensor& self, const Scalar& other);
Tensor gt(const Tensor& self, const Tensor& other);
Tensor gt(const Tensor& self, const Scalar& other);
Tensor ge(const Tensor& self, const Tensor& other);
Tensor ge(const Tensor& self, const Scalar& other);
/// Logical ops on truthiness (nonzero); any dtypes; bool result.
Tensor logical_and(const Tensor& self, const Tensor& other);
Tensor logical_or(const Tensor& self, const Tensor& other);
Tensor logical_xor(const Tensor& self, const Tensor& other);
/// Bitwise ops on integers and bool (floats raise).
Tensor bitwise_and(const Tensor& self, const Tensor& other);
Tensor bitwise_and(const Tensor& self, const Scalar& other);
Tensor bitwise_or(const Tensor& self, const Tensor& other);
Tensor bitwise_or(const Tensor& self, const Scalar& other);
Tensor bitwise_xor(const Tensor& self, const Tensor& other);
Tensor bitwise_xor(const Tensor& self, const Scalar& other);
/// Shifts of integers (bool and floats raise). A shift by a negative amount or by at least the
/// bit width gives 0 (left) or the sign fill (right), as PyTorch 2.
Tensor bitwise_left_shift(const Tensor& self, const Tensor& other);
Tensor bitwise_left_shift(const Tensor& self, const Scalar& other);
Tensor bitwise_right_shift(const Tensor& self, const Tensor& other);
Tensor bitwise_right_shift(const Tensor& self, const Scalar& other);

// ---- Ternary and comparisons of whole tensors -------------------------------------------------
/// Clamps to [min, max] (either may be omitted, not both). The result dtype is the result_type
/// of self and the bounds (clamp(int_tensor, 0.5) is float). A NaN in self or in a bound gives
/// NaN; min > max gives max. Bool raises.
Tensor clamp(const Tensor& self, const std::optional<Scalar>& min,
             const std::optional<Scalar>& max = std::nullopt);
Tensor clamp(const Tensor& self, const std::optional<Tensor>& min,
             const std::optional<Tensor>& max = std::nullopt);
Tensor clamp_min(const Tensor& self, const Scalar& min);
Tensor clamp_min(const Tensor& self, const Tensor& min);
Tensor clamp_max(const Tensor& self, const Scalar& max);
Tensor clamp_max(const Tensor& self, const Tensor& max);
inline Tensor clip(const Tensor& self, const std::optional<Scalar>& min,
                   const std::optional<Scalar>& max = std::nullopt) {
  return clamp(self, min, max);
}
/// self + weight * (end - self). Floating point only; `end` and a tensor `weight` must have
/// self's dtype (no promotion, as PyTorch).
Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight);
Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight);
/// self + value * tensor1 * tensor2 (promoted); a floating `value` with an integer result raises.
Tensor addcmul(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
               const Scalar& value = 1);
/// self + value * tensor1 / tensor2 (promoted); integer tensor1 and tensor2 raise.
Tensor addcdiv(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
               const Scalar& value = 1);
/// `self` where `condition`, else `other`, broadcasting all three; the result dtype is the
/// result_type of self and other. `condition` must be bool (uint8 is accepted as nonzero).
Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other);
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other);
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other);
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other);
/// |self - other| <= atol + rtol * |other| elementwise (or equal, including infinities; NaNs
/// equal when `equal_nan`). Both must have the same dtype; rtol and atol must be >= 0.
Tensor isclose(const Tensor& self, const Tensor& other, double rtol = 1e-05, double atol = 1e-08,
               bool equal_nan = false);
/// isclose(...) holds for every element (broadcasting).
bool allclose(const Tensor& self, const Tensor& other, double rtol = 1e-05, double atol = 1e-08,
              bool equal_nan = false);
/// Same sizes and equal elements (compared after type promotion; NaN != NaN).
bool equal(const Tensor& self, const Tensor& other);

}  // namespace ember
