#include "ember/optim/schedulers/reduce_on_plateau_scheduler.h"

#include <algorithm>
#include <limits>

#include "ember/error.h"
#include "optim/schedulers/state_util.h"

namespace ember::optim {

namespace {
constexpr const char* kName = "ReduceLROnPlateau";
}

ReduceLROnPlateauScheduler::ReduceLROnPlateauScheduler(
    Optimizer& optimizer, SchedulerMode mode, double factor, int64_t patience, double threshold,
    ThresholdMode threshold_mode, int64_t cooldown, const std::vector<double>& min_lr, double eps,
    bool verbose)
    : optimizer_(&optimizer),
      mode_(mode),
      factor_(factor),
      patience_(patience),
      threshold_(threshold),
      threshold_mode_(threshold_mode),
      cooldown_(cooldown),
      eps_(eps) {
  (void)verbose;  // libtorch's argument; Ember does not print.
  EMBER_CHECK(factor < 1.0, kName, "Factor should be < 1.0 (got ", factor, ")");
  EMBER_CHECK(mode == min || mode == max, kName, "unknown mode ", static_cast<int>(mode));
  EMBER_CHECK(threshold_mode == rel || threshold_mode == abs, kName, "unknown threshold mode ",
              static_cast<int>(threshold_mode));
  EMBER_CHECK(patience >= 0, kName, "expected patience >= 0, got ", patience);
  EMBER_CHECK(cooldown >= 0, kName, "expected cooldown >= 0, got ", cooldown);
  EMBER_CHECK(eps >= 0, kName, "expected eps >= 0, got ", eps);
  const size_t groups = optimizer.param_groups().size();
  if (min_lr.empty()) {
    min_lrs_.assign(groups, 0.0);
  } else if (min_lr.size() == 1) {
    min_lrs_.assign(groups, min_lr[0]);
  } else {
    EMBER_CHECK(min_lr.size() == groups, kName, "expected ", groups, " min_lrs, got ",
                min_lr.size());
    min_lrs_ = min_lr;
  }
  for (const auto& group : optimizer.param_groups()) last_lr_.push_back(group.options().get_lr());
  best_ = mode == min ? std::numeric_limits<double>::infinity()
                      : -std::numeric_limits<double>::infinity();
}

bool ReduceLROnPlateauScheduler::is_better(double a, double best) const {
  if (mode_ == min && threshold_mode_ == rel) return a < best * (1.0 - threshold_);
  if (mode_ == min) return a < best - threshold_;
  if (threshold_mode_ == rel) return a > best * (threshold_ + 1.0);
  return a > best + threshold_;
}

void ReduceLROnPlateauScheduler::step(double metric) {
  last_epoch_ += 1;
  if (is_better(metric, best_)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    num_bad_epochs_ += 1;
  }
  if (in_cooldown()) {
    cooldown_counter_ -= 1;
    num_bad_epochs_ = 0;  // bad epochs in cooldown do not count
  }
  if (num_bad_epochs_ > patience_) {
    reduce_lr();
    cooldown_counter_ = cooldown_;
    num_bad_epochs_ = 0;
  }
  last_lr_.clear();
  for (const auto& group : optimizer_->param_groups()) last_lr_.push_back(group.options().get_lr());
}

void ReduceLROnPlateauScheduler::reduce_lr() {
  auto& groups = optimizer_->param_groups();
  EMBER_CHECK(groups.size() == min_lrs_.size(), kName, "the optimizer has ", groups.size(),
              " param groups, but the scheduler was created for ", min_lrs_.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    const double old_lr = groups[i].options().get_lr();
    const double new_lr = std::max(old_lr * factor_, min_lrs_[i]);
    if (old_lr - new_lr > eps_) groups[i].options().set_lr(new_lr);
  }
}

OrderedDict<std::string, Tensor> ReduceLROnPlateauScheduler::state_dict() const {
  OrderedDict<std::string, Tensor> out;
  out.insert("last_epoch", detail::state_long(last_epoch_));
  out.insert("_last_lr", detail::state_doubles(last_lr_));
  out.insert("best", detail::state_double(best_));
  out.insert("num_bad_epochs", detail::state_long(num_bad_epochs_));
  out.insert("cooldown_counter", detail::state_long(cooldown_counter_));
  return out;
}

void ReduceLROnPlateauScheduler::load_state_dict(const OrderedDict<std::string, Tensor>& in) {
  detail::check_same_layout(kName, state_dict(), in);
  last_epoch_ = detail::read_long(in["last_epoch"]);
  last_lr_ = detail::read_doubles(in["_last_lr"]);
  best_ = detail::read_double(in["best"]);
  num_bad_epochs_ = detail::read_long(in["num_bad_epochs"]);
  cooldown_counter_ = detail::read_long(in["cooldown_counter"]);
}

}  // namespace ember::optim
