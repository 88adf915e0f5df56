#pragma once
/// ReduceLROnPlateau: lowers the learning rate when a metric stops improving. Its step takes
/// the metric, so it is not an LRScheduler (libtorch's ReduceLROnPlateauScheduler).
#include <cstdint>
#include <string>
#include <vector>

#include "ember/optim/optimizer.h"
#include "ember/ordered_dict.h"
#include "ember/tensor.h"

namespace ember::optim {

/// Multiplies every group's lr by `factor` (never below its min_lr; changes smaller than `eps`
/// are skipped) once the metric has not improved for more than `patience` steps, then waits
/// `cooldown` steps. Improvement: mode min/max, threshold relative (`rel`: best * (1 -+
/// threshold)) or absolute (`abs`: best -+ threshold). `min_lr`: empty (0 for every group),
/// one value, or one per group. Raises for factor >= 1, negative patience/cooldown/eps or a
/// min_lr list of the wrong length.
class ReduceLROnPlateauScheduler {
 public:
  enum SchedulerMode { min, max };
  enum ThresholdMode { rel, abs };

  explicit ReduceLROnPlateauScheduler(Optimizer& optimizer, SchedulerMode mode = min,
                                      double factor = 0.1, int64_t patience = 10,
                                      double threshold = 1e-4, ThresholdMode threshold_mode = rel,
                                      int64_t cooldown = 0, const std::vector<double>& min_lr = {},
                                      double eps = 1e-8, bool verbose = false);
  virtual ~ReduceLROnPlateauScheduler() = default;

  /// One epoch with `metric` (e.g. the validation loss).
  void step(double metric);

  const std::vector<double>& get_last_lr() const noexcept { return last_lr_; }
  int64_t last_epoch() const noexcept { return last_epoch_; }
  double best() const noexcept { return best_; }
  int64_t num_bad_epochs() const noexcept { return num_bad_epochs_; }
  int64_t cooldown_counter() const noexcept { return cooldown_counter_; }
  bool in_cooldown() const noexcept { return cooldown_counter_ > 0; }

  /// `last_epoch`, `_last_lr`, `best`, `num_bad_epochs`, `cooldown_counter` (STATE_FORMAT.md).
  OrderedDict<std::string, Tensor> state_dict() const;
  /// Validates every key, dtype and shape first; raises naming the key, changing nothing.
  void load_state_dict(const OrderedDict<std::string, Tensor>& state_dict);

 private:
  bool is_better(double a, double best) const;
  void reduce_lr();

  Optimizer* optimizer_;
  SchedulerMode mode_;
  double factor_;
  int64_t patience_;
  double threshold_;
  ThresholdMode threshold_mode_;
  int64_t cooldown_;
  std::vector<double> min_lrs_;
  double eps_;
  int64_t last_epoch_ = 0;
  std::vector<double> last_lr_;
  double best_;
  int64_t num_bad_epochs_ = 0;
  int64_t cooldown_counter_ = 0;
};

/// PyTorch's name.
using ReduceLROnPlateau = ReduceLROnPlateauScheduler;

}  // namespace ember::optim
