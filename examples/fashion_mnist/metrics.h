#pragma once
// The run's metrics on disk: one CSV row per optimizer step (steps.csv) and per epoch
// (epochs.csv), both safe to resume.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <vector>

#include "progress.h"

namespace fashion_mnist {

/// One optimizer step.
struct StepRecord {
  int64_t step = 0, epoch = 0, batch = 0;
  double loss = 0, accuracy = 0, lr = 0;
};

class MetricsWriter {
 public:
  /// Starts steps.csv afresh, or, when `resume_step` > 0, keeps its rows up to that step and
  /// drops the later ones (written after the checkpoint a resumed run continues from).
  MetricsWriter(const std::filesystem::path& out_dir, int64_t resume_step);

  void log_step(const StepRecord& record);
  /// Rewrites epochs.csv with `history` (the whole run, resumed parts included).
  void log_epochs(const std::vector<EpochRecord>& history);

 private:
  std::filesystem::path out_dir_;
  std::ofstream steps_;
};

}  // namespace fashion_mnist
