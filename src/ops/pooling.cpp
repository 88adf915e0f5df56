// Max and average pooling over sliding windows (max_pool*, avg_pool*), and the recorded internal
// ops all pooling backward formulas are made of (Note [Pool windows] in
// backend/cpu/pool_kernels.h).
#include <algorithm>
#include <string>
#include <string_view>

#include "autograd/record.h"
#include "ember/ops/indexing.h"
#include "ember/ops/pooling.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/op_util.h"
#include "ops/pooling_util.h"

namespace ember {
namespace detail {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

void check_pool_input(const Tensor& input, int64_t n, const char* op, bool adaptive) {
  check_defined(input, op);
  check_same_device(op, {&input});
  const int64_t nd = input.dim();
  // PyTorch's wording: adaptive ops say how many dims they need at least, sliding ones which
  // ranks they take.
  if (adaptive && nd < n + 1) {
    EMBER_FAIL(op, "Input dimension should be at least ", n + 1, ", but got ", nd,
               "-dimensional input of size ", input.sizes(), " (expected ", n + 1, " to ", n + 2,
               " dimensions)");
  }
  EMBER_CHECK(nd == n + 1 || nd == n + 2, op, "Expected ", n + 1, "D or ", n + 2,
              "D (batch mode) tensor with optional 0 dim batch size for input, but got: ",
              input.sizes(), " (expected ", n + 1, " to ", n + 2, " dimensions, but got ", nd, ")");
  // Only the batch dim may be empty; adaptive ops let dim 0 be empty whatever the rank.
  const int64_t first = adaptive || nd == n + 2 ? 1 : 0;
  for (int64_t d = first; d < nd; ++d) {
    if (input.size(d) != 0) continue;
    if (adaptive) {
      EMBER_FAIL(op, "Expected input to have non-zero size for non-batch dimensions, but input ",
                 "has sizes ", input.sizes(), " with dimension ", d, " being empty");
    }
    if (n == 3) {
      EMBER_FAIL(op, "Expected input's non-batch dimensions to have positive length, but input ",
                 "has a shape of ", input.sizes(), " and non-batch dimension ", d - first,
                 " has length zero!");
    }
    EMBER_FAIL(
        op, "Expected ", n + 1, "D or ", n + 2,
        "D (batch mode) tensor with optional 0 dim batch size for input, but got: ", input.sizes());
  }
  EMBER_CHECK(is_floating_point(input.scalar_type()), op, "\"", op, "\" not implemented for '",
              input.scalar_type(), "'");
}

detail::PoolWindows plan_for(const Tensor& input, int64_t n) {
  detail::PoolWindows w;
  const int64_t nd = input.dim();
  w.planes = 1;
  for (int64_t d = 0; d < nd - n; ++d) w.planes *= input.size(d);
  for (int64_t i = 0; i < 3; ++i) {
    if (i < 3 - n) {  // a trivial leading window dim
      w.start[i] = {0};
      w.end[i] = {1};
      w.divisor[i] = {1};
    } else {
      w.in[i] = input.size(nd - 3 + i);
    }
  }
  return w;
}

std::vector<int64_t> pooled_sizes(const Tensor& input, const detail::PoolWindows& w, int64_t n) {
  std::vector<int64_t> sizes = input.sizes().vec();
  for (int64_t i = 0; i < n; ++i) sizes[sizes.size() - n + i] = w.out[3 - n + i];
  return sizes;
}

const char* node_name(const std::array<const char*, 3>& names, int64_t n) {
  return names[static_cast<size_t>(n - 1)];
}

Tensor plane_gather(const Tensor& t, const Tensor& indices, int64_t n) {
  const int64_t d = t.dim();
  return gather(t.flatten(d - n, d - 1), -1, indices.flatten(d - n, d - 1)).view(indices.sizes());
}

Tensor max_pool_grad(const Tensor& grad, const Tensor& indices, IntArrayRef input_sizes,
                     int64_t n) {
  Recorder rec({&grad});
  const Tensor g = grad.contiguous();
  const Tensor i = indices.contiguous();
  Tensor out = make_empty(input_sizes, grad.scalar_type(), grad.device());
  int64_t plane = 1;
  for (int64_t k = 0; k < n; ++k) plane *= input_sizes[input_sizes.size() - 1 - k];
  detail::backend_of(out).plane_scatter(*out.unsafeGetTensorImpl(), *g.unsafeGetTensorImpl(),
                                        *i.unsafeGetTensorImpl(), plane, /*accumulate=*/true,
                                        /*check=*/false, "max_pool_backward");
  if (rec) {
    rec.record("MaxPoolBackwardBackward0", out, {indices}, [n](const FormulaContext& c) {
      return variable_list{plane_gather(c.grad(0), c.saved(0), n)};
    });
  }
  return out;
}

Tensor avg_pool_apply(const Tensor& input, const std::shared_ptr<const AvgPlan>& plan) {
  Recorder rec({&input});
  const Tensor x = input.contiguous();
  Tensor out = make_empty(plan->out_sizes, input.scalar_type(), input.device());
  detail::backend_of(out).avg_pool(*out.unsafeGetTensorImpl(), *x.unsafeGetTensorImpl(),
                                   plan->windows);
  if (rec) {
    rec.record(plan->node, out, {}, [plan](const FormulaContext& c) {
      return variable_list{avg_pool_grad(c.grad(0), plan)};
    });
  }
  return out;
}

Tensor avg_pool_grad(const Tensor& grad, const std::shared_ptr<const AvgPlan>& plan) {
  Recorder rec({&grad});
  const Tensor g = grad.contiguous();
  Tensor out = make_empty(plan->in_sizes, grad.scalar_type(), grad.device());
  detail::backend_of(out).avg_pool_backward(*out.unsafeGetTensorImpl(), *g.unsafeGetTensorImpl(),
                                            plan->windows);
  if (rec) {
    rec.record(plan->backward_node, out, {}, [plan](const FormulaContext& c) {
      return variable_list{avg_pool_apply(c.grad(0), plan)};
    });
  }
  return out;
}

std::tuple<Tensor, Tensor> max_pool_apply(const Tensor& input, const detail::PoolWindows& w,
                                          int64_t n, bool want_indices, const char* node) {
  Recorder rec({&input});
  const Tensor x = input.contiguous();
  const std::vector<int64_t> sizes = pooled_sizes(input, w, n);
  Tensor out = make_empty(sizes, input.scalar_type(), input.device());
  Tensor indices = want_indices || rec ? make_empty(sizes, kLong, input.device()) : Tensor();
  detail::backend_of(out).max_pool(*out.unsafeGetTensorImpl(), indices.unsafeGetTensorImpl(),
                                   *x.unsafeGetTensorImpl(), w);
  if (rec) {
    rec.record(node, {out, indices}, {indices},
               [n, in_sizes = input.sizes().vec()](const FormulaContext& c) {
                 return variable_list{max_pool_grad(c.grad(0), c.saved(0), in_sizes, n)};
               });
  }
  return {out, want_indices ? indices : Tensor()};
}

namespace {

// Kernel size, stride, padding and dilation of an n-d pooling op, one value per spatial dim.
struct WindowArgs {
  int64_t n;
  std::array<int64_t, 3> kernel{}, stride{}, pad{}, dilation{};
  bool ceil_mode;
};

std::array<int64_t, 3> expand_arg(IntArrayRef v, int64_t n, const char* op, const char* what,
                                  const char* empty_ok) {
  std::array<int64_t, 3> r{};
  const int64_t len = static_cast<int64_t>(v.size());
  if (n == 1) {
    EMBER_CHECK(len == 1, op, what, " must be an int, list of ints or tuple of ints of size 1 ",
                "but got size ", len);
  }
  EMBER_CHECK(len == 1 || len == n, op, what, " must either be ", empty_ok,
              "a single int, or a tuple of ", n == 2 ? "two" : "three", " ints, but got ", v);
  for (int64_t i = 0; i < n; ++i) r[i] = v[len == 1 ? 0 : i];
  return r;
}

// The dilations as PyTorch's shape checks print them: "dilationH: 1 dilationW: 0".
std::string dilation_string(const std::array<int64_t, 3>& dilation, int64_t n) {
  static const char* const names[] = {"dilationT: ", "dilationH: ", "dilationW: "};
  std::string s;
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0) s += ' ';
    s += names[3 - n + i] + std::to_string(dilation[i]);
  }
  return s;
}

// max_pool1d has its own checks in PyTorch (max_pool1d_impl), in their own words and order; the
// other ops check as pooling_output_shape and pool{2,3}d_shape_check do: a zero stride first
// (the stride defaults to the kernel size, so a zero kernel size reports it too), then the
// padding, then the signs of kernel size, stride and dilation.
WindowArgs parse_window_args(const char* op, int64_t n, IntArrayRef kernel_size, IntArrayRef stride,
                             IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  WindowArgs a{n, {}, {}, {}, {}, ceil_mode};
  a.kernel = expand_arg(kernel_size, n, op, "kernel_size", "");
  a.stride = stride.empty() ? a.kernel : expand_arg(stride, n, op, "stride", "omitted, ");
  a.pad = expand_arg(padding, n, op, "padding", "");
  a.dilation = expand_arg(dilation, n, op, "dilation", "");
  if (std::string_view(op) == "max_pool1d") {
    EMBER_CHECK(a.kernel[0] > 0, op, "kernel_size must be greater than zero, but got ",
                a.kernel[0]);
    EMBER_CHECK(a.stride[0] > 0, op, "stride must be greater than zero, but got ", a.stride[0]);
    EMBER_CHECK(a.pad[0] >= 0, op, "padding must be non-negative, but got ", a.pad[0]);
    EMBER_CHECK(a.pad[0] <= a.kernel[0] / 2, op,
                "padding should be at most half of kernel size, but got padding=", a.pad[0],
                " and kernel_size=", a.kernel[0]);
    EMBER_CHECK(a.dilation[0] > 0, op, "dilation must be greater than zero, but got ",
                a.dilation[0]);
  }
  for (int64_t i = 0; i < n; ++i) {
    EMBER_CHECK(a.stride[i] != 0, op, "stride should not be zero");
    EMBER_CHECK(a.pad[i] >= 0, op, "pad must be non-negative, but got pad: ", a.pad[i]);
    EMBER_CHECK(a.pad[i] <= a.kernel[i] / 2, op,
                "pad should be at most half of kernel size, but got pad=", a.pad[i],
                " and kernel_size=", a.kernel[i]);
  }
  for (int64_t i = 0; i < n; ++i) {
    EMBER_CHECK(a.kernel[i] > 0, op, "kernel size should be greater than zero, but got ",
                kernel_size);
    EMBER_CHECK(a.stride[i] > 0, op, "stride should be greater than zero, but got ", stride);
    EMBER_CHECK(a.dilation[i] > 0, op, "dilation should be greater than zero, but got ",
                dilation_string(a.dilation, n));
    // The output-size arithmetic must not overflow: (kernel - 1) * dilation and the stride stay
    // below 2^62 (nothing real comes close).
    int64_t span = 0;
    EMBER_CHECK(!__builtin_mul_overflow(a.kernel[i] - 1, a.dilation[i], &span) &&
                    span < (int64_t{1} << 62) && a.stride[i] < (int64_t{1} << 62),
                op, "kernel_size ", kernel_size, ", stride ", stride, " and dilation ", dilation,
                " are too large");
  }
  return a;
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// PyTorch's pooling_output_shape: with ceil_mode the last window must start inside the input
// or the left padding.
int64_t pooled_length(int64_t in, int64_t k, int64_t pad, int64_t stride, int64_t dilation,
                      bool ceil_mode) {
  int64_t out =
      floor_div(in + 2 * pad - dilation * (k - 1) - 1 + (ceil_mode ? stride - 1 : 0), stride) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

std::string size_string(const Tensor& input, int64_t n, const std::array<int64_t, 3>& spatial) {
  std::string s = std::to_string(input.size(-n - 1));
  for (int64_t i = 0; i < n; ++i) {
    s += 'x';
    s += std::to_string(spatial[i]);
  }
  return s;
}

// Windows of a sliding-window op: max walks [start, end) with the dilation as step; average
// pooling (dilation 1) divides by the window's length over input plus padding or over the
// input alone.
detail::PoolWindows fixed_windows(const Tensor& input, const WindowArgs& a, bool count_include_pad,
                                  const char* op) {
  const int64_t n = a.n;
  detail::PoolWindows w = plan_for(input, n);
  std::array<int64_t, 3> in{}, out{};
  for (int64_t i = 0; i < n; ++i) {
    in[i] = input.size(input.dim() - n + i);
    out[i] = pooled_length(in[i], a.kernel[i], a.pad[i], a.stride[i], a.dilation[i], a.ceil_mode);
  }
  EMBER_CHECK(std::all_of(out.begin(), out.begin() + n, [](int64_t o) { return o >= 1; }), op,
              "Given input size: (", size_string(input, n, in), "). Calculated output size: (",
              size_string(input, n, out), "). Output size is too small");
  for (int64_t i = 0; i < n; ++i) {
    const int64_t d = 3 - n + i;
    const int64_t k = a.kernel[i], s = a.stride[i], p = a.pad[i], dil = a.dilation[i];
    w.out[d] = out[i];
    w.step[d] = dil;
    w.start[d].resize(out[i]);
    w.end[d].resize(out[i]);
    w.divisor[d].resize(out[i]);
    for (int64_t o = 0; o < out[i]; ++o) {
      int64_t lo = o * s - p;
      const int64_t hi = std::min(lo + (k - 1) * dil + 1, in[i]);
      const int64_t padded_hi = std::min(lo + k, in[i] + p);  // average pooling only
      const int64_t padded_len = padded_hi - lo;
      while (lo < 0) lo += dil;
      w.start[d][o] = lo;
      w.end[d][o] = hi;
      w.divisor[d][o] = count_include_pad ? padded_len : std::min(padded_hi, in[i]) - lo;
    }
  }
  w.two_by_two = n >= 2 && w.in[0] == 1 && w.out[0] == 1;
  for (int64_t i = n - 2; i < n && w.two_by_two; ++i) {
    w.two_by_two = a.kernel[i] == 2 && a.stride[i] == 2 && a.pad[i] == 0 && a.dilation[i] == 1 &&
                   2 * out[i] <= in[i];
  }
  return w;
}

constexpr std::array<const char*, 3> kMaxNodes = {"MaxPool1DWithIndicesBackward0",
                                                  "MaxPool2DWithIndicesBackward0",
                                                  "MaxPool3DWithIndicesBackward0"};
constexpr std::array<const char*, 3> kAvgNodes = {"AvgPool1DBackward0", "AvgPool2DBackward0",
                                                  "AvgPool3DBackward0"};
constexpr std::array<const char*, 3> kAvgBackwardNodes = {
    "AvgPool1DBackwardBackward0", "AvgPool2DBackwardBackward0", "AvgPool3DBackwardBackward0"};

std::tuple<Tensor, Tensor> max_pool_nd(const Tensor& input, int64_t n, IntArrayRef kernel_size,
                                       IntArrayRef stride, IntArrayRef padding,
                                       IntArrayRef dilation, bool ceil_mode, bool want_indices,
                                       const char* op) {
  check_pool_input(input, n, op, false);
  const WindowArgs a = parse_window_args(op, n, kernel_size, stride, padding, dilation, ceil_mode);
  const detail::PoolWindows w = fixed_windows(input, a, true, op);
  return max_pool_apply(input, w, n, want_indices, node_name(kMaxNodes, n));
}

Tensor avg_pool_nd(const Tensor& input, int64_t n, IntArrayRef kernel_size, IntArrayRef stride,
                   IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                   std::optional<int64_t> divisor_override, const char* op) {
  check_pool_input(input, n, op, false);
  const WindowArgs a = parse_window_args(op, n, kernel_size, stride, padding, 1, ceil_mode);
  EMBER_CHECK(!divisor_override || *divisor_override != 0, op, "divisor must be not zero");
  if (n == 3) {
    // PyTorch's avg_pool3d (pool3d_shape_check with check_input_size) wants the input, without
    // its padding, at least as large as the kernel.
    const int64_t nd = input.dim();
    const int64_t t = input.size(nd - 3), h = input.size(nd - 2), w = input.size(nd - 1);
    EMBER_CHECK(t >= a.kernel[0] && h >= a.kernel[1] && w >= a.kernel[2], op, "input image (T: ", t,
                " H: ", h, " W: ", w, ") smaller than kernel size (kT: ", a.kernel[0],
                " kH: ", a.kernel[1], " kW: ", a.kernel[2], ")");
  }
  auto plan = std::make_shared<AvgPlan>();
  plan->windows = fixed_windows(input, a, count_include_pad, op);
  plan->windows.divisor_override = divisor_override.value_or(0);
  plan->in_sizes = input.sizes().vec();
  plan->out_sizes = pooled_sizes(input, plan->windows, n);
  plan->node = node_name(kAvgNodes, n);
  plan->backward_node = node_name(kAvgBackwardNodes, n);
  return avg_pool_apply(input, plan);
}

}  // namespace
}  // namespace detail

std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  return detail::max_pool_nd(input, 1, kernel_size, stride, padding, dilation, ceil_mode, true,
                             "max_pool1d_with_indices");
}
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  return detail::max_pool_nd(input, 2, kernel_size, stride, padding, dilation, ceil_mode, true,
                             "max_pool2d_with_indices");
}
std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& input, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  return detail::max_pool_nd(input, 3, kernel_size, stride, padding, dilation, ceil_mode, true,
                             "max_pool3d_with_indices");
}
Tensor max_pool1d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(detail::max_pool_nd(input, 1, kernel_size, stride, padding, dilation,
                                         ceil_mode, false, "max_pool1d"));
}
Tensor max_pool2d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(detail::max_pool_nd(input, 2, kernel_size, stride, padding, dilation,
                                         ceil_mode, false, "max_pool2d"));
}
Tensor max_pool3d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(detail::max_pool_nd(input, 3, kernel_size, stride, padding, dilation,
                                         ceil_mode, false, "max_pool3d"));
}

Tensor avg_pool1d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad) {
  return detail::avg_pool_nd(input, 1, kernel_size, stride, padding, ceil_mode, count_include_pad,
                             std::nullopt, "avg_pool1d");
}
Tensor avg_pool2d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  return detail::avg_pool_nd(input, 2, kernel_size, stride, padding, ceil_mode, count_include_pad,
                             divisor_override, "avg_pool2d");
}
Tensor avg_pool3d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  return detail::avg_pool_nd(input, 3, kernel_size, stride, padding, ceil_mode, count_include_pad,
                             divisor_override, "avg_pool3d");
}

}  // namespace ember
