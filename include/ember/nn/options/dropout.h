#pragma once
/// Options of the dropout layers (`DropoutOptions(0.2).inplace(true)`, or just `0.2`).
#include "ember/arg.h"

namespace ember::nn {

struct DropoutOptions {
  /*implicit*/ DropoutOptions(double p = 0.5) : p_(p) {}  // NOLINT: implicit like libtorch
  /// Probability of zeroing an element (a channel, for the feature variants).
  EMBER_ARG(double, p);
  EMBER_ARG(bool, inplace) = false;
};
using Dropout1dOptions = DropoutOptions;
using Dropout2dOptions = DropoutOptions;
using Dropout3dOptions = DropoutOptions;
using AlphaDropoutOptions = DropoutOptions;
using FeatureAlphaDropoutOptions = DropoutOptions;

namespace functional {
struct DropoutFuncOptions {
  EMBER_ARG(double, p) = 0.5;
  EMBER_ARG(bool, training) = true;
  EMBER_ARG(bool, inplace) = false;
};
using Dropout1dFuncOptions = DropoutFuncOptions;
using Dropout2dFuncOptions = DropoutFuncOptions;
using Dropout3dFuncOptions = DropoutFuncOptions;
using AlphaDropoutFuncOptions = DropoutFuncOptions;
using FeatureAlphaDropoutFuncOptions = DropoutFuncOptions;
}  // namespace functional

}  // namespace ember::nn
