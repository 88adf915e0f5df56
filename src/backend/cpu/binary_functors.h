#pragma once
// Per-element functions of the binary primitives. Each takes compute-type values (float for the
// 16-bit floats) and is a plain expression the compiler can vectorise. `supports<T>` says which
// storage dtypes the op accepts; `kBoolOut` marks ops that return bool.
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "core/dispatch.h"
#include "ops/elementwise_args.h"

namespace ember::cpu {

// Integer arithmetic wraps on overflow, as PyTorch's does (signed overflow is undefined in C++,
// so it goes through the unsigned type).
template <class T>
T wrapping_add(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return a + b;
  }
}
template <class T>
T wrapping_sub(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
  } else {
    return a - b;
  }
}
template <class T>
T wrapping_mul(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) {
    return a && b;
  } else if constexpr (std::is_integral_v<T>) {
    // At least unsigned int: a product of two promoted uint16_t would overflow a signed int.
    using U = std::make_unsigned_t<std::common_type_t<T, int>>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
  } else {
    return a * b;
  }
}

struct AllDtypes {
  template <class T>
  static constexpr bool supports = true;
  static constexpr bool kBoolOut = false;
};
struct NumericDtypes {  // everything but bool
  template <class T>
  static constexpr bool supports = !std::is_same_v<T, bool>;
  static constexpr bool kBoolOut = false;
};
struct FloatDtypes {
  template <class T>
  static constexpr bool supports = detail::is_floating_v<T>;
  static constexpr bool kBoolOut = false;
};
struct IntegralDtypes {  // integers and bool (bitwise ops)
  template <class T>
  static constexpr bool supports = std::is_integral_v<T>;
  static constexpr bool kBoolOut = false;
};
struct IntegerDtypes {  // integers, not bool (shifts)
  template <class T>
  static constexpr bool supports = std::is_integral_v<T> && !std::is_same_v<T, bool>;
  static constexpr bool kBoolOut = false;
};
struct Comparison {
  template <class T>
  static constexpr bool supports = true;
  static constexpr bool kBoolOut = true;
};

struct AddFn : AllDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>) return a || b;
    return wrapping_add(a, b);
  }
};
struct SubFn : NumericDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return wrapping_sub(a, b);
  }
};
struct MulFn : AllDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return wrapping_mul(a, b);
  }
};
struct DivFn : FloatDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return a / b;
  }
};
struct EqFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return a == b;
  }
};
struct NeFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return a != b;
  }
};
struct LtFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return a < b;
  }
};
struct LeFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return a <= b;
  }
};
struct GtFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return a > b;
  }
};
struct GeFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return a >= b;
  }
};

// ---- Integer division ---------------------------------------------------------------------------
// Note [Integer division]
// Division and modulus of integers raise on a zero divisor (PyTorch's ZeroDivisionError; there is
// no integer NaN) and treat a divisor of -1 apart, because INT_MIN / -1 overflows (undefined in
// C++): the quotient wraps to INT_MIN, as in PyTorch, and the remainder is 0.
[[noreturn]] void raise_zero_division(const char* op);

template <class T>
void check_divisor(T b, const char* op) {
  if (b == T(0)) [[unlikely]]
    raise_zero_division(op);
}
template <class T>
constexpr bool is_minus_one(T b) {
  if constexpr (std::is_signed_v<T>) return b == T(-1);
  return false;
}

// Quotient rounded toward zero.
struct DivTruncFn : NumericDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      check_divisor(b, "div");
      if (is_minus_one(b)) return wrapping_sub(T(0), a);
      return static_cast<T>(a / b);
    } else {
      return std::trunc(a / b);
    }
  }
};
// Quotient rounded toward -inf (Python's //). For floats, the quotient is derived from fmod so
// that it is exact where a / b would round up to the next integer (CPython's float floordiv).
struct DivFloorFn : NumericDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      check_divisor(b, "div");
      if (is_minus_one(b)) return wrapping_sub(T(0), a);
      const T q = static_cast<T>(a / b);
      if constexpr (std::is_signed_v<T>) {
        if (static_cast<T>(a % b) != 0 && ((a < 0) != (b < 0))) return static_cast<T>(q - 1);
      }
      return q;
    } else {
      if (b == T(0)) return a / b;
      const T mod = std::fmod(a, b);
      T div = (a - mod) / b;
      if (mod != T(0) && ((b < T(0)) != (mod < T(0)))) div -= T(1);
      if (div == T(0)) return std::copysign(T(0), a / b);
      T floordiv = std::floor(div);
      if (div - floordiv > T(0.5)) floordiv += T(1);
      return floordiv;
    }
  }
};
// Python's %: the result takes the divisor's sign.
struct RemainderFn : NumericDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      check_divisor(b, "remainder");
      if (is_minus_one(b)) return T(0);
      T r = static_cast<T>(a % b);
      if constexpr (std::is_signed_v<T>) {
        if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
      }
      return r;
    } else {
      T r = std::fmod(a, b);
      if (r != T(0) && ((b < T(0)) != (r < T(0)))) r += b;
      return r;
    }
  }
};
// C's fmod: the result takes the dividend's sign.
struct FmodFn : NumericDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      check_divisor(b, "fmod");
      if (is_minus_one(b)) return T(0);
      return static_cast<T>(a % b);
    } else {
      return std::fmod(a, b);
    }
  }
};

// ---- Powers and other float math
// ------------------------------------------------------------------ Integer powers by squaring
// (wrapping); a negative exponent gives 0 except for bases 1 and -1 (the op layer refuses a
// negative number exponent before we get here, as PyTorch).
struct PowFn : NumericDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      if constexpr (std::is_signed_v<T>) {
        if (b < 0) {
          if (a == 1) return T(1);
          if (a == -1) return (b & 1) ? T(-1) : T(1);
          return T(0);
        }
      }
      T result = 1;
      T base = a;
      auto e = static_cast<std::make_unsigned_t<T>>(b);
      while (e) {
        if (e & 1U) result = wrapping_mul(result, base);
        base = wrapping_mul(base, base);
        e = static_cast<decltype(e)>(e >> 1U);
      }
      return result;
    } else {
      return std::pow(a, b);
    }
  }
};
struct Atan2Fn : FloatDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return std::atan2(a, b);
  }
};
struct HypotFn : FloatDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return std::hypot(a, b);
  }
};

// ---- Max and min
// --------------------------------------------------------------------------------- maximum/minimum
// (and clamp_min/clamp_max) propagate NaN; fmax/fmin ignore it.
struct MaximumFn : AllDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (a != a) return a;
      if (b != b) return b;
    }
    return std::max(a, b);
  }
};
struct MinimumFn : AllDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (a != a) return a;
      if (b != b) return b;
    }
    return std::min(a, b);
  }
};
struct ClampMinFn : NumericDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return MaximumFn{}(a, b);
  }
};
struct ClampMaxFn : NumericDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return MinimumFn{}(a, b);
  }
};
struct FmaxFn : AllDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>)
      return std::fmax(a, b);
    else
      return std::max(a, b);
  }
};
struct FminFn : AllDtypes {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>)
      return std::fmin(a, b);
    else
      return std::min(a, b);
  }
};

// ---- Logical and bitwise
// --------------------------------------------------------------------------
struct LogicalAndFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return a != T(0) && b != T(0);
  }
};
struct LogicalOrFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return a != T(0) || b != T(0);
  }
};
struct LogicalXorFn : Comparison {
  template <class T>
  bool operator()(T a, T b) const {
    return (a != T(0)) != (b != T(0));
  }
};
struct BitwiseAndFn : IntegralDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return static_cast<T>(a & b);
  }
};
struct BitwiseOrFn : IntegralDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return static_cast<T>(a | b);
  }
};
struct BitwiseXorFn : IntegralDtypes {
  template <class T>
  T operator()(T a, T b) const {
    return static_cast<T>(a ^ b);
  }
};
// Shifts by a negative amount or by at least the bit width are defined here (C++ leaves them
// undefined): a left shift gives 0, a right shift the sign fill (PyTorch 2's rule).
template <class T>
constexpr bool shift_out_of_range(T b, int limit) {
  return static_cast<std::make_signed_t<T>>(b) < 0 || static_cast<int64_t>(b) >= limit;
}
struct LeftShiftFn : IntegerDtypes {
  template <class T>
  T operator()(T a, T b) const {
    constexpr int kBits = sizeof(T) * 8;
    if (shift_out_of_range(b, kBits)) return T(0);
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) << static_cast<int>(b)));
  }
};
struct RightShiftFn : IntegerDtypes {
  template <class T>
  T operator()(T a, T b) const {
    constexpr int kMaxShift = sizeof(T) * 8 - (std::is_signed_v<T> ? 1 : 0);
    if (shift_out_of_range(b, kMaxShift)) {
      if constexpr (std::is_signed_v<T>)
        return static_cast<T>(a >> kMaxShift);
      else
        return T(0);
    }
    return static_cast<T>(a >> static_cast<int>(b));
  }
};

// ---- Ops with number parameters
// --------------------------------------------------------------------- lerp with a number weight
// (args.a), in the compute type: PyTorch's two-sided formula, exact at both ends.
template <class T>
T lerp_value(T self, T end, T weight) {
  const T diff = end - self;
  return std::abs(weight) < T(0.5) ? self + weight * diff : end - diff * (T(1) - weight);
}
struct LerpScalarFn : FloatDtypes {
  double weight;
  explicit LerpScalarFn(const detail::ElementwiseArgs& args) : weight(args.a) {}
  template <class T>
  T operator()(T a, T b) const {
    return lerp_value(a, b, static_cast<T>(weight));
  }
};
// isclose: equal (infinities included), both NaN when equal_nan (args.flag), or a finite
// |a - b| <= atol + rtol * |b| (args.b, args.a). Integers and bool compare in double.
struct IsCloseFn : Comparison {
  double rtol, atol;
  bool equal_nan;
  explicit IsCloseFn(const detail::ElementwiseArgs& args)
      : rtol(args.a), atol(args.b), equal_nan(args.flag) {}
  template <class T>
  bool operator()(T a, T b) const {
    if (a == b) return true;
    using C = std::conditional_t<std::is_floating_point_v<T>, T, double>;
    const C x = static_cast<C>(a);
    const C y = static_cast<C>(b);
    if (equal_nan && x != x && y != y) return true;
    const C error = std::abs(x - y);
    return std::isfinite(error) &&
           error <= static_cast<C>(atol) + std::abs(static_cast<C>(rtol) * y);
  }
};

}  // namespace ember::cpu
