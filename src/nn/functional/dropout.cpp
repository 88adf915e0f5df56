#include "ember/nn/functional/dropout.h"

#include <cmath>
#include <vector>

#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {
namespace {

void check_p(double p, const char* op) {
  EMBER_CHECK(p >= 0 && p <= 1, op, "dropout probability has to be between 0 and 1, but got ", p);
}

// Keep-masks: 1 with probability 1 - p. Element-wise, or one value per (sample, channel) — the
// shape (N, C, 1, ...) for batched input, (C, 1, ...) for unbatched — for the feature variants.
Tensor keep_mask(const Tensor& input, double p, bool per_channel, bool batched) {
  std::vector<int64_t> shape(input.sizes().begin(), input.sizes().end());
  if (per_channel) {
    for (size_t d = batched ? 2 : 1; d < shape.size(); ++d) shape[d] = 1;
  }
  return ember::empty(shape, input.options()).bernoulli_(1 - p);
}

Tensor apply_mask(Tensor input, const Tensor& scaled_mask, bool inplace) {
  return inplace ? input.mul_(scaled_mask) : input.mul(scaled_mask);
}

Tensor dropout_impl(Tensor input, double p, bool training, bool inplace, bool per_channel,
                    bool batched, const char* op) {
  check_p(p, op);
  if (!training || p == 0 || input.numel() == 0) return input;
  Tensor mask = keep_mask(input, p, per_channel, batched);
  // p == 1 keeps nothing; the 1 / (1 - p) scale would be inf (and inf * 0 = nan).
  if (p < 1) mask.div_(1 - p);
  return apply_mask(std::move(input), mask, inplace);
}

// Feature variants accept (N, C, *spatial) or unbatched (C, *spatial) with `spatial` dims.
bool check_feature_rank(const Tensor& input, int64_t spatial, const char* op) {
  EMBER_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2, op, "expected ",
              spatial + 1, "-d (unbatched) or ", spatial + 2, "-d (batched) input, got ",
              input.dim(), "-d input of shape ", input.sizes());
  return input.dim() == spatial + 2;
}

// SELU's negative saturation value (-scale * alpha), which dropped elements take.
constexpr double kAlpha = 1.7580993408473766;

Tensor alpha_dropout_impl(Tensor input, double p, bool training, bool inplace, bool per_channel,
                          const char* op) {
  check_p(p, op);
  if (!training || p == 0 || input.numel() == 0) return input;
  if (p == 1) return inplace ? input.mul_(0) : input.mul(0);
  Tensor keep = keep_mask(input, p, per_channel, /*batched=*/true);
  // y = a·(x·keep + α'·(1 - keep)) + b with α' = -kAlpha; a and b restore mean 0, variance 1.
  const double a = 1 / std::sqrt((kAlpha * kAlpha * p + 1) * (1 - p));
  Tensor shift = keep.sub(1).mul(kAlpha * a).add(kAlpha * a * p);
  keep.mul_(a);
  return inplace ? input.mul_(keep).add_(shift) : input.mul(keep).add(shift);
}

}  // namespace

Tensor dropout(Tensor input, double p, bool training, bool inplace) {
  return dropout_impl(std::move(input), p, training, inplace, /*per_channel=*/false,
                      /*batched=*/true, "dropout");
}

Tensor dropout1d(Tensor input, double p, bool training, bool inplace) {
  const bool batched = check_feature_rank(input, 1, "dropout1d");
  return dropout_impl(std::move(input), p, training, inplace, true, batched, "dropout1d");
}

Tensor dropout2d(Tensor input, double p, bool training, bool inplace) {
  const bool batched = check_feature_rank(input, 2, "dropout2d");
  return dropout_impl(std::move(input), p, training, inplace, true, batched, "dropout2d");
}

Tensor dropout3d(Tensor input, double p, bool training, bool inplace) {
  const bool batched = check_feature_rank(input, 3, "dropout3d");
  return dropout_impl(std::move(input), p, training, inplace, true, batched, "dropout3d");
}

Tensor alpha_dropout(Tensor input, double p, bool training, bool inplace) {
  return alpha_dropout_impl(std::move(input), p, training, inplace, false, "alpha_dropout");
}

Tensor feature_alpha_dropout(Tensor input, double p, bool training, bool inplace) {
  EMBER_CHECK(input.dim() >= 2, "feature_alpha_dropout",
              "expected input with at least 2 dims (N, C, ...), got ", input.sizes());
  return alpha_dropout_impl(std::move(input), p, training, inplace, true, "feature_alpha_dropout");
}

}  // namespace ember::nn::functional
