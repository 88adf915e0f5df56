#pragma once
/// NAdam (Adam with Nesterov momentum), as `torch.optim.NAdam`:
///
///     g = grad (negated when maximize);  p *= 1 - lr * weight_decay  (decoupled_weight_decay)
///                                        or g += weight_decay * p
///     mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay));  mu_product *= mu_t
///     m = lerp(m, g, 1 - beta1);  v = beta2 * v + (1 - beta2) * g * g
///     denom = sqrt(v / (1 - beta2^t)) + eps
///     p -= lr * (1 - mu_t) / (1 - mu_product) * g / denom
///     p -= lr * mu_{t+1} / (1 - mu_product * mu_{t+1}) * m / denom
///
/// PyTorch keeps mu_product in a float32 tensor (under the default dtype), so it is rounded to
/// float32 after each product here too; it is saved as a 0-d kDouble holding that value.
#include <tuple>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct NAdamOptions : public OptimizerCloneableOptions<NAdamOptions> {
  NAdamOptions(double lr = 2e-3);  // NOLINT: implicit, as the other options
  EMBER_ARG(double, lr);
  typedef std::tuple<double, double> betas_t;
  EMBER_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  EMBER_ARG(double, eps) = 1e-8;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(double, momentum_decay) = 4e-3;
  EMBER_ARG(bool, decoupled_weight_decay) = false;
  EMBER_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

struct NAdamParamState : public OptimizerCloneableParamState<NAdamParamState> {
  EMBER_ARG(int64_t, step) = 0;
  EMBER_ARG(double, mu_product) = 1.0;
  EMBER_ARG(Tensor, exp_avg);
  EMBER_ARG(Tensor, exp_avg_sq);

 public:
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

/// Option errors as Adam's, plus `Invalid momentum_decay value: `.
class NAdam : public Optimizer {
 public:
  explicit NAdam(const std::vector<OptimizerParamGroup>& param_groups, NAdamOptions defaults = {});
  explicit NAdam(std::vector<Tensor> params, NAdamOptions defaults = {});
  Tensor step(LossClosure closure = nullptr) override;
  const char* name() const override { return "NAdam"; }

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<NAdamParamState>();
  }
};

}  // namespace ember::optim
