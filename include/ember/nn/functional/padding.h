#pragma once
/// `F::pad`.
#include "ember/nn/options/padding.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// Pads (or, with negative sizes, crops) the last dims; see ember::pad for the modes' rules.
Tensor pad(const Tensor& input, const PadFuncOptions& options);

}  // namespace ember::nn::functional
