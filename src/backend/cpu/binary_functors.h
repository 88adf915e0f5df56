#pragma once
// Per-element functions of the binary primitives. Each takes compute-type values (float for the
// 16-bit floats) and is a plain expression the compiler can vectorise. `supports<T>` says which
// storage dtypes the op accepts; `kBoolOut` marks ops that return bool.
#include <cmath>
#include <type_traits>

#include "core/dispatch.h"

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

}  // namespace ember::cpu
