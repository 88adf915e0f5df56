// Memory statistics and empty_cache (include/ember/memory.h).
#include <gtest/gtest.h>

#include "core/sanitizers.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;

TEST(MemoryStats, AllocatedFollowsLiveTensors) {
  const int64_t before = memory_allocated();
  {
    Tensor t = empty({1000}, kFloat);  // 4000 bytes, rounded up to 64
    EXPECT_EQ(memory_allocated() - before, 4032);
    Tensor view = t.view({10, 100});  // a view shares the buffer: nothing new
    EXPECT_EQ(memory_allocated() - before, 4032);
    Tensor none = empty({0, 3});  // no bytes, no buffer
    EXPECT_EQ(memory_allocated() - before, 4032);
  }
  EXPECT_EQ(memory_allocated(), before);
}

TEST(MemoryStats, PeakRemembersTheMostAndResets) {
  reset_peak_memory_stats();
  const int64_t base = memory_allocated();
  EXPECT_EQ(max_memory_allocated(), base);
  { Tensor big = empty({2 * kMiB}, kByte); }
  EXPECT_EQ(memory_allocated(), base);
  EXPECT_EQ(max_memory_allocated(), base + 2 * kMiB);
  reset_peak_memory_stats();
  EXPECT_EQ(max_memory_allocated(), base);
}

TEST(MemoryStats, CacheKeepsFreedLargeBlocksUntilEmptied) {
  empty_cache();
  EXPECT_EQ(memory_stats().cached, 0);
  const int64_t allocated = memory_allocated();
  { Tensor big = empty({3 * kMiB}, kByte); }
#if defined(EMBER_ASAN) || defined(EMBER_TSAN)
  const int64_t kept = 0;  // sanitizer builds bypass the cache
#else
  const int64_t kept = 3 * kMiB;
#endif
  EXPECT_EQ(memory_stats().cached, kept);
  EXPECT_EQ(memory_reserved(), allocated + kept);
  empty_cache();
  EXPECT_EQ(memory_stats().cached, 0);
  EXPECT_EQ(memory_reserved(), allocated);
  Tensor again = empty({3 * kMiB}, kByte);  // still allocates after the cache is emptied
  EXPECT_EQ(memory_allocated(), allocated + 3 * kMiB);
}

TEST(MemoryStats, DevicesWithoutABackendRaise) {
  EXPECT_EMBER_ERROR(memory_stats(kCUDA), "[memory_stats] no backend for device cuda");
  EXPECT_EMBER_ERROR(memory_allocated(Device("cuda:1")), "[memory_stats] no backend for device");
  EXPECT_EMBER_ERROR(reset_peak_memory_stats(kCUDA), "[reset_peak_memory_stats] no backend");
  EXPECT_EMBER_ERROR(empty_cache(kCUDA), "[empty_cache] no backend for device cuda");
}

}  // namespace
}  // namespace ember
