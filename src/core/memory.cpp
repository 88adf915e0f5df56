#include "ember/memory.h"

#include "core/block_cache.h"
#include "core/storage.h"

namespace ember {

MemoryStats memory_stats(Device device) {
  detail::check_device_has_backend(device, "memory_stats");
  return detail::block_stats();
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
  detail::check_device_has_backend(device, "reset_peak_memory_stats");
  detail::reset_block_peak();
}

void empty_cache(Device device) {
  detail::check_device_has_backend(device, "empty_cache");
  detail::empty_block_cache();
}

}  // namespace ember
