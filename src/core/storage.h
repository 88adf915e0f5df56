#pragma once
// A reference-counted byte buffer shared by a tensor and all of its views.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "ember/device.h"

namespace ember::detail {

/// The device a tensor asked for on `device` lives on: the CPU and meta have one device each and
/// drop the index ("cpu:0" is "cpu", as PyTorch reports it).
Device normalized(Device device);

/// Owns (or borrows, with a deleter) `nbytes` of memory on a device, and counts in-place writes:
/// every in-place op bumps `version()`, so that autograd can tell a saved tensor was modified.
/// A meta storage has a size but no memory (`data()` is null).
class Storage {
 public:
  using Deleter = std::function<void(void*)>;
  /// Bytes every allocation is aligned to (one cache line; also the widest SIMD register).
  static constexpr size_t kAlignment = 64;

  /// A fresh, uninitialised buffer from `device`'s allocator (Note [Device allocators]); raises
  /// when the device has no backend in this build.
  static std::shared_ptr<Storage> allocate(size_t nbytes, Device device);
  /// Wraps memory owned by the caller; `deleter` (if any) runs when the last tensor lets go.
  Storage(void* data, size_t nbytes, Deleter deleter, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }
  uint32_t version() const { return version_.load(std::memory_order_relaxed); }
  /// Counts an in-place write (not for inference tensors, whose writes go untracked).
  void bump_version() {
    if (!inference_) version_.fetch_add(1, std::memory_order_relaxed);
  }
  /// Made inside an InferenceMode scope: autograd refuses to save it.
  bool is_inference() const { return inference_; }

 private:
  void* data_;
  size_t nbytes_;
  Deleter deleter_;
  Device device_;
  std::atomic<uint32_t> version_{0};
  bool inference_;
};

}  // namespace ember::detail
