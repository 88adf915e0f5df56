#include "backend/cpu/unary_kernels.h"

#include "backend/cpu/loop.h"
#include "backend/cpu/unary_functors.h"

namespace ember::cpu {
namespace {

template <class Fn>
void run(const LoopPlan& plan, ScalarType dtype, const char* name) {
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (Fn::template supports<T>) {
      using Out = std::conditional_t<Fn::kBoolOut, bool, T>;
      elementwise<Out, T>(plan, Fn{});
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

void unary(detail::UnaryOp op, const TensorImpl& out, const TensorImpl& a) {
  if (out.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&out, &a});
  switch (op) {
#define EMBER_UNARY_OP(name, functor) \
  case detail::UnaryOp::name:         \
    return run<functor>(plan, a.dtype(), #name);
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
  }
}

}  // namespace ember::cpu
