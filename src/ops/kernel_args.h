#pragma once
// The geometry a kernel family takes besides its tensors, worked out by the op layer (shape
// rules, index math) so that every backend only walks it.
#include <array>
#include <cstdint>
#include <vector>

namespace ember::detail {

// Note [Convolution geometry]
// Every kernel is phrased in terms of one forward convolution
//   y[N, O, out...] = sum_{c, k} w[O, C/groups, k...] * x[N, C, out * stride - padding + k *
//   dilation]
// with zero padding. Fewer than 3 spatial dims are padded to 3 with size-1 dims (kernel 1,
// stride 1, padding 0, dilation 1), so one loop nest serves conv1d, conv2d and conv3d. The
// transposed convolution is the adjoint of this map with respect to x (conv_input_adjoint), and
// the weight gradient its adjoint with respect to w (conv_weight_adjoint): no twin kernels.
// All tensors handed to these kernels are contiguous and of one dtype, float32 or float64.
struct ConvGeometry {
  int64_t batch = 0;
  int64_t in_channels = 0;   // C
  int64_t out_channels = 0;  // O
  int64_t groups = 1;
  std::array<int64_t, 3> in{1, 1, 1};      // x's spatial sizes
  std::array<int64_t, 3> out{1, 1, 1};     // y's spatial sizes
  std::array<int64_t, 3> kernel{1, 1, 1};  // w's spatial sizes
  std::array<int64_t, 3> stride{1, 1, 1};
  std::array<int64_t, 3> padding{0, 0, 0};
  std::array<int64_t, 3> dilation{1, 1, 1};

  int64_t in_numel() const { return in[0] * in[1] * in[2]; }
  int64_t out_numel() const { return out[0] * out[1] * out[2]; }
  int64_t kernel_numel() const { return kernel[0] * kernel[1] * kernel[2]; }
  /// True when the column matrix of a sample is the sample itself (1x1 kernel, stride 1, no
  /// padding): im2col is skipped.
  bool is_pointwise() const {
    for (int d = 0; d < 3; ++d) {
      if (kernel[d] != 1 || stride[d] != 1 || padding[d] != 0) return false;
    }
    return true;
  }
};

// Note [Pool windows]
// Every pooling op is described by one PoolWindows: the input viewed as contiguous
// (planes, D, H, W) and the output as (planes, oD, oH, oW), 1-d and 2-d ops padded with leading
// spatial dims of size 1. Per spatial dim and output position, the window is the input range
// [start, end) walked with `step` (the dilation), already clipped to the input; `divisor` holds
// that dim's factor of the average's divisor (the padded window length when padding counts,
// else end - start). Fixed and adaptive windows, max and average, then share one walk, and a
// window's cost does not depend on which op built it. Kernels run in parallel over planes; each
// plane is computed serially in a fixed order, so results do not depend on the thread count.
struct PoolWindows {
  int64_t planes = 0;
  std::array<int64_t, 3> in{1, 1, 1};
  std::array<int64_t, 3> out{1, 1, 1};
  std::array<std::vector<int64_t>, 3> start, end, divisor;  // each of size out[d]
  std::array<int64_t, 3> step{1, 1, 1};
  int64_t divisor_override = 0;  // 0: the product of `divisor` over the dims
  // True when every window is 2x2 with stride 2 over the last two dims, no padding and no
  // dilation (the common CNN case takes a dedicated loop).
  bool two_by_two = false;

  int64_t in_plane() const { return in[0] * in[1] * in[2]; }
  int64_t out_plane() const { return out[0] * out[1] * out[2]; }
};

// Note [Resample taps]
// Nearest, linear and cubic interpolation are all separable: along each spatial dim, output
// position o reads `taps` input positions index[o * taps + k] with weights weight[o * taps + k]
// (nearest: 1 tap of weight 1; linear: 2; cubic: 4, clamped to the input, so a position may
// repeat). The output is the sum over the tap grid of the product of the dims' weights. The ops
// compute the taps with PyTorch's index math; the kernels only walk them, forward and (as the
// exact adjoint) backward. Inputs and outputs are contiguous (planes, D, H, W); 1-d and 2-d ops
// pad with leading dims of size 1. Parallel over planes, each plane serial: deterministic.
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

/// The (outer, dim, inner) geometry of a contiguous tensor reduced along one dim.
struct SoftmaxShape {
  int64_t outer;
  int64_t dim;
  int64_t inner;
};

/// The (batch, classes, spatial) geometry of a contiguous nll_loss input.
struct NllShape {
  int64_t batch;
  int64_t classes;
  int64_t spatial;
};

/// The (batch, channels, spatial) geometry of a contiguous batch-norm input.
struct BatchNormShape {
  int64_t batch;
  int64_t channels;
  int64_t spatial;
};

}  // namespace ember::detail
