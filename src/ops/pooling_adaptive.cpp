// Adaptive pooling (adaptive_avg_pool*, adaptive_max_pool*) and max_unpool*: adaptive windows
// feed the same kernels as sliding ones (Note [Pool windows] in backend/cpu/pool_kernels.h).
#include "autograd/record.h"
#include "ember/ops/pooling.h"
#include "ops/backend.h"
#include "ops/op_util.h"
#include "ops/pooling_util.h"

namespace ember {
namespace detail {
namespace {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

// Output position o of a dim of length `in` pools [floor(o * in / out), ceil((o + 1) * in / out)).
detail::PoolWindows adaptive_windows(const Tensor& input, IntArrayRef output_size, int64_t n,
                                     const char* op) {
  EMBER_CHECK(static_cast<int64_t>(output_size.size()) == n, op, "output_size must have ", n,
              " elements, got ", output_size);
  for (int64_t o : output_size) {
    EMBER_CHECK(o >= 0, op, "elements of output_size must be greater than or equal to 0, but got ",
                output_size);
  }
  detail::PoolWindows w = plan_for(input, n);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t d = 3 - n + i, in = w.in[d], out = output_size[i];
    w.out[d] = out;
    w.start[d].resize(out);
    w.end[d].resize(out);
    w.divisor[d].resize(out);
    for (int64_t o = 0; o < out; ++o) {
      w.start[d][o] = o * in / out;
      w.end[d][o] = ((o + 1) * in + out - 1) / out;
      w.divisor[d][o] = w.end[d][o] - w.start[d][o];
    }
  }
  return w;
}

constexpr std::array<const char*, 3> kAvgNodes = {
    "AdaptiveAvgPool1DBackward0", "AdaptiveAvgPool2DBackward0", "AdaptiveAvgPool3DBackward0"};
constexpr std::array<const char*, 3> kAvgBackwardNodes = {"AdaptiveAvgPool1DBackwardBackward0",
                                                          "AdaptiveAvgPool2DBackwardBackward0",
                                                          "AdaptiveAvgPool3DBackwardBackward0"};
constexpr std::array<const char*, 3> kMaxNodes = {
    "AdaptiveMaxPool1DBackward0", "AdaptiveMaxPool2DBackward0", "AdaptiveMaxPool3DBackward0"};
constexpr std::array<const char*, 3> kUnpoolNodes = {"MaxUnpool1DBackward0", "MaxUnpool2DBackward0",
                                                     "MaxUnpool3DBackward0"};

Tensor adaptive_avg_pool_nd(const Tensor& input, IntArrayRef output_size, int64_t n,
                            const char* op) {
  check_pool_input(input, n, op, true);
  auto plan = std::make_shared<AvgPlan>();
  plan->windows = adaptive_windows(input, output_size, n, op);
  plan->in_sizes = input.sizes().vec();
  plan->out_sizes = pooled_sizes(input, plan->windows, n);
  plan->node = node_name(kAvgNodes, n);
  plan->backward_node = node_name(kAvgBackwardNodes, n);
  return avg_pool_apply(input, plan);
}

std::tuple<Tensor, Tensor> adaptive_max_pool_nd(const Tensor& input, IntArrayRef output_size,
                                                int64_t n, const char* op) {
  check_pool_input(input, n, op, true);
  const detail::PoolWindows w = adaptive_windows(input, output_size, n, op);
  return max_pool_apply(input, w, n, true, node_name(kMaxNodes, n));
}

Tensor max_unpool_nd(const Tensor& input, const Tensor& indices, IntArrayRef output_size, int64_t n,
                     const char* op) {
  check_defined(input, op);
  check_defined(indices, op, "indices");
  check_same_device(op, {&input, &indices});
  EMBER_CHECK(indices.scalar_type() == kLong, op,
              "elements in indices should be type int64 but got: ", indices.scalar_type());
  static const char* const expected[] = {"one element (width)", "two elements (height, width)",
                                         "three elements (depth, height, width)"};
  EMBER_CHECK(static_cast<int64_t>(output_size.size()) == n, op, "There should be exactly ",
              expected[n - 1], " in output_size, but got ", output_size.size(), " elements.");
  EMBER_CHECK(input.sizes() == indices.sizes(), op,
              "Expected shape of indices to be same as that of the input tensor (", input.sizes(),
              ") but got indices tensor with shape: ", indices.sizes());
  check_pool_input(input, n, op, true);
  int64_t plane = 1;
  for (int64_t o : output_size) {
    EMBER_CHECK(o >= 0, op, "expected non-negative output_size, got ", output_size);
    plane *= o;
  }
  std::vector<int64_t> sizes = input.sizes().vec();
  for (int64_t i = 0; i < n; ++i) sizes[sizes.size() - n + i] = output_size[i];
  EMBER_CHECK(plane > 0 || input.numel() == 0, op,
              "Found an invalid max index: every index is outside an empty output_size ",
              output_size);
  Recorder rec({&input});
  const Tensor x = input.contiguous();
  const Tensor i = indices.contiguous();
  Tensor out = make_empty(sizes, input.scalar_type(), input.device());
  detail::backend_of(out).plane_scatter(*out.unsafeGetTensorImpl(), *x.unsafeGetTensorImpl(),
                                        *i.unsafeGetTensorImpl(), plane, /*accumulate=*/false,
                                        /*check=*/true, op);
  if (rec) {
    rec.record(node_name(kUnpoolNodes, n), out, {indices}, [n](const FormulaContext& c) {
      return variable_list{plane_gather(c.grad(0), c.saved(0), n)};
    });
  }
  return out;
}

}  // namespace
}  // namespace detail

Tensor adaptive_avg_pool1d(const Tensor& input, IntArrayRef output_size) {
  return detail::adaptive_avg_pool_nd(input, output_size, 1, "adaptive_avg_pool1d");
}
Tensor adaptive_avg_pool2d(const Tensor& input, IntArrayRef output_size) {
  return detail::adaptive_avg_pool_nd(input, output_size, 2, "adaptive_avg_pool2d");
}
Tensor adaptive_avg_pool3d(const Tensor& input, IntArrayRef output_size) {
  return detail::adaptive_avg_pool_nd(input, output_size, 3, "adaptive_avg_pool3d");
}
std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor& input, IntArrayRef output_size) {
  return detail::adaptive_max_pool_nd(input, output_size, 1, "adaptive_max_pool1d");
}
std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& input, IntArrayRef output_size) {
  return detail::adaptive_max_pool_nd(input, output_size, 2, "adaptive_max_pool2d");
}
std::tuple<Tensor, Tensor> adaptive_max_pool3d(const Tensor& input, IntArrayRef output_size) {
  return detail::adaptive_max_pool_nd(input, output_size, 3, "adaptive_max_pool3d");
}

Tensor max_unpool1d(const Tensor& input, const Tensor& indices, IntArrayRef output_size) {
  return detail::max_unpool_nd(input, indices, output_size, 1, "max_unpool1d");
}
Tensor max_unpool2d(const Tensor& input, const Tensor& indices, IntArrayRef output_size) {
  return detail::max_unpool_nd(input, indices, output_size, 2, "max_unpool2d");
}
Tensor max_unpool3d(const Tensor& input, const Tensor& indices, IntArrayRef output_size,
                    IntArrayRef stride, IntArrayRef padding) {
  const char* op = "max_unpool3d";
  EMBER_CHECK(stride.size() == 3, op,
              "There should be exactly three elements (depth, height, width) in stride, but got: ",
              stride.size(), " elements.");
  EMBER_CHECK(padding.size() == 3, op,
              "There should be exactly three elements (depth, height, width) in padding, but "
              "got: ",
              padding.size(), " elements.");
  for (int64_t s : stride) {
    EMBER_CHECK(s > 0, op, "stride should be greater than zero, but got stride: ", stride);
  }
  return detail::max_unpool_nd(input, indices, output_size, 3, op);
}

}  // namespace ember
