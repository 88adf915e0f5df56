#pragma once
// The binary elementwise primitives and the one entry point that runs them.
#include <optional>

#include "ember/tensor.h"

namespace ember::detail {

enum class BinaryOp {
#define EMBER_BINARY_OP(name, functor) name,
#include "ops/binary_ops.def"
#undef EMBER_BINARY_OP
};

/// How an op picks its dtypes (Note [Binary dtype rules]).
enum class BinaryDtypeRule {
  kPromote,         // compute and return the promoted dtype (add, mul, ...)
  kPromoteToFloat,  // as kPromote, but integers and bools compute in the default float (div)
  kCompare,         // compute in the promoted dtype, return bool (eq, lt, ...)
};

BinaryDtypeRule dtype_rule(BinaryOp op);
const char* op_name(BinaryOp op);

/// Broadcasts, promotes and runs `op`. With `out` defined, writes into it (in-place ops pass
/// self) after checking the result can be cast to it, and returns it.
Tensor binary(BinaryOp op, const Tensor& a, const Tensor& b, const Tensor& out = Tensor());
Tensor binary(BinaryOp op, const Tensor& a, const Scalar& b, const Tensor& out = Tensor());
Tensor binary(BinaryOp op, const Scalar& a, const Tensor& b);

}  // namespace ember::detail
