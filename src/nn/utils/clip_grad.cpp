#include "ember/nn/utils/clip_grad.h"

#include <cmath>
#include <limits>

#include "ember/autograd/grad_mode.h"
#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::utils {

double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  NoGradGuard no_grad;
  std::vector<Tensor> grads;
  for (const Tensor& p : parameters) {
    if (p.defined() && p.grad().defined()) grads.push_back(p.grad());
  }
  if (grads.empty()) return 0.0;
  Tensor total;
  if (std::isinf(norm_type)) {
    std::vector<Tensor> maxima;
    for (const Tensor& g : grads) maxima.push_back(g.abs().max().to(kDouble));
    total = ember::stack(maxima).max();
  } else {
    std::vector<Tensor> norms;
    for (const Tensor& g : grads) norms.push_back(g.norm(norm_type).to(kDouble));
    total = ember::stack(norms).norm(norm_type);
  }
  const double total_norm = total.item<double>();
  EMBER_CHECK(!error_if_nonfinite || std::isfinite(total_norm), "clip_grad_norm_",
              "The total norm of order ", norm_type,
              " for gradients from `parameters` is non-finite, so it cannot be clipped. To "
              "disable this error and scale the gradients by the non-finite norm anyway, set "
              "`error_if_nonfinite=false`");
  // PyTorch 2 always multiplies, by min(1, max_norm / (total + 1e-6)).
  const double coefficient = std::min(1.0, max_norm / (total_norm + 1e-6));
  for (Tensor& g : grads) g.mul_(coefficient);
  return total_norm;
}

double clip_grad_norm_(const Tensor& parameter, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  return clip_grad_norm_(std::vector<Tensor>{parameter}, max_norm, norm_type, error_if_nonfinite);
}

void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value) {
  NoGradGuard no_grad;
  for (const Tensor& p : parameters) {
    if (p.defined() && p.grad().defined()) {
      Tensor g = p.grad();
      g.clamp_(-clip_value, clip_value);
    }
  }
}

void clip_grad_value_(const Tensor& parameter, double clip_value) {
  clip_grad_value_(std::vector<Tensor>{parameter}, clip_value);
}

}  // namespace ember::nn::utils
