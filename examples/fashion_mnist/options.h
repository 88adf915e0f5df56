#pragma once
// The example's command line: every flag, its default and its help text in one table.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fashion_mnist {

/// Where the Debian package dataset-fashion-mnist puts the gzipped IDX files.
inline constexpr const char* kDebianDataDir = "/usr/share/datasets/fashion-mnist";

/// A training run's settings.
struct Options {
  std::string model = "cnn";
  int64_t epochs = 6;
  int64_t batch_size = 64;
  double lr = 2e-3;
  double weight_decay = 0.0;
  uint64_t seed = 0;
  /// 0: Ember's default (every core).
  int threads = 0;
  int64_t workers = 1;
  std::string data_dir = kDebianDataDir;
  std::string out_dir = "runs/fashion_mnist";
  bool resume = false;
  /// 0: the whole split.
  int64_t train_limit = 0;
  int64_t test_limit = 0;
  /// Stop (after checkpointing) once this many optimizer steps have run in total; 0: never.
  /// Together with --resume it splits one run into pieces, as a crash would.
  int64_t stop_after_steps = 0;
  /// nullopt: a progress bar when stdout is a terminal, log lines otherwise.
  std::optional<bool> progress_bar;
};

/// What `parse_options` decided.
struct ParsedOptions {
  Options options;
  bool show_help = false;
  /// Non-empty when the command line is invalid.
  std::string error;
};

/// Parses `--flag value` and `--flag=value` forms.
ParsedOptions parse_options(const std::vector<std::string>& args);

/// The `--help` text.
std::string help_text(const std::string& program);

}  // namespace fashion_mnist
