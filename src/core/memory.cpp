#include "ember/memory.h"

#include "core/allocator.h"

namespace ember {

MemoryStats memory_stats(Device device) {
  return detail::allocator_for(device, "memory_stats").stats();
}

int64_t memory_allocated(Device device) {
  return memory_stats(device).allocated;
}

int64_t max_memory_allocated(Device device) {
  return memory_stats(device).peak_allocated;
}

int64_t memory_reserved(Device device) {
  const MemoryStats stats = memory_stats(device);
  return stats.allocated + stats.cached;
}

void reset_peak_memory_stats(Device device) {
  detail::allocator_for(device, "reset_peak_memory_stats").reset_peak();
}

void empty_cache(Device device) {
  detail::allocator_for(device, "empty_cache").empty_cache();
}

}  // namespace ember
