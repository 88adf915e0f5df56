// make_data_loader and the loaders (ember/data/dataloader*.h). Tests named *Thread* also run
// under ThreadSanitizer in CI.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <sstream>
#include <thread>

#include "ember/data.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data {
namespace {

using testing::error_of;
using testing::expect_error_names;

// Example i is {[i, -i], i}; get(bad) raises.
struct Numbers : datasets::Dataset<Numbers> {
  explicit Numbers(size_t count, size_t broken = SIZE_MAX) : n(count), bad(broken) {}
  Example<> get(size_t index) override {
    EMBER_CHECK(index != bad, "Numbers", "sample ", index, " is broken");
    const auto i = static_cast<double>(index);
    return {tensor(std::vector<double>{i, -i}, kFloat32),
            scalar_tensor(static_cast<int64_t>(index), kInt64)};
  }
  std::optional<size_t> size() const override { return n; }
  size_t n, bad;
};

std::vector<int64_t> targets_of(const Example<>& batch) {
  const Tensor t = batch.target.contiguous();
  return {t.data_ptr<int64_t>(), t.data_ptr<int64_t>() + t.numel()};
}

// Every batch's targets, for `epochs` epochs.
template <class Loader>
std::vector<std::vector<int64_t>> run(Loader& loader, int epochs = 1) {
  std::vector<std::vector<int64_t>> out;
  for (int e = 0; e < epochs; ++e) {
    for (auto& batch : loader) {
      EXPECT_EQ(batch.data.size(0), batch.target.size(0));
      out.push_back(targets_of(batch));
    }
  }
  return out;
}

TEST(DataLoader, SequentialBatchesAndDropLast) {
  auto ds = Numbers(10).map(transforms::Stack<>());
  auto loader = make_data_loader<samplers::SequentialSampler>(ds, 3);
  EXPECT_EQ(run(*loader),
            (std::vector<std::vector<int64_t>>{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9}}));
  auto dropping = make_data_loader<samplers::SequentialSampler>(
      ds, DataLoaderOptions().batch_size(3).drop_last(true));
  EXPECT_EQ(run(*dropping).size(), 3u);
  EXPECT_EQ(dropping->options().batch_size, 3u);
  EXPECT_EQ(dropping->options().max_jobs, 0u);
  // The iterator's data matches its target.
  for (auto& batch : *loader) {
    EXPECT_TRUE(batch.data.select(1, 0).equal(batch.target.to(kFloat32)));
  }
}

TEST(DataLoader, DefaultSamplerIsRandomAndCoversTheDataset) {
  manual_seed(0);
  auto loader = make_data_loader(Numbers(17).map(transforms::Stack<>()), 5);
  std::vector<int64_t> all;
  for (auto& b : run(*loader)) all.insert(all.end(), b.begin(), b.end());
  std::vector<int64_t> sorted = all;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> expected(17);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(sorted, expected);
  EXPECT_NE(all, expected);
}

TEST(DataLoader, ExplicitSamplerAndVectorBatches) {
  // Without a collation, a batch is the vector of examples.
  auto loader = make_data_loader(Numbers(4), samplers::SequentialSampler(4), DataLoaderOptions(2));
  std::vector<size_t> sizes;
  for (std::vector<Example<>>& batch : *loader) sizes.push_back(batch.size());
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 2}));
}

TEST(DataLoader, BadOptionsRaise) {
  auto ds = Numbers(4).map(transforms::Stack<>());
  expect_error_names([&] { make_data_loader(ds, DataLoaderOptions(0)); }, "DataLoader");
  expect_error_names([&] { make_data_loader(ds, DataLoaderOptions(2).workers(1).max_jobs(0)); },
                     "DataLoader");
  struct Unsized : datasets::Dataset<Unsized> {
    Example<> get(size_t) override { return {}; }
    std::optional<size_t> size() const override { return std::nullopt; }
  };
  expect_error_names([] { make_data_loader(Unsized(), 2); }, "make_data_loader");
}

TEST(DataLoaderThread, SameBatchesForZeroOneAndTwoWorkers) {
  auto ds = Numbers(23).map(transforms::Stack<>());
  std::vector<std::vector<std::vector<int64_t>>> results;
  for (size_t workers : {0, 1, 2}) {
    auto loader = make_data_loader(ds, samplers::RandomSampler(23, Generator(42)),
                                   DataLoaderOptions(4).workers(workers));
    results.push_back(run(*loader, 3));
  }
  ASSERT_EQ(results[0].size(), 18u);  // 6 batches x 3 epochs
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[0], results[2]);
  EXPECT_NE(results[0][0], results[0][6]);  // a new order each epoch
}

TEST(DataLoaderThread, UnorderedYieldsEveryBatch) {
  auto ds = Numbers(30).map(transforms::Stack<>());
  auto loader = make_data_loader<samplers::SequentialSampler>(
      ds, DataLoaderOptions(3).workers(3).enforce_ordering(false));
  auto batches = run(*loader);
  std::sort(batches.begin(), batches.end());
  ASSERT_EQ(batches.size(), 10u);
  for (int64_t i = 0; i < 10; ++i) EXPECT_EQ(batches[i].front(), 3 * i);
}

TEST(DataLoaderThread, WorkerErrorNamesTheSampleAndLoaderShutsDown) {
  for (size_t workers : {0, 1, 2}) {
    auto loader = make_data_loader<samplers::SequentialSampler>(
        Numbers(12, /*bad=*/7).map(transforms::Stack<>()), DataLoaderOptions(3).workers(workers));
    std::vector<std::vector<int64_t>> seen;
    const std::string message = error_of([&] {
      for (auto& batch : *loader) seen.push_back(targets_of(batch));
    });
    EXPECT_EQ(message,
              "[DataLoader] batch 2 of epoch 1 failed: [Dataset] failed to load sample 7: "
              "[Numbers] sample 7 is broken")
        << workers << " workers";
    EXPECT_EQ(seen.size(), 2u);
    // The loader stays usable: a new epoch starts from the beginning.
    auto it = loader->begin();
    EXPECT_EQ(targets_of(*it).front(), 0);
  }  // destroying the loader joins its workers (TSan / no hang)
}

TEST(DataLoaderThread, EarlyBreakThenNewEpoch) {
  auto loader = make_data_loader<samplers::SequentialSampler>(
      Numbers(40).map(transforms::Stack<>()), DataLoaderOptions(2).workers(2).max_jobs(6));
  for (auto& batch : *loader) {
    EXPECT_EQ(targets_of(batch).front(), 0);
    break;
  }
  EXPECT_EQ(run(*loader).size(), 20u);
}

TEST(DataLoaderThread, PrefetchIsBoundedByMaxJobs) {
  // A batch is handed out after the loader has refilled its jobs, so while the consumer holds
  // batch k (k batches counted as consumed) at most k + 1 + max_jobs requests have started.
  struct Watched : datasets::BatchDataset<Watched, Example<>> {
    std::shared_ptr<std::atomic<int>> started = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<std::atomic<int>> consumed = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<std::atomic<bool>> violated = std::make_shared<std::atomic<bool>>(false);
    Example<> get_batch(ArrayRef<size_t> indices) override {
      if (++*started > *consumed + 1 + 3) *violated = true;
      return {zeros({static_cast<int64_t>(indices.size())}), zeros({})};
    }
    std::optional<size_t> size() const override { return 50; }
  };
  Watched ds;
  auto consumed = ds.consumed;
  auto violated = ds.violated;
  auto loader = make_data_loader<samplers::SequentialSampler>(
      ds, DataLoaderOptions(1).workers(2).max_jobs(3));
  int batches = 0;
  for (auto& batch : *loader) {
    (void)batch;
    ++batches;
    ++*consumed;
  }
  EXPECT_EQ(batches, 50);
  EXPECT_FALSE(*violated);
}

TEST(DataLoaderThread, TimeoutRaisesAndShutsDown) {
  // The worker blocks until released, so the consumer's wait must time out.
  struct Blocking : datasets::BatchDataset<Blocking, int> {
    std::shared_ptr<std::atomic<bool>> release = std::make_shared<std::atomic<bool>>(false);
    int get_batch(ArrayRef<size_t>) override {
      while (!*release) std::this_thread::yield();
      return 1;
    }
    std::optional<size_t> size() const override { return 4; }
  };
  Blocking ds;
  auto release = ds.release;
  auto loader = make_data_loader<samplers::SequentialSampler>(
      ds, DataLoaderOptions(1).workers(1).timeout(std::chrono::milliseconds(20)));
  const std::string message = error_of([&] { loader->begin(); });
  EXPECT_EQ(message.rfind("[DataLoader] timed out after 20 ms", 0), 0u) << message;
  *release = true;
}

TEST(DataLoaderThread, JoinedLoaderRaises) {
  auto loader =
      make_data_loader(Numbers(4).map(transforms::Stack<>()), DataLoaderOptions(2).workers(2));
  loader->join();
  loader->join();
  expect_error_names([&] { loader->begin(); }, "DataLoader");
}

// A thread-safe stateful dataset of `n` examples.
struct Counter : datasets::StatefulDataset<Counter, Example<>> {
  explicit Counter(size_t count) : n(count), mutex(std::make_shared<std::mutex>()) {}
  std::optional<Example<>> get_batch(size_t batch_size) override {
    std::lock_guard lock(*mutex);
    if (next >= n) return std::nullopt;
    const size_t end = std::min(n, next + batch_size);
    Tensor t = arange(static_cast<int64_t>(next), static_cast<int64_t>(end), kInt64);
    next = end;
    return Example<>(t.to(kFloat32), t);
  }
  std::optional<size_t> size() const override { return n; }
  void reset() override {
    std::lock_guard lock(*mutex);
    next = 0;
  }
  size_t n, next = 0;
  std::shared_ptr<std::mutex> mutex;
};

TEST(DataLoaderThread, StatefulLoaderDrainsTheDatasetEachEpoch) {
  static_assert(Counter::is_stateful);
  for (size_t workers : {0, 2}) {
    auto loader = make_data_loader(Counter(11), DataLoaderOptions(3).workers(workers));
    for (int epoch = 0; epoch < 2; ++epoch) {
      std::vector<int64_t> all;
      for (auto& b : run(*loader)) all.insert(all.end(), b.begin(), b.end());
      std::sort(all.begin(), all.end());
      std::vector<int64_t> expected(11);
      std::iota(expected.begin(), expected.end(), 0);
      EXPECT_EQ(all, expected) << workers << " workers";
    }
    expect_error_names([&] { loader->load_state({}); }, "DataLoader");
  }
  // A mapped stateful dataset stays stateful.
  auto mapped = make_data_loader(Counter(4).map(transforms::BatchLambda<Example<>, Tensor>(
                                     [](Example<> e) { return e.target; })),
                                 DataLoaderOptions(4));
  int count = 0;
  for (Tensor& t : *mapped) count += static_cast<int>(t.numel());
  EXPECT_EQ(count, 4);
}

// A stream dataset producing `request` ones.
struct Ones : datasets::StreamDataset<Ones, Tensor> {
  Tensor get_batch(size_t n) override { return ones({static_cast<int64_t>(n)}); }
  std::optional<size_t> size() const override { return std::nullopt; }
};

TEST(DataLoader, StreamSamplerLoader) {
  auto loader = make_data_loader(Ones(), samplers::StreamSampler(10), DataLoaderOptions(4));
  std::vector<int64_t> sizes;
  for (Tensor& t : *loader) sizes.push_back(t.numel());
  EXPECT_EQ(sizes, (std::vector<int64_t>{4, 4, 2}));
}

TEST(DataLoaderThread, ResumedEpochYieldsTheRemainingBatches) {
  auto ds = Numbers(22).map(transforms::Stack<>());
  // Uninterrupted: epochs 1 and 2 in full, then epoch 3.
  auto a = make_data_loader(ds, samplers::RandomSampler(22, Generator(11)),
                            DataLoaderOptions(4).workers(2));
  run(*a);
  std::vector<std::vector<int64_t>> epoch2;
  std::string saved;
  for (auto& batch : *a) {
    epoch2.push_back(targets_of(batch));
    if (epoch2.size() == 2) {
      const DataLoaderState state = a->state();
      EXPECT_EQ(state.epoch, 2u);
      EXPECT_EQ(state.batch_index, 2u);
      std::ostringstream out;
      state.save(out);
      saved = out.str();
    }
  }
  const auto epoch3 = run(*a);

  // Resumed in a fresh loader (other seed, other worker count) from the saved text.
  for (size_t workers : {0, 1}) {
    auto b = make_data_loader(ds, samplers::RandomSampler(22, Generator(999)),
                              DataLoaderOptions(4).workers(workers));
    std::istringstream in(saved);
    b->load_state(DataLoaderState::load(in));
    const auto rest = run(*b);
    EXPECT_EQ(rest, std::vector<std::vector<int64_t>>(epoch2.begin() + 2, epoch2.end()));
    EXPECT_EQ(b->state().epoch, 2u);
    EXPECT_EQ(b->state().batch_index, 6u);
    EXPECT_EQ(run(*b), epoch3);
  }
  std::istringstream garbage("not a state");
  expect_error_names([&] { DataLoaderState::load(garbage); }, "DataLoaderState");
  std::istringstream short_state("ember-data-loader-state 1 2 2 5 1 2");
  expect_error_names([&] { DataLoaderState::load(short_state); }, "DataLoaderState");
}

TEST(DataLoader, ResumeWithASamplerStateOfAnotherKindRaises) {
  auto ds = Numbers(8).map(transforms::Stack<>());
  auto a = make_data_loader<samplers::SequentialSampler>(ds, 2);
  auto it = a->begin();
  (void)it;
  auto b = make_data_loader(ds, samplers::RandomSampler(8), DataLoaderOptions(2));
  b->load_state(a->state());
  expect_error_names([&] { b->begin(); }, "RandomSampler");
}

}  // namespace
}  // namespace ember::data
