#pragma once
/// `PixelShuffle` and `PixelUnshuffle`.
#include "ember/nn/cloneable.h"
#include "ember/nn/functional/pixelshuffle.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

class PixelShuffleImpl : public Cloneable<PixelShuffleImpl> {
 public:
  explicit PixelShuffleImpl(const PixelShuffleOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  PixelShuffleOptions options;
};
EMBER_MODULE_IMPL(PixelShuffle, PixelShuffleImpl);

class PixelUnshuffleImpl : public Cloneable<PixelUnshuffleImpl> {
 public:
  explicit PixelUnshuffleImpl(const PixelUnshuffleOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  PixelUnshuffleOptions options;
};
EMBER_MODULE_IMPL(PixelUnshuffle, PixelUnshuffleImpl);

}  // namespace ember::nn
