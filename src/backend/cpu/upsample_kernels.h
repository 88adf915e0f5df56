#pragma once
// Resampling kernels (the upsample_* ops): separable interpolation by per-dim taps.
//
// Note [Resample taps]
// Nearest, linear and cubic interpolation are all separable: along each spatial dim, output
// position o reads `taps` input positions index[o * taps + k] with weights weight[o * taps + k]
// (nearest: 1 tap of weight 1; linear: 2; cubic: 4, clamped to the input, so a position may
// repeat). The output is the sum over the tap grid of the product of the dims' weights. The ops
// compute the taps with PyTorch's index math; the kernels only walk them, forward and (as the
// exact adjoint) backward. Inputs and outputs are contiguous (planes, D, H, W); 1-d and 2-d ops
// pad with leading dims of size 1. Parallel over planes, each plane serial: deterministic.
#include <array>
#include <cstdint>
#include <vector>

#include "core/tensor_impl.h"

namespace ember::cpu {

struct ResampleTaps {
  int64_t planes = 0;
  std::array<int64_t, 3> in{1, 1, 1};
  std::array<int64_t, 3> out{1, 1, 1};
  std::array<int64_t, 3> taps{1, 1, 1};
  std::array<std::vector<int64_t>, 3> index;  // out[d] * taps[d] input positions
  std::array<std::vector<double>, 3> weight;  // and their weights

  int64_t in_plane() const { return in[0] * in[1] * in[2]; }
  int64_t out_plane() const { return out[0] * out[1] * out[2]; }
};

/// out = the taps' weighted sums of `in`; float dtypes (16-bit ones compute in float).
void resample(const detail::TensorImpl& out, const detail::TensorImpl& in, const ResampleTaps& t);
/// The adjoint: grad_in (overwritten) from grad_out.
void resample_backward(const detail::TensorImpl& grad_in, const detail::TensorImpl& grad_out,
                       const ResampleTaps& t);

}  // namespace ember::cpu
