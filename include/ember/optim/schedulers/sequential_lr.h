#pragma once
/// Schedulers of schedulers: SequentialLR (one after another, switching at milestones) and
/// ChainedScheduler (all of them every step).
#include <memory>
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

/// Runs `schedulers[i]` from milestones[i-1] on (a scheduler starting at a milestone restarts
/// from epoch 0 by its closed form). All schedulers must belong to `optimizer`; there must be
/// one milestone fewer than schedulers, in non-decreasing order. Construction resets the
/// groups' lrs to their initial values and undoes the other schedulers' initial steps.
/// State: its own plus `_schedulers.<i>.<key>` for each scheduler.
class SequentialLR : public LRScheduler {
 public:
  SequentialLR(Optimizer& optimizer, std::vector<std::shared_ptr<LRScheduler>> schedulers,
               std::vector<int64_t> milestones);
  const char* name() const noexcept override { return "SequentialLR"; }
  void step() override;

 protected:
  std::vector<double> get_lrs() override { return get_current_lrs(); }
  std::vector<LRScheduler*> children() const override;

 private:
  std::vector<std::shared_ptr<LRScheduler>> schedulers_;
  std::vector<int64_t> milestones_;
};

/// Steps every scheduler (all on one optimizer) on each step(), in order, so their
/// multiplicative effects combine. State: its own plus `_schedulers.<i>.<key>`.
class ChainedScheduler : public LRScheduler {
 public:
  explicit ChainedScheduler(std::vector<std::shared_ptr<LRScheduler>> schedulers);
  const char* name() const noexcept override { return "ChainedScheduler"; }
  void step() override;

 protected:
  std::vector<double> get_lrs() override { return get_current_lrs(); }
  std::vector<LRScheduler*> children() const override;

 private:
  std::vector<std::shared_ptr<LRScheduler>> schedulers_;
};

}  // namespace ember::optim
