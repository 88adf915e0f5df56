#pragma once
// The dtypes an elementwise primitive accepts (the last column of ops/unary_ops.def,
// binary_ops.def and ternary_ops.def). The op layer raises "[op] not implemented for 'Float'"
// for a compute dtype outside the set, on every device; the CPU functors must agree with it
// (their kernel files check that at compile time).
#include "ember/dtype.h"
#include "ember/error.h"

namespace ember::detail {

enum class DtypeSet {
  kAll,       // every dtype
  kNumeric,   // every dtype but bool
  kFloating,  // float16, bfloat16, float32, float64
  kIntegral,  // the integers and bool (bitwise ops)
  kInteger,   // the integers, not bool (shifts)
};

constexpr bool accepts(DtypeSet set, ScalarType dtype) {
  const bool is_bool = dtype == ScalarType::Bool;
  const bool floating = dtype == ScalarType::Half || dtype == ScalarType::BFloat16 ||
                        dtype == ScalarType::Float || dtype == ScalarType::Double;
  switch (set) {
    case DtypeSet::kAll:
      return true;
    case DtypeSet::kNumeric:
      return !is_bool;
    case DtypeSet::kFloating:
      return floating;
    case DtypeSet::kIntegral:
      return !floating;
    case DtypeSet::kInteger:
      return !floating && !is_bool;
  }
  return false;
}

/// Raises "[op] not implemented for 'dtype'" unless `set` accepts `dtype`.
inline void check_accepts(DtypeSet set, ScalarType dtype, const char* op) {
  EMBER_CHECK(accepts(set, dtype), op, "not implemented for '", dtype, "'");
}

}  // namespace ember::detail
