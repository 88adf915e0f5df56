#include "ember/nn/functional/padding.h"

#include "ember/ops.h"

namespace ember::nn::functional {

Tensor pad(const Tensor& input, const PadFuncOptions& options) {
  const std::string mode =
      std::visit([](const auto& m) { return std::string(m.name()); }, options.mode());
  if (mode == "constant") return ember::pad(input, options.pad(), mode, options.value());
  return ember::pad(input, options.pad(), mode);
}

}  // namespace ember::nn::functional
