// Resampling ops (upsample_*): PyTorch's index math builds per-dim taps (Note [Resample taps]
// in backend/cpu/upsample_kernels.h), and one pair of recorded ops (forward and adjoint) runs
// them.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <memory>
#include <sstream>

#include "autograd/record.h"
#include "ember/ops/upsample.h"
#include "ops/backend.h"
#include "ops/op_util.h"

namespace ember {
namespace detail {
namespace {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

enum class Mode { kNearest, kNearestExact, kLinear, kCubic };

struct ResamplePlan {
  detail::ResampleTaps taps;
  std::vector<int64_t> in_sizes, out_sizes;
  const char* node;           // the forward's backward node
  const char* backward_node;  // the adjoint's node
};

Tensor resample_grad(const Tensor& grad, const std::shared_ptr<const ResamplePlan>& plan);

Tensor resample_apply(const Tensor& input, const std::shared_ptr<const ResamplePlan>& plan) {
  Recorder rec({&input});
  const Tensor x = input.contiguous();
  Tensor out = make_empty(plan->out_sizes, input.scalar_type(), input.device());
  detail::backend_of(out).resample(*out.unsafeGetTensorImpl(), *x.unsafeGetTensorImpl(),
                                   plan->taps);
  if (rec) {
    rec.record(plan->node, out, {}, [plan](const FormulaContext& c) {
      return variable_list{resample_grad(c.grad(0), plan)};
    });
  }
  return out;
}

Tensor resample_grad(const Tensor& grad, const std::shared_ptr<const ResamplePlan>& plan) {
  Recorder rec({&grad});
  const Tensor g = grad.contiguous();
  Tensor out = make_empty(plan->in_sizes, grad.scalar_type(), grad.device());
  detail::backend_of(out).resample_backward(*out.unsafeGetTensorImpl(), *g.unsafeGetTensorImpl(),
                                            plan->taps);
  if (rec) {
    rec.record(plan->backward_node, out, {}, [plan](const FormulaContext& c) {
      return variable_list{resample_apply(c.grad(0), plan)};
    });
  }
  return out;
}

// PyTorch's compute_scales_value: 1 / scale when the user gave a positive scale factor.
template <class T>
T scale_value(std::optional<double> scale, int64_t in, int64_t out) {
  return scale && *scale > 0 ? static_cast<T>(1.0 / *scale)
                             : static_cast<T>(in) / static_cast<T>(out);
}

// PyTorch's area_pixel_compute_scale.
template <class T>
T area_scale(int64_t in, int64_t out, bool align_corners, std::optional<double> scale) {
  if (align_corners) return out > 1 ? static_cast<T>(in - 1) / static_cast<T>(out - 1) : T(0);
  return scale_value<T>(scale, in, out);
}

// PyTorch's area_pixel_compute_source_index.
template <class T>
T source_index(T scale, int64_t o, bool align_corners, bool cubic) {
  if (align_corners) return scale * static_cast<T>(o);
  const T src = scale * (static_cast<T>(o) + T(0.5)) - T(0.5);
  return !cubic && src < 0 ? T(0) : src;
}

// PyTorch's guard_index_and_lambda (floorf, as there, also for double).
template <class T>
void guard(T real, int64_t in, int64_t& index, T& lambda) {
  index = std::min(static_cast<int64_t>(std::floor(static_cast<float>(real))), in - 1);
  lambda = std::min(std::max(real - static_cast<T>(index), T(0)), T(1));
}

template <class T>
T cubic1(T x, T a) {
  return ((a + 2) * x - (a + 3)) * x * x + 1;
}
template <class T>
T cubic2(T x, T a) {
  return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
}

// One dim's taps; T is the type PyTorch computes the index math in (float for float32).
template <class T>
void dim_taps(Mode mode, int64_t in, int64_t out, bool align_corners, std::optional<double> scale,
              detail::ResampleTaps& t, size_t d) {
  auto& index = t.index[d];
  auto& weight = t.weight[d];
  const auto add = [&](int64_t i, double w) {
    index.push_back(std::clamp<int64_t>(i, 0, in - 1));
    weight.push_back(w);
  };
  switch (mode) {
    case Mode::kNearest:
    case Mode::kNearestExact: {
      t.taps[d] = 1;
      const float s = scale_value<float>(scale, in, out);
      for (int64_t o = 0; o < out; ++o) {
        int64_t i;
        if (mode == Mode::kNearestExact) {
          i = static_cast<int64_t>(std::floor(static_cast<float>((o + 0.5) * s)));
        } else if (out == in) {
          i = o;
        } else if (out == 2 * in) {
          i = o >> 1;
        } else {
          i = static_cast<int64_t>(std::floor(static_cast<float>(o) * s));
        }
        add(std::min(i, in - 1), 1.0);
      }
      break;
    }
    case Mode::kLinear: {
      t.taps[d] = 2;
      const T s = area_scale<T>(in, out, align_corners, scale);
      for (int64_t o = 0; o < out; ++o) {
        if (out == in) {
          add(o, 1.0);
          add(o, 0.0);
          continue;
        }
        int64_t i0;
        T l1;
        guard(source_index(s, o, align_corners, false), in, i0, l1);
        add(i0, static_cast<double>(T(1) - l1));
        add(i0 + (i0 < in - 1 ? 1 : 0), static_cast<double>(l1));
      }
      break;
    }
    case Mode::kCubic: {
      t.taps[d] = 4;
      const T s = area_scale<T>(in, out, align_corners, scale);
      const T a = T(-0.75);
      for (int64_t o = 0; o < out; ++o) {
        int64_t i;
        T x;
        guard(source_index(s, o, align_corners, true), in, i, x);
        const T x2 = T(1) - x;
        add(i - 1, static_cast<double>(cubic2(x + T(1), a)));
        add(i, static_cast<double>(cubic1(x, a)));
        add(i + 1, static_cast<double>(cubic1(x2, a)));
        add(i + 2, static_cast<double>(cubic2(x2 + T(1), a)));
      }
      break;
    }
  }
}

Tensor upsample(const Tensor& input, IntArrayRef output_size,
                std::initializer_list<std::optional<double>> scales, Mode mode, bool align_corners,
                const char* op, const char* node, const char* backward_node) {
  const int64_t n = static_cast<int64_t>(scales.size());
  check_defined(input, op);
  check_same_device(op, {&input});
  EMBER_CHECK(static_cast<int64_t>(output_size.size()) == n, op,
              "It is expected output_size equals to ", n, ", but got size ", output_size.size());
  EMBER_CHECK(input.dim() == n + 2, op, "It is expected input_size equals to ", n + 2,
              ", but got size ", input.dim(), " (input of shape ", input.sizes(), ")");
  // PyTorch's order: the spatial sizes first (named D, H, W), then the channels.
  bool positive = true;
  std::ostringstream in_sizes, out_sizes;
  for (int64_t i = 0; i < n; ++i) {
    positive = positive && input.size(2 + i) > 0 && output_size[i] > 0;
    static const char* const names[] = {"D: ", "H: ", "W: "};
    const char* sep = i == 0 ? "" : ", ";
    in_sizes << sep << names[3 - n + i] << input.size(2 + i);
    out_sizes << sep << names[3 - n + i] << output_size[i];
  }
  EMBER_CHECK(positive, op, "Input and output sizes should be greater than 0, but got input (",
              in_sizes.str(), ")", n == 1 ? " and" : "", " output (", out_sizes.str(), ")");
  int64_t inner = 1;
  for (int64_t d = 1; d < input.dim(); ++d) inner *= input.size(d);
  EMBER_CHECK(inner != 0, op, "Non-empty ", n + 2, "D data tensor expected but got a tensor with ",
              "sizes ", input.sizes());
  EMBER_CHECK(is_floating_point(input.scalar_type()), op, "\"", op, "\" not implemented for '",
              input.scalar_type(), "'");
  auto plan = std::make_shared<ResamplePlan>();
  detail::ResampleTaps& t = plan->taps;
  t.planes = input.size(0) * input.size(1);
  for (size_t d = 0; d < static_cast<size_t>(3 - n); ++d) {
    t.index[d] = {0};
    t.weight[d] = {1.0};
  }
  const bool in_double = input.scalar_type() == kDouble;
  auto scale = scales.begin();
  for (int64_t i = 0; i < n; ++i, ++scale) {
    const size_t d = static_cast<size_t>(3 - n + i);
    t.in[d] = input.size(2 + i);
    t.out[d] = output_size[i];
    if (in_double) {
      dim_taps<double>(mode, t.in[d], t.out[d], align_corners, *scale, t, d);
    } else {
      dim_taps<float>(mode, t.in[d], t.out[d], align_corners, *scale, t, d);
    }
  }
  plan->in_sizes = input.sizes().vec();
  plan->out_sizes = plan->in_sizes;
  for (int64_t i = 0; i < n; ++i) plan->out_sizes[2 + i] = output_size[i];
  plan->node = node;
  plan->backward_node = backward_node;
  return resample_apply(input, plan);
}

}  // namespace
}  // namespace detail

using detail::Mode;

Tensor upsample_nearest1d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales) {
  return detail::upsample(input, output_size, {scales}, Mode::kNearest, false, "upsample_nearest1d",
                          "UpsampleNearest1DBackward0", "UpsampleNearest1DBackwardBackward0");
}
Tensor upsample_nearest2d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales_h, std::optional<double> scales_w) {
  return detail::upsample(input, output_size, {scales_h, scales_w}, Mode::kNearest, false,
                          "upsample_nearest2d", "UpsampleNearest2DBackward0",
                          "UpsampleNearest2DBackwardBackward0");
}
Tensor upsample_nearest3d(const Tensor& input, IntArrayRef output_size,
                          std::optional<double> scales_d, std::optional<double> scales_h,
                          std::optional<double> scales_w) {
  return detail::upsample(input, output_size, {scales_d, scales_h, scales_w}, Mode::kNearest, false,
                          "upsample_nearest3d", "UpsampleNearest3DBackward0",
                          "UpsampleNearest3DBackwardBackward0");
}
Tensor _upsample_nearest_exact1d(const Tensor& input, IntArrayRef output_size,
                                 std::optional<double> scales) {
  return detail::upsample(input, output_size, {scales}, Mode::kNearestExact, false,
                          "_upsample_nearest_exact1d", "UpsampleNearestExact1DBackward0",
                          "UpsampleNearestExact1DBackwardBackward0");
}
Tensor _upsample_nearest_exact2d(const Tensor& input, IntArrayRef output_size,
                                 std::optional<double> scales_h, std::optional<double> scales_w) {
  return detail::upsample(input, output_size, {scales_h, scales_w}, Mode::kNearestExact, false,
                          "_upsample_nearest_exact2d", "UpsampleNearestExact2DBackward0",
                          "UpsampleNearestExact2DBackwardBackward0");
}
Tensor _upsample_nearest_exact3d(const Tensor& input, IntArrayRef output_size,
                                 std::optional<double> scales_d, std::optional<double> scales_h,
                                 std::optional<double> scales_w) {
  return detail::upsample(input, output_size, {scales_d, scales_h, scales_w}, Mode::kNearestExact,
                          false, "_upsample_nearest_exact3d", "UpsampleNearestExact3DBackward0",
                          "UpsampleNearestExact3DBackwardBackward0");
}
Tensor upsample_linear1d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                         std::optional<double> scales) {
  return detail::upsample(input, output_size, {scales}, Mode::kLinear, align_corners,
                          "upsample_linear1d", "UpsampleLinear1DBackward0",
                          "UpsampleLinear1DBackwardBackward0");
}
Tensor upsample_bilinear2d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                           std::optional<double> scales_h, std::optional<double> scales_w) {
  return detail::upsample(input, output_size, {scales_h, scales_w}, Mode::kLinear, align_corners,
                          "upsample_bilinear2d", "UpsampleBilinear2DBackward0",
                          "UpsampleBilinear2DBackwardBackward0");
}
Tensor upsample_bicubic2d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                          std::optional<double> scales_h, std::optional<double> scales_w) {
  return detail::upsample(input, output_size, {scales_h, scales_w}, Mode::kCubic, align_corners,
                          "upsample_bicubic2d", "UpsampleBicubic2DBackward0",
                          "UpsampleBicubic2DBackwardBackward0");
}
Tensor upsample_trilinear3d(const Tensor& input, IntArrayRef output_size, bool align_corners,
                            std::optional<double> scales_d, std::optional<double> scales_h,
                            std::optional<double> scales_w) {
  return detail::upsample(input, output_size, {scales_d, scales_h, scales_w}, Mode::kLinear,
                          align_corners, "upsample_trilinear3d", "UpsampleTrilinear3DBackward0",
                          "UpsampleTrilinear3DBackwardBackward0");
}

}  // namespace ember
