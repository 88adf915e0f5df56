#include "backend/cpu/ternary_kernels.h"

#include "backend/cpu/loop.h"
#include "backend/cpu/ternary_functors.h"

namespace ember::cpu {
namespace {

template <class Fn>
Fn make_functor(const detail::ElementwiseArgs& args) {
  if constexpr (std::is_constructible_v<Fn, const detail::ElementwiseArgs&>) {
    return Fn(args);
  } else {
    return Fn{};
  }
}

template <class Fn>
void run(const LoopPlan& plan, ScalarType dtype, const char* name,
         const detail::ElementwiseArgs& args) {
  const Fn fn = make_functor<Fn>(args);
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (Fn::template supports<T>) {
      if (plan.numel > 0) elementwise<T, T, T, T>(plan, fn);
    } else {
      EMBER_FAIL(name, "not implemented for '", dtype, "'");
    }
  });
}

}  // namespace

void ternary(detail::TernaryOp op, const TensorImpl& out, const TensorImpl& a, const TensorImpl& b,
             const TensorImpl& c, const detail::ElementwiseArgs& args) {
  LoopPlan plan;
  // An empty output still goes through the dtype check, as in PyTorch.
  if (out.numel() != 0)
    plan = LoopPlan::build({&out, &a, &b, &c});
  else
    plan.numel = 0;
  switch (op) {
#define EMBER_TERNARY_OP(name, functor) \
  case detail::TernaryOp::name:         \
    return run<functor>(plan, a.dtype(), #name, args);
#include "ops/ternary_ops.def"
#undef EMBER_TERNARY_OP
  }
}

void where(const TensorImpl& out, const TensorImpl& condition, const TensorImpl& a,
           const TensorImpl& b) {
  if (out.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&out, &condition, &a, &b});
  detail::visit_dtype(a.dtype(), [&]<class T>(TypeTag<T>) {
    elementwise<T, bool, T, T>(plan, [](bool c, auto x, auto y) { return c ? x : y; });
  });
}

}  // namespace ember::cpu
