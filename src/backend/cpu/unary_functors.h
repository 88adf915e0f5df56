#pragma once
// Per-element functions of the unary primitives, on compute-type values (float for 16-bit
// floats). `supports<T>` lists the storage dtypes accepted; `kFloatMath` marks ops whose integer
// inputs are first converted to the default float by the op layer; `kBoolOut` marks predicates.
// A functor with parameters (round's decimals, logit's eps) is built from ElementwiseArgs.
#include <cmath>
#include <limits>
#include <type_traits>

#include "backend/cpu/binary_functors.h"
#include "backend/cpu/special_math.h"
#include "core/dispatch.h"
#include "ops/elementwise_args.h"

namespace ember::cpu {

using detail::ElementwiseArgs;

struct SameDtype {  // any dtype, result in the input dtype
  template <class T>
  static constexpr bool supports = true;
  static constexpr bool kFloatMath = false;
  static constexpr bool kBoolOut = false;
};
struct NumericSameDtype : SameDtype {  // as SameDtype, but not bool
  template <class T>
  static constexpr bool supports = !std::is_same_v<T, bool>;
};
struct IntegralSameDtype : SameDtype {  // integers and bool (bitwise ops)
  template <class T>
  static constexpr bool supports = std::is_integral_v<T>;
};
struct FloatSameDtype : SameDtype {  // floating point only; integer inputs raise
  template <class T>
  static constexpr bool supports = detail::is_floating_v<T>;
};
struct FloatMath {  // floating-point only; integer inputs arrive converted to float
  template <class T>
  static constexpr bool supports = detail::is_floating_v<T>;
  static constexpr bool kFloatMath = true;
  static constexpr bool kBoolOut = false;
};
struct Predicate {  // any dtype in, bool out
  template <class T>
  static constexpr bool supports = true;
  static constexpr bool kFloatMath = false;
  static constexpr bool kBoolOut = true;
};

struct NegFn : NumericSameDtype {
  template <class T>
  T operator()(T x) const {
    if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(-static_cast<std::make_unsigned_t<T>>(x));  // wraps like PyTorch
    } else {
      return -x;
    }
  }
};
struct AbsFn : NumericSameDtype {
  template <class T>
  T operator()(T x) const {
    if constexpr (std::is_unsigned_v<T>) {
      return x;
    } else if constexpr (std::is_integral_v<T>) {
      return x < 0 ? NegFn{}(x) : x;
    } else {
      return std::abs(x);
    }
  }
};
// sign(NaN) is 0, as PyTorch's (0 < x) - (x < 0).
struct SignFn : SameDtype {
  template <class T>
  T operator()(T x) const {
    if constexpr (std::is_same_v<T, bool>) {
      return x;
    } else if constexpr (std::is_unsigned_v<T>) {
      return static_cast<T>(x != 0);
    } else {
      return static_cast<T>(static_cast<int>(T(0) < x) - static_cast<int>(x < T(0)));
    }
  }
};
struct SquareFn : NumericSameDtype {
  template <class T>
  T operator()(T x) const {
    return wrapping_mul(x, x);
  }
};

// Float math through the standard library (float overloads for float, double for double).
#define EMBER_FLOAT_MATH_FN(Name, expr) \
  struct Name : FloatMath {             \
    template <class T>                  \
    T operator()(T x) const {           \
      return expr;                      \
    }                                   \
  };
EMBER_FLOAT_MATH_FN(ReciprocalFn, T(1) / x)
EMBER_FLOAT_MATH_FN(ExpFn, std::exp(x))
EMBER_FLOAT_MATH_FN(Exp2Fn, std::exp2(x))
EMBER_FLOAT_MATH_FN(Expm1Fn, std::expm1(x))
EMBER_FLOAT_MATH_FN(LogFn, std::log(x))
EMBER_FLOAT_MATH_FN(Log2Fn, std::log2(x))
EMBER_FLOAT_MATH_FN(Log10Fn, std::log10(x))
EMBER_FLOAT_MATH_FN(Log1pFn, std::log1p(x))
EMBER_FLOAT_MATH_FN(SqrtFn, std::sqrt(x))
EMBER_FLOAT_MATH_FN(RsqrtFn, T(1) / std::sqrt(x))
EMBER_FLOAT_MATH_FN(SinFn, std::sin(x))
EMBER_FLOAT_MATH_FN(CosFn, std::cos(x))
EMBER_FLOAT_MATH_FN(TanFn, std::tan(x))
EMBER_FLOAT_MATH_FN(AsinFn, std::asin(x))
EMBER_FLOAT_MATH_FN(AcosFn, std::acos(x))
EMBER_FLOAT_MATH_FN(AtanFn, std::atan(x))
EMBER_FLOAT_MATH_FN(SinhFn, std::sinh(x))
EMBER_FLOAT_MATH_FN(CoshFn, std::cosh(x))
EMBER_FLOAT_MATH_FN(TanhFn, std::tanh(x))
EMBER_FLOAT_MATH_FN(AsinhFn, std::asinh(x))
EMBER_FLOAT_MATH_FN(AcoshFn, std::acosh(x))
EMBER_FLOAT_MATH_FN(AtanhFn, std::atanh(x))
EMBER_FLOAT_MATH_FN(SigmoidFn, T(1) / (T(1) + std::exp(-x)))
EMBER_FLOAT_MATH_FN(ErfFn, std::erf(x))
EMBER_FLOAT_MATH_FN(ErfcFn, std::erfc(x))
EMBER_FLOAT_MATH_FN(ErfinvFn, static_cast<T>(erfinv(static_cast<double>(x))))
EMBER_FLOAT_MATH_FN(LgammaFn, std::lgamma(x))
EMBER_FLOAT_MATH_FN(DigammaFn, static_cast<T>(digamma(static_cast<double>(x))))
#undef EMBER_FLOAT_MATH_FN

// logit(x) = log(x / (1 - x)), with x first clamped to [eps, 1 - eps] when eps >= 0 (args.a;
// a negative eps means no clamping). NaN stays NaN. As in PyTorch, for the 16-bit floats eps,
// 1 - x and the ratio are rounded to the storage dtype (args.i) before the log.
struct LogitFn : FloatMath {
  double eps;
  ScalarType storage;
  explicit LogitFn(const ElementwiseArgs& args)
      : eps(args.a), storage(static_cast<ScalarType>(args.i)) {}
  template <class T>
  T rounded(T v) const {
    if constexpr (std::is_same_v<T, float>) {
      if (storage == kHalf) return static_cast<float>(Half(v));
      if (storage == kBFloat16) return static_cast<float>(BFloat16(v));
    }
    return v;
  }
  template <class T>
  T operator()(T x) const {
    if (eps >= 0) {
      const T lo = rounded(static_cast<T>(eps));
      const T hi = rounded(T(1) - lo);
      x = x < lo ? lo : (x > hi ? hi : x);
    }
    return std::log(rounded(x / rounded(T(1) - x)));
  }
};

// Rounding: integers are returned unchanged (PyTorch's floor/ceil/round/trunc on int tensors).
#define EMBER_ROUNDING_FN(Name, fn)        \
  struct Name : NumericSameDtype {         \
    template <class T>                     \
    T operator()(T x) const {              \
      if constexpr (std::is_integral_v<T>) \
        return x;                          \
      else                                 \
        return fn(x);                      \
    }                                      \
  };
EMBER_ROUNDING_FN(FloorFn, std::floor)
EMBER_ROUNDING_FN(CeilFn, std::ceil)
EMBER_ROUNDING_FN(RoundFn, std::nearbyint)  // half to even, as PyTorch
EMBER_ROUNDING_FN(TruncFn, std::trunc)
#undef EMBER_ROUNDING_FN

struct FracFn : FloatSameDtype {
  template <class T>
  T operator()(T x) const {
    return x - std::trunc(x);
  }
};
// round(x, decimals) (args.i): scales by 10^|decimals|, rounds half to even, scales back.
struct RoundDecimalsFn : FloatSameDtype {
  int64_t decimals;
  explicit RoundDecimalsFn(const ElementwiseArgs& args) : decimals(args.i) {}
  template <class T>
  T operator()(T x) const {
    const T scale = static_cast<T>(std::pow(10.0, static_cast<double>(std::abs(decimals))));
    return decimals < 0 ? std::nearbyint(x / scale) * scale : std::nearbyint(x * scale) / scale;
  }
};
// NaN, +inf, -inf -> args.a, args.b, args.c (already resolved for the dtype by the op layer);
// integers are unchanged.
struct NanToNumFn : SameDtype {
  double nan, posinf, neginf;
  explicit NanToNumFn(const ElementwiseArgs& args) : nan(args.a), posinf(args.b), neginf(args.c) {}
  template <class T>
  T operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(x)) return static_cast<T>(nan);
      if (std::isinf(x)) return static_cast<T>(x > 0 ? posinf : neginf);
    }
    return x;
  }
};

struct IsNanFn : Predicate {
  template <class T>
  bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isnan(x);
    return false;
  }
};
struct IsInfFn : Predicate {
  template <class T>
  bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isinf(x);
    return false;
  }
};
struct IsFiniteFn : Predicate {
  template <class T>
  bool operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>) return std::isfinite(x);
    return true;
  }
};
struct LogicalNotFn : Predicate {
  template <class T>
  bool operator()(T x) const {
    return x == T(0);
  }
};
struct BitwiseNotFn : IntegralSameDtype {
  template <class T>
  T operator()(T x) const {
    if constexpr (std::is_same_v<T, bool>)
      return !x;
    else
      return static_cast<T>(~x);
  }
};

}  // namespace ember::cpu
