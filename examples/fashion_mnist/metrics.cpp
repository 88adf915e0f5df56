#include "metrics.h"

#include <sstream>
#include <string>

#include <ember/error.h>

namespace fashion_mnist {
namespace {

constexpr const char* kStepsHeader = "step,epoch,batch,loss,accuracy,lr";

std::ofstream open_for_writing(const std::filesystem::path& path, std::ios::openmode mode) {
  std::ofstream out(path, mode);
  EMBER_CHECK(out.good(), "fashion_mnist", "expected a writable file, got " + path.string());
  out.precision(9);
  return out;
}

// The rows of an earlier run's steps.csv up to `last_step`.
std::string steps_up_to(const std::filesystem::path& path, int64_t last_step) {
  std::ifstream in(path);
  std::string line, kept = std::string(kStepsHeader) + "\n";
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (std::stoll(line.substr(0, line.find(','))) > last_step) break;
    kept += line + "\n";
  }
  return kept;
}

}  // namespace

MetricsWriter::MetricsWriter(const std::filesystem::path& out_dir, int64_t resume_step)
    : out_dir_(out_dir) {
  const std::filesystem::path path = out_dir / "steps.csv";
  const std::string kept = resume_step > 0 && std::filesystem::exists(path)
                               ? steps_up_to(path, resume_step)
                               : std::string(kStepsHeader) + "\n";
  steps_ = open_for_writing(path, std::ios::trunc);
  steps_ << kept << std::flush;
}

void MetricsWriter::log_step(const StepRecord& r) {
  steps_ << r.step << ',' << r.epoch << ',' << r.batch << ',' << r.loss << ',' << r.accuracy << ','
         << r.lr << '\n';
}

void MetricsWriter::log_epochs(const std::vector<EpochRecord>& history) {
  steps_.flush();
  std::ofstream out = open_for_writing(out_dir_ / "epochs.csv", std::ios::trunc);
  out << "epoch,train_loss,train_accuracy,test_loss,test_accuracy,train_seconds,lr\n";
  for (const EpochRecord& r : history)
    out << r.epoch << ',' << r.train_loss << ',' << r.train_accuracy << ',' << r.test_loss << ','
        << r.test_accuracy << ',' << r.train_seconds << ',' << r.lr << '\n';
}

}  // namespace fashion_mnist
