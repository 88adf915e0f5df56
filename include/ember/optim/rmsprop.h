#pragma once
/// RMSprop, as `torch.optim.RMSprop`:
///
///     g = grad (negated when maximize) + weight_decay * p
///     sq = alpha * sq + (1 - alpha) * g * g
///     avg = sqrt(sq - ga * ga) + eps  with ga = lerp(ga, g, 1 - alpha) when centered,
///           sqrt(sq) + eps            otherwise
///     momentum > 0: buf = momentum * buf + g / avg;  p -= lr * buf
///     otherwise:    p -= lr * g / avg
#include "ember/optim/optimizer.h"

namespace ember::optim {

struct RMSpropOptions : public OptimizerCloneableOptions<RMSpropOptions> {
  RMSpropOptions(double lr = 1e-2);  // NOLINT: implicit, as libtorch
  EMBER_ARG(double, lr);
  EMBER_ARG(double, alpha) = 0.99;
  EMBER_ARG(double, eps) = 1e-8;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(double, momentum) = 0;
  EMBER_ARG(bool, centered) = false;
  EMBER_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

struct RMSpropParamState : public OptimizerCloneableParamState<RMSpropParamState> {
  EMBER_ARG(int64_t, step) = 0;
  EMBER_ARG(Tensor, square_avg);
  /// Only with momentum > 0.
  EMBER_ARG(Tensor, momentum_buffer) = {};
  /// Only when centered.
  EMBER_ARG(Tensor, grad_avg) = {};

 public:
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

/// Option errors as PyTorch (`[RMSprop] Invalid alpha value: -1`, ...).
class RMSprop : public Optimizer {
 public:
  explicit RMSprop(const std::vector<OptimizerParamGroup>& param_groups,
                   RMSpropOptions defaults = {});
  explicit RMSprop(std::vector<Tensor> params, RMSpropOptions defaults = {});
  Tensor step(LossClosure closure = nullptr) override;
  const char* name() const override { return "RMSprop"; }

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<RMSpropParamState>();
  }
};

}  // namespace ember::optim
