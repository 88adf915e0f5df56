#include "trainer.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include <ember/ember.h>

#include "chart.h"
#include "metrics.h"
#include "models.h"

namespace fashion_mnist {

namespace data = ember::data;
namespace optim = ember::optim;
using ember::Tensor;
using TensorDict = ember::OrderedDict<std::string, Tensor>;

namespace {

// Mean and standard deviation of the Fashion-MNIST training images.
constexpr double kMean = 0.2860, kStd = 0.3530;
constexpr int64_t kTestBatchSize = 1000;

// Images normalised per example, stacked into batches.
using Split = data::datasets::MapDataset<
    data::datasets::MapDataset<data::datasets::MNIST, data::transforms::Normalize<>>,
    data::transforms::Stack<>>;

Split load_split(const std::string& dir, data::datasets::MNIST::Mode mode) {
  return data::datasets::MNIST(dir, mode)
      .map(data::transforms::Normalize<>(kMean, kStd))
      .map(data::transforms::Stack<>());
}

int64_t limited(int64_t size, int64_t limit) {
  return limit > 0 ? std::min(size, limit) : size;
}

Tensor scalar(double value) {
  return ember::tensor(value, ember::kDouble);
}
Tensor scalar(int64_t value) {
  return ember::tensor(value, ember::kLong);
}

// The run-level counters of a checkpoint, and the history as an (epochs, 7) table.
Tensor history_table(const std::vector<EpochRecord>& history) {
  std::vector<double> values;
  for (const EpochRecord& r : history)
    values.insert(values.end(), {static_cast<double>(r.epoch), r.train_loss, r.train_accuracy,
                                 r.test_loss, r.test_accuracy, r.train_seconds, r.lr});
  return ember::tensor(values, ember::kDouble).reshape({static_cast<int64_t>(history.size()), 7});
}

std::vector<EpochRecord> history_from_table(const Tensor& table) {
  std::vector<EpochRecord> history;
  auto rows = table.accessor<double, 2>();
  for (int64_t i = 0; i < table.size(0); ++i)
    history.push_back({static_cast<int64_t>(rows[i][0]), rows[i][1], rows[i][2], rows[i][3],
                       rows[i][4], rows[i][5], rows[i][6]});
  return history;
}

// Seeds the global stream first, so that the initial weights (and everything after) depend on
// --seed only.
nn::Sequential seeded_model(const Options& options) {
  if (options.threads > 0) ember::set_num_threads(options.threads);
  ember::manual_seed(options.seed);
  return make_model(options.model);
}

}  // namespace

std::optional<std::string> missing_dataset_message(const std::string& data_dir) {
  for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    const std::filesystem::path raw = std::filesystem::path(data_dir) / name;
    if (std::filesystem::exists(raw) || std::filesystem::exists(raw.string() + ".gz")) continue;
    return "Fashion-MNIST was not found: " + raw.string() + "(.gz) is missing.\n" +
           "Install it with `sudo apt-get install dataset-fashion-mnist` (files go to " +
           kDebianDataDir + "), or pass --data DIR with the four IDX files.";
  }
  return std::nullopt;
}

struct Trainer::State {
  using TrainLoader = data::StatelessDataLoader<Split, data::samplers::RandomSampler>;
  using TestLoader = data::StatelessDataLoader<Split, data::samplers::SequentialSampler>;

  State(const Options& opts, std::ostream& log_stream)
      : options(opts),
        log(log_stream),
        train_size(0),
        model(seeded_model(opts)),
        reporter(log_stream, opts.progress_bar.value_or(isatty(STDOUT_FILENO) != 0), opts.epochs) {}

  Options options;
  std::ostream& log;
  int64_t train_size;
  std::unique_ptr<TrainLoader> train_loader;
  std::unique_ptr<TestLoader> test_loader;
  nn::Sequential model;
  std::unique_ptr<optim::Adam> optimizer;
  std::unique_ptr<optim::CosineAnnealingLR> scheduler;
  ProgressReporter reporter;
  std::unique_ptr<MetricsWriter> metrics;
  std::vector<EpochRecord> history;

  // Position: optimizer steps so far, and the running sums of the epoch in progress.
  int64_t step = 0;
  double loss_sum = 0;
  int64_t correct = 0, seen = 0;

  int64_t batches_per_epoch() const {
    return (train_size + options.batch_size - 1) / options.batch_size;
  }
  std::filesystem::path out_dir() const { return options.out_dir; }
  std::filesystem::path checkpoint() const { return out_dir() / "checkpoint.safetensors"; }

  TensorDict progress_state() const;
  void restore(const ember::serialize::Checkpoint& checkpoint);
  void save_checkpoint() const;
  EpochRecord train_epoch(int64_t epoch, bool resumed);
  bool stop_requested() const {
    return options.stop_after_steps > 0 && step >= options.stop_after_steps;
  }
  std::vector<EpochRecord> stop() const;
  std::pair<double, double> evaluate();
};

// The run's own counters: the running sums of the epoch in progress and the finished epochs.
TensorDict Trainer::State::progress_state() const {
  TensorDict state;
  state.insert("loss_sum", scalar(loss_sum));
  state.insert("correct", scalar(correct));
  state.insert("seen", scalar(seen));
  state.insert("history", history_table(history));
  return state;
}

void Trainer::State::restore(const ember::serialize::Checkpoint& checkpoint) {
  checkpoint.restore("model", model);
  checkpoint.restore("optimizer", *optimizer);
  checkpoint.restore("scheduler", *scheduler);
  ember::serialize::load_rng_state_dict(checkpoint.get("rng"));
  const data::DataLoaderState position =
      ember::serialize::data_loader_state_from_dict(checkpoint.get("loader"));
  train_loader->load_state(position);
  if (static_cast<int64_t>(position.batch_index) == batches_per_epoch()) {
    // Taken at the end of an epoch: iterating the resumed, finished epoch restores the sampler
    // and yields nothing, so that the next iteration starts the following epoch exactly as an
    // uninterrupted run does.
    (void)train_loader->begin();
  }
  const TensorDict& progress = checkpoint.get("progress");
  step = checkpoint.step;
  loss_sum = progress["loss_sum"].item<double>();
  correct = progress["correct"].item<int64_t>();
  seen = progress["seen"].item<int64_t>();
  history = history_from_table(progress["history"]);
}

std::vector<EpochRecord> Trainer::State::stop() const {
  save_checkpoint();
  log << "stopped after step " << step << "; --resume continues from " << checkpoint().string()
      << "\n";
  return history;
}

void Trainer::State::save_checkpoint() const {
  ember::serialize::Checkpoint checkpoint;
  checkpoint.epoch = static_cast<int64_t>(history.size());
  checkpoint.step = step;
  checkpoint.metadata["model"] = options.model;
  checkpoint.set("model", model);
  checkpoint.set("optimizer", *optimizer);
  checkpoint.set("scheduler", *scheduler);
  checkpoint.set("loader", ember::serialize::data_loader_state_dict(train_loader->state()));
  checkpoint.set("rng", ember::serialize::rng_state_dict());
  checkpoint.set("progress", progress_state());
  checkpoint.save(this->checkpoint().string());
}

std::pair<double, double> Trainer::State::evaluate() {
  ember::NoGradGuard no_grad;
  model->eval();
  double loss_sum_test = 0;
  int64_t correct_test = 0, seen_test = 0;
  for (auto& batch : *test_loader) {
    const Tensor logits = model->forward(batch.data);
    loss_sum_test +=
        nn::functional::cross_entropy(
            logits, batch.target, nn::functional::CrossEntropyFuncOptions().reduction(ember::kSum))
            .item<double>();
    correct_test += logits.argmax(1).eq(batch.target).sum().item<int64_t>();
    seen_test += batch.target.size(0);
  }
  model->train();
  return {loss_sum_test / static_cast<double>(seen_test),
          static_cast<double>(correct_test) / static_cast<double>(seen_test)};
}

EpochRecord Trainer::State::train_epoch(int64_t epoch, bool resumed) {
  using Clock = std::chrono::steady_clock;
  if (!resumed) {
    loss_sum = 0;
    correct = 0;
    seen = 0;
  }
  model->train();
  const int64_t batches = batches_per_epoch();
  reporter.start_epoch(epoch, batches);
  const auto start = Clock::now();
  const int64_t seen_at_start = seen;
  for (auto& batch : *train_loader) {
    const Tensor logits = model->forward(batch.data);
    const Tensor loss = nn::functional::cross_entropy(logits, batch.target);
    optimizer->zero_grad();
    loss.backward();
    optimizer->step();
    scheduler->step();
    ++step;

    const int64_t n = batch.target.size(0);
    const double batch_loss = loss.item<double>();
    const int64_t batch_correct = logits.argmax(1).eq(batch.target).sum().item<int64_t>();
    loss_sum += batch_loss * static_cast<double>(n);
    correct += batch_correct;
    seen += n;
    // Batches done in this epoch, from the step count (the loader's state() would copy the
    // sampler's whole permutation on every batch).
    const int64_t batch_index = step - (epoch - 1) * batches;
    metrics->log_step({step, epoch, batch_index, batch_loss,
                       static_cast<double>(batch_correct) / static_cast<double>(n),
                       scheduler->get_last_lr().front()});

    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const double rate = static_cast<double>(seen - seen_at_start) / std::max(elapsed, 1e-9);
    reporter.update({batch_index, batches, loss_sum / static_cast<double>(seen),
                     static_cast<double>(correct) / static_cast<double>(seen), rate,
                     static_cast<double>((batches - batch_index) * options.batch_size) / rate});
    if (stop_requested()) break;
  }
  EpochRecord record;
  record.epoch = epoch;
  record.train_loss = loss_sum / static_cast<double>(seen);
  record.train_accuracy = static_cast<double>(correct) / static_cast<double>(seen);
  record.train_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  record.lr = scheduler->get_last_lr().front();
  return record;
}

Trainer::Trainer(const Options& options, std::ostream& log)
    : state_(std::make_unique<State>(options, log)) {
  State& s = *state_;
  std::filesystem::create_directories(s.out_dir());

  Split train = load_split(options.data_dir, data::datasets::MNIST::Mode::kTrain);
  Split test = load_split(options.data_dir, data::datasets::MNIST::Mode::kTest);
  s.train_size = limited(static_cast<int64_t>(*train.size()), options.train_limit);
  const int64_t test_size = limited(static_cast<int64_t>(*test.size()), options.test_limit);
  // The sampler owns its stream, so the order of batches does not depend on how many random
  // numbers the model draws (dropout), nor on the number of workers.
  s.train_loader = data::make_data_loader(
      std::move(train),
      data::samplers::RandomSampler(s.train_size, ember::Generator(options.seed + 1)),
      data::DataLoaderOptions(options.batch_size).workers(options.workers));
  s.test_loader =
      data::make_data_loader(std::move(test), data::samplers::SequentialSampler(test_size),
                             data::DataLoaderOptions(kTestBatchSize));

  s.optimizer = std::make_unique<optim::Adam>(
      s.model->parameters(), optim::AdamOptions(options.lr).weight_decay(options.weight_decay));
  s.scheduler = std::make_unique<optim::CosineAnnealingLR>(*s.optimizer,
                                                           options.epochs * s.batches_per_epoch());

  if (options.resume) {
    EMBER_CHECK(std::filesystem::exists(s.checkpoint()), "fashion_mnist",
                "expected a checkpoint to resume from, got no file ", s.checkpoint().string());
    const auto checkpoint = ember::serialize::Checkpoint::load(s.checkpoint().string());
    const auto model = checkpoint.metadata.find("model");
    EMBER_CHECK(model != checkpoint.metadata.end() && model->second == options.model,
                "fashion_mnist", "expected a checkpoint of the --model ", options.model,
                " network in ", s.checkpoint().string(), ", got another");
    s.restore(checkpoint);
  }
  s.metrics = std::make_unique<MetricsWriter>(s.out_dir(), options.resume ? s.step : 0);
}

Trainer::~Trainer() = default;

std::vector<EpochRecord> Trainer::run() {
  State& s = *state_;
  const int64_t batches = s.batches_per_epoch();
  while (static_cast<int64_t>(s.history.size()) < s.options.epochs) {
    if (s.stop_requested()) return s.stop();
    const int64_t epoch = static_cast<int64_t>(s.history.size()) + 1;
    // Steps already taken in this epoch (by the run a checkpoint came from).
    const int64_t done = s.step - (epoch - 1) * batches;
    EpochRecord record = s.train_epoch(epoch, done > 0);
    if (s.step < epoch * batches) return s.stop();  // inside the epoch
    std::tie(record.test_loss, record.test_accuracy) = s.evaluate();
    s.history.push_back(record);
    s.reporter.finish_epoch(record);
    s.metrics->log_epochs(s.history);
    write_chart(s.out_dir() / "chart.svg", s.history);
    s.save_checkpoint();
  }
  ember::save(s.model, (s.out_dir() / "model.safetensors").string());
  s.reporter.summary(s.history);
  return s.history;
}

TensorDict Trainer::model_state() const {
  return state_->model->state_dict();
}

std::filesystem::path Trainer::checkpoint_path() const {
  return state_->checkpoint();
}

}  // namespace fashion_mnist
