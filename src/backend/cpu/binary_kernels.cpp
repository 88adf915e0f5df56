#include "backend/cpu/binary_kernels.h"

#include <atomic>

#include "backend/cpu/binary_functors.h"
#include "backend/cpu/functor_dispatch.h"
#include "backend/cpu/loop.h"

namespace ember::cpu {

void raise_zero_division(const char* op) {
  EMBER_FAIL(op, "ZeroDivisionError: integer division by zero");
}

// Each functor must agree with its op's columns in ops/binary_ops.def: it returns bool exactly
// for kCompare, and supports exactly the dtype set.
#define EMBER_BINARY_OP(name, functor, rule, dtypes)                                               \
  static_assert(                                                                                   \
      functor::kBoolOut == (detail::BinaryDtypeRule::rule == detail::BinaryDtypeRule::kCompare) && \
          supports_exactly<functor>(detail::DtypeSet::dtypes),                                     \
      "the functor of binary op '" #name "' disagrees with its .def columns");
#include "ops/binary_ops.def"
#undef EMBER_BINARY_OP

void binary(detail::BinaryOp op, const TensorImpl& out, const TensorImpl& a, const TensorImpl& b,
            const detail::ElementwiseArgs& args) {
  // An empty output still goes through the dtype check, as in PyTorch.
  const LoopPlan plan = LoopPlan::build({&out, &a, &b});
  switch (op) {
#define EMBER_BINARY_OP(name, functor, rule, dtypes) \
  case detail::BinaryOp::name:                       \
    return run_functor<functor, 2>(plan, a.dtype(), #name, args);
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
