#include "ember/nn/modules/linear.h"

#include <cmath>
#include <ostream>

#include "ember/nn/init.h"
#include "ember/ops.h"

namespace ember::nn {

// ---- Linear ------------------------------------------------------------------------------------

LinearImpl::LinearImpl(const LinearOptions& options_) : options(options_) {
  reset();
}

void LinearImpl::reset() {
  EMBER_CHECK(options.in_features() >= 0 && options.out_features() >= 0, "Linear",
              "expected non-negative in_features and out_features, got ", options.in_features(),
              " and ", options.out_features());
  weight =
      register_parameter("weight", ember::empty({options.out_features(), options.in_features()}));
  bias =
      register_parameter("bias", options.bias() ? ember::empty({options.out_features()}) : Tensor(),
                         /*requires_grad=*/options.bias());
  reset_parameters();
}

// PyTorch's: kaiming_uniform_(a = sqrt(5)) gives bound 1/sqrt(fan_in) for the weight, and the
// bias draws from the same range.
void LinearImpl::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
    const double bound = fan_in > 0 ? 1 / std::sqrt(static_cast<double>(fan_in)) : 0;
    init::uniform_(bias, -bound, bound);
  }
}

void LinearImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "ember::nn::Linear(in_features=" << options.in_features()
         << ", out_features=" << options.out_features() << ", bias=" << options.bias() << ")";
}

Tensor LinearImpl::forward(const Tensor& input) {
  EMBER_CHECK(input.dim() >= 1 && input.size(-1) == options.in_features(), "Linear",
              "expected input of shape (*, ", options.in_features(), "), got ", input.sizes());
  return functional::linear(input, weight, bias);
}

// ---- Bilinear ----------------------------------------------------------------------------------

BilinearImpl::BilinearImpl(const BilinearOptions& options_) : options(options_) {
  reset();
}

void BilinearImpl::reset() {
  weight = register_parameter(
      "weight",
      ember::empty({options.out_features(), options.in1_features(), options.in2_features()}));
  bias =
      register_parameter("bias", options.bias() ? ember::empty({options.out_features()}) : Tensor(),
                         /*requires_grad=*/options.bias());
  reset_parameters();
}

void BilinearImpl::reset_parameters() {
  const double bound = 1 / std::sqrt(static_cast<double>(weight.size(1)));
  init::uniform_(weight, -bound, bound);
  if (bias.defined()) init::uniform_(bias, -bound, bound);
}

void BilinearImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "ember::nn::Bilinear(in1_features=" << options.in1_features()
         << ", in2_features=" << options.in2_features()
         << ", out_features=" << options.out_features() << ", bias=" << options.bias() << ")";
}

Tensor BilinearImpl::forward(const Tensor& input1, const Tensor& input2) {
  return functional::bilinear(input1, input2, weight, bias);
}

// ---- Identity, Flatten, Unflatten --------------------------------------------------------------

void IdentityImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Identity()";
}

Tensor IdentityImpl::forward(const Tensor& input) {
  return input;
}

FlattenImpl::FlattenImpl(const FlattenOptions& options_) : options(options_) {}

void FlattenImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Flatten(start_dim=" << options.start_dim()
         << ", end_dim=" << options.end_dim() << ")";
}

Tensor FlattenImpl::forward(const Tensor& input) {
  return input.flatten(options.start_dim(), options.end_dim());
}

UnflattenImpl::UnflattenImpl(UnflattenOptions options_) : options(std::move(options_)) {}

void UnflattenImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Unflatten(dim=" << options.dim() << ", unflattened_size={";
  for (size_t i = 0; i < options.sizes().size(); ++i) {
    stream << (i ? ", " : "") << options.sizes()[i];
  }
  stream << "})";
}

Tensor UnflattenImpl::forward(const Tensor& input) {
  return input.unflatten(options.dim(), options.sizes());
}

}  // namespace ember::nn
