// layer_norm, batch_norm, group_norm (Note [Fused normalisation] in
// backend/cpu/norm_kernels.cpp). Backward formulas follow Note [Fused backward, composite double
// backward] (ops/softmax.cpp): the fused kernel, or under create_graph the same gradient written
// with public ops, the statistics recomputed from the input so that they are differentiated too.
#include "ember/ops/normalization.h"
#include "autograd/record.h"
#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduction.h"
#include "ops/backend.h"
#include "ops/op_util.h"

namespace ember {
namespace {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;
using detail::make_empty;

const detail::TensorImpl* impl_or_null(const Tensor& t) {
  return t.defined() ? t.unsafeGetTensorImpl() : nullptr;
}

// The dtype of saved statistics: the compute dtype (float for the 16-bit floats).
ScalarType stat_dtype(const Tensor& input) {
  const ScalarType t = input.scalar_type();
  return t == kHalf || t == kBFloat16 ? kFloat : t;
}

Tensor contiguous_or_null(const Tensor& t) {
  return t.defined() ? t.contiguous() : Tensor();
}

void check_param_dtype(const Tensor& p, const Tensor& input, const char* op, const char* what) {
  if (!p.defined()) return;
  EMBER_CHECK(p.scalar_type() == input.scalar_type(), op, "expected ", what, " of dtype ",
              input.scalar_type(), ", got ", p.scalar_type());
}

// ---- Layer norm ------------------------------------------------------------------------------

// Gradients (input, weight, bias) of layer norm over the rows of x viewed as (M, N).
variable_list layer_norm_backward(const Tensor& g, const Tensor& x, const Tensor& mean,
                                  const Tensor& rstd, const Tensor& w, IntArrayRef norm_shape,
                                  int64_t M, int64_t N, double eps, bool need_x, bool need_w,
                                  bool need_b) {
  if (GradMode::is_enabled()) {
    const Tensor x2 = x.reshape({M, N});
    const Tensor g2 = g.reshape({M, N});
    const Tensor mu = x2.mean({1}, true);
    const Tensor xc = x2 - mu;
    const Tensor rs = ((xc * xc).mean({1}, true) + eps).rsqrt();
    const Tensor xhat = xc * rs;
    const Tensor a = w.defined() ? g2 * w.reshape({1, N}) : g2;
    Tensor dx, dw, db;
    if (need_x) {
      dx = (rs * (a - a.mean({1}, true) - xhat * (a * xhat).mean({1}, true))).view(x.sizes());
    }
    if (need_w) dw = (g2 * xhat).sum({0}).view(norm_shape);
    if (need_b) db = g2.sum({0}).view(norm_shape);
    return {dx, dw, db};
  }
  const Tensor gc = g.to(x.scalar_type()).contiguous();
  const Tensor xc = x.contiguous();
  const Tensor wc = contiguous_or_null(w);
  Tensor dx = need_x ? make_empty(x.sizes(), x.scalar_type(), x.device()) : Tensor();
  Tensor dw = need_w ? make_empty(norm_shape, x.scalar_type(), x.device()) : Tensor();
  Tensor db = need_b ? make_empty(norm_shape, x.scalar_type(), x.device()) : Tensor();
  detail::backend_of(gc).layer_norm_backward(impl_or_null(dx), impl_or_null(dw), impl_or_null(db),
                                             *gc.unsafeGetTensorImpl(), *xc.unsafeGetTensorImpl(),
                                             *mean.unsafeGetTensorImpl(),
                                             *rstd.unsafeGetTensorImpl(), impl_or_null(wc), M, N);
  return {dx, dw, db};
}

// ---- Batch norm ------------------------------------------------------------------------------

// The dims batch norm reduces over (all but 1) and the (1, C, 1, ...) shape of a channel vector.
std::vector<int64_t> batch_dims(int64_t rank) {
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < rank; ++d) dims.push_back(d);
  return dims;
}
std::vector<int64_t> channel_shape(const Tensor& x) {
  std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
  shape[1] = x.size(1);
  return shape;
}

detail::BatchNormShape bn_shape(const Tensor& x) {
  int64_t spatial = 1;
  for (int64_t d = 2; d < x.dim(); ++d) spatial *= x.size(d);
  return {x.size(0), x.size(1), spatial};
}

variable_list batch_norm_backward(const Tensor& g, const Tensor& x, const Tensor& w,
                                  const Tensor& mean, const Tensor& invstd, bool training,
                                  double eps, bool need_x, bool need_w, bool need_b) {
  if (GradMode::is_enabled()) {
    const auto dims = batch_dims(x.dim());
    const auto cs = channel_shape(x);
    Tensor mu = mean.view(cs);
    Tensor is = invstd.view(cs);
    if (training) {
      mu = x.mean(dims, true);
      is = ((x - mu).square().mean(dims, true) + eps).rsqrt();
    }
    const Tensor xhat = (x - mu) * is;
    const Tensor k = w.defined() ? is * w.view(cs) : is;
    Tensor dx, dw, db;
    if (need_x) {
      dx = training ? k * (g - g.mean(dims, true) - xhat * (g * xhat).mean(dims, true)) : g * k;
    }
    if (need_w) dw = (g * xhat).sum(dims);
    if (need_b) db = g.sum(dims);
    return {dx, dw, db};
  }
  const Tensor gc = g.to(x.scalar_type()).contiguous();
  const Tensor xc = x.contiguous();
  const Tensor wc = contiguous_or_null(w);
  Tensor dx = need_x ? make_empty(x.sizes(), x.scalar_type(), x.device()) : Tensor();
  Tensor dw = need_w ? make_empty({x.size(1)}, x.scalar_type(), x.device()) : Tensor();
  Tensor db = need_b ? make_empty({x.size(1)}, x.scalar_type(), x.device()) : Tensor();
  detail::backend_of(gc).batch_norm_backward(
      impl_or_null(dx), impl_or_null(dw), impl_or_null(db), *gc.unsafeGetTensorImpl(),
      *xc.unsafeGetTensorImpl(), *mean.unsafeGetTensorImpl(), *invstd.unsafeGetTensorImpl(),
      impl_or_null(wc), bn_shape(x), training);
  return {dx, dw, db};
}

void check_channel_vector(const Tensor& t, int64_t channels, const char* what) {
  if (!t.defined()) return;
  EMBER_CHECK(t.numel() == channels, "batch_norm", what, " should contain ", channels,
              " elements not ", t.numel());
}

}  // namespace

std::tuple<Tensor, Tensor, Tensor> native_layer_norm(const Tensor& input,
                                                     IntArrayRef normalized_shape,
                                                     const Tensor& weight, const Tensor& bias,
                                                     double eps) {
  const char* op = "layer_norm";
  detail::check_defined(input, op, "input");
  detail::check_same_device(op, {&input, &weight, &bias});
  const int64_t nd = static_cast<int64_t>(normalized_shape.size());
  EMBER_CHECK(nd >= 1, op,
              "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
              "one element, but got normalized_shape = ",
              normalized_shape);
  EMBER_CHECK(!weight.defined() || weight.sizes() == normalized_shape, op,
              "Expected weight to be of same shape as normalized_shape, but got weight of shape ",
              weight.sizes(), " and normalized_shape = ", normalized_shape);
  EMBER_CHECK(!bias.defined() || bias.sizes() == normalized_shape, op,
              "Expected bias to be of same shape as normalized_shape, but got bias of shape ",
              bias.sizes(), " and normalized_shape = ", normalized_shape);
  const int64_t axis = input.dim() - nd;
  EMBER_CHECK(axis >= 0 && input.sizes().slice(static_cast<size_t>(axis)) == normalized_shape, op,
              "Given normalized_shape=", normalized_shape, ", expected input with shape [*, ",
              normalized_shape, "], but got input of size", input.sizes());
  EMBER_CHECK(input.is_floating_point(), op, "not implemented for '", input.scalar_type(), "'");
  check_param_dtype(weight, input, op, "weight");
  check_param_dtype(bias, input, op, "bias");
  int64_t M = 1, N = 1;
  for (int64_t d = 0; d < input.dim(); ++d) (d < axis ? M : N) *= input.size(d);
  std::vector<int64_t> stat_shape(input.sizes().begin(), input.sizes().begin() + axis);
  stat_shape.resize(static_cast<size_t>(input.dim()), 1);

  Recorder rec({&input, &weight, &bias});
  const Tensor x = input.contiguous();
  const Tensor w = contiguous_or_null(weight);
  const Tensor b = contiguous_or_null(bias);
  Tensor out = make_empty(input.sizes(), input.scalar_type(), input.device(), op);
  Tensor mean = make_empty(stat_shape, stat_dtype(input), input.device(), op);
  Tensor rstd = make_empty(stat_shape, stat_dtype(input), input.device(), op);
  detail::backend_of(out).layer_norm(*out.unsafeGetTensorImpl(), *mean.unsafeGetTensorImpl(),
                                     *rstd.unsafeGetTensorImpl(), *x.unsafeGetTensorImpl(),
                                     impl_or_null(w), impl_or_null(b), M, N, eps);
  if (rec) {
    const std::vector<int64_t> shape(normalized_shape.begin(), normalized_shape.end());
    rec.record("NativeLayerNormBackward0", out, {input, weight, mean, rstd},
               [shape, M, N, eps](const FormulaContext& c) {
                 return layer_norm_backward(c.grad(0), c.saved(0), c.saved(2), c.saved(3),
                                            c.saved(1), shape, M, N, eps, c.needs(0), c.needs(1),
                                            c.needs(2));
               });
  }
  return {out, mean, rstd};
}

Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight,
                  const Tensor& bias, double eps) {
  return std::get<0>(native_layer_norm(input, normalized_shape, weight, bias, eps));
}

std::tuple<Tensor, Tensor, Tensor> native_batch_norm(const Tensor& input, const Tensor& weight,
                                                     const Tensor& bias, const Tensor& running_mean,
                                                     const Tensor& running_var, bool training,
                                                     double momentum, double eps) {
  const char* op = "batch_norm";
  detail::check_defined(input, op, "input");
  detail::check_same_device(op, {&input, &weight, &bias, &running_mean, &running_var});
  EMBER_CHECK(input.dim() >= 2, op, "expected an input of 2 or more dims (N, C, ...), got ",
              input.sizes());
  EMBER_CHECK(input.is_floating_point(), op, "not implemented for '", input.scalar_type(), "'");
  const int64_t channels = input.size(1);
  check_channel_vector(weight, channels, "weight");
  check_channel_vector(bias, channels, "bias");
  check_channel_vector(running_mean, channels, "running_mean");
  check_channel_vector(running_var, channels, "running_var");
  check_param_dtype(weight, input, op, "weight");
  check_param_dtype(bias, input, op, "bias");
  const detail::BatchNormShape shape = bn_shape(input);
  const int64_t count = shape.batch * shape.spatial;
  if (training) {
    EMBER_CHECK(count > 1, op,
                "Expected more than 1 value per channel when training, got input size ",
                input.sizes());
  } else {
    EMBER_CHECK(running_mean.defined() && running_var.defined(), op,
                "running_mean and running_var must be defined in evaluation mode");
  }
  Recorder rec({&input, &weight, &bias});
  const Tensor x = input.contiguous();
  Tensor mean, invstd;
  if (training) {
    mean = make_empty({channels}, stat_dtype(input), input.device(), op);
    Tensor var = make_empty({channels}, stat_dtype(input), input.device(), op);
    detail::backend_of(mean).batch_norm_stats(
        *mean.unsafeGetTensorImpl(), *var.unsafeGetTensorImpl(), *x.unsafeGetTensorImpl(), shape);
    invstd = (var + eps).rsqrt();
    if (running_mean.defined() || running_var.defined()) {
      NoGradGuard no_grad;
      if (running_mean.defined()) {
        Tensor& rm = const_cast<Tensor&>(running_mean);
        rm.mul_(1 - momentum).add_(mean.to(rm.scalar_type()), momentum);
      }
      if (running_var.defined()) {
        Tensor& rv = const_cast<Tensor&>(running_var);
        const double unbias = static_cast<double>(count) / static_cast<double>(count - 1);
        rv.mul_(1 - momentum).add_(var.to(rv.scalar_type()), momentum * unbias);
      }
    }
  } else {
    mean = running_mean.to(stat_dtype(input)).reshape({channels}).contiguous();
    invstd = (running_var.to(stat_dtype(input)).reshape({channels}) + eps).rsqrt().contiguous();
  }
  const Tensor w = contiguous_or_null(weight);
  const Tensor b = contiguous_or_null(bias);
  Tensor out = make_empty(input.sizes(), input.scalar_type(), input.device(), op);
  detail::backend_of(out).batch_norm_apply(
      *out.unsafeGetTensorImpl(), *x.unsafeGetTensorImpl(), *mean.unsafeGetTensorImpl(),
      *invstd.unsafeGetTensorImpl(), impl_or_null(w), impl_or_null(b), shape);
  if (rec) {
    rec.record("NativeBatchNormBackward0", out, {input, weight, mean, invstd},
               [training, eps](const FormulaContext& c) {
                 return batch_norm_backward(c.grad(0), c.saved(0), c.saved(1), c.saved(2),
                                            c.saved(3), training, eps, c.needs(0), c.needs(1),
                                            c.needs(2));
               });
  }
  return {out, mean, invstd};
}

Tensor batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Tensor& running_mean, const Tensor& running_var, bool training,
                  double momentum, double eps) {
  return std::get<0>(
      native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps));
}

Tensor group_norm(const Tensor& input, int64_t num_groups, const Tensor& weight, const Tensor& bias,
                  double eps) {
  const char* op = "group_norm";
  detail::check_defined(input, op, "input");
  EMBER_CHECK(input.dim() >= 2, op, "Expected at least 2 dimensions for input tensor but received ",
              input.dim());
  const int64_t n = input.size(0);
  const int64_t channels = input.size(1);
  EMBER_CHECK(num_groups > 0 && channels % num_groups == 0, op,
              "Expected number of channels in input to be divisible by num_groups, but got input "
              "of shape ",
              input.sizes(), " and num_groups=", num_groups);
  EMBER_CHECK(!weight.defined() || (weight.dim() == 1 && weight.numel() == channels), op,
              "Expected weight to be a vector of size equal to the number of channels in input, "
              "but got weight of shape ",
              weight.sizes(), " and input of shape ", input.sizes());
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.numel() == channels), op,
              "Expected bias to be a vector of size equal to the number of channels in input, but "
              "got bias of shape ",
              bias.sizes(), " and input of shape ", input.sizes());
  check_param_dtype(weight, input, op, "weight");
  check_param_dtype(bias, input, op, "bias");
  const int64_t group_size = input.numel() / std::max<int64_t>(n * num_groups, 1);
  // Each (sample, group) is a row of a layer norm without affine parameters.
  const Tensor rows = input.reshape({n, num_groups, group_size});
  Tensor out = layer_norm(rows, {group_size}, {}, {}, eps).view(input.sizes());
  const auto cs = channel_shape(input);
  if (weight.defined()) out = out * weight.view(cs);
  if (bias.defined()) out = out + bias.view(cs);
  return out;
}

}  // namespace ember
