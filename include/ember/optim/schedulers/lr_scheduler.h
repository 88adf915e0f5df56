#pragma once
/// The learning-rate scheduler base class (libtorch's torch::optim::LRScheduler, with PyTorch
/// 2.x semantics: the constructor performs the initial step, state_dict/load_state_dict).
///
/// A scheduler remembers each param group's learning rate at construction (`base_lrs`, PyTorch's
/// `initial_lr`) and rewrites the groups' `lr` on every `step()`:
///
///     ember::optim::SGD optimizer(model->parameters(), ember::optim::SGDOptions(0.1));
///     ember::optim::StepLR scheduler(optimizer, /*step_size=*/30, /*gamma=*/0.1);
///     for (int epoch = 0; epoch < 100; ++epoch) {
///       train(...);
///       scheduler.step();
///     }
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ember/optim/optimizer.h"
#include "ember/ordered_dict.h"
#include "ember/tensor.h"

namespace ember::optim {

class SequentialLR;
class ChainedScheduler;

/// Base class of the epoch-driven schedulers. Derived constructors end with `initial_step()`.
class LRScheduler {
 public:
  explicit LRScheduler(Optimizer& optimizer);
  virtual ~LRScheduler() = default;
  LRScheduler(const LRScheduler&) = delete;
  LRScheduler& operator=(const LRScheduler&) = delete;

  /// Advances one epoch (or batch, for the per-batch schedulers) and writes the new learning
  /// rates into the optimizer's param groups.
  virtual void step();

  /// The learning rates the last step wrote, one per param group.
  const std::vector<double>& get_last_lr() const noexcept { return last_lr_; }
  /// The learning rates the param groups had when the scheduler was created.
  const std::vector<double>& base_lrs() const noexcept { return base_lrs_; }
  /// The index of the last epoch (0 after construction).
  int64_t last_epoch() const noexcept { return last_epoch_; }
  Optimizer& optimizer() const noexcept { return *optimizer_; }

  /// The mutable state under PyTorch's attribute names (`last_epoch`, `base_lrs`, `_last_lr`,
  /// `_step_count` and each scheduler's own), as a flat tensor dict (docs/STATE_FORMAT).
  OrderedDict<std::string, Tensor> state_dict() const;
  /// Restores a state_dict() of a scheduler of the same kind built on the same number of param
  /// groups. Validates every key, dtype and shape before changing anything; raises ember::Error
  /// naming the scheduler and the key otherwise. The optimizer's learning rates are not touched
  /// (load the optimizer's own state for those, as in PyTorch).
  void load_state_dict(const OrderedDict<std::string, Tensor>& state_dict);

  /// The scheduler's name for error messages ("StepLR", ...).
  virtual const char* name() const noexcept = 0;

 protected:
  /// The chainable form: the next learning rates from the current ones (PyTorch's get_lr()).
  virtual std::vector<double> get_lrs() = 0;
  /// The closed form used by `step(epoch)`-style jumps (PyTorch's _get_closed_form_lr); falls
  /// back to get_lrs() where a scheduler has none.
  virtual std::vector<double> closed_form_lrs() { return get_lrs(); }
  virtual bool has_closed_form() const noexcept { return false; }

  /// Every rate in `lrs` times `factor` (the multiplicative schedules' one operation).
  static std::vector<double> scaled(std::vector<double> lrs, double factor) {
    for (double& lr : lrs) lr *= factor;
    return lrs;
  }

  /// PyTorch's _initial_step(): resets the step count and steps once in initial mode.
  void initial_step();
  /// PyTorch's _update_lr(epoch): with no epoch, advances last_epoch and uses get_lrs(); with
  /// one, jumps there and uses the closed form when the scheduler has it.
  void update_lr(std::optional<int64_t> epoch = std::nullopt);
  /// The current learning rate of every param group.
  std::vector<double> get_current_lrs() const;
  void set_optimizer_lrs(const std::vector<double>& lrs);
  /// Raises unless the optimizer still has one param group per base lr.
  void check_group_count() const;

  /// Scheduler-specific state: write its entries / read them back. `read_extra_state` runs only
  /// after every key has been validated against `write_extra_state`'s layout, so it cannot fail.
  virtual void write_extra_state(OrderedDict<std::string, Tensor>& out) const { (void)out; }
  virtual void read_extra_state(const OrderedDict<std::string, Tensor>& in) { (void)in; }

  /// Nested schedulers (SequentialLR, ChainedScheduler) whose state is stored under
  /// `_schedulers.<i>.`; empty for plain schedulers.
  virtual std::vector<LRScheduler*> children() const { return {}; }

  Optimizer* optimizer_;
  std::vector<double> base_lrs_;
  std::vector<double> last_lr_;
  int64_t last_epoch_ = -1;
  int64_t step_count_ = 0;
  /// True during the constructor's step (PyTorch's _is_initial).
  bool is_initial_ = false;

 private:
  friend class SequentialLR;
  friend class ChainedScheduler;
  void write_state(OrderedDict<std::string, Tensor>& out, const std::string& prefix) const;
  void read_state(const OrderedDict<std::string, Tensor>& in, const std::string& prefix);
};

namespace detail {
/// Checks a per-group argument list: a single value is repeated for every group, otherwise the
/// length must equal the number of groups (PyTorch's _format_param).
std::vector<double> format_group_param(const char* scheduler, const char* name,
                                       const std::vector<double>& values, size_t groups);
}  // namespace detail

}  // namespace ember::optim
