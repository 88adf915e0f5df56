#pragma once
// Internal helpers of the vision functions (src/data/vision_*.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "ember/error.h"
#include "ember/tensor.h"

namespace ember::data::vision::functional::detail {

inline void check_image(const Tensor& image, const char* op) {
  EMBER_CHECK(image.defined(), op, "expected a defined image tensor");
  EMBER_CHECK(image.dim() == 3, op, "expected a (C, H, W) image, got ", image.dim(),
              "-d tensor of shape ", image.sizes());
  const ScalarType t = image.scalar_type();
  EMBER_CHECK(t == kUInt8 || t == kFloat32 || t == kFloat64, op,
              "expected a uint8, float32 or float64 image, got ", t);
}

// Calls f(T{}) with T the image's element type (uint8_t, float or double).
template <class F>
auto visit_image(ScalarType t, F&& f) {
  if (t == kUInt8) return f(uint8_t{});
  if (t == kFloat32) return f(float{});
  return f(double{});
}

// The precision an image's arithmetic runs in: float32 for uint8 and float32, else float64.
template <class T>
using Work = std::conditional_t<std::is_same_v<T, double>, double, float>;

// Casts a computed value back to the image's type: rounding (geometric) or truncating (color),
// clamped to 0..255 for uint8.
template <class T, class W>
T store(W v, bool round) {
  if constexpr (std::is_same_v<T, uint8_t>) {
    if (round) v = std::nearbyint(v);
    v = std::clamp(v, W(0), W(255));
    return static_cast<uint8_t>(v);
  } else {
    return static_cast<T>(v);
  }
}

}  // namespace ember::data::vision::functional::detail
