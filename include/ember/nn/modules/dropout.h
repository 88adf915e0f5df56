#pragma once
/// Dropout layers: active in training mode, the identity in eval mode.
#include "ember/nn/cloneable.h"
#include "ember/nn/functional/dropout.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

/// One class per variant; `Kind` picks the functional form and the printed name.
template <class Derived>
class DropoutImplBase : public Cloneable<Derived> {
 public:
  explicit DropoutImplBase(const DropoutOptions& options_ = {}) : options(options_) { reset(); }
  void reset() override {
    EMBER_CHECK(options.p() >= 0 && options.p() <= 1, Derived::kName,
                "dropout probability has to be between 0 and 1, but got ", options.p());
  }
  void pretty_print(std::ostream& stream) const override {
    stream << std::boolalpha << "ember::nn::" << Derived::kName << "(p=" << options.p()
           << ", inplace=" << options.inplace() << ")";
  }
  Tensor forward(Tensor input) {
    return Derived::apply(std::move(input), options.p(), this->is_training(), options.inplace());
  }

  DropoutOptions options;
};

#define EMBER_DROPOUT_MODULE(Name, function)                                   \
  class Name##Impl : public DropoutImplBase<Name##Impl> {                      \
   public:                                                                     \
    using DropoutImplBase::DropoutImplBase;                                    \
    static constexpr const char* kName = #Name;                                \
    static Tensor apply(Tensor input, double p, bool training, bool inplace) { \
      return functional::function(std::move(input), p, training, inplace);     \
    }                                                                          \
  };                                                                           \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_DROPOUT_MODULE(Dropout, dropout);
EMBER_DROPOUT_MODULE(Dropout1d, dropout1d);
EMBER_DROPOUT_MODULE(Dropout2d, dropout2d);
EMBER_DROPOUT_MODULE(Dropout3d, dropout3d);
EMBER_DROPOUT_MODULE(AlphaDropout, alpha_dropout);
EMBER_DROPOUT_MODULE(FeatureAlphaDropout, feature_alpha_dropout);
#undef EMBER_DROPOUT_MODULE

}  // namespace ember::nn
