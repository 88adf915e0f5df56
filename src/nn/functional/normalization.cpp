#include "ember/nn/functional/normalization.h"

#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options) {
  // A cumulative moving average (momentum nullopt) is the module's business: here 0 leaves the
  // running statistics as they are, as PyTorch does.
  return ember::batch_norm(input, options.weight(), options.bias(), running_mean, running_var,
                           options.training(), options.momentum().value_or(0.0), options.eps());
}

// Instance norm is batch norm over a batch of one whose channels are the (sample, channel)
// pairs; running statistics are the average over the samples.
Tensor instance_norm(const Tensor& input, const InstanceNormFuncOptions& options) {
  EMBER_CHECK(input.dim() >= 3, "instance_norm",
              "expected input (N, C, ...) with at least one spatial dim, got ", input.sizes());
  const int64_t n = input.size(0), c = input.size(1);
  std::vector<int64_t> shape(input.sizes().begin(), input.sizes().end());
  std::vector<int64_t> folded = shape;
  folded[0] = 1;
  folded[1] = n * c;
  auto repeat = [n](const Tensor& t) { return t.defined() ? t.repeat({n}) : Tensor(); };
  Tensor mean = repeat(options.running_mean()), var = repeat(options.running_var());
  Tensor out =
      ember::batch_norm(input.reshape(folded), repeat(options.weight()), repeat(options.bias()),
                        mean, var, options.use_input_stats(), options.momentum(), options.eps());
  if (options.use_input_stats() && options.running_mean().defined()) {
    NoGradGuard no_grad;
    Tensor running_mean = options.running_mean(), running_var = options.running_var();
    running_mean.copy_(mean.view({n, c}).mean(0));
    running_var.copy_(var.view({n, c}).mean(0));
  }
  return out.view(shape);
}

Tensor layer_norm(const Tensor& input, const LayerNormFuncOptions& options) {
  return ember::layer_norm(input, options.normalized_shape(), options.weight(), options.bias(),
                           options.eps());
}

Tensor group_norm(const Tensor& input, const GroupNormFuncOptions& options) {
  return ember::group_norm(input, options.num_groups(), options.weight(), options.bias(),
                           options.eps());
}

// PyTorch's composition: the squares averaged over a window of channels (zero-padded), through
// avg_pool over a channel axis.
Tensor local_response_norm(const Tensor& input, const LocalResponseNormFuncOptions& options) {
  EMBER_CHECK(input.dim() >= 3, "local_response_norm",
              "Expected 3D or higher dimensionality input (got ", input.dim(), " dimensions)");
  EMBER_CHECK(options.size() > 0, "local_response_norm", "expected a positive size, got ",
              options.size());
  if (input.numel() == 0) return input;
  const int64_t size = options.size();
  Tensor div = input.mul(input).unsqueeze(1);
  if (input.dim() == 3) {
    div = ember::pad(div, {0, 0, size / 2, (size - 1) / 2});
    div = ember::avg_pool2d(div, {size, 1}, {1, 1}).squeeze(1);
  } else {
    std::vector<int64_t> sizes(input.sizes().begin(), input.sizes().end());
    div = div.reshape({sizes[0], 1, sizes[1], sizes[2], -1});
    div = ember::pad(div, {0, 0, 0, 0, size / 2, (size - 1) / 2});
    div = ember::avg_pool3d(div, {size, 1, 1}, {1, 1, 1}).squeeze(1);
    div = div.view(sizes);
  }
  div = div.mul(options.alpha()).add(options.k()).pow(options.beta());
  return input.div(div);
}

Tensor normalize(const Tensor& input, const NormalizeFuncOptions& options) {
  Tensor norm = input.norm(options.p(), {options.dim()}, /*keepdim=*/true);
  return input.div(norm.clamp_min(options.eps()).expand_as(input));
}

}  // namespace ember::nn::functional
