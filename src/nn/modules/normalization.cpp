#include "ember/nn/modules/normalization.h"

#include <ostream>

#include "ember/ops.h"

namespace ember::nn {

LayerNormImpl::LayerNormImpl(LayerNormOptions options_) : options(std::move(options_)) {
  reset();
}

void LayerNormImpl::reset() {
  const bool affine = options.elementwise_affine();
  weight = register_parameter("weight",
                              affine ? ember::empty(options.normalized_shape()) : Tensor(), affine);
  bias = register_parameter("bias", affine ? ember::empty(options.normalized_shape()) : Tensor(),
                            affine);
  reset_parameters();
}

void LayerNormImpl::reset_parameters() {
  if (!options.elementwise_affine()) return;
  NoGradGuard no_grad;
  weight.fill_(1);
  bias.zero_();
}

void LayerNormImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "ember::nn::LayerNorm(" << IntArrayRef(options.normalized_shape())
         << ", eps=" << options.eps() << ", elementwise_affine=" << options.elementwise_affine()
         << ")";
}

Tensor LayerNormImpl::forward(const Tensor& input) {
  return ember::layer_norm(input, options.normalized_shape(), weight, bias, options.eps());
}

GroupNormImpl::GroupNormImpl(const GroupNormOptions& options_) : options(options_) {
  reset();
}

void GroupNormImpl::reset() {
  EMBER_CHECK(options.num_groups() > 0 && options.num_channels() % options.num_groups() == 0,
              "GroupNorm", "num_channels must be divisible by num_groups, got ",
              options.num_channels(), " channels and ", options.num_groups(), " groups");
  const bool affine = options.affine();
  const int64_t c = options.num_channels();
  weight = register_parameter("weight", affine ? ember::empty({c}) : Tensor(), affine);
  bias = register_parameter("bias", affine ? ember::empty({c}) : Tensor(), affine);
  reset_parameters();
}

void GroupNormImpl::reset_parameters() {
  if (!options.affine()) return;
  NoGradGuard no_grad;
  weight.fill_(1);
  bias.zero_();
}

void GroupNormImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "ember::nn::GroupNorm(" << options.num_groups() << ", "
         << options.num_channels() << ", eps=" << options.eps() << ", affine=" << options.affine()
         << ")";
}

Tensor GroupNormImpl::forward(const Tensor& input) {
  EMBER_CHECK(input.dim() >= 2 && input.size(1) == options.num_channels(), "GroupNorm",
              "expected input (N, ", options.num_channels(), ", *), got ", input.sizes());
  return ember::group_norm(input, options.num_groups(), weight, bias, options.eps());
}

void LocalResponseNormImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::LocalResponseNorm(" << options.size() << ", alpha=" << options.alpha()
         << ", beta=" << options.beta() << ", k=" << options.k() << ")";
}

Tensor LocalResponseNormImpl::forward(const Tensor& input) {
  return functional::local_response_norm(input, options);
}

}  // namespace ember::nn
