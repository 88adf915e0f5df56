#include "ember/optim/schedulers/sequential_lr.h"

#include <algorithm>
#include <functional>

#include "ember/error.h"

namespace ember::optim {

namespace {

void check_schedulers(const char* who, const Optimizer* optimizer,
                      const std::vector<std::shared_ptr<LRScheduler>>& schedulers) {
  EMBER_CHECK(!schedulers.empty(), who, "expects at least one scheduler, got none");
  for (size_t i = 0; i < schedulers.size(); ++i) {
    EMBER_CHECK(schedulers[i] != nullptr, who, "scheduler at index ", i, " is null");
    EMBER_CHECK(&schedulers[i]->optimizer() == optimizer, who,
                "expects all schedulers to belong to the same optimizer, but scheduler ",
                schedulers[i]->name(), " at index ", i, " has a different one");
  }
}

}  // namespace

SequentialLR::SequentialLR(Optimizer& optimizer,
                           std::vector<std::shared_ptr<LRScheduler>> schedulers,
                           std::vector<int64_t> milestones)
    : LRScheduler(optimizer),
      schedulers_(std::move(schedulers)),
      milestones_(std::move(milestones)) {
  check_schedulers("SequentialLR", &optimizer, schedulers_);
  EMBER_CHECK(milestones_.size() + 1 == schedulers_.size(), "SequentialLR",
              "Sequential Schedulers expects number of schedulers provided to be one more than the "
              "number of milestone points, but got number of schedulers ",
              schedulers_.size(), " and the number of milestones to be equal to ",
              milestones_.size());
  EMBER_CHECK(std::is_sorted(milestones_.begin(), milestones_.end()), "SequentialLR",
              "expects milestones in non-decreasing order");
  last_epoch_ = 0;
  // Note [Initial learning rates] (lr_scheduler.cpp): every scheduler of the sequence takes the
  // first one's base_lrs, the groups' lrs before any of them was attached.
  base_lrs_ = schedulers_[0]->base_lrs_;
  // Reset the learning rates to their initial values and undo the schedulers' initial steps
  // (PyTorch's recursive_undo: nested sequences are undone scheduler by scheduler).
  std::function<void(LRScheduler&)> undo = [&](LRScheduler& s) {
    s.base_lrs_ = base_lrs_;
    auto kids = s.children();
    if (kids.empty()) --s.last_epoch_;
    for (LRScheduler* k : kids) undo(*k);
  };
  for (auto& s : schedulers_) undo(*s);
  set_optimizer_lrs(base_lrs_);
  schedulers_[0]->initial_step();
  last_lr_ = schedulers_[0]->get_last_lr();
}

void SequentialLR::step() {
  ++last_epoch_;
  const auto idx = static_cast<size_t>(
      std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin());
  LRScheduler& s = *schedulers_[idx];
  if (idx > 0 && milestones_[idx - 1] == last_epoch_) {
    s.update_lr(0);
  } else {
    s.step();
  }
  last_lr_ = s.get_last_lr();
}

std::vector<LRScheduler*> SequentialLR::children() const {
  std::vector<LRScheduler*> out;
  for (const auto& s : schedulers_) out.push_back(s.get());
  return out;
}

ChainedScheduler::ChainedScheduler(std::vector<std::shared_ptr<LRScheduler>> schedulers)
    : LRScheduler(schedulers.empty() || !schedulers[0]
                      ? throw Error("[ChainedScheduler] expects at least one scheduler, got none")
                      : schedulers[0]->optimizer()),
      schedulers_(std::move(schedulers)) {
  check_schedulers("ChainedScheduler", optimizer_, schedulers_);
  base_lrs_ = schedulers_[0]->base_lrs_;
  for (auto& s : schedulers_) s->base_lrs_ = base_lrs_;
  last_lr_ = get_current_lrs();
}

void ChainedScheduler::step() {
  for (auto& s : schedulers_) s->step();
  last_lr_ = get_current_lrs();
}

std::vector<LRScheduler*> ChainedScheduler::children() const {
  std::vector<LRScheduler*> out;
  for (const auto& s : schedulers_) out.push_back(s.get());
  return out;
}

}  // namespace ember::optim
