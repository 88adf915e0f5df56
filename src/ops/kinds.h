#pragma once
// The kinds of op within a kernel family: the op layer picks one (after its checks, shape and
// dtype rules), and every backend implements them all. They live above the backends so that a
// new backend implements kernels, not rules.
#include "ops/dtype_set.h"

namespace ember::detail {

/// Reductions of a row to one value (backend: reduce).
enum class ReduceOp {
  sum,            // out: int64 for bool/integer input, else the input dtype
  nansum,         // as sum, NaNs count as zero
  prod,           // as sum
  mean,           // floating input; out: the input dtype
  nanmean,        // as mean over the non-NaN elements
  amax,           // out: the input dtype; NaN propagates
  amin,           //
  all,            // out: bool or uint8
  any,            //
  count_nonzero,  // out: int64
};

/// Running reductions along a line (backend: scan).
enum class ScanOp {
  cumsum,        // out: int64 for bool/integer input, else the input dtype
  cumprod,       // as cumsum
  logcumsumexp,  // floating input; out: the input dtype
};

/// One value picked from each line (backend: select_value).
enum class SelectOp {
  kth,     // the k-th smallest (0-based k)
  median,  // as kth, but a line holding NaN gives its first NaN
  mode,    // the most frequent value (the smallest among equally frequent ones)
};

/// gather and the scatter reductions (backend: gather_scatter).
enum class ScatterOp { kGather, kAssign, kSum, kProd, kAmax, kAmin };

/// The fused activations (backend: activation).
enum class Activation {
  Relu,
  LeakyRelu,  // a: negative_slope
  Gelu,       // erf form
  GeluTanh,   // tanh approximation
  Silu,
  Elu,       // a: alpha, b: scale, c: input_scale
  Hardtanh,  // a: min, b: max
  Softplus,  // a: beta, b: threshold
  Hardsigmoid,
  Hardswish,
  Mish,
};

/// The compute dtypes an activation accepts: relu and hardtanh take integers too.
constexpr DtypeSet accepted_dtypes(Activation op) {
  return op == Activation::Relu || op == Activation::Hardtanh ? DtypeSet::kNumeric
                                                              : DtypeSet::kFloating;
}

/// An activation's numeric parameters, named per kind above.
struct ActivationArgs {
  double a = 0;
  double b = 0;
  double c = 0;
};

}  // namespace ember::detail
