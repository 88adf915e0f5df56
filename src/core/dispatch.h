#pragma once
// Runtime dtype -> compile-time type: `visit_dtype(t, [&]<class T>(TypeTag<T>) { ... })`.
#include <type_traits>

#include "ember/dtype.h"
#include "ember/error.h"

namespace ember::detail {

/// Calls `f(TypeTag<T>{})` with the C++ type of `t`.
template <class F>
decltype(auto) visit_dtype(ScalarType t, F&& f) {
  switch (t) {
#define EMBER_VISIT_CASE(type, name) \
  case ScalarType::name:             \
    return f(TypeTag<type>{});
    EMBER_FORALL_DTYPES(EMBER_VISIT_CASE)
#undef EMBER_VISIT_CASE
    default:
      EMBER_FAIL("dispatch", "unexpected dtype ", t);
  }
}

/// The type arithmetic runs in: float for the 16-bit floats (as PyTorch's opmath), else T.
template <class T>
using compute_t =
    std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

template <class T>
inline constexpr bool is_floating_v = std::is_floating_point_v<compute_t<T>>;

}  // namespace ember::detail
