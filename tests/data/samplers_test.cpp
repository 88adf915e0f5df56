// Samplers (ember/data/samplers).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "ember/data.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data::samplers {
namespace {

using testing::expect_error_names;
using Indices = std::vector<size_t>;

template <class S>
std::vector<Indices> drain(S& sampler, size_t batch_size) {
  std::vector<Indices> out;
  while (auto batch = sampler.next(batch_size)) out.push_back(*batch);
  return out;
}

Indices flat(const std::vector<Indices>& batches) {
  Indices out;
  for (const auto& b : batches) out.insert(out.end(), b.begin(), b.end());
  return out;
}

Indices iota(size_t n) {
  Indices out(n);
  std::iota(out.begin(), out.end(), size_t{0});
  return out;
}

TEST(DataSampler, SequentialInOrderWithShortLastBatch) {
  SequentialSampler s(5);
  EXPECT_EQ(drain(s, 2), (std::vector<Indices>{{0, 1}, {2, 3}, {4}}));
  EXPECT_FALSE(s.next(2).has_value());
  s.reset();
  EXPECT_EQ(s.index(), 0u);
  EXPECT_EQ(*s.next(10), iota(5));
  s.reset(3);
  EXPECT_EQ(drain(s, 2), (std::vector<Indices>{{0, 1}, {2}}));
  SequentialSampler empty(0);
  EXPECT_FALSE(empty.next(1).has_value());
}

TEST(DataSampler, RandomIsASeededPermutationPerEpoch) {
  RandomSampler a(10, Generator(7)), b(10, Generator(7)), c(10, Generator(8));
  const Indices pa = flat(drain(a, 3)), pb = flat(drain(b, 4)), pc = flat(drain(c, 10));
  EXPECT_EQ(pa, pb);  // the order does not depend on the batch size
  EXPECT_NE(pa, pc);
  Indices sorted = pa;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, iota(10));
  EXPECT_EQ(a.index(), 10u);
  a.reset();
  const Indices next_epoch = flat(drain(a, 3));
  EXPECT_NE(next_epoch, pa);
  b.reset();
  EXPECT_EQ(flat(drain(b, 1)), next_epoch);
  a.reset(4);
  EXPECT_EQ(flat(drain(a, 10)).size(), 4u);
  // The same permutation as randperm on the same stream.
  RandomSampler d(6, Generator(3));
  const Tensor perm = randperm(6, Generator(3));
  const Indices pd = *d.next(6);
  for (int64_t i = 0; i < 6; ++i) EXPECT_EQ(static_cast<int64_t>(pd[i]), perm[i].item<int64_t>());
  expect_error_names([] { RandomSampler(-1); }, "RandomSampler");
}

TEST(DataSampler, RandomUsesTheGlobalGeneratorByDefault) {
  manual_seed(123);
  RandomSampler a(20);
  manual_seed(123);
  RandomSampler b(20, kInt32);
  EXPECT_EQ(flat(drain(a, 6)), flat(drain(b, 6)));
}

TEST(DataSampler, RandomStateRestoresPositionOrderAndGenerator) {
  RandomSampler a(9, Generator(5));
  a.next(4);
  const SamplerState saved = a.state();
  const Indices rest = flat(drain(a, 2));
  a.reset();
  const Indices next_epoch = flat(drain(a, 9));

  RandomSampler b(9, Generator(99));
  b.load_state(saved);
  EXPECT_EQ(b.index(), 4u);
  EXPECT_EQ(flat(drain(b, 3)), rest);
  b.reset();
  EXPECT_EQ(flat(drain(b, 9)), next_epoch);

  SequentialSampler s(3);
  expect_error_names([&] { s.load_state(saved); }, "SequentialSampler");
  SamplerState bad = saved;
  bad.pop_back();
  expect_error_names([&] { b.load_state(bad); }, "RandomSampler");
}

TEST(DataSampler, SequentialAndStreamState) {
  SequentialSampler s(7);
  s.next(3);
  SequentialSampler t(1);
  t.load_state(s.state());
  EXPECT_EQ(flat(drain(t, 2)), (Indices{3, 4, 5, 6}));
  StreamSampler st(10);
  st.next(4);
  StreamSampler st2(0);
  st2.load_state(st.state());
  EXPECT_EQ(static_cast<size_t>(*st2.next(100)), 6u);
  expect_error_names([&] { st2.load_state(s.state()); }, "StreamSampler");
}

TEST(DataSampler, StreamYieldsBatchSizesUpToTheEpochSize) {
  StreamSampler s(10);
  std::vector<size_t> sizes;
  while (auto b = s.next(4)) sizes.push_back(b->size());
  EXPECT_EQ(sizes, (std::vector<size_t>{4, 4, 2}));
  s.reset(3);
  EXPECT_EQ(static_cast<size_t>(*s.next(4)), 3u);
  EXPECT_FALSE(s.next(4).has_value());
}

TEST(DataSampler, DistributedSequentialSplitsAndPads) {
  // 10 samples over 3 replicas: 4 each with duplicates (padding wraps to the start), 3 without.
  std::vector<Indices> with, without;
  for (size_t rank = 0; rank < 3; ++rank) {
    DistributedSequentialSampler a(10, 3, rank), b(10, 3, rank, /*allow_duplicates=*/false);
    with.push_back(flat(drain(a, 3)));
    without.push_back(flat(drain(b, 3)));
  }
  EXPECT_EQ(with, (std::vector<Indices>{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 0, 1}}));
  EXPECT_EQ(without, (std::vector<Indices>{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}));
  DistributedSequentialSampler s(10, 3, 1);
  s.next(2);
  DistributedSequentialSampler r(10, 3, 1);
  r.load_state(s.state());
  EXPECT_EQ(flat(drain(r, 5)), (Indices{6, 7}));
  r.reset();
  EXPECT_EQ(r.index(), 4u);
  expect_error_names([] { DistributedSequentialSampler(10, 2, 2); }, "DistributedSampler");
  expect_error_names([] { DistributedRandomSampler(10, 0, 0); }, "DistributedSampler");
}

TEST(DataSampler, DistributedRandomCoversTheDatasetPerEpoch) {
  auto epoch_order = [](size_t epoch) {
    std::vector<Indices> parts;
    for (size_t rank = 0; rank < 3; ++rank) {
      DistributedRandomSampler s(10, 3, rank);
      s.set_epoch(epoch);
      s.reset();
      parts.push_back(flat(drain(s, 3)));
      EXPECT_EQ(parts.back().size(), 4u);
    }
    return parts;
  };
  const auto e0 = epoch_order(0), e0_again = epoch_order(0), e1 = epoch_order(1);
  EXPECT_EQ(e0, e0_again);
  EXPECT_NE(e0, e1);
  std::multiset<size_t> all;
  for (const auto& p : e0) all.insert(p.begin(), p.end());
  for (size_t i = 0; i < 10; ++i) EXPECT_GE(all.count(i), 1u) << i;
  EXPECT_EQ(all.size(), 12u);  // two padded duplicates

  DistributedRandomSampler s(10, 3, 2);
  s.set_epoch(4);
  s.reset();
  EXPECT_EQ(s.epoch(), 4u);
  s.next(1);
  DistributedRandomSampler r(10, 3, 2);
  r.load_state(s.state());
  EXPECT_EQ(r.epoch(), 4u);
  EXPECT_EQ(flat(drain(r, 2)), flat(drain(s, 2)));
}

}  // namespace
}  // namespace ember::data::samplers
