#pragma once
/// Padding layers: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and CircularPad over the
/// last 1, 2 or 3 dims.
#include <sstream>
#include <string>

#include "ember/nn/cloneable.h"
#include "ember/nn/functional/padding.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

/// One template for every padding layer: `Mode` is the F::pad mode, `D` the padded dims, and
/// `Options` carries the sizes (and, for constant padding, the value).
template <class Derived, size_t D, class Options>
class PadImplBase : public Cloneable<Derived> {
 public:
  explicit PadImplBase(Options options_) : options(std::move(options_)) { reset(); }
  /// `ZeroPad2d(1)`, `ReflectionPad1d({2, 1})`.
  explicit PadImplBase(ExpandingArray<D * 2> padding) requires
      std::is_constructible_v<Options, ExpandingArray<D * 2>> : PadImplBase(Options(padding)) {}
  /// `ConstantPad2d(1, 3.5)`.
  PadImplBase(ExpandingArray<D * 2> padding,
              double value) requires std::is_constructible_v < Options,
      ExpandingArray<D * 2>,
  double > : PadImplBase(Options(padding, value)) {}
  void reset() override {
    for (int64_t p : *options.padding()) {
      EMBER_CHECK(Derived::kAllowsNegative || p >= 0, Derived::kName,
                  "expected non-negative padding, got ", options.padding());
    }
  }
  void pretty_print(std::ostream& stream) const override {
    stream << "ember::nn::" << Derived::kName << "(" << options.padding();
    if constexpr (requires { options.value(); }) stream << ", value=" << options.value();
    stream << ")";
  }
  Tensor forward(const Tensor& input) {
    const auto& p = *options.padding();
    functional::PadFuncOptions pad(std::vector<int64_t>(p.begin(), p.end()));
    pad.mode(Derived::mode());
    if constexpr (requires { options.value(); }) pad.value(options.value());
    return functional::pad(input, pad);
  }

  Options options;
};

#define EMBER_PAD_MODULE(Name, D, Options, Mode, allows_negative) \
  class Name##Impl : public PadImplBase<Name##Impl, D, Options> { \
   public:                                                        \
    using PadImplBase::PadImplBase;                               \
    static constexpr const char* kName = #Name;                   \
    static constexpr bool kAllowsNegative = allows_negative;      \
    static functional::PadMode mode() { return Mode; }            \
  };                                                              \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_PAD_MODULE(ReflectionPad1d, 1, ReflectionPad1dOptions, kReflect, false);
EMBER_PAD_MODULE(ReflectionPad2d, 2, ReflectionPad2dOptions, kReflect, false);
EMBER_PAD_MODULE(ReflectionPad3d, 3, ReflectionPad3dOptions, kReflect, false);
EMBER_PAD_MODULE(ReplicationPad1d, 1, ReplicationPad1dOptions, kReplicate, false);
EMBER_PAD_MODULE(ReplicationPad2d, 2, ReplicationPad2dOptions, kReplicate, false);
EMBER_PAD_MODULE(ReplicationPad3d, 3, ReplicationPad3dOptions, kReplicate, false);
EMBER_PAD_MODULE(CircularPad1d, 1, CircularPadOptions<1>, kCircular, false);
EMBER_PAD_MODULE(CircularPad2d, 2, CircularPadOptions<2>, kCircular, false);
EMBER_PAD_MODULE(CircularPad3d, 3, CircularPadOptions<3>, kCircular, false);
EMBER_PAD_MODULE(ZeroPad1d, 1, ZeroPad1dOptions, kConstant, true);
EMBER_PAD_MODULE(ZeroPad2d, 2, ZeroPad2dOptions, kConstant, true);
EMBER_PAD_MODULE(ZeroPad3d, 3, ZeroPad3dOptions, kConstant, true);
EMBER_PAD_MODULE(ConstantPad1d, 1, ConstantPad1dOptions, kConstant, true);
EMBER_PAD_MODULE(ConstantPad2d, 2, ConstantPad2dOptions, kConstant, true);
EMBER_PAD_MODULE(ConstantPad3d, 3, ConstantPad3dOptions, kConstant, true);
#undef EMBER_PAD_MODULE

}  // namespace ember::nn
