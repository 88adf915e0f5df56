#pragma once
// What a person watching the run sees: a live progress bar per epoch on a terminal (or log lines
// when the output is a file or a pipe), one line per finished epoch, and a summary table.
#include <chrono>
#include <cstdint>
#include <ostream>
#include <vector>

namespace fashion_mnist {

/// One finished epoch.
struct EpochRecord {
  int64_t epoch = 0;
  double train_loss = 0, train_accuracy = 0, test_loss = 0, test_accuracy = 0;
  /// Wall-clock seconds of training (evaluation excluded).
  double train_seconds = 0;
  double lr = 0;
};

/// Running figures of the epoch in progress.
struct BatchProgress {
  int64_t batch = 0, batches = 0;
  double mean_loss = 0, accuracy = 0, samples_per_second = 0;
  /// Seconds until the epoch ends at the pace so far.
  double eta_seconds = 0;
};

class ProgressReporter {
 public:
  /// `live`: redraw one bar in place (a terminal); otherwise print a line every tenth of an epoch.
  ProgressReporter(std::ostream& out, bool live, int64_t epochs);

  void start_epoch(int64_t epoch, int64_t batches);
  void update(const BatchProgress& progress);
  void finish_epoch(const EpochRecord& record);
  /// The table of every epoch, and the best test accuracy.
  void summary(const std::vector<EpochRecord>& history) const;

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& out_;
  bool live_;
  int64_t epochs_;
  int64_t epoch_ = 0;
  int64_t last_logged_tenth_ = 0;
  Clock::time_point last_draw_{};
};

}  // namespace fashion_mnist
