#pragma once
/// Memory statistics and the allocator's cache, under the names PyTorch gives them for CUDA
/// (torch.cuda.memory_allocated, max_memory_allocated, memory_reserved, reset_peak_memory_stats,
/// empty_cache), for any device with a backend (the CPU and meta).
///
/// Note [Memory statistics]
/// "Allocated" counts the bytes of every buffer Ember's allocator has handed out and not taken
/// back: tensor storages (rounded up to 64 bytes) and kernels' scratch buffers. "Cached" counts
/// freed blocks the allocator keeps for reuse (Note [Large block cache]; sanitizer builds keep
/// none). Memory a tensor borrows from its caller (from_blob) is not Ember's and is not counted.
/// On the meta device nothing is allocated, but "allocated" counts the bytes meta tensors would
/// take on the CPU (their storages, rounded as above): run a model's forward and backward on meta
/// and max_memory_allocated(kMeta) is its peak tensor memory.
#include <cstdint>

#include "ember/device.h"

namespace ember {

struct MemoryStats {
  int64_t allocated = 0;       ///< bytes held by live buffers
  int64_t peak_allocated = 0;  ///< the most `allocated` has been since the start or the last reset
  int64_t cached = 0;          ///< bytes of freed blocks kept for reuse
};

/// The statistics of `device`'s allocator. Raises for a device without a backend.
MemoryStats memory_stats(Device device = kCPU);
/// memory_stats(device).allocated.
int64_t memory_allocated(Device device = kCPU);
/// memory_stats(device).peak_allocated.
int64_t max_memory_allocated(Device device = kCPU);
/// Bytes the allocator holds from the system: allocated plus cached.
int64_t memory_reserved(Device device = kCPU);
/// Starts the peak over from what is allocated now.
void reset_peak_memory_stats(Device device = kCPU);
/// Gives every cached block back to the system (allocated memory is untouched).
void empty_cache(Device device = kCPU);

}  // namespace ember
