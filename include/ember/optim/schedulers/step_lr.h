#pragma once
/// Step-wise decays: StepLR, MultiStepLR, ExponentialLR (PyTorch's chainable forms: each step
/// multiplies the current learning rate, so other changes to it are kept).
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

/// Multiplies every group's lr by `gamma` every `step_size` epochs. Raises for step_size < 1.
class StepLR : public LRScheduler {
 public:
  StepLR(Optimizer& optimizer, int64_t step_size, double gamma = 0.1);
  const char* name() const noexcept override { return "StepLR"; }

 protected:
  std::vector<double> get_lrs() override;
  std::vector<double> closed_form_lrs() override;
  bool has_closed_form() const noexcept override { return true; }

 private:
  int64_t step_size_;
  double gamma_;
};

/// Multiplies every group's lr by `gamma` each time the epoch reaches a milestone (a milestone
/// listed k times multiplies by gamma^k). Raises for negative milestones.
class MultiStepLR : public LRScheduler {
 public:
  MultiStepLR(Optimizer& optimizer, std::vector<int64_t> milestones, double gamma = 0.1);
  const char* name() const noexcept override { return "MultiStepLR"; }

 protected:
  std::vector<double> get_lrs() override;
  std::vector<double> closed_form_lrs() override;
  bool has_closed_form() const noexcept override { return true; }

 private:
  std::vector<int64_t> milestones_;  // sorted
  double gamma_;
};

/// Multiplies every group's lr by `gamma` every epoch.
class ExponentialLR : public LRScheduler {
 public:
  ExponentialLR(Optimizer& optimizer, double gamma);
  const char* name() const noexcept override { return "ExponentialLR"; }

 protected:
  std::vector<double> get_lrs() override;
  std::vector<double> closed_form_lrs() override;
  bool has_closed_form() const noexcept override { return true; }

 private:
  double gamma_;
};

}  // namespace ember::optim
