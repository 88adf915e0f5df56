#pragma once
/// Warm-up and decay over a fixed number of iterations: ConstantLR, LinearLR, PolynomialLR.
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

/// Multiplies the lr by `factor` (in [0, 1]) until epoch `total_iters`, then restores it.
class ConstantLR : public LRScheduler {
 public:
  explicit ConstantLR(Optimizer& optimizer, double factor = 1.0 / 3, int64_t total_iters = 5);
  const char* name() const noexcept override { return "ConstantLR"; }

 protected:
  std::vector<double> get_lrs() override;
  std::vector<double> closed_form_lrs() override;
  bool has_closed_form() const noexcept override { return true; }

 private:
  double factor_;
  int64_t total_iters_;
};

/// Scales the lr by a factor moving linearly from `start_factor` (in (0, 1]) to `end_factor`
/// (in [0, 1]) over `total_iters` epochs.
class LinearLR : public LRScheduler {
 public:
  explicit LinearLR(Optimizer& optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0,
                    int64_t total_iters = 5);
  const char* name() const noexcept override { return "LinearLR"; }

 protected:
  std::vector<double> get_lrs() override;
  std::vector<double> closed_form_lrs() override;
  bool has_closed_form() const noexcept override { return true; }

 private:
  double start_factor_;
  double end_factor_;
  int64_t total_iters_;
};

/// Decays the lr as base_lr * (1 - min(epoch, total_iters) / total_iters)^power.
/// Raises for total_iters < 1.
class PolynomialLR : public LRScheduler {
 public:
  explicit PolynomialLR(Optimizer& optimizer, int64_t total_iters = 5, double power = 1.0);
  const char* name() const noexcept override { return "PolynomialLR"; }

 protected:
  std::vector<double> get_lrs() override;
  std::vector<double> closed_form_lrs() override;
  bool has_closed_form() const noexcept override { return true; }

 private:
  int64_t total_iters_;
  double power_;
};

}  // namespace ember::optim
