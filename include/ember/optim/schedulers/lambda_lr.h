#pragma once
/// Learning rates from user functions of the epoch: LambdaLR and MultiplicativeLR.
#include <functional>
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

/// A function of the epoch index giving a multiplicative factor.
using LRLambda = std::function<double(int64_t epoch)>;

/// Sets each group's lr to base_lr * lr_lambda(epoch). One function for every group, or one per
/// group (raises when the count differs from the number of groups or a function is empty).
class LambdaLR : public LRScheduler {
 public:
  LambdaLR(Optimizer& optimizer, LRLambda lr_lambda);
  LambdaLR(Optimizer& optimizer, std::vector<LRLambda> lr_lambdas);
  const char* name() const noexcept override { return "LambdaLR"; }

 protected:
  std::vector<double> get_lrs() override;

 private:
  std::vector<LRLambda> lr_lambdas_;
};

/// Multiplies each group's lr by lr_lambda(epoch) every epoch after the first.
class MultiplicativeLR : public LRScheduler {
 public:
  MultiplicativeLR(Optimizer& optimizer, LRLambda lr_lambda);
  MultiplicativeLR(Optimizer& optimizer, std::vector<LRLambda> lr_lambdas);
  const char* name() const noexcept override { return "MultiplicativeLR"; }

 protected:
  std::vector<double> get_lrs() override;

 private:
  std::vector<LRLambda> lr_lambdas_;
};

}  // namespace ember::optim
