#include "core/block_cache.h"

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
      return block;
    }
  }
  return std::aligned_alloc(alignment, bytes);
}

void release_block(void* block, size_t bytes) {
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

}  // namespace ember::detail
