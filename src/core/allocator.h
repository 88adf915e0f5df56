#pragma once
// Note [Device allocators]
// Every device has one allocator: where its tensors' memory comes from and what its memory
// statistics report (Note [Memory statistics] in ember/memory.h). Storage::allocate and the
// memory_* functions reach it through allocator_for(), so they need no backend: the CPU's hands
// out blocks through the block cache (Note [Large block cache]); meta's hands out no memory at
// all, but counts the bytes its tensors would take, so that a model run on meta reports its
// activation memory.
#include <cstddef>
#include <memory>

#include "ember/device.h"
#include "ember/memory.h"

namespace ember::detail {

class Storage;

class Allocator {
 public:
  virtual ~Allocator() = default;
  /// A fresh, uninitialised buffer of `nbytes` (> 0) on `device`; raises when there is no
  /// memory left.
  virtual std::shared_ptr<Storage> allocate(size_t nbytes, Device device) = 0;
  virtual MemoryStats stats() const = 0;
  /// Starts the peak over from what is allocated now.
  virtual void reset_peak() = 0;
  /// Gives cached memory back to the system.
  virtual void empty_cache() = 0;
};

/// The allocator of `device`; raises "[op] no backend for device ..." when this build has none.
Allocator& allocator_for(Device device, const char* op);

}  // namespace ember::detail
