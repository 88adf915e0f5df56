#include "backend/cpu/ternary_kernels.h"

#include "backend/cpu/functor_dispatch.h"
#include "backend/cpu/loop.h"
#include "backend/cpu/ternary_functors.h"

namespace ember::cpu {

// Each functor must support exactly its op's dtype set (ops/ternary_ops.def).
#define EMBER_TERNARY_OP(name, functor, dtypes)                      \
  static_assert(supports_exactly<functor>(detail::DtypeSet::dtypes), \
                "the functor of ternary op '" #name "' disagrees with its dtype set");
#include "ops/ternary_ops.def"
#undef EMBER_TERNARY_OP

void ternary(detail::TernaryOp op, const TensorImpl& out, const TensorImpl& a, const TensorImpl& b,
             const TensorImpl& c, const detail::ElementwiseArgs& args) {
  // An empty output still goes through the dtype check, as in PyTorch.
  const LoopPlan plan = LoopPlan::build({&out, &a, &b, &c});
  switch (op) {
#define EMBER_TERNARY_OP(name, functor, dtypes) \
  case detail::TernaryOp::name:                 \
    return run_functor<functor, 3>(plan, a.dtype(), #name, args);
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
