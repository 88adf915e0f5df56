#include "backend/cpu/binary_kernels.h"

#include "backend/cpu/binary_functors.h"
#include "backend/cpu/loop.h"

namespace ember::cpu {
namespace {

template <class Fn>
void run(const LoopPlan& plan, ScalarType dtype, const char* name) {
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (Fn::template supports<T>) {
      using Out = std::conditional_t<Fn::kBoolOut, bool, T>;
      elementwise<Out, T, T>(plan, Fn{});
    } else {
      EMBER_FAIL(name, "not implemented for '", dtype, "'");
    }
  });
}

}  // namespace

void binary(detail::BinaryOp op, const TensorImpl& out, const TensorImpl& a, const TensorImpl& b) {
  if (out.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&out, &a, &b});
  switch (op) {
#define EMBER_BINARY_OP(name, functor) \
  case detail::BinaryOp::name:         \
    return run<functor>(plan, a.dtype(), #name);
#include "ops/binary_ops.def"
#undef EMBER_BINARY_OP
  }
}

}  // namespace ember::cpu
