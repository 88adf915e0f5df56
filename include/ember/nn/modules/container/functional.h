#pragma once
/// `nn::Functional`: a function of one tensor wrapped as a module, to put in a `Sequential`.
/// Extra arguments are bound after the input.
///
///     nn::Sequential net(nn::Linear(4, 4), nn::Functional(ember::relu));
///     nn::Functional leaky(nn::functional::leaky_relu, ...);
#include <functional>
#include <utility>

#include "ember/nn/cloneable.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

class FunctionalImpl : public Cloneable<FunctionalImpl> {
 public:
  using Function = std::function<Tensor(Tensor)>;

  explicit FunctionalImpl(Function function);
  /// Binds `args` after the input: `Functional(ember::pow, 2)` computes `pow(x, 2)`.
  template <class SomeFunction, class... Args>
  requires(sizeof...(Args) > 0) explicit FunctionalImpl(SomeFunction original, Args&&... args)
      : FunctionalImpl(Function([original, ... bound = std::forward<Args>(args)](Tensor input) {
          return original(input, bound...);
        })) {}

  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);

 private:
  Function function_;
};

EMBER_MODULE_IMPL(Functional, FunctionalImpl);

}  // namespace ember::nn
