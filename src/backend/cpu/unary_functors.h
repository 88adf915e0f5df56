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
#include "backend/cpu/vec8.h"
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

// Float math through the standard library (float overloads for float, double for double), and
// where PyTorch vectorises the op, the same SLEEF function for eight float32 lanes at a time
// (Note [Vectorised math]).
#if EMBER_HAVE_VEC8
#define EMBER_VEC8_MEMBER(vec_expr) \
  __m256 vec8(__m256 x) const {     \
    return vec_expr;                \
  }
#else
#define EMBER_VEC8_MEMBER(vec_expr)
#endif
#define EMBER_FLOAT_MATH_FN(Name, expr) \
  struct Name : FloatMath {             \
    template <class T>                  \
    T operator()(T x) const {           \
      return expr;                      \
    }                                   \
  };
#define EMBER_FLOAT_MATH_VEC_FN(Name, expr, vec_expr) \
  struct Name : FloatMath {                           \
    template <class T>                                \
    T operator()(T x) const {                         \
      return expr;                                    \
    }                                                 \
    EMBER_VEC8_MEMBER(vec_expr)                       \
  };
EMBER_FLOAT_MATH_FN(ReciprocalFn, T(1) / x)
EMBER_FLOAT_MATH_VEC_FN(ExpFn, std::exp(x), Sleef_expf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(Exp2Fn, std::exp2(x), Sleef_exp2f8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(Expm1Fn, std::expm1(x), Sleef_expm1f8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(LogFn, std::log(x), Sleef_logf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(Log2Fn, std::log2(x), Sleef_log2f8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(Log10Fn, std::log10(x), Sleef_log10f8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(Log1pFn, std::log1p(x), Sleef_log1pf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(SqrtFn, std::sqrt(x), _mm256_sqrt_ps(x))
EMBER_FLOAT_MATH_FN(RsqrtFn, T(1) / std::sqrt(x))
EMBER_FLOAT_MATH_VEC_FN(SinFn, std::sin(x), Sleef_sinf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(CosFn, std::cos(x), Sleef_cosf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(TanFn, std::tan(x), Sleef_tanf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(AsinFn, std::asin(x), Sleef_asinf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(AcosFn, std::acos(x), Sleef_acosf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(AtanFn, std::atan(x), Sleef_atanf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(SinhFn, std::sinh(x), Sleef_sinhf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(CoshFn, std::cosh(x), Sleef_coshf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(TanhFn, std::tanh(x), Sleef_tanhf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(AsinhFn, std::asinh(x), Sleef_asinhf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(AcoshFn, std::acosh(x), Sleef_acoshf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(AtanhFn, std::atanh(x), Sleef_atanhf8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(
    SigmoidFn, T(1) / (T(1) + std::exp(-x)),
    _mm256_div_ps(_mm256_set1_ps(1.0f),
                  _mm256_add_ps(_mm256_set1_ps(1.0f),
                                Sleef_expf8_u10avx2(_mm256_sub_ps(_mm256_setzero_ps(), x)))))
EMBER_FLOAT_MATH_VEC_FN(ErfFn, std::erf(x), Sleef_erff8_u10avx2(x))
EMBER_FLOAT_MATH_VEC_FN(ErfcFn, std::erfc(x), Sleef_erfcf8_u15avx2(x))
EMBER_FLOAT_MATH_FN(ErfinvFn, static_cast<T>(erfinv(static_cast<double>(x))))
EMBER_FLOAT_MATH_VEC_FN(LgammaFn, std::lgamma(x), Sleef_lgammaf8_u10avx2(x))
EMBER_FLOAT_MATH_FN(DigammaFn, static_cast<T>(digamma(static_cast<double>(x))))
EMBER_FLOAT_MATH_FN(TrigammaFn, static_cast<T>(trigamma(static_cast<double>(x))))
#undef EMBER_FLOAT_MATH_FN
#undef EMBER_FLOAT_MATH_VEC_FN
#undef EMBER_VEC8_MEMBER

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
