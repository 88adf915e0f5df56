#pragma once
/// Stochastic gradient descent, optionally with (Nesterov) momentum, as `torch.optim.SGD`:
///
///     g = grad (negated when maximize) + weight_decay * p
///     buf = g on the first step, then momentum * buf + (1 - dampening) * g
///     g = nesterov ? g + momentum * buf : buf          (when momentum != 0)
///     p -= lr * g
#include "ember/optim/optimizer.h"

namespace ember::optim {

struct SGDOptions : public OptimizerCloneableOptions<SGDOptions> {
  SGDOptions(double lr);  // NOLINT: implicit, as libtorch (`SGD(params, 0.1)`)
  EMBER_ARG(double, lr);
  EMBER_ARG(double, momentum) = 0;
  EMBER_ARG(double, dampening) = 0;
  EMBER_ARG(double, weight_decay) = 0;
  EMBER_ARG(bool, nesterov) = false;
  EMBER_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { this->lr(lr); }
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

struct SGDParamState : public OptimizerCloneableParamState<SGDParamState> {
  /// Undefined until the first step with momentum != 0.
  EMBER_ARG(Tensor, momentum_buffer);

 public:
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

/// Raises `[SGD] Invalid learning rate: -1`, `... momentum value`, `... weight_decay value`, and
/// `Nesterov momentum requires a momentum and zero dampening`, as PyTorch.
class SGD : public Optimizer {
 public:
  explicit SGD(const std::vector<OptimizerParamGroup>& param_groups, SGDOptions defaults);
  explicit SGD(std::vector<Tensor> params, SGDOptions defaults);
  Tensor step(LossClosure closure = nullptr) override;
  const char* name() const override { return "SGD"; }

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<SGDParamState>();
  }
};

}  // namespace ember::optim
