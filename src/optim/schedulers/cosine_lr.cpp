#include "ember/optim/schedulers/cosine_lr.h"

#include <cmath>
#include <numbers>

#include "ember/error.h"
#include "optim/schedulers/state_util.h"

namespace ember::optim {

using std::numbers::pi;

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, int64_t T_max, double eta_min)
    : LRScheduler(optimizer), T_max_(T_max), eta_min_(eta_min) {
  EMBER_CHECK(T_max >= 1, "CosineAnnealingLR", "expected T_max >= 1, got ", T_max);
  initial_step();
}

std::vector<double> CosineAnnealingLR::get_lrs() {
  std::vector<double> lrs = get_current_lrs();
  if (is_initial_) return lrs;
  const double t = static_cast<double>(last_epoch_);
  const double n = static_cast<double>(T_max_);
  if (step_count_ == 1 && last_epoch_ > 0) {
    for (size_t i = 0; i < lrs.size(); ++i) {
      lrs[i] = eta_min_ + (base_lrs_[i] - eta_min_) * (1 + std::cos(t * pi / n)) / 2;
    }
  } else if ((last_epoch_ - 1 - T_max_) % (2 * T_max_) == 0) {
    for (size_t i = 0; i < lrs.size(); ++i) {
      lrs[i] = lrs[i] + (base_lrs_[i] - eta_min_) * (1 - std::cos(pi / n)) / 2;
    }
  } else {
    for (double& lr : lrs) {
      lr = (1 + std::cos(pi * t / n)) / (1 + std::cos(pi * (t - 1) / n)) * (lr - eta_min_) +
           eta_min_;
    }
  }
  return lrs;
}

std::vector<double> CosineAnnealingLR::closed_form_lrs() {
  std::vector<double> lrs(base_lrs_.size());
  const double t = static_cast<double>(last_epoch_);
  for (size_t i = 0; i < lrs.size(); ++i) {
    lrs[i] = eta_min_ +
             (base_lrs_[i] - eta_min_) * (1 + std::cos(pi * t / static_cast<double>(T_max_))) / 2;
  }
  return lrs;
}

CosineAnnealingWarmRestarts::CosineAnnealingWarmRestarts(Optimizer& optimizer, int64_t T_0,
                                                         int64_t T_mult, double eta_min)
    : LRScheduler(optimizer), T_0_(T_0), T_i_(T_0), T_mult_(T_mult), eta_min_(eta_min) {
  EMBER_CHECK(T_0 >= 1, "CosineAnnealingWarmRestarts", "Expected positive integer T_0, but got ",
              T_0);
  EMBER_CHECK(T_mult >= 1, "CosineAnnealingWarmRestarts", "Expected integer T_mult >= 1, but got ",
              T_mult);
  T_cur_ = static_cast<double>(last_epoch_);
  initial_step();
}

void CosineAnnealingWarmRestarts::step() {
  apply(std::nullopt);
}

void CosineAnnealingWarmRestarts::step(double epoch) {
  EMBER_CHECK(std::isfinite(epoch) && epoch >= 0, "CosineAnnealingWarmRestarts",
              "expected a non-negative epoch, got ", epoch);
  apply(epoch);
}

void CosineAnnealingWarmRestarts::apply(std::optional<double> epoch) {
  // PyTorch overrides step() entirely here, so _step_count is not advanced.
  check_group_count();
  if (!epoch && last_epoch_ < 0) epoch = 0.0;
  double e;
  if (!epoch) {
    e = static_cast<double>(last_epoch_ + 1);
    T_cur_ = T_cur_ + 1;
    if (T_cur_ >= static_cast<double>(T_i_)) {
      T_cur_ = std::fmod(T_cur_, static_cast<double>(T_i_));
      T_i_ = T_i_ * T_mult_;
    }
  } else {
    e = *epoch;
    const double t0 = static_cast<double>(T_0_);
    if (e >= t0) {
      if (T_mult_ == 1) {
        T_cur_ = std::fmod(e, t0);
      } else {
        const double m = static_cast<double>(T_mult_);
        const auto n = static_cast<int64_t>(std::log(e / t0 * (m - 1) + 1) / std::log(m));
        int64_t power = 1;
        for (int64_t k = 0; k < n; ++k) power *= T_mult_;
        T_cur_ = e - static_cast<double>(T_0_ * (power - 1)) / static_cast<double>(T_mult_ - 1);
        T_i_ = T_0_ * power;
      }
    } else {
      T_i_ = T_0_;
      T_cur_ = e;
    }
  }
  last_epoch_ = static_cast<int64_t>(std::floor(e));
  set_optimizer_lrs(get_lrs());
  last_lr_ = get_current_lrs();
}

std::vector<double> CosineAnnealingWarmRestarts::get_lrs() {
  std::vector<double> lrs(base_lrs_.size());
  for (size_t i = 0; i < lrs.size(); ++i) {
    lrs[i] = eta_min_ + (base_lrs_[i] - eta_min_) *
                            (1 + std::cos(pi * T_cur_ / static_cast<double>(T_i_))) / 2;
  }
  return lrs;
}

void CosineAnnealingWarmRestarts::write_extra_state(OrderedDict<std::string, Tensor>& out) const {
  out.insert("T_i", detail::state_long(T_i_));
  out.insert("T_cur", detail::state_double(T_cur_));
}

void CosineAnnealingWarmRestarts::read_extra_state(const OrderedDict<std::string, Tensor>& in) {
  T_i_ = detail::read_long(in["T_i"]);
  T_cur_ = detail::read_double(in["T_cur"]);
}

}  // namespace ember::optim
