#pragma once
/// 16-bit floating-point storage types. Arithmetic on them converts to float (as PyTorch does on
/// CPU), so they only need exact conversions with round-to-nearest-even.
#include <bit>
#include <cstdint>
#include <cstring>
#include <iosfwd>

namespace ember {

namespace detail {
float half_bits_to_float(uint16_t bits);
uint16_t float_to_half_bits(float value);
inline float bfloat16_bits_to_float(uint16_t bits) {
  return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16);
}
inline uint16_t float_to_bfloat16_bits(float value) {
  uint32_t u = std::bit_cast<uint32_t>(value);
  if ((u & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;  // NaN stays a quiet NaN
  u += 0x7fffu + ((u >> 16) & 1u);                     // round to nearest even
  return static_cast<uint16_t>(u >> 16);
}
}  // namespace detail

/// IEEE 754 binary16.
struct Half {
  uint16_t bits = 0;
  Half() = default;
  Half(float value) : bits(detail::float_to_half_bits(value)) {}       // NOLINT: implicit like c10
  operator float() const { return detail::half_bits_to_float(bits); }  // NOLINT
  static Half from_bits(uint16_t b) {
    Half h;
    h.bits = b;
    return h;
  }
};

/// Brain floating point: the upper 16 bits of a float32.
struct BFloat16 {
  uint16_t bits = 0;
  BFloat16() = default;
  BFloat16(float value) : bits(detail::float_to_bfloat16_bits(value)) {}   // NOLINT
  operator float() const { return detail::bfloat16_bits_to_float(bits); }  // NOLINT
  static BFloat16 from_bits(uint16_t b) {
    BFloat16 h;
    h.bits = b;
    return h;
  }
};

std::ostream& operator<<(std::ostream& out, Half value);
std::ostream& operator<<(std::ostream& out, BFloat16 value);

}  // namespace ember
