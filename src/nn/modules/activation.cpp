#include "ember/nn/modules/activation.h"

#include <ostream>

#include "ember/ops.h"

namespace ember::nn {

PReLUImpl::PReLUImpl(const PReLUOptions& options_) : options(options_) {
  reset();
}

void PReLUImpl::reset() {
  EMBER_CHECK(options.num_parameters() >= 1, "PReLU", "expected num_parameters >= 1, got ",
              options.num_parameters());
  weight = register_parameter("weight", ember::full({options.num_parameters()}, options.init()));
}

void PReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::PReLU(num_parameters=" << options.num_parameters() << ")";
}

Tensor PReLUImpl::forward(const Tensor& input) {
  return functional::prelu(input, weight);
}

}  // namespace ember::nn
