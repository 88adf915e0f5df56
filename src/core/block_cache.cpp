#include "core/block_cache.h"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "core/sanitizers.h"

namespace ember::detail {
namespace {

#if defined(EMBER_ASAN) || defined(EMBER_TSAN)
constexpr bool kCacheEnabled = false;
#else
constexpr bool kCacheEnabled = true;
#endif

struct BlockCache {
  std::mutex mutex;
  std::unordered_multimap<size_t, void*> free_blocks;  // by size
  size_t held = 0;
};

// Never destroyed: storages released by other static destructors at exit may still return
// blocks to it.
BlockCache& cache() {
  static BlockCache* instance = new BlockCache;
  return *instance;
}

// Bytes handed out and not yet given back, and the most there have been (Note [Memory
// statistics] in include/ember/memory.h). Never destroyed, like the cache.
struct Counters {
  std::atomic<int64_t> allocated{0};
  std::atomic<int64_t> peak{0};
};

Counters& counters() {
  static Counters* instance = new Counters;
  return *instance;
}

void count(int64_t bytes) {
  Counters& c = counters();
  const int64_t now = c.allocated.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  int64_t peak = c.peak.load(std::memory_order_relaxed);
  while (now > peak && !c.peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

bool cached_size(size_t bytes) {
  return kCacheEnabled && bytes >= kBlockCacheMinBytes;
}

}  // namespace

void* allocate_block(size_t bytes, size_t alignment) {
  if (cached_size(bytes)) {
    BlockCache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    if (auto it = c.free_blocks.find(bytes); it != c.free_blocks.end()) {
      void* block = it->second;
      c.free_blocks.erase(it);
      c.held -= bytes;
      count(static_cast<int64_t>(bytes));
      return block;
    }
  }
  void* block = std::aligned_alloc(alignment, bytes);
  if (block != nullptr) count(static_cast<int64_t>(bytes));
  return block;
}

void release_block(void* block, size_t bytes) {
  count(-static_cast<int64_t>(bytes));
  if (cached_size(bytes)) {
    BlockCache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    if (c.held + bytes <= kBlockCacheCapacity) {
      c.free_blocks.emplace(bytes, block);
      c.held += bytes;
      return;
    }
  }
  std::free(block);
}

MemoryStats block_stats() {
  MemoryStats stats;
  stats.allocated = counters().allocated.load(std::memory_order_relaxed);
  stats.peak_allocated = counters().peak.load(std::memory_order_relaxed);
  BlockCache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  stats.cached = static_cast<int64_t>(c.held);
  return stats;
}

void reset_block_peak() {
  counters().peak.store(counters().allocated.load(std::memory_order_relaxed),
                        std::memory_order_relaxed);
}

void empty_block_cache() {
  BlockCache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  for (const auto& [bytes, block] : c.free_blocks) std::free(block);
  c.free_blocks.clear();
  c.held = 0;
}

}  // namespace ember::detail
