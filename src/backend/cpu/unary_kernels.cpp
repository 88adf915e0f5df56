#include "backend/cpu/unary_kernels.h"

#include "backend/cpu/functor_dispatch.h"
#include "backend/cpu/loop.h"
#include "backend/cpu/unary_functors.h"

namespace ember::cpu {

// Each functor must agree with its op's columns in ops/unary_ops.def.
#define EMBER_UNARY_OP(name, functor, rule, dtypes)                                               \
  static_assert(                                                                                  \
      functor::kFloatMath ==                                                                      \
              (detail::UnaryDtypeRule::rule == detail::UnaryDtypeRule::kPromoteToFloat) &&        \
          functor::kBoolOut == (detail::UnaryDtypeRule::rule == detail::UnaryDtypeRule::kBool) && \
          supports_exactly<functor>(detail::DtypeSet::dtypes),                                    \
      "the functor of unary op '" #name "' disagrees with its .def columns");
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP

void unary(detail::UnaryOp op, const TensorImpl& out, const TensorImpl& a,
           const ElementwiseArgs& args) {
  // An empty output still goes through the dtype check, as in PyTorch.
  const LoopPlan plan = LoopPlan::build({&out, &a});
  switch (op) {
#define EMBER_UNARY_OP(name, functor, rule, dtypes) \
  case detail::UnaryOp::name:                       \
    return run_functor<functor, 1>(plan, a.dtype(), #name, args);
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
  }
}

}  // namespace ember::cpu
