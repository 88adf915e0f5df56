#pragma once
/// `Upsample`.
#include "ember/nn/cloneable.h"
#include "ember/nn/functional/upsampling.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

class UpsampleImpl : public Cloneable<UpsampleImpl> {
 public:
  explicit UpsampleImpl(const UpsampleOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  UpsampleOptions options;
};
EMBER_MODULE_IMPL(Upsample, UpsampleImpl);

}  // namespace ember::nn
