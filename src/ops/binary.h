#pragma once
// The binary elementwise primitives and the one entry point that runs them.
#include <optional>

#include "ember/tensor.h"
#include "ops/dtype_set.h"
#include "ops/elementwise_args.h"

namespace ember::detail {

enum class BinaryOp {
#define EMBER_BINARY_OP(name, functor, rule, dtypes) name,
#include "ops/binary_ops.def"
#undef EMBER_BINARY_OP
};

/// How an op picks its dtypes (Note [Binary dtype rules]).
enum class BinaryDtypeRule {
  kPromote,         // compute and return the promoted dtype (add, mul, ...)
  kPromoteToFloat,  // as kPromote, but integers and bools compute in the default float (div)
  kCompare,         // compute in the promoted dtype, return bool (eq, lt, logical_and, ...)
};

BinaryDtypeRule dtype_rule(BinaryOp op);
/// The compute dtypes the op accepts (the last column of ops/binary_ops.def).
DtypeSet accepted_dtypes(BinaryOp op);
/// The op's name in error messages (div_trunc and div_floor report as "div").
const char* op_name(BinaryOp op);

/// Broadcasts, promotes and runs `op`. With `out` defined, writes into it (in-place ops pass
/// self) per Note [Elementwise outputs], and returns it.
Tensor binary(BinaryOp op, const Tensor& a, const Tensor& b, const Tensor& out = Tensor(),
              const ElementwiseArgs& args = {});
Tensor binary(BinaryOp op, const Tensor& a, const Scalar& b, const Tensor& out = Tensor(),
              const ElementwiseArgs& args = {});
Tensor binary(BinaryOp op, const Scalar& a, const Tensor& b);

}  // namespace ember::detail
