#pragma once
// Note [Large block cache]
// glibc serves a large allocation with a fresh mmap, so the first write to every 4 KiB page of
// it is a page fault: writing a new 64 MiB output that way runs at a fifth of memory bandwidth.
// Freed large blocks are therefore kept (up to kBlockCacheCapacity bytes in all) and handed out
// again for an allocation of the same size, already mapped. Sanitizer builds bypass the cache so
// that ASan still sees every use after free.
#include <cstddef>
#include <cstdint>

#include "ember/memory.h"

namespace ember::detail {

/// Blocks at least this large go through the cache.
inline constexpr size_t kBlockCacheMinBytes = size_t{1} << 20;
/// The most bytes of freed blocks the cache keeps.
inline constexpr size_t kBlockCacheCapacity = size_t{256} << 20;

/// `bytes` (a multiple of `alignment`) of uninitialised memory, from the cache when a freed block
/// of that size is there; null when the system has no memory left.
void* allocate_block(size_t bytes, size_t alignment);
/// Gives back a block from allocate_block: kept for reuse while the cache has room, else freed.
void release_block(void* block, size_t bytes);

/// What the CPU allocator holds (Note [Memory statistics] in ember/memory.h).
MemoryStats block_stats();
/// Starts the peak over from what is allocated now.
void reset_block_peak();
/// Frees every cached block.
void empty_block_cache();

}  // namespace ember::detail
