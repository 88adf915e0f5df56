#pragma once
/// `nn::init`: PyTorch's parameter initialisers. Each fills its tensor in place (without
/// recording gradients) and returns it; random ones draw from Ember's default generator, so
/// `ember::manual_seed` makes them reproducible.
///
///     nn::init::kaiming_uniform_(conv->weight, std::sqrt(5.0));
///     nn::init::xavier_normal_(fc->weight, nn::init::calculate_gain(ember::kTanh));
#include <cstdint>
#include <tuple>
#include <variant>

#include "ember/enum.h"
#include "ember/tensor.h"

namespace ember::nn::init {

using NonlinearityType =
    std::variant<enumtype::kLinear, enumtype::kConv1D, enumtype::kConv2D, enumtype::kConv3D,
                 enumtype::kConvTranspose1D, enumtype::kConvTranspose2D, enumtype::kConvTranspose3D,
                 enumtype::kSigmoid, enumtype::kTanh, enumtype::kReLU, enumtype::kLeakyReLU,
                 enumtype::kSELU>;
using FanModeType = std::variant<enumtype::kFanIn, enumtype::kFanOut>;

/// The recommended gain for `nonlinearity`: 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for
/// ReLU, sqrt(2 / (1 + param^2)) for leaky ReLU (param = negative slope), 3/4 for SELU.
double calculate_gain(NonlinearityType nonlinearity, double param = 0.01);
/// (fan_in, fan_out) of a weight of at least 2 dims: (size(1), size(0)) times the receptive
/// field (the product of the sizes past dim 1).
std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor);

Tensor uniform_(Tensor tensor, double low = 0, double high = 1);
Tensor normal_(Tensor tensor, double mean = 0, double std = 1);
/// Normal(mean, std) truncated to [a, b], by inverse-CDF sampling as PyTorch does.
Tensor trunc_normal_(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2);
Tensor constant_(Tensor tensor, Scalar value);
Tensor ones_(Tensor tensor);
Tensor zeros_(Tensor tensor);
/// The identity matrix (2-d tensors only).
Tensor eye_(Tensor matrix);
/// The Dirac delta of a 3-, 4- or 5-d conv weight: a convolution that preserves its input's
/// channels (split into `groups`).
Tensor dirac_(Tensor tensor, int64_t groups = 1);
/// Uniform in ±gain·sqrt(6 / (fan_in + fan_out)).
Tensor xavier_uniform_(Tensor tensor, double gain = 1.0);
/// Normal with std gain·sqrt(2 / (fan_in + fan_out)).
Tensor xavier_normal_(Tensor tensor, double gain = 1.0);
/// Uniform in ±gain·sqrt(3 / fan), gain = calculate_gain(nonlinearity, a).
Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanModeType mode = kFanIn,
                        NonlinearityType nonlinearity = kLeakyReLU);
/// Normal with std gain / sqrt(fan).
Tensor kaiming_normal_(Tensor tensor, double a = 0, FanModeType mode = kFanIn,
                       NonlinearityType nonlinearity = kLeakyReLU);
/// A (semi-)orthogonal matrix times `gain`, from the QR decomposition of a normal sample (sign
/// of R's diagonal folded into Q, as PyTorch); tensors of more dims are flattened past dim 0.
Tensor orthogonal_(Tensor tensor, double gain = 1.0);
/// A 2-d tensor with normal(0, std) entries, of which a `sparsity` fraction per column is zero.
Tensor sparse_(Tensor tensor, double sparsity, double std = 0.01);

}  // namespace ember::nn::init
