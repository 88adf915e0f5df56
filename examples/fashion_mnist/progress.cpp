#include "progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace fashion_mnist {
namespace {

std::string format(const char* pattern, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof(buffer), pattern, values...);
  return buffer;
}

std::string minutes_seconds(double seconds) {
  const auto s = static_cast<int64_t>(std::max(0.0, std::round(seconds)));
  return format("%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
}

std::string bar(int64_t done, int64_t total, int width) {
  const int filled = total > 0 ? static_cast<int>(width * done / total) : width;
  return std::string(filled, '#') + std::string(width - filled, '.');
}

}  // namespace

ProgressReporter::ProgressReporter(std::ostream& out, bool live, int64_t epochs)
    : out_(out), live_(live), epochs_(epochs) {}

void ProgressReporter::start_epoch(int64_t epoch, int64_t batches) {
  epoch_ = epoch;
  last_logged_tenth_ = 0;
  last_draw_ = {};
  if (live_) update(BatchProgress{.batch = 0, .batches = batches});
}

void ProgressReporter::update(const BatchProgress& p) {
  const std::string figures =
      format("%5lld/%lld  loss %.4f  acc %5.1f%%  %6.0f img/s  ETA %s",
             static_cast<long long>(p.batch), static_cast<long long>(p.batches), p.mean_loss,
             100 * p.accuracy, p.samples_per_second, minutes_seconds(p.eta_seconds).c_str());
  if (live_) {
    const auto now = Clock::now();
    if (p.batch != p.batches && p.batch != 0 && now - last_draw_ < std::chrono::milliseconds(100))
      return;
    last_draw_ = now;
    out_ << "\r\033[K"
         << format("epoch %lld/%lld ", static_cast<long long>(epoch_),
                   static_cast<long long>(epochs_))
         << "[" << bar(p.batch, p.batches, 24) << "] " << figures << std::flush;
    return;
  }
  const int64_t tenth = p.batches > 0 ? 10 * p.batch / p.batches : 10;
  if (tenth <= last_logged_tenth_ || tenth >= 10) return;
  last_logged_tenth_ = tenth;
  out_ << format("epoch %lld/%lld ", static_cast<long long>(epoch_),
                 static_cast<long long>(epochs_))
       << figures << "\n"
       << std::flush;
}

void ProgressReporter::finish_epoch(const EpochRecord& r) {
  if (live_) out_ << "\r\033[K";
  out_ << format(
              "epoch %lld/%lld  train loss %.4f acc %5.2f%%  test loss %.4f acc %5.2f%%  "
              "%.1f s  lr %.2e\n",
              static_cast<long long>(r.epoch), static_cast<long long>(epochs_), r.train_loss,
              100 * r.train_accuracy, r.test_loss, 100 * r.test_accuracy, r.train_seconds, r.lr)
       << std::flush;
}

void ProgressReporter::summary(const std::vector<EpochRecord>& history) const {
  out_ << "\n epoch | train loss | train acc | test loss | test acc | train time\n"
       << "-------+------------+-----------+-----------+----------+-----------\n";
  double total_seconds = 0;
  const EpochRecord* best = nullptr;
  for (const EpochRecord& r : history) {
    out_ << format(" %5lld | %10.4f | %8.2f%% | %9.4f | %7.2f%% | %8.1f s\n",
                   static_cast<long long>(r.epoch), r.train_loss, 100 * r.train_accuracy,
                   r.test_loss, 100 * r.test_accuracy, r.train_seconds);
    total_seconds += r.train_seconds;
    if (best == nullptr || r.test_accuracy > best->test_accuracy) best = &r;
  }
  if (best != nullptr)
    out_ << format("\nbest test accuracy %.2f%% (epoch %lld); %s of training\n",
                   100 * best->test_accuracy, static_cast<long long>(best->epoch),
                   minutes_seconds(total_seconds).c_str());
}

}  // namespace fashion_mnist
