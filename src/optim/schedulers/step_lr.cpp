#include "ember/optim/schedulers/step_lr.h"

#include <algorithm>
#include <cmath>

#include "ember/error.h"

namespace ember::optim {

StepLR::StepLR(Optimizer& optimizer, int64_t step_size, double gamma)
    : LRScheduler(optimizer), step_size_(step_size), gamma_(gamma) {
  EMBER_CHECK(step_size >= 1, "StepLR", "expected step_size >= 1, got ", step_size);
  initial_step();
}

std::vector<double> StepLR::get_lrs() {
  if (last_epoch_ == 0 || last_epoch_ % step_size_ != 0) return get_current_lrs();
  return scaled(get_current_lrs(), gamma_);
}

std::vector<double> StepLR::closed_form_lrs() {
  return scaled(base_lrs_, std::pow(gamma_, static_cast<double>(last_epoch_ / step_size_)));
}

MultiStepLR::MultiStepLR(Optimizer& optimizer, std::vector<int64_t> milestones, double gamma)
    : LRScheduler(optimizer), milestones_(std::move(milestones)), gamma_(gamma) {
  for (int64_t m : milestones_) {
    EMBER_CHECK(m >= 0, "MultiStepLR", "expected non-negative milestones, got ", m);
  }
  std::sort(milestones_.begin(), milestones_.end());
  initial_step();
}

std::vector<double> MultiStepLR::get_lrs() {
  auto count = std::count(milestones_.begin(), milestones_.end(), last_epoch_);
  if (count == 0) return get_current_lrs();
  return scaled(get_current_lrs(), std::pow(gamma_, static_cast<double>(count)));
}

std::vector<double> MultiStepLR::closed_form_lrs() {
  auto passed =
      std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin();
  return scaled(base_lrs_, std::pow(gamma_, static_cast<double>(passed)));
}

ExponentialLR::ExponentialLR(Optimizer& optimizer, double gamma)
    : LRScheduler(optimizer), gamma_(gamma) {
  initial_step();
}

std::vector<double> ExponentialLR::get_lrs() {
  if (is_initial_) return get_current_lrs();
  return scaled(get_current_lrs(), gamma_);
}

std::vector<double> ExponentialLR::closed_form_lrs() {
  return scaled(base_lrs_, std::pow(gamma_, static_cast<double>(last_epoch_)));
}

}  // namespace ember::optim
