#pragma once
/// Cosine annealing: CosineAnnealingLR (PyTorch's recursive chainable form) and
/// CosineAnnealingWarmRestarts (SGDR).
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

/// Anneals each group's lr from its base value to `eta_min` over `T_max` epochs along a
/// half cosine, by PyTorch's recursive update (so it keeps oscillating past T_max).
/// Raises for T_max < 1.
class CosineAnnealingLR : public LRScheduler {
 public:
  CosineAnnealingLR(Optimizer& optimizer, int64_t T_max, double eta_min = 0.0);
  const char* name() const noexcept override { return "CosineAnnealingLR"; }

 protected:
  std::vector<double> get_lrs() override;
  std::vector<double> closed_form_lrs() override;
  bool has_closed_form() const noexcept override { return true; }

 private:
  int64_t T_max_;
  double eta_min_;
};

/// SGDR: cosine annealing from base_lr to `eta_min` over T_i epochs, restarting with
/// T_i *= T_mult. `step()` advances one epoch; `step(epoch)` jumps to a (fractional) epoch.
/// Raises for T_0 < 1, T_mult < 1 or a negative epoch. State: `T_i`, `T_cur`.
class CosineAnnealingWarmRestarts : public LRScheduler {
 public:
  CosineAnnealingWarmRestarts(Optimizer& optimizer, int64_t T_0, int64_t T_mult = 1,
                              double eta_min = 0.0);
  const char* name() const noexcept override { return "CosineAnnealingWarmRestarts"; }

  void step() override;
  void step(double epoch);

  int64_t T_i() const noexcept { return T_i_; }
  double T_cur() const noexcept { return T_cur_; }

 protected:
  std::vector<double> get_lrs() override;
  void write_extra_state(OrderedDict<std::string, Tensor>& out) const override;
  void read_extra_state(const OrderedDict<std::string, Tensor>& in) override;

 private:
  void apply(std::optional<double> epoch);
  int64_t T_0_;
  int64_t T_i_;
  int64_t T_mult_;
  double eta_min_;
  double T_cur_;
};

}  // namespace ember::optim
