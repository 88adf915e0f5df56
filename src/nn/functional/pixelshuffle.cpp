#include "ember/nn/functional/pixelshuffle.h"

#include <vector>

#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {
namespace {

std::vector<int64_t> leading_dims(const Tensor& input) {
  return std::vector<int64_t>(input.sizes().begin(), input.sizes().end() - 3);
}

}  // namespace

// (*, C·r·r, H, W) viewed as (*, C, r, r, H, W), permuted to (*, C, H, r, W, r).
Tensor pixel_shuffle(const Tensor& input, const PixelShuffleFuncOptions& options) {
  const int64_t r = options.upscale_factor();
  EMBER_CHECK(r > 0, "pixel_shuffle", "expected a positive upscale_factor, got ", r);
  EMBER_CHECK(input.dim() >= 3, "pixel_shuffle",
              "expected input with at least 3 dims (*, C, H, W), got ", input.sizes());
  const int64_t c = input.size(-3), h = input.size(-2), w = input.size(-1);
  EMBER_CHECK(c % (r * r) == 0, "pixel_shuffle",
              "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square "
              "of upscale_factor, but input.size(-3)=",
              c, " is not divisible by ", r * r);
  std::vector<int64_t> shape = leading_dims(input);
  const int64_t batch = static_cast<int64_t>(shape.size());
  std::vector<int64_t> split = shape;
  split.insert(split.end(), {c / (r * r), r, r, h, w});
  std::vector<int64_t> order;
  for (int64_t d = 0; d < batch; ++d) order.push_back(d);
  order.insert(order.end(), {batch, batch + 3, batch + 1, batch + 4, batch + 2});
  shape.insert(shape.end(), {c / (r * r), h * r, w * r});
  return input.reshape(split).permute(order).reshape(shape);
}

// (*, C, H·r, W·r) viewed as (*, C, H, r, W, r), permuted to (*, C, r, r, H, W).
Tensor pixel_unshuffle(const Tensor& input, const PixelUnshuffleFuncOptions& options) {
  const int64_t r = options.downscale_factor();
  EMBER_CHECK(r > 0, "pixel_unshuffle", "expected a positive downscale_factor, got ", r);
  EMBER_CHECK(input.dim() >= 3, "pixel_unshuffle",
              "expected input with at least 3 dims (*, C, H, W), got ", input.sizes());
  const int64_t c = input.size(-3), h = input.size(-2), w = input.size(-1);
  EMBER_CHECK(h % r == 0 && w % r == 0, "pixel_unshuffle",
              "pixel_unshuffle expects height and width to be divisible by downscale_factor (", r,
              "), got ", h, " x ", w);
  std::vector<int64_t> shape = leading_dims(input);
  const int64_t batch = static_cast<int64_t>(shape.size());
  std::vector<int64_t> split = shape;
  split.insert(split.end(), {c, h / r, r, w / r, r});
  std::vector<int64_t> order;
  for (int64_t d = 0; d < batch; ++d) order.push_back(d);
  order.insert(order.end(), {batch, batch + 2, batch + 4, batch + 1, batch + 3});
  shape.insert(shape.end(), {c * r * r, h / r, w / r});
  return input.reshape(split).permute(order).reshape(shape);
}

}  // namespace ember::nn::functional
