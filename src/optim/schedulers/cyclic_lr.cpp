#include "ember/optim/schedulers/cyclic_lr.h"

#include <cmath>
#include <numbers>

#include "ember/error.h"
#include "optim/schedulers/momentum.h"

namespace ember::optim {

namespace {

// Checks that the optimizer can cycle momentum and puts `max_momentums` into its groups, as the
// PyTorch constructors do; returns the MomentumKind as an int for the header.
int start_momentum_cycle(const char* who, Optimizer& optimizer,
                         const std::vector<double>& max_momentums) {
  auto kind = detail::momentum_kind(optimizer.defaults());
  EMBER_CHECK(kind != detail::MomentumKind::none, who, "optimizer ", optimizer.name(),
              " must support momentum or beta1 with the cycle_momentum option enabled");
  auto& groups = optimizer.param_groups();
  for (size_t i = 0; i < groups.size(); ++i) {
    detail::set_momentum(groups[i].options(), kind, max_momentums[i]);
  }
  return static_cast<int>(kind);
}

void write_momentums(Optimizer& optimizer, int kind, const std::vector<double>& momentums) {
  auto& groups = optimizer.param_groups();
  for (size_t i = 0; i < groups.size() && i < momentums.size(); ++i) {
    detail::set_momentum(groups[i].options(), static_cast<detail::MomentumKind>(kind),
                         momentums[i]);
  }
}

}  // namespace

// ---- CyclicLR --------------------------------------------------------------------------------

CyclicLR::CyclicLR(Optimizer& optimizer, CyclicLROptions options)
    : LRScheduler(optimizer),
      mode_(options.mode()),
      gamma_(options.gamma()),
      scale_fn_(options.scale_fn()),
      cycle_momentum_(options.cycle_momentum()) {
  const char* who = "CyclicLR";
  const size_t groups = optimizer.param_groups().size();
  std::vector<double> base_lrs =
      detail::format_group_param(who, "base_lr", options.base_lr(), groups);
  max_lrs_ = detail::format_group_param(who, "max_lr", options.max_lr(), groups);
  EMBER_CHECK(options.step_size_up() >= 1, who, "expected step_size_up >= 1, got ",
              options.step_size_up());
  const int64_t down = options.step_size_down().value_or(options.step_size_up());
  EMBER_CHECK(down >= 1, who, "expected step_size_down >= 1, got ", down);
  const auto up = static_cast<double>(options.step_size_up());
  total_size_ = up + static_cast<double>(down);
  step_ratio_ = up / total_size_;
  if (scale_fn_) {
    EMBER_CHECK(options.scale_mode() == "cycle" || options.scale_mode() == "iterations", who,
                "expected scale_mode 'cycle' or 'iterations', got '", options.scale_mode(), "'");
    scale_by_cycle_ = options.scale_mode() == "cycle";
  } else {
    EMBER_CHECK(mode_ == "triangular" || mode_ == "triangular2" || mode_ == "exp_range", who,
                "mode is invalid and scale_fn is None: expected 'triangular', 'triangular2' or "
                "'exp_range', got '",
                mode_, "'");
    scale_by_cycle_ = mode_ != "exp_range";
  }
  if (cycle_momentum_) {
    base_momentums_ =
        detail::format_group_param(who, "base_momentum", options.base_momentum(), groups);
    max_momentums_ =
        detail::format_group_param(who, "max_momentum", options.max_momentum(), groups);
    momentum_kind_ = start_momentum_cycle(who, optimizer, max_momentums_);
  }
  // PyTorch sets every group's lr to base_lr before attaching.
  set_optimizer_lrs(base_lrs);
  base_lrs_ = base_lrs;
  initial_step();
}

double CyclicLR::scale(double x) const {
  if (scale_fn_) return scale_fn_(x);
  if (mode_ == "triangular") return 1.0;
  if (mode_ == "triangular2") return 1 / std::pow(2.0, x - 1);
  return std::pow(gamma_, x);
}

std::vector<double> CyclicLR::get_lrs() {
  const double epoch = static_cast<double>(last_epoch_);
  const double cycle = std::floor(1 + epoch / total_size_);
  const double x = 1.0 + epoch / total_size_ - cycle;
  const double scale_factor = x <= step_ratio_ ? x / step_ratio_ : (x - 1) / (step_ratio_ - 1);
  const double s = scale(scale_by_cycle_ ? cycle : epoch);
  std::vector<double> lrs(base_lrs_.size());
  for (size_t i = 0; i < lrs.size(); ++i) {
    const double base_height = (max_lrs_[i] - base_lrs_[i]) * scale_factor;
    lrs[i] = base_lrs_[i] + base_height * s;
  }
  if (cycle_momentum_) {
    std::vector<double> momentums(base_momentums_.size());
    for (size_t i = 0; i < momentums.size(); ++i) {
      const double base_height = (max_momentums_[i] - base_momentums_[i]) * scale_factor;
      momentums[i] = max_momentums_[i] - base_height * s;
    }
    write_momentums(*optimizer_, momentum_kind_, momentums);
  }
  return lrs;
}

// ---- OneCycleLR ------------------------------------------------------------------------------

OneCycleLR::OneCycleLR(Optimizer& optimizer, OneCycleLROptions options)
    : LRScheduler(optimizer), cycle_momentum_(options.cycle_momentum()) {
  const char* who = "OneCycleLR";
  if (options.total_steps()) {
    total_steps_ = *options.total_steps();
    EMBER_CHECK(total_steps_ > 0, who, "Expected positive integer total_steps, but got ",
                total_steps_);
  } else {
    EMBER_CHECK(options.epochs() && options.steps_per_epoch(), who,
                "You must define either total_steps OR (epochs AND steps_per_epoch)");
    EMBER_CHECK(*options.epochs() > 0, who, "Expected positive integer epochs, but got ",
                *options.epochs());
    EMBER_CHECK(*options.steps_per_epoch() > 0, who,
                "Expected positive integer steps_per_epoch, but got ", *options.steps_per_epoch());
    total_steps_ = *options.epochs() * *options.steps_per_epoch();
  }
  const double pct = options.pct_start();
  EMBER_CHECK(pct >= 0 && pct <= 1, who, "expected pct_start between 0 and 1, got ", pct);
  const double total = static_cast<double>(total_steps_);
  if (options.three_phase()) {
    phases_ = {{pct * total - 1, kInitial, kMax, true, false},
               {2 * pct * total - 2, kMax, kInitial, false, true},
               {total - 1, kInitial, kMin, true, true}};
  } else {
    phases_ = {{pct * total - 1, kInitial, kMax, true, false},
               {total - 1, kMax, kMin, false, true}};
  }
  EMBER_CHECK(options.anneal_strategy() == "cos" || options.anneal_strategy() == "linear", who,
              "anneal_strategy must be one of 'cos' or 'linear', got '", options.anneal_strategy(),
              "'");
  cos_ = options.anneal_strategy() == "cos";
  const size_t groups = optimizer.param_groups().size();
  max_lrs_ = detail::format_group_param(who, "max_lr", options.max_lr(), groups);
  for (double max_lr : max_lrs_) {
    initial_lrs_.push_back(max_lr / options.div_factor());
    min_lrs_.push_back(initial_lrs_.back() / options.final_div_factor());
  }
  if (cycle_momentum_) {
    max_momentums_ =
        detail::format_group_param(who, "max_momentum", options.max_momentum(), groups);
    base_momentums_ =
        detail::format_group_param(who, "base_momentum", options.base_momentum(), groups);
    momentum_kind_ = start_momentum_cycle(who, optimizer, max_momentums_);
  }
  // PyTorch stores initial_lr = max_lr / div_factor in the groups, so that is the base lr.
  base_lrs_ = initial_lrs_;
  initial_step();
}

double OneCycleLR::anneal(double start, double end, double pct) const {
  if (cos_) {
    const double cos_out = std::cos(std::numbers::pi * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
  }
  return (end - start) * pct + start;
}

std::vector<double> OneCycleLR::get_lrs() {
  const auto step_num = static_cast<double>(last_epoch_);
  EMBER_CHECK(last_epoch_ <= total_steps_, "OneCycleLR", "tried to step ", last_epoch_,
              " times; the specified number of total steps is ", total_steps_);
  std::vector<double> lrs(max_lrs_.size());
  std::vector<double> momentums(max_lrs_.size());
  for (size_t g = 0; g < lrs.size(); ++g) {
    auto lr_at = [&](Anchor a) {
      return a == kInitial ? initial_lrs_[g] : a == kMax ? max_lrs_[g] : min_lrs_[g];
    };
    double start_step = 0.0;
    for (size_t i = 0; i < phases_.size(); ++i) {
      const Phase& phase = phases_[i];
      if (step_num <= phase.end_step || i + 1 == phases_.size()) {
        EMBER_CHECK(phase.end_step != start_step, "OneCycleLR",
                    "a phase of the cycle has no steps (total_steps ", total_steps_,
                    " is too small for this pct_start)");
        const double pct = (step_num - start_step) / (phase.end_step - start_step);
        lrs[g] = anneal(lr_at(phase.start_lr), lr_at(phase.end_lr), pct);
        if (cycle_momentum_) {
          auto m = [&](bool is_max) { return is_max ? max_momentums_[g] : base_momentums_[g]; };
          momentums[g] = anneal(m(phase.start_momentum_max), m(phase.end_momentum_max), pct);
        }
        break;
      }
      start_step = phase.end_step;
    }
  }
  if (cycle_momentum_) write_momentums(*optimizer_, momentum_kind_, momentums);
  return lrs;
}

}  // namespace ember::optim
