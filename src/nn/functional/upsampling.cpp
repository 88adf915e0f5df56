#include "ember/nn/functional/upsampling.h"

#include <cmath>
#include <optional>
#include <vector>

#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {

Tensor interpolate(const Tensor& input, const InterpolateFuncOptions& options) {
  EMBER_CHECK(input.dim() >= 3 && input.dim() <= 5, "interpolate",
              "expected 3-d, 4-d or 5-d input (N, C, *spatial), got ", input.sizes());
  EMBER_CHECK(!options.antialias(), "interpolate", "antialias is not supported");
  const auto spatial = static_cast<size_t>(input.dim() - 2);
  const std::string mode =
      std::visit([](const auto& m) { return std::string(m.name()); }, options.mode());
  const bool interpolating =
      mode == "linear" || mode == "bilinear" || mode == "bicubic" || mode == "trilinear";
  EMBER_CHECK(interpolating || !options.align_corners(), "interpolate",
              "align_corners option can only be set with the interpolating modes: linear | "
              "bilinear | bicubic | trilinear");
  const bool align_corners = options.align_corners().value_or(false);
  EMBER_CHECK(options.size().has_value() != options.scale_factor().has_value(), "interpolate",
              options.size() ? "only one of size or scale_factor should be defined"
                             : "either size or scale_factor should be defined");

  // The output size, and the scales handed to the kernels (PyTorch passes the user's scales
  // unless asked to recompute them; with a size they are absent).
  std::vector<int64_t> out;
  std::vector<std::optional<double>> scales(spatial);
  if (options.size()) {
    out = *options.size();
    if (out.size() == 1) out.assign(spatial, out[0]);
    EMBER_CHECK(out.size() == spatial, "interpolate",
                "Input and output must have the same number of spatial dimensions, but got input "
                "with spatial dimensions of ",
                input.sizes().slice(2), " and output size of ", IntArrayRef(*options.size()));
  } else {
    std::vector<double> factors = *options.scale_factor();
    if (factors.size() == 1) factors.assign(spatial, factors[0]);
    EMBER_CHECK(factors.size() == spatial, "interpolate",
                "Input and scale_factor must have the same number of spatial dimensions, but got "
                "input with spatial dimensions of ",
                input.sizes().slice(2), " and scale_factor of ", factors.size(), " values");
    const bool recompute = options.recompute_scale_factor().value_or(false);
    for (size_t d = 0; d < spatial; ++d) {
      out.push_back(static_cast<int64_t>(
          std::floor(static_cast<double>(input.size(static_cast<int64_t>(d) + 2)) * factors[d])));
      if (!recompute) scales[d] = factors[d];
    }
  }

  auto needs = [&](size_t dims, const char* name) {
    EMBER_CHECK(spatial == dims, "interpolate", "Got ", input.dim(), "D input, but ", name,
                " mode needs ", dims + 2, "D input");
  };
  if (mode == "nearest" || mode == "nearest-exact") {
    const bool exact = mode == "nearest-exact";
    if (spatial == 1) {
      return exact ? ember::_upsample_nearest_exact1d(input, out, scales[0])
                   : ember::upsample_nearest1d(input, out, scales[0]);
    }
    if (spatial == 2) {
      return exact ? ember::_upsample_nearest_exact2d(input, out, scales[0], scales[1])
                   : ember::upsample_nearest2d(input, out, scales[0], scales[1]);
    }
    return exact ? ember::_upsample_nearest_exact3d(input, out, scales[0], scales[1], scales[2])
                 : ember::upsample_nearest3d(input, out, scales[0], scales[1], scales[2]);
  }
  if (mode == "area") {
    if (spatial == 1) return ember::adaptive_avg_pool1d(input, out);
    if (spatial == 2) return ember::adaptive_avg_pool2d(input, out);
    return ember::adaptive_avg_pool3d(input, out);
  }
  if (mode == "linear") {
    needs(1, "linear");
    return ember::upsample_linear1d(input, out, align_corners, scales[0]);
  }
  if (mode == "bilinear") {
    needs(2, "bilinear");
    return ember::upsample_bilinear2d(input, out, align_corners, scales[0], scales[1]);
  }
  if (mode == "bicubic") {
    needs(2, "bicubic");
    return ember::upsample_bicubic2d(input, out, align_corners, scales[0], scales[1]);
  }
  needs(3, "trilinear");
  return ember::upsample_trilinear3d(input, out, align_corners, scales[0], scales[1], scales[2]);
}

}  // namespace ember::nn::functional
