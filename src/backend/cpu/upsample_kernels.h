#pragma once
// Resampling kernels (the upsample_* ops): separable interpolation by per-dim taps.
// (Note [Resample taps] in ops/kernel_args.h)
#include <cstdint>

#include "core/tensor_impl.h"
#include "ops/kernel_args.h"

namespace ember::cpu {

using detail::ResampleTaps;

/// out = the taps' weighted sums of `in`; float dtypes (16-bit ones compute in float).
void resample(const detail::TensorImpl& out, const detail::TensorImpl& in, const ResampleTaps& t);
/// The adjoint: grad_in (overwritten) from grad_out.
void resample_backward(const detail::TensorImpl& grad_in, const detail::TensorImpl& grad_out,
                       const ResampleTaps& t);

}  // namespace ember::cpu
