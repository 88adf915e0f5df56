#include "ember/optim/schedulers/linear_lr.h"

#include <algorithm>
#include <cmath>

#include "ember/error.h"

namespace ember::optim {

ConstantLR::ConstantLR(Optimizer& optimizer, double factor, int64_t total_iters)
    : LRScheduler(optimizer), factor_(factor), total_iters_(total_iters) {
  EMBER_CHECK(factor >= 0.0 && factor <= 1.0, "ConstantLR",
              "expected a multiplicative factor between 0 and 1, got ", factor);
  initial_step();
}

std::vector<double> ConstantLR::get_lrs() {
  if (last_epoch_ == 0) return scaled(get_current_lrs(), factor_);
  if (last_epoch_ != total_iters_) return get_current_lrs();
  // PyTorch divides by the factor here (ZeroDivisionError for factor 0).
  EMBER_CHECK(factor_ != 0.0, "ConstantLR",
              "cannot restore the learning rate after total_iters with factor 0");
  return scaled(get_current_lrs(), 1.0 / factor_);
}

std::vector<double> ConstantLR::closed_form_lrs() {
  double f = factor_ + (last_epoch_ >= total_iters_ ? 1.0 : 0.0) * (1 - factor_);
  return scaled(base_lrs_, f);
}

LinearLR::LinearLR(Optimizer& optimizer, double start_factor, double end_factor,
                   int64_t total_iters)
    : LRScheduler(optimizer),
      start_factor_(start_factor),
      end_factor_(end_factor),
      total_iters_(total_iters) {
  EMBER_CHECK(start_factor > 0.0 && start_factor <= 1.0, "LinearLR",
              "expected start_factor greater than 0 and at most 1, got ", start_factor);
  EMBER_CHECK(end_factor >= 0.0 && end_factor <= 1.0, "LinearLR",
              "expected end_factor between 0 and 1, got ", end_factor);
  EMBER_CHECK(total_iters >= 1, "LinearLR", "expected total_iters >= 1, got ", total_iters);
  initial_step();
}

std::vector<double> LinearLR::get_lrs() {
  if (last_epoch_ == 0) return scaled(get_current_lrs(), start_factor_);
  if (is_initial_ || last_epoch_ > total_iters_) return get_current_lrs();
  const double delta = end_factor_ - start_factor_;
  return scaled(get_current_lrs(),
                1.0 + delta / (static_cast<double>(total_iters_) * start_factor_ +
                               static_cast<double>(last_epoch_ - 1) * delta));
}

std::vector<double> LinearLR::closed_form_lrs() {
  const double done = static_cast<double>(std::min(total_iters_, last_epoch_));
  return scaled(base_lrs_, start_factor_ + (end_factor_ - start_factor_) * done /
                                               static_cast<double>(total_iters_));
}

PolynomialLR::PolynomialLR(Optimizer& optimizer, int64_t total_iters, double power)
    : LRScheduler(optimizer), total_iters_(total_iters), power_(power) {
  EMBER_CHECK(total_iters >= 1, "PolynomialLR", "expected total_iters >= 1, got ", total_iters);
  initial_step();
}

std::vector<double> PolynomialLR::get_lrs() {
  if (is_initial_ || last_epoch_ > total_iters_) return get_current_lrs();
  const double n = static_cast<double>(total_iters_);
  const double decay = std::pow((1.0 - static_cast<double>(last_epoch_) / n) /
                                    (1.0 - static_cast<double>(last_epoch_ - 1) / n),
                                power_);
  return scaled(get_current_lrs(), decay);
}

std::vector<double> PolynomialLR::closed_form_lrs() {
  const double n = static_cast<double>(total_iters_);
  return scaled(
      base_lrs_,
      std::pow(1.0 - static_cast<double>(std::min(total_iters_, last_epoch_)) / n, power_));
}

}  // namespace ember::optim
