#pragma once
// One training run of the example: data, model, optimizer, schedule, the loop, evaluation,
// metrics and checkpoints. main.cpp only parses flags and reports; the end-to-end test drives
// this class directly.
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <ember/ordered_dict.h>
#include <ember/tensor.h>

#include "options.h"
#include "progress.h"

namespace fashion_mnist {

/// A sentence saying what is missing and how to install it when `data_dir` lacks one of the four
/// Fashion-MNIST IDX files (raw or gzipped); nullopt when all are there.
std::optional<std::string> missing_dataset_message(const std::string& data_dir);

class Trainer {
 public:
  /// Loads the data and builds the model; with `options.resume`, restores everything from
  /// `out_dir/checkpoint.safetensors`. Progress goes to `log`.
  Trainer(const Options& options, std::ostream& log);
  ~Trainer();

  /// Trains until `options.epochs` epochs are done or `options.stop_after_steps` steps have run,
  /// checkpointing after every epoch and when stopping early. Returns every finished epoch of
  /// the run, including those before a resume.
  std::vector<EpochRecord> run();

  /// The model's parameters and buffers, as saved to model.safetensors.
  ember::OrderedDict<std::string, ember::Tensor> model_state() const;

  /// Where the checkpoint lives.
  std::filesystem::path checkpoint_path() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fashion_mnist
