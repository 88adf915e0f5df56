#pragma once
/// Adamax (Adam with the infinity norm), as `torch.optim.Adamax`:
///
///     g = grad (negated when maximize) + weight_decay * p
///     m = lerp(m, g, 1 - beta1);  u = max(beta2 * u, |g| + eps)
///     p -= lr / (1 - beta1^t) * m / u
#include <tuple>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct AdamaxOptions : public OptimizerCloneableOptions<AdamaxOptions> {
  AdamaxOptions(double lr = 2e-3);  // NOLINT: implicit, as the other options
  EMBER_ARG(double, lr);
  typedef std::tuple<double, double> betas_t;
  EMBER_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  EMBER_ARG(double, eps) = 1e-8;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

struct AdamaxParamState : public OptimizerCloneableParamState<AdamaxParamState> {
  EMBER_ARG(int64_t, step) = 0;
  EMBER_ARG(Tensor, exp_avg);
  EMBER_ARG(Tensor, exp_inf);

 public:
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

/// Option errors as Adam's.
class Adamax : public Optimizer {
 public:
  explicit Adamax(const std::vector<OptimizerParamGroup>& param_groups,
                  AdamaxOptions defaults = {});
  explicit Adamax(std::vector<Tensor> params, AdamaxOptions defaults = {});
  Tensor step(LossClosure closure = nullptr) override;
  const char* name() const override { return "Adamax"; }

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<AdamaxParamState>();
  }
};

}  // namespace ember::optim
