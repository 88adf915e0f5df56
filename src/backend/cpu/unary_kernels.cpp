#include "backend/cpu/unary_kernels.h"

#include "backend/cpu/loop.h"
#include "backend/cpu/unary_functors.h"

namespace ember::cpu {
namespace {

template <class Fn>
Fn make_functor(const ElementwiseArgs& args) {
  if constexpr (std::is_constructible_v<Fn, const ElementwiseArgs&>) {
    return Fn(args);
  } else {
    return Fn{};
  }
}

template <class Fn>
void run(const LoopPlan& plan, ScalarType dtype, const char* name, const ElementwiseArgs& args) {
  const Fn fn = make_functor<Fn>(args);
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (Fn::template supports<T>) {
      using Out = std::conditional_t<Fn::kBoolOut, bool, T>;
      if (plan.numel > 0) elementwise<Out, T>(plan, fn);
    } else {
      EMBER_FAIL(name, "not implemented for '", dtype, "'");
    }
  });
}

}  // namespace

bool is_float_math(detail::UnaryOp op) {
  switch (op) {
#define EMBER_UNARY_OP(name, functor) \
  case detail::UnaryOp::name:         \
    return functor::kFloatMath;
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
  }
  return false;
}

bool returns_bool(detail::UnaryOp op) {
  switch (op) {
#define EMBER_UNARY_OP(name, functor) \
  case detail::UnaryOp::name:         \
    return functor::kBoolOut;
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
  }
  return false;
}

void unary(detail::UnaryOp op, const TensorImpl& out, const TensorImpl& a,
           const ElementwiseArgs& args) {
  LoopPlan plan;
  // An empty output still goes through the dtype check, as in PyTorch.
  if (out.numel() != 0)
    plan = LoopPlan::build({&out, &a});
  else
    plan.numel = 0;
  switch (op) {
#define EMBER_UNARY_OP(name, functor) \
  case detail::UnaryOp::name:         \
    return run<functor>(plan, a.dtype(), #name, args);
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
  }
}

}  // namespace ember::cpu
