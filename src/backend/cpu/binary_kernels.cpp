#include "backend/cpu/binary_kernels.h"

#include <atomic>

#include "backend/cpu/binary_functors.h"
#include "backend/cpu/loop.h"

namespace ember::cpu {

void raise_zero_division(const char* op) {
  EMBER_FAIL(op, "ZeroDivisionError: integer division by zero");
}

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
      using Out = std::conditional_t<Fn::kBoolOut, bool, T>;
      if (plan.numel > 0) elementwise<Out, T, T>(plan, fn);
    } else {
      EMBER_FAIL(name, "not implemented for '", dtype, "'");
    }
  });
}

}  // namespace

void binary(detail::BinaryOp op, const TensorImpl& out, const TensorImpl& a, const TensorImpl& b,
            const detail::ElementwiseArgs& args) {
  LoopPlan plan;
  // An empty output still goes through the dtype check, as in PyTorch.
  if (out.numel() != 0)
    plan = LoopPlan::build({&out, &a, &b});
  else
    plan.numel = 0;
  switch (op) {
#define EMBER_BINARY_OP(name, functor) \
  case detail::BinaryOp::name:         \
    return run<functor>(plan, a.dtype(), #name, args);
#include "ops/binary_ops.def"
#undef EMBER_BINARY_OP
  }
}

bool all_true(const TensorImpl& t) {
  if (t.numel() == 0) return true;
  const LoopPlan plan = LoopPlan::build({&t});
  std::atomic<bool> all{true};
  plan.parallel_for_each([&](char** p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      if (!*reinterpret_cast<const bool*>(p[0] + i * s[0])) {
        all.store(false, std::memory_order_relaxed);
        return;
      }
    }
  });
  return all.load();
}

}  // namespace ember::cpu
