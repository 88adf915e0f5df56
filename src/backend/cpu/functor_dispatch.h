#pragma once
// Runs one elementwise functor over a plan for a runtime dtype: what the unary, binary and
// ternary kernels share. A functor says which storage dtypes it `supports<T>`, may return bool
// (`kBoolOut`), and may take the op's extra arguments through a constructor from ElementwiseArgs.
#include <type_traits>
#include <utility>

#include "backend/cpu/loop.h"
#include "ops/dtype_set.h"
#include "ops/elementwise_args.h"

namespace ember::cpu {

template <class Fn>
Fn make_functor(const detail::ElementwiseArgs& args) {
  if constexpr (std::is_constructible_v<Fn, const detail::ElementwiseArgs&>) {
    return Fn(args);
  } else {
    return Fn{};
  }
}

/// True when `Fn` supports exactly the dtypes of `set` (its op's .def column).
template <class Fn>
constexpr bool supports_exactly(detail::DtypeSet set) {
  bool same = true;
#define EMBER_SAME_SUPPORT(type, name) \
  same = same && Fn::template supports<type> == detail::accepts(set, ScalarType::name);
  EMBER_FORALL_DTYPES(EMBER_SAME_SUPPORT)
#undef EMBER_SAME_SUPPORT
  return same;
}

namespace dispatch_detail {
template <class T, size_t>
using Repeat = T;

template <class Out, class T, class Fn, size_t... I>
void run_inputs(const LoopPlan& plan, const Fn& fn, std::index_sequence<I...>) {
  elementwise<Out, Repeat<T, I>...>(plan, fn);
}
}  // namespace dispatch_detail

/// out = Fn(inputs...) over `plan`, all `Inputs` inputs of `dtype`; raises "[name] not
/// implemented for 'dtype'" when Fn does not support it (even for an empty plan, as PyTorch).
template <class Fn, size_t Inputs>
void run_functor(const LoopPlan& plan, ScalarType dtype, const char* name,
                 const detail::ElementwiseArgs& args) {
  const Fn fn = make_functor<Fn>(args);
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (Fn::template supports<T>) {
      constexpr bool kBoolOut = requires {
        Fn::kBoolOut;
      }
      &&Fn::kBoolOut;
      using Out = std::conditional_t<kBoolOut, bool, T>;
      if (plan.numel > 0) {
        dispatch_detail::run_inputs<Out, T>(plan, fn, std::make_index_sequence<Inputs>{});
      }
    } else {
      EMBER_FAIL(name, "not implemented for '", dtype, "'");
    }
  });
}

}  // namespace ember::cpu
