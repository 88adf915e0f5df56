#pragma once
// The ternary elementwise primitives.
#include "ember/tensor.h"
#include "ops/dtype_set.h"
#include "ops/elementwise_args.h"

namespace ember::detail {

enum class TernaryOp {
#define EMBER_TERNARY_OP(name, functor, dtypes) name,
#include "ops/ternary_ops.def"
#undef EMBER_TERNARY_OP
};

const char* op_name(TernaryOp op);
/// The compute dtypes the op accepts (the last column of ops/ternary_ops.def).
DtypeSet accepted_dtypes(TernaryOp op);

}  // namespace ember::detail
