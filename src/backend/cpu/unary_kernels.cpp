#include "backend/cpu/unary_kernels.h"

#include "backend/cpu/functor_dispatch.h"
#include "backend/cpu/loop.h"
#include "backend/cpu/unary_functors.h"

namespace ember::cpu {

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
  // An empty output still goes through the dtype check, as in PyTorch.
  const LoopPlan plan = LoopPlan::build({&out, &a});
  switch (op) {
#define EMBER_UNARY_OP(name, functor) \
  case detail::UnaryOp::name:         \
    return run_functor<functor, 1>(plan, a.dtype(), #name, args);
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
  }
}

}  // namespace ember::cpu
