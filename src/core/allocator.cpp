#include "core/allocator.h"

#include <atomic>

#include "core/block_cache.h"
#include "core/storage.h"
#include "ember/error.h"

namespace ember::detail {

namespace {

// Round every buffer up to whole alignment units, so that the block cache sees few sizes.
size_t rounded_size(size_t nbytes) {
  return (nbytes + Storage::kAlignment - 1) / Storage::kAlignment * Storage::kAlignment;
}

class CpuAllocator final : public Allocator {
 public:
  std::shared_ptr<Storage> allocate(size_t nbytes, Device device) override {
    const size_t rounded = rounded_size(nbytes);
    void* data = allocate_block(rounded, Storage::kAlignment);  // Note [Large block cache]
    if (data == nullptr) {
      EMBER_FAIL("empty", "cannot allocate ", nbytes, " bytes");
    }
    return std::make_shared<Storage>(
        data, nbytes, [rounded](void* p) { release_block(p, rounded); }, device);
  }
  MemoryStats stats() const override { return block_stats(); }
  void reset_peak() override { reset_block_peak(); }
  void empty_cache() override { empty_block_cache(); }
};

// Counts what meta tensors would take (rounded as the CPU rounds), allocating nothing.
class MetaAllocator final : public Allocator {
 public:
  std::shared_ptr<Storage> allocate(size_t nbytes, Device device) override {
    const auto rounded = static_cast<int64_t>(rounded_size(nbytes));
    const int64_t now = allocated_.fetch_add(rounded, std::memory_order_relaxed) + rounded;
    int64_t peak = peak_.load(std::memory_order_relaxed);
    while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
    return std::make_shared<Storage>(
        nullptr, nbytes,
        [this, rounded](void*) { allocated_.fetch_sub(rounded, std::memory_order_relaxed); },
        device);
  }
  MemoryStats stats() const override {
    return {allocated_.load(std::memory_order_relaxed), peak_.load(std::memory_order_relaxed), 0};
  }
  void reset_peak() override {
    peak_.store(allocated_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  }
  void empty_cache() override {}

 private:
  std::atomic<int64_t> allocated_{0};
  std::atomic<int64_t> peak_{0};
};

}  // namespace

Allocator& allocator_for(Device device, const char* op) {
  // Never destroyed: a tensor held in some other static may be freed after this function's
  // statics would be.
  switch (device.type()) {
    case kCPU: {
      static auto* cpu = new CpuAllocator;
      return *cpu;
    }
    case kMeta: {
      static auto* meta = new MetaAllocator;
      return *meta;
    }
    case kCUDA:
      break;
  }
  EMBER_FAIL(op, "no backend for device ", device, " in this build; cpu and meta are available");
}

}  // namespace ember::detail
