#pragma once
// The unary elementwise primitives and the one entry point that runs them.
#include "ember/tensor.h"
#include "ops/dtype_set.h"
#include "ops/elementwise_args.h"

namespace ember::detail {

enum class UnaryOp {
#define EMBER_UNARY_OP(name, functor, rule, dtypes) name,
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
};

/// How an op picks its result dtype (the rule column of ops/unary_ops.def).
enum class UnaryDtypeRule {
  kSame,            // the input's dtype (neg, abs, floor, ...)
  kPromoteToFloat,  // integer and bool inputs compute in the default float (exp, sin, ...)
  kBool,            // bool (isnan, logical_not, ...)
};
UnaryDtypeRule dtype_rule(UnaryOp op);
/// The compute dtypes the op accepts (the last column of ops/unary_ops.def).
DtypeSet accepted_dtypes(UnaryOp op);

const char* op_name(UnaryOp op);

/// Runs `op` on `a`. Float-math ops compute integer and bool inputs in the default float dtype.
/// With `out` defined (in-place forms pass self), writes into it per Note [Elementwise outputs].
Tensor unary(UnaryOp op, const Tensor& a, const Tensor& out = Tensor(),
             const ElementwiseArgs& args = {});

}  // namespace ember::detail
