#pragma once
/// RAdam (rectified Adam), as `torch.optim.RAdam`:
///
///     g = grad (negated when maximize);  p *= 1 - lr * weight_decay  (decoupled_weight_decay)
///                                        or g += weight_decay * p
///     m = lerp(m, g, 1 - beta1);  v = beta2 * v + (1 - beta2) * g * g
///     rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
///     rho_t > 5: p -= m / (1 - beta1^t) * lr * sqrt(1 - beta2^t) / (sqrt(v) + eps) * rect_t
///     otherwise: p -= m / (1 - beta1^t) * lr
#include <tuple>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct RAdamOptions : public OptimizerCloneableOptions<RAdamOptions> {
  RAdamOptions(double lr = 1e-3);  // NOLINT: implicit, as the other options
  EMBER_ARG(double, lr);
  typedef std::tuple<double, double> betas_t;
  EMBER_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  EMBER_ARG(double, eps) = 1e-8;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(bool, decoupled_weight_decay) = false;
  EMBER_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

struct RAdamParamState : public OptimizerCloneableParamState<RAdamParamState> {
  EMBER_ARG(int64_t, step) = 0;
  EMBER_ARG(Tensor, exp_avg);
  EMBER_ARG(Tensor, exp_avg_sq);

 public:
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

/// Option errors as Adam's.
class RAdam : public Optimizer {
 public:
  explicit RAdam(const std::vector<OptimizerParamGroup>& param_groups, RAdamOptions defaults = {});
  explicit RAdam(std::vector<Tensor> params, RAdamOptions defaults = {});
  Tensor step(LossClosure closure = nullptr) override;
  const char* name() const override { return "RAdam"; }

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<RAdamParamState>();
  }
};

}  // namespace ember::optim
