#pragma once
/// A number of any dtype, passed to ops by value (`t + 2`, `full({2}, 1.5)`).
#include <cstdint>
#include <iosfwd>
#include <type_traits>

#include "ember/dtype.h"

namespace ember {

/// Holds a double, an int64 or a bool; `type()` is kDouble, kLong or kBool as in PyTorch, which
/// is what type promotion sees for a Python/C++ number.
class Scalar {
 public:
  Scalar() : Scalar(int64_t{0}) {}
  Scalar(bool v) : kind_(kBool) { v_.b = v; }  // NOLINT: implicit like c10::Scalar
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Scalar(T v) : kind_(kLong) {  // NOLINT
    v_.i = static_cast<int64_t>(v);
  }
  template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Scalar(T v) : kind_(kDouble) {  // NOLINT
    v_.d = static_cast<double>(v);
  }
  Scalar(Half v) : Scalar(static_cast<float>(v)) {}      // NOLINT
  Scalar(BFloat16 v) : Scalar(static_cast<float>(v)) {}  // NOLINT

  /// kDouble, kLong or kBool.
  ScalarType type() const { return kind_; }
  bool isFloatingPoint() const { return kind_ == kDouble; }
  bool isIntegral(bool include_bool) const {
    return kind_ == kLong || (include_bool && kind_ == kBool);
  }
  bool isBoolean() const { return kind_ == kBool; }

  /// Converts with C++ rules (floating to integral truncates).
  template <class T>
  T to() const {
    if (kind_ == kDouble) return static_cast<T>(v_.d);
    if (kind_ == kLong) return static_cast<T>(v_.i);
    return static_cast<T>(v_.b);
  }
  double toDouble() const { return to<double>(); }
  float toFloat() const { return to<float>(); }
  int64_t toLong() const { return to<int64_t>(); }
  int toInt() const { return to<int>(); }
  bool toBool() const { return to<bool>(); }

  Scalar operator-() const;

 private:
  ScalarType kind_;
  union {
    double d;
    int64_t i;
    bool b;
  } v_;
};

std::ostream& operator<<(std::ostream& out, const Scalar& s);

}  // namespace ember
