#include "ember/nn/modules/upsampling.h"

#include <ostream>

namespace ember::nn {

void UpsampleImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Upsample(";
  if (options.scale_factor()) {
    stream << "scale_factor=[";
    for (size_t i = 0; i < options.scale_factor()->size(); ++i) {
      stream << (i ? ", " : "") << (*options.scale_factor())[i];
    }
    stream << "]";
  } else if (options.size()) {
    stream << "size=" << IntArrayRef(*options.size());
  }
  stream << ", mode=" << enumtype::get_enum_name(options.mode()) << ")";
}

Tensor UpsampleImpl::forward(const Tensor& input) {
  functional::InterpolateFuncOptions o;
  o.size(options.size())
      .scale_factor(options.scale_factor())
      .align_corners(options.align_corners());
  std::visit([&](const auto& m) { o.mode(m); }, options.mode());
  return functional::interpolate(input, o);
}

}  // namespace ember::nn
