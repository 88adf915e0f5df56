#pragma once
/// Options of `Upsample` and `F::interpolate`.
#include <optional>
#include <variant>
#include <vector>

#include "ember/arg.h"
#include "ember/enum.h"

namespace ember::nn {

using upsample_mode_t = std::variant<enumtype::kNearest, enumtype::kLinear, enumtype::kBilinear,
                                     enumtype::kBicubic, enumtype::kTrilinear>;

struct UpsampleOptions {
  /// The output's spatial size, or
  EMBER_ARG(std::optional<std::vector<int64_t>>, size) = std::nullopt;
  /// the factor per spatial dim (one value for all, or one each).
  EMBER_ARG(std::optional<std::vector<double>>, scale_factor) = std::nullopt;
  EMBER_ARG(upsample_mode_t, mode) = kNearest;
  /// Corner pixels of input and output aligned (linear modes only; default false).
  EMBER_ARG(std::optional<bool>, align_corners) = std::nullopt;
};

namespace functional {

using interpolate_mode_t =
    std::variant<enumtype::kNearest, enumtype::kLinear, enumtype::kBilinear, enumtype::kBicubic,
                 enumtype::kTrilinear, enumtype::kArea, enumtype::kNearestExact>;

struct InterpolateFuncOptions {
  EMBER_ARG(std::optional<std::vector<int64_t>>, size) = std::nullopt;
  EMBER_ARG(std::optional<std::vector<double>>, scale_factor) = std::nullopt;
  EMBER_ARG(interpolate_mode_t, mode) = kNearest;
  EMBER_ARG(std::optional<bool>, align_corners) = std::nullopt;
  /// Compute the output size from scale_factor and then interpolate for that size alone
  /// (else the scale itself drives the sampling, as PyTorch's default).
  EMBER_ARG(std::optional<bool>, recompute_scale_factor) = std::nullopt;
  /// Not supported; must stay false.
  EMBER_ARG(bool, antialias) = false;
};

}  // namespace functional
}  // namespace ember::nn
