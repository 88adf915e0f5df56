#include "ember/nn/modules/pixelshuffle.h"

#include <ostream>

namespace ember::nn {

void PixelShuffleImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::PixelShuffle(upscale_factor=" << options.upscale_factor() << ")";
}

Tensor PixelShuffleImpl::forward(const Tensor& input) {
  return functional::pixel_shuffle(input, options);
}

void PixelUnshuffleImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::PixelUnshuffle(downscale_factor=" << options.downscale_factor() << ")";
}

Tensor PixelUnshuffleImpl::forward(const Tensor& input) {
  return functional::pixel_unshuffle(input, options);
}

}  // namespace ember::nn
