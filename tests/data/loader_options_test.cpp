// Python-PyTorch-style loader options: shuffle, collate, pin_memory, prefetch_factor,
// persistent_workers, seed. Tests named *Thread* also run under ThreadSanitizer in CI.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <sstream>

#include "ember/data.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data {
namespace {

using testing::expect_error_names;

struct Numbers : datasets::Dataset<Numbers> {
  explicit Numbers(size_t count) : n(count) {}
  Example<> get(size_t index) override {
    return {tensor(std::vector<double>{static_cast<double>(index)}, kFloat32),
            scalar_tensor(static_cast<int64_t>(index), kInt64)};
  }
  std::optional<size_t> size() const override { return n; }
  size_t n;
};

// Counts its copies (the loader's per-worker copies).
struct Counted : datasets::Dataset<Counted> {
  explicit Counted(size_t count, std::shared_ptr<std::atomic<int>> copies_)
      : numbers(count), copies(std::move(copies_)) {}
  Counted(const Counted& other) : numbers(other.numbers), copies(other.copies) { ++*copies; }
  Example<> get(size_t index) override { return numbers.get(index); }
  std::optional<size_t> size() const override { return numbers.size(); }
  Numbers numbers;
  Counted& operator=(const Counted&) = default;
  Counted(Counted&&) = default;
  std::shared_ptr<std::atomic<int>> copies;
};

template <class Loader>
std::vector<int64_t> order(Loader& loader) {
  std::vector<int64_t> out;
  for (auto& batch : loader) {
    const Tensor t = batch.target.contiguous();
    out.insert(out.end(), t.template data_ptr<int64_t>(),
               t.template data_ptr<int64_t>() + t.numel());
  }
  return out;
}

TEST(LoaderOptions, ShuffleChoosesTheSampler) {
  auto ds = Numbers(12).map(transforms::Stack<>());
  auto sequential = make_data_loader(ds, DataLoaderOptions(5).shuffle(false));
  EXPECT_FALSE(sequential->options().seed == std::nullopt);
  std::vector<int64_t> iota(12);
  std::iota(iota.begin(), iota.end(), 0);
  EXPECT_EQ(order(*sequential), iota);
  EXPECT_EQ(order(*sequential), iota);
  // shuffle(true) and the default: a RandomSampler over the global generator (as libtorch).
  manual_seed(5);
  auto shuffled = make_data_loader(ds, DataLoaderOptions(5).shuffle(true));
  const auto first = order(*shuffled);
  manual_seed(5);
  auto by_default = make_data_loader(ds, DataLoaderOptions(5));
  EXPECT_EQ(order(*by_default), first);
  manual_seed(5);
  auto random = make_data_loader(ds, samplers::RandomSampler(12), DataLoaderOptions(5));
  EXPECT_EQ(order(*random), first);
  EXPECT_NE(first, iota);
  auto sorted = first;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, iota);
  // An explicit sampler and shuffle are mutually exclusive, as in PyTorch.
  expect_error_names(
      [&] {
        make_data_loader(ds, samplers::SequentialSampler(12), DataLoaderOptions(5).shuffle(true));
      },
      "DataLoader");
  expect_error_names(
      [&] {
        make_data_loader<samplers::SequentialSampler>(ds, DataLoaderOptions(5).shuffle(false));
      },
      "DataLoader");
}

TEST(LoaderOptionsThread, ShuffledLoaderIsTheSameForEveryWorkerCountAndResumes) {
  auto ds = Numbers(23).map(transforms::Stack<>());
  manual_seed(8);
  auto a = make_data_loader(ds, DataLoaderOptions(4).shuffle(true));
  const auto e1 = order(*a);
  std::string saved;
  std::vector<int64_t> e2, rest;
  size_t seen = 0;
  for (auto& batch : *a) {
    ++seen;
    for (int64_t k = 0; k < batch.target.size(0); ++k) {
      e2.push_back(batch.target[k].item<int64_t>());
      if (seen > 3) rest.push_back(batch.target[k].item<int64_t>());
    }
    if (seen == 3) {
      std::ostringstream out;
      a->state().save(out);
      saved = out.str();
    }
  }
  const auto e3 = order(*a);
  for (size_t workers : {1, 2, 3}) {
    manual_seed(8);
    auto b = make_data_loader(ds, DataLoaderOptions(4).shuffle(true).workers(workers));
    EXPECT_EQ(order(*b), e1);
    EXPECT_EQ(order(*b), e2);
    EXPECT_EQ(order(*b), e3);
    // Resumed in a fresh loader after another seed.
    manual_seed(1234);
    auto c = make_data_loader(ds, DataLoaderOptions(4).shuffle(true).workers(workers));
    std::istringstream in(saved);
    c->load_state(DataLoaderState::load(in));
    EXPECT_EQ(order(*c), rest);
    EXPECT_EQ(order(*c), e3);
  }
}

TEST(LoaderOptionsThread, CollateFunctionMakesTheBatches) {
  auto sum_collate = [](std::vector<Example<>> examples) {
    std::vector<Tensor> data;
    for (auto& e : examples) data.push_back(e.data);
    return stack(data).sum();
  };
  for (size_t workers : {0, 2}) {
    auto loader = make_data_loader(Numbers(7), DataLoaderOptions(3).shuffle(false).workers(workers),
                                   sum_collate);
    std::vector<double> sums;
    for (Tensor& t : *loader) sums.push_back(t.item<double>());
    EXPECT_EQ(sums, (std::vector<double>{3, 12, 6}));
  }
  // The default collation is the same as transforms::Stack<>.
  auto stacked = make_data_loader(
      Numbers(5), DataLoaderOptions(2).shuffle(false),
      [](std::vector<Example<>> b) { return transforms::Stack<>().apply_batch(std::move(b)); });
  EXPECT_EQ(order(*stacked), (std::vector<int64_t>{0, 1, 2, 3, 4}));
}

TEST(LoaderOptions, PinMemoryIsAcceptedAndChangesNothing) {
  auto ds = Numbers(6).map(transforms::Stack<>());
  auto pinned = make_data_loader(ds, DataLoaderOptions(4).shuffle(false).pin_memory(true));
  EXPECT_TRUE(pinned->options().pin_memory);
  EXPECT_EQ(order(*pinned), (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
}

// A sampler that counts the requests it has handed out.
struct CountingSampler : samplers::SequentialSampler {
  CountingSampler(size_t n, std::shared_ptr<std::atomic<int>> count)
      : SequentialSampler(n), requests(std::move(count)) {}
  std::optional<std::vector<size_t>> next(size_t batch_size) override {
    auto r = SequentialSampler::next(batch_size);
    if (r) ++*requests;
    return r;
  }
  std::shared_ptr<std::atomic<int>> requests;
};

TEST(LoaderOptionsThread, PrefetchFactorBoundsTheRequestsInFlight) {
  auto ds = Numbers(100).map(transforms::Stack<>());
  for (auto [workers, factor] : {std::pair<size_t, size_t>{2, 3}, {3, 1}, {1, 2}}) {
    auto requests = std::make_shared<std::atomic<int>>(0);
    auto loader = make_data_loader(ds, CountingSampler(100, requests),
                                   DataLoaderOptions(2).workers(workers).prefetch_factor(factor));
    EXPECT_EQ(loader->options().max_jobs, workers * factor);
    auto it = loader->begin();
    // workers * factor requests were sent, one consumed, and one more sent to refill.
    EXPECT_EQ(*requests, static_cast<int>(workers * factor + 1));
    ++it;
    EXPECT_EQ(*requests, static_cast<int>(workers * factor + 2));
  }
  // max_jobs wins over prefetch_factor; a zero bound with workers is an error.
  auto explicit_jobs = make_data_loader(
      ds, DataLoaderOptions(2).workers(2).prefetch_factor(5).max_jobs(3).shuffle(false));
  EXPECT_EQ(explicit_jobs->options().max_jobs, 3u);
  expect_error_names(
      [&] { make_data_loader(ds, DataLoaderOptions(2).workers(2).prefetch_factor(0)); },
      "DataLoader");
}

TEST(LoaderOptionsThread, PersistentWorkersKeepTheirDatasetCopies) {
  for (bool persistent : {true, false}) {
    auto copies = std::make_shared<std::atomic<int>>(0);
    auto loader = make_data_loader(Counted(10, copies).map(transforms::Stack<>()),
                                   samplers::SequentialSampler(10),
                                   DataLoaderOptions(3).workers(2).persistent_workers(persistent));
    const int after_construction = *copies;
    EXPECT_GE(after_construction, 2);  // one copy per worker at least
    std::vector<int64_t> iota(10);
    std::iota(iota.begin(), iota.end(), 0);
    for (int epoch = 0; epoch < 3; ++epoch) EXPECT_EQ(order(*loader), iota);
    // Non-persistent workers are rebuilt (with fresh copies) for each epoch after the first.
    EXPECT_EQ(*copies - after_construction, persistent ? 0 : 2 * 2) << persistent;
  }
}

TEST(LoaderOptions, StateCarriesTheSeedAndReadsTheOldFormat) {
  auto ds = Numbers(6).map(transforms::Stack<>());
  auto loader = make_data_loader(ds, DataLoaderOptions(2).seed(77));
  EXPECT_EQ(loader->options().seed, 77u);
  auto it = loader->begin();
  (void)it;
  std::ostringstream out;
  loader->state().save(out);
  std::istringstream in(out.str());
  const DataLoaderState state = DataLoaderState::load(in);
  EXPECT_EQ(state.seed, 77u);
  std::istringstream v1("ember-data-loader-state 1 2 1 3 1 6 0");
  const DataLoaderState old = DataLoaderState::load(v1);
  EXPECT_EQ(old.epoch, 2u);
  EXPECT_EQ(old.seed, std::nullopt);
  EXPECT_EQ(old.sampler_state, (samplers::SamplerState{1, 6, 0}));
  // Without a seed option the loader takes the global generator's seed (drawing nothing).
  manual_seed(31);
  const uint64_t offset = Generator::default_cpu().offset();
  auto seeded = make_data_loader(ds, samplers::SequentialSampler(6), DataLoaderOptions(2));
  EXPECT_EQ(seeded->options().seed, 31u);
  EXPECT_EQ(Generator::default_cpu().offset(), offset);
}

}  // namespace
}  // namespace ember::data
