#pragma once
/// Adadelta, as `torch.optim.Adadelta`:
///
///     g = grad (negated when maximize) + weight_decay * p
///     sq = rho * sq + (1 - rho) * g * g
///     delta = sqrt(acc + eps) / sqrt(sq + eps) * g
///     acc = rho * acc + (1 - rho) * delta * delta;  p -= lr * delta
#include "ember/optim/optimizer.h"

namespace ember::optim {

struct AdadeltaOptions : public OptimizerCloneableOptions<AdadeltaOptions> {
  AdadeltaOptions(double lr = 1.0);  // NOLINT: implicit, as the other options
  EMBER_ARG(double, lr);
  EMBER_ARG(double, rho) = 0.9;
  EMBER_ARG(double, eps) = 1e-6;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

struct AdadeltaParamState : public OptimizerCloneableParamState<AdadeltaParamState> {
  EMBER_ARG(int64_t, step) = 0;
  EMBER_ARG(Tensor, square_avg);
  EMBER_ARG(Tensor, acc_delta);

 public:
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

/// Option errors as PyTorch (`[Adadelta] Invalid rho value: 2`, ...).
class Adadelta : public Optimizer {
 public:
  explicit Adadelta(const std::vector<OptimizerParamGroup>& param_groups,
                    AdadeltaOptions defaults = {});
  explicit Adadelta(std::vector<Tensor> params, AdadeltaOptions defaults = {});
  Tensor step(LossClosure closure = nullptr) override;
  const char* name() const override { return "Adadelta"; }

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<AdadeltaParamState>();
  }
};

}  // namespace ember::optim
