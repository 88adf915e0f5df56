#pragma once
/// `DataLoaderBase`: iteration, worker threads and the resumable position shared by the
/// stateless and stateful loaders (libtorch's `torch::data::DataLoaderBase`).
///
///     auto loader = ember::data::make_data_loader(dataset, DataLoaderOptions(64).workers(2));
///     for (auto& batch : *loader) { ... }   // each range-for is one epoch
///
/// Note [Loader position]
/// `state()` is (epoch, batches consumed in it, the sampler's state at the start of the
/// epoch); `load_state()` makes the next `begin()` restore that sampler state and skip the
/// consumed batches (sampler requests only, no data is loaded), so a resumed epoch yields
/// exactly the batches an uninterrupted one would have yielded after them, and the epochs after
/// it repeat too (random samplers save their generator's seed and offset). Prefetched batches
/// never count as consumed. Only loaders with a sampler can resume.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "ember/data/dataloader_options.h"
#include "ember/data/detail/worker_queue.h"
#include "ember/data/sample_random.h"
#include "ember/data/samplers/base.h"
#include "ember/error.h"

namespace ember::data {

/// A loader's position (Note [Loader position]).
struct DataLoaderState {
  /// Epochs started (`begin()` calls), the current one included.
  size_t epoch = 0;
  /// Batches of the current epoch handed to the consumer.
  size_t batch_index = 0;
  /// The sampler at the start of the current epoch (Note [Sampler state]).
  samplers::SamplerState sampler_state;
  /// The loader's seed of per-sample random streams (Note [Per-sample randomness]); loading a
  /// state with a seed makes the resumed loader use it.
  std::optional<uint64_t> seed;

  /// Writes / reads the state as one line of numbers; `load` raises `ember::Error` on bad text.
  void save(std::ostream& out) const;
  static DataLoaderState load(std::istream& in);
};

namespace detail {
/// Raises `ember::Error("[DataLoader] batch <n> of epoch <e> failed: <what>")`.
[[noreturn]] void rethrow_batch_error(size_t batch, size_t epoch, std::exception_ptr error);
/// A loader's default seed: the global generator's seed.
uint64_t draw_loader_seed();
}  // namespace detail

namespace detail {
/// What an iterator pulls batches from.
template <class Batch>
class BatchSource {
 public:
  virtual ~BatchSource() = default;
  /// The next batch of the epoch, or nullopt at its end.
  virtual std::optional<Batch> next() = 0;
};
}  // namespace detail

/// An input iterator over one epoch of batches; `end()` compares equal once the epoch is over.
template <class Batch>
class Iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = Batch;
  using difference_type = std::ptrdiff_t;
  using pointer = Batch*;
  using reference = Batch&;

  Iterator() = default;
  /// Reads the first batch from `source`.
  explicit Iterator(detail::BatchSource<Batch>* source)
      : source_(source), current_(source->next()) {}

  Batch& operator*() {
    EMBER_CHECK(current_.has_value(), "DataLoader", "dereferencing the end iterator");
    return *current_;
  }
  Batch* operator->() { return &**this; }
  Iterator& operator++() {
    EMBER_CHECK(source_ != nullptr && current_.has_value(), "DataLoader",
                "incrementing the end iterator");
    current_.reset();
    current_ = source_->next();
    return *this;
  }
  /// Two iterators are equal when both are at the end (as libtorch's sentinel comparison).
  bool operator==(const Iterator& other) const {
    return !current_.has_value() && !other.current_.has_value();
  }
  bool operator!=(const Iterator& other) const { return !(*this == other); }

 private:
  detail::BatchSource<Batch>* source_ = nullptr;
  std::optional<Batch> current_;
};

/// Iteration over batches of type `Batch`, loaded from `Request`s on the calling thread
/// (`workers == 0`) or on worker threads (Note [Data loader threads]).
template <class Batch, class Request>
class DataLoaderBase : public detail::BatchSource<Batch> {
 public:
  using BatchType = Batch;
  using BatchRequestType = Request;

  DataLoaderBase(const DataLoaderBase&) = delete;
  DataLoaderBase& operator=(const DataLoaderBase&) = delete;
  ~DataLoaderBase() override = default;

  /// Starts a new epoch (or resumes a loaded position) and returns its first batch.
  Iterator<Batch> begin() {
    start_epoch();
    return Iterator<Batch>(this);
  }
  Iterator<Batch> end() { return Iterator<Batch>(); }

  /// Stops and joins the worker threads; the loader cannot be iterated afterwards.
  void join() {
    if (workers_) workers_->stop();
  }

  const FullDataLoaderOptions& options() const noexcept { return options_; }

  /// The position (Note [Loader position]).
  DataLoaderState state() const {
    return {epoch_, batch_index_, epoch_start_sampler_state_, options_.seed};
  }
  /// The next `begin()` resumes at `state`. Raises `ember::Error` for loaders without sampler.
  void load_state(DataLoaderState state) {
    EMBER_CHECK(can_resume(), "DataLoader", "this loader has no sampler and cannot resume");
    resume_ = std::move(state);
  }

 protected:
  /// Loads one request; an empty result means a stateful dataset is exhausted.
  using Fetch = std::function<std::optional<Batch>(Request&)>;

  /// `main` loads on the calling thread when there are no workers; `make_fetch(i)` makes
  /// worker i's fetch function otherwise. Raises `ember::Error` for bad options.
  DataLoaderBase(DataLoaderOptions options) : options_(std::move(options)) {
    EMBER_CHECK(options_.batch_size > 0, "DataLoader", "expected batch_size > 0, got 0");
    EMBER_CHECK(options_.workers == 0 || options_.max_jobs > 0, "DataLoader",
                "expected max_jobs > 0 (or prefetch_factor > 0) with ", options_.workers,
                " workers, got 0");
    if (!options_.seed) options_.seed = detail::draw_loader_seed();
  }

  /// Called by the concrete loader's constructor once its dataset is in place.
  void start(Fetch main, std::function<Fetch(size_t)> make_fetch) {
    if (options_.workers == 0) {
      main_fetch_ = std::move(main);
      return;
    }
    make_fetch_ = std::move(make_fetch);
    start_workers();
  }

  /// Concrete loaders stop their workers first thing in their destructor, before the datasets
  /// the workers read are destroyed.
  void stop_workers() { join(); }

  virtual void reset_source() = 0;
  /// The next request, or nullopt at the end of the epoch.
  virtual std::optional<Request> get_batch_request() = 0;
  virtual samplers::SamplerState sampler_state() const { return {}; }
  virtual void load_sampler_state(const samplers::SamplerState&) {}
  virtual bool can_resume() const { return false; }

  FullDataLoaderOptions options_;

 private:
  /// A job: the request and the epoch it belongs to (for the per-sample random streams).
  using Job = std::pair<size_t, Request>;

  void start_workers() {
    std::vector<std::function<std::optional<Batch>(Job&)>> fetchers;
    for (size_t i = 0; i < options_.workers; ++i) {
      fetchers.push_back([fetch = make_fetch_(i), seed = *options_.seed](Job& job) {
        ember::data::detail::EpochScope scope(seed, job.first);
        return fetch(job.second);
      });
    }
    workers_ =
        std::make_unique<detail::WorkerQueue<Job, std::optional<Batch>>>(std::move(fetchers));
  }

  void start_epoch() {
    EMBER_CHECK(!workers_ || !workers_->stopped(), "DataLoader",
                "the loader was joined and cannot be iterated again");
    if (workers_) {
      workers_->clear();
      // Non-persistent workers: every epoch after the first gets new threads and dataset copies.
      if (!options_.persistent_workers && started_) {
        workers_->stop();
        workers_.reset();
        start_workers();
      }
    }
    started_ = true;
    in_flight_ = 0;
    next_seq_ = 0;
    popped_seq_ = 0;
    exhausted_ = false;
    if (resume_) {
      DataLoaderState state = std::move(*resume_);
      resume_.reset();
      if (state.seed) options_.seed = state.seed;
      load_sampler_state(state.sampler_state);
      epoch_ = state.epoch;
      epoch_start_sampler_state_ = std::move(state.sampler_state);
      batch_index_ = 0;
      while (batch_index_ < state.batch_index && get_batch_request()) ++batch_index_;
      EMBER_CHECK(batch_index_ == state.batch_index, "DataLoader", "expected the epoch to have ",
                  state.batch_index, " batches to skip, got ", batch_index_);
      return;
    }
    reset_source();
    ++epoch_;
    batch_index_ = 0;
    epoch_start_sampler_state_ = sampler_state();
  }

  std::optional<Batch> next() override {
    if (!workers_) {
      if (exhausted_) return std::nullopt;
      auto request = get_batch_request();
      if (!request) {
        exhausted_ = true;
        return std::nullopt;
      }
      std::optional<Batch> batch;
      ++batch_index_;  // a failed batch counts as consumed, as with workers
      try {
        ember::data::detail::EpochScope scope(*options_.seed, epoch_);
        batch = main_fetch_(*request);
      } catch (...) {
        detail::rethrow_batch_error(batch_index_ - 1, epoch_, std::current_exception());
      }
      if (!batch) {
        --batch_index_;
        exhausted_ = true;
      }
      return batch;
    }
    fill();
    while (in_flight_ > 0) {
      auto outcome = workers_->pop(
          options_.enforce_ordering ? std::optional<uint64_t>(popped_seq_) : std::nullopt,
          options_.timeout);
      --in_flight_;
      ++popped_seq_;
      if (outcome.error) {
        ++batch_index_;
        fill();
        detail::rethrow_batch_error(batch_index_ - 1, epoch_, outcome.error);
      }
      if (*outcome.value) {
        ++batch_index_;
        fill();
        return std::move(*outcome.value);
      }
      exhausted_ = true;  // a stateful dataset ran out: drain what is in flight
    }
    return std::nullopt;
  }

  /// Keeps `max_jobs` requests in flight (the prefetch bound).
  void fill() {
    while (!exhausted_ && in_flight_ < options_.max_jobs) {
      auto request = get_batch_request();
      if (!request) {
        exhausted_ = true;
        break;
      }
      workers_->push(next_seq_++, Job(epoch_, std::move(*request)));
      ++in_flight_;
    }
  }

  Fetch main_fetch_;
  std::function<Fetch(size_t)> make_fetch_;
  std::unique_ptr<detail::WorkerQueue<Job, std::optional<Batch>>> workers_;
  bool started_ = false;
  size_t epoch_ = 0;
  size_t batch_index_ = 0;
  samplers::SamplerState epoch_start_sampler_state_;
  std::optional<DataLoaderState> resume_;
  size_t in_flight_ = 0;
  uint64_t next_seq_ = 0;
  uint64_t popped_seq_ = 0;
  bool exhausted_ = false;
};

}  // namespace ember::data
