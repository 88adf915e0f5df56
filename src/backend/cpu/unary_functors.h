#pragma once
// Per-element functions of the unary primitives, on compute-type values (float for 16-bit
// floats). `supports<T>` lists the storage dtypes accepted; `kFloatMath` marks ops whose integer
// inputs are first converted to the default float by the op layer; `kBoolOut` marks predicates.
#include <cmath>
#include <type_traits>

#include "core/dispatch.h"

namespace ember::cpu {

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
struct FloatMath {  // floating-point only; integer inputs arrive converted to float
  template <class T>
  static constexpr bool supports = detail::is_floating_v<T>;
  static constexpr bool kFloatMath = true;
  static constexpr bool kBoolOut = false;
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
struct AbsFn : SameDtype {
  template <class T>
  T operator()(T x) const {
    if constexpr (std::is_same_v<T, bool> || std::is_unsigned_v<T>) {
      return x;
    } else if constexpr (std::is_integral_v<T>) {
      return x < 0 ? NegFn{}(x) : x;
    } else {
      return std::abs(x);
    }
  }
};
struct ExpFn : FloatMath {
  template <class T>
  T operator()(T x) const {
    return std::exp(x);
  }
};

}  // namespace ember::cpu
