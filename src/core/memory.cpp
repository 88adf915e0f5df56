#include "ember/memory.h"

#include "core/block_cache.h"
#include "ember/error.h"

namespace ember {
namespace {

void check_has_allocator(Device device, const char* op) {
  EMBER_CHECK(device.is_cpu(), op, "no backend for device ", device,
              " in this build; only cpu is available");
}

}  // namespace

MemoryStats memory_stats(Device device) {
  check_has_allocator(device, "memory_stats");
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
  check_has_allocator(device, "reset_peak_memory_stats");
  detail::reset_block_peak();
}

void empty_cache(Device device) {
  check_has_allocator(device, "empty_cache");
  detail::empty_block_cache();
}

}  // namespace ember
