#pragma once
/// Per-batch cyclical schedules: CyclicLR and OneCycleLR. With `cycle_momentum`, both also cycle
/// the optimizer's `momentum` (SGD, RMSprop) or the first of its `betas` (Adam family) inversely
/// to the learning rate.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ember/arg.h"
#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

/// Options of CyclicLR. `base_lr` / `max_lr` (and the momentums) take one value for every group
/// or one per group.
struct CyclicLROptions {
  CyclicLROptions(std::vector<double> base_lr, std::vector<double> max_lr)
      : base_lr_(std::move(base_lr)), max_lr_(std::move(max_lr)) {}
  CyclicLROptions(double base_lr, double max_lr) : base_lr_({base_lr}), max_lr_({max_lr}) {}
  EMBER_ARG(std::vector<double>, base_lr);
  EMBER_ARG(std::vector<double>, max_lr);
  /// Iterations in the increasing half of a cycle.
  EMBER_ARG(int64_t, step_size_up) = 2000;
  /// Iterations in the decreasing half; defaults to step_size_up.
  EMBER_ARG(std::optional<int64_t>, step_size_down) = std::nullopt;
  /// "triangular", "triangular2" or "exp_range" (ignored when scale_fn is set).
  EMBER_ARG(std::string, mode) = "triangular";
  /// The base of exp_range's gamma^iterations.
  EMBER_ARG(double, gamma) = 1.0;
  /// A custom amplitude scaling, 0 <= scale_fn(x) <= 1; overrides `mode`.
  EMBER_ARG(std::function<double(double)>, scale_fn) = nullptr;
  /// "cycle" or "iterations": what scale_fn is evaluated on (custom scale_fn only).
  EMBER_ARG(std::string, scale_mode) = "cycle";
  EMBER_ARG(bool, cycle_momentum) = true;
  EMBER_ARG(std::vector<double>, base_momentum) = {0.8};
  EMBER_ARG(std::vector<double>, max_momentum) = {0.9};
};

/// Cycles each group's lr between base_lr and max_lr (Smith, "Cyclical Learning Rates"). The
/// constructor sets every group's lr to its base_lr. Raises for a bad mode / scale_mode, step
/// sizes < 1, per-group lists of the wrong length, or cycle_momentum with an optimizer that has
/// neither momentum nor betas.
class CyclicLR : public LRScheduler {
 public:
  CyclicLR(Optimizer& optimizer, CyclicLROptions options);
  const char* name() const noexcept override { return "CyclicLR"; }

 protected:
  std::vector<double> get_lrs() override;

 private:
  double scale(double x) const;
  std::vector<double> max_lrs_;
  double total_size_;
  double step_ratio_;
  std::string mode_;
  double gamma_;
  std::function<double(double)> scale_fn_;
  bool scale_by_cycle_;
  bool cycle_momentum_;
  int momentum_kind_ = 0;
  std::vector<double> base_momentums_;
  std::vector<double> max_momentums_;
};

/// Options of OneCycleLR: give `total_steps`, or `epochs` and `steps_per_epoch`.
struct OneCycleLROptions {
  OneCycleLROptions(std::vector<double> max_lr) : max_lr_(std::move(max_lr)) {}  // NOLINT
  OneCycleLROptions(double max_lr) : max_lr_({max_lr}) {}                        // NOLINT
  EMBER_ARG(std::vector<double>, max_lr);
  EMBER_ARG(std::optional<int64_t>, total_steps) = std::nullopt;
  EMBER_ARG(std::optional<int64_t>, epochs) = std::nullopt;
  EMBER_ARG(std::optional<int64_t>, steps_per_epoch) = std::nullopt;
  /// Fraction of the cycle spent increasing the lr, in [0, 1].
  EMBER_ARG(double, pct_start) = 0.3;
  /// "cos" or "linear".
  EMBER_ARG(std::string, anneal_strategy) = "cos";
  EMBER_ARG(bool, cycle_momentum) = true;
  EMBER_ARG(std::vector<double>, base_momentum) = {0.85};
  EMBER_ARG(std::vector<double>, max_momentum) = {0.95};
  /// initial_lr = max_lr / div_factor.
  EMBER_ARG(double, div_factor) = 25.0;
  /// min_lr = initial_lr / final_div_factor.
  EMBER_ARG(double, final_div_factor) = 1e4;
  /// Three phases (up, down to initial_lr, down to min_lr) instead of fastai's two.
  EMBER_ARG(bool, three_phase) = false;
};

/// The 1cycle policy (Smith & Topin): lr from max_lr/div_factor up to max_lr, then down to
/// initial_lr/final_div_factor, over total_steps steps. Stepping past total_steps raises.
class OneCycleLR : public LRScheduler {
 public:
  OneCycleLR(Optimizer& optimizer, OneCycleLROptions options);
  const char* name() const noexcept override { return "OneCycleLR"; }
  int64_t total_steps() const noexcept { return total_steps_; }

 protected:
  std::vector<double> get_lrs() override;

 private:
  enum Anchor { kInitial, kMax, kMin };
  struct Phase {
    double end_step;
    Anchor start_lr, end_lr;
    bool start_momentum_max, end_momentum_max;
  };
  double anneal(double start, double end, double pct) const;
  int64_t total_steps_;
  std::vector<Phase> phases_;
  bool cos_;
  std::vector<double> initial_lrs_, max_lrs_, min_lrs_;
  bool cycle_momentum_;
  int momentum_kind_ = 0;
  std::vector<double> base_momentums_, max_momentums_;
};

}  // namespace ember::optim
