#pragma once
// Per-element functions of the ternary primitives, on compute-type values (float for the 16-bit
// floats). Dtype support as in binary_functors.h.
#include <algorithm>
#include <cstdint>

#include "backend/cpu/binary_functors.h"

namespace ember::cpu {

// min(max(x, lo), hi): min > max gives max, and a NaN anywhere gives NaN (PyTorch's clamp).
struct ClampFn : NumericDtypes {
  template <class T>
  T operator()(T x, T lo, T hi) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (x != x) return x;
      if (lo != lo) return lo;
      if (hi != hi) return hi;
    }
    return std::min(std::max(x, lo), hi);
  }
};
struct LerpFn : FloatDtypes {
  template <class T>
  T operator()(T self, T end, T weight) const {
    return lerp_value(self, end, weight);
  }
};
// self + value * t1 * t2, value from args (args.i for integer dtypes, args.a otherwise).
struct AddcmulFn : NumericDtypes {
  double value;
  int64_t int_value;
  explicit AddcmulFn(const detail::ElementwiseArgs& args) : value(args.a), int_value(args.i) {}
  template <class T>
  T operator()(T self, T t1, T t2) const {
    if constexpr (std::is_integral_v<T>) {
      return wrapping_add(self, wrapping_mul(wrapping_mul(static_cast<T>(int_value), t1), t2));
    } else {
      return self + static_cast<T>(value) * t1 * t2;
    }
  }
};
// self + value * t1 / t2 (floating point only: integer t1 and t2 are refused by the op layer).
struct AddcdivFn : FloatDtypes {
  double value;
  explicit AddcdivFn(const detail::ElementwiseArgs& args) : value(args.a) {}
  template <class T>
  T operator()(T self, T t1, T t2) const {
    return self + static_cast<T>(value) * t1 / t2;
  }
};

}  // namespace ember::cpu
