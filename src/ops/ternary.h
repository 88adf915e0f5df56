#pragma once
// The ternary elementwise primitives.
#include "ember/tensor.h"
#include "ops/elementwise_args.h"

namespace ember::detail {

enum class TernaryOp {
#define EMBER_TERNARY_OP(name, functor) name,
#include "ops/ternary_ops.def"
#undef EMBER_TERNARY_OP
};

const char* op_name(TernaryOp op);

}  // namespace ember::detail
