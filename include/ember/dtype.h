#pragma once
/// Element types, their libtorch names, and PyTorch's type-promotion rules.
#include <cstdint>
#include <iosfwd>
#include <string_view>

#include "ember/half.h"

namespace ember {

/// The one dtype table: C++ type, libtorch name. Every dtype switch in Ember expands from it.
#define EMBER_FORALL_DTYPES(_)   \
  _(bool, Bool)                  \
  _(uint8_t, Byte)               \
  _(int8_t, Char)                \
  _(int16_t, Short)              \
  _(int32_t, Int)                \
  _(int64_t, Long)               \
  _(::ember::Half, Half)         \
  _(::ember::BFloat16, BFloat16) \
  _(float, Float)                \
  _(double, Double)

enum class ScalarType : int8_t {
#define EMBER_DTYPE_ENUM(type, name) name,
  EMBER_FORALL_DTYPES(EMBER_DTYPE_ENUM)
#undef EMBER_DTYPE_ENUM
      Undefined,
};
using Dtype = ScalarType;
inline constexpr int kNumDtypes = static_cast<int>(ScalarType::Undefined);

// libtorch's constant names, both the classic and the sized spellings.
inline constexpr ScalarType kBool = ScalarType::Bool;
inline constexpr ScalarType kByte = ScalarType::Byte;
inline constexpr ScalarType kUInt8 = ScalarType::Byte;
inline constexpr ScalarType kChar = ScalarType::Char;
inline constexpr ScalarType kInt8 = ScalarType::Char;
inline constexpr ScalarType kShort = ScalarType::Short;
inline constexpr ScalarType kInt16 = ScalarType::Short;
inline constexpr ScalarType kInt = ScalarType::Int;
inline constexpr ScalarType kInt32 = ScalarType::Int;
inline constexpr ScalarType kLong = ScalarType::Long;
inline constexpr ScalarType kInt64 = ScalarType::Long;
inline constexpr ScalarType kHalf = ScalarType::Half;
inline constexpr ScalarType kFloat16 = ScalarType::Half;
inline constexpr ScalarType kBFloat16 = ScalarType::BFloat16;
inline constexpr ScalarType kFloat = ScalarType::Float;
inline constexpr ScalarType kFloat32 = ScalarType::Float;
inline constexpr ScalarType kDouble = ScalarType::Double;
inline constexpr ScalarType kFloat64 = ScalarType::Double;

/// Bytes per element.
size_t element_size(ScalarType t);
/// PyTorch's name: "float32", "int64", "bool", ...
std::string_view dtype_name(ScalarType t);
/// libtorch's name, as printed by `operator<<`: "Float", "Long", ...
std::string_view dtype_libtorch_name(ScalarType t);
std::ostream& operator<<(std::ostream& out, ScalarType t);

constexpr bool is_floating_point(ScalarType t) {
  return t == kHalf || t == kBFloat16 || t == kFloat || t == kDouble;
}
/// Integral types; bool counts only when `include_bool`.
constexpr bool is_integral(ScalarType t, bool include_bool) {
  return (include_bool && t == kBool) || t == kByte || t == kChar || t == kShort || t == kInt ||
         t == kLong;
}
constexpr bool is_signed(ScalarType t) {
  return t != kBool && t != kByte;
}

/// PyTorch's `torch.promote_types`: the smallest dtype both operands convert to safely.
ScalarType promote_types(ScalarType a, ScalarType b);

/// The dtype of new floating-point tensors (float32 unless changed).
ScalarType get_default_dtype();
/// Sets the default floating dtype; raises unless `t` is floating point.
void set_default_dtype(ScalarType t);

/// Maps a C++ element type to its ScalarType: `dtype_of<float> == kFloat`.
template <class T>
inline constexpr ScalarType dtype_of = ScalarType::Undefined;
#define EMBER_DTYPE_OF(type, name) \
  template <>                      \
  inline constexpr ScalarType dtype_of<type> = ScalarType::name;
EMBER_FORALL_DTYPES(EMBER_DTYPE_OF)
#undef EMBER_DTYPE_OF

/// Carries a type through a generic lambda: `visit_dtype(t, [&]<class T>(TypeTag<T>) {...})`.
template <class T>
struct TypeTag {
  using type = T;
};

}  // namespace ember
