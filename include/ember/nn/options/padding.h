#pragma once
/// Options of the padding layers and `F::pad`.
#include <cstdint>
#include <variant>
#include <vector>

#include "ember/arg.h"
#include "ember/enum.h"
#include "ember/expanding_array.h"

namespace ember::nn {

/// Padding of the last D dims: one size for every side, or (left, right[, top, bottom[, front,
/// back]]) as PyTorch orders them.
template <size_t D>
struct ReflectionPadOptions {
  /*implicit*/ ReflectionPadOptions(ExpandingArray<D * 2> padding) : padding_(padding) {}  // NOLINT
  EMBER_ARG(ExpandingArray<D * 2>, padding);
};
template <size_t D>
using ReplicationPadOptions = ReflectionPadOptions<D>;
template <size_t D>
using ZeroPadOptions = ReflectionPadOptions<D>;
template <size_t D>
using CircularPadOptions = ReflectionPadOptions<D>;

template <size_t D>
struct ConstantPadOptions {
  ConstantPadOptions(ExpandingArray<D * 2> padding, double value)
      : padding_(padding), value_(value) {}
  EMBER_ARG(ExpandingArray<D * 2>, padding);
  EMBER_ARG(double, value);
};

using ReflectionPad1dOptions = ReflectionPadOptions<1>;
using ReflectionPad2dOptions = ReflectionPadOptions<2>;
using ReflectionPad3dOptions = ReflectionPadOptions<3>;
using ReplicationPad1dOptions = ReplicationPadOptions<1>;
using ReplicationPad2dOptions = ReplicationPadOptions<2>;
using ReplicationPad3dOptions = ReplicationPadOptions<3>;
using ZeroPad1dOptions = ZeroPadOptions<1>;
using ZeroPad2dOptions = ZeroPadOptions<2>;
using ZeroPad3dOptions = ZeroPadOptions<3>;
using ConstantPad1dOptions = ConstantPadOptions<1>;
using ConstantPad2dOptions = ConstantPadOptions<2>;
using ConstantPad3dOptions = ConstantPadOptions<3>;

namespace functional {

using PadMode = std::variant<enumtype::kConstant, enumtype::kReflect, enumtype::kReplicate,
                             enumtype::kCircular>;

struct PadFuncOptions {
  /*implicit*/ PadFuncOptions(std::vector<int64_t> pad) : pad_(std::move(pad)) {}  // NOLINT
  /// (left, right) pairs starting from the last dim.
  EMBER_ARG(std::vector<int64_t>, pad);
  EMBER_ARG(PadMode, mode) = kConstant;
  /// The fill value of constant padding.
  EMBER_ARG(double, value) = 0;
};

}  // namespace functional
}  // namespace ember::nn
