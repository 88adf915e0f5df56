#include "core/storage.h"

#include <cstdlib>
#include <new>

#include "ember/autograd/grad_mode.h"
#include "ember/error.h"

namespace ember::detail {

std::shared_ptr<Storage> Storage::allocate(size_t nbytes, Device device) {
  EMBER_CHECK(device.is_cpu(), "empty", "no backend for device ", device,
              " in this build; only cpu is available");
  if (nbytes == 0) return std::make_shared<Storage>(nullptr, 0, nullptr, device);
  size_t rounded = (nbytes + kAlignment - 1) / kAlignment * kAlignment;
  void* data = std::aligned_alloc(kAlignment, rounded);
  if (data == nullptr) {
    EMBER_FAIL("empty", "cannot allocate ", nbytes, " bytes");
  }
  return std::make_shared<Storage>(
      data, nbytes, [](void* p) { std::free(p); }, device);
}

Storage::Storage(void* data, size_t nbytes, Deleter deleter, Device device)
    : data_(data),
      nbytes_(nbytes),
      deleter_(std::move(deleter)),
      device_(device),
      inference_(InferenceMode::is_enabled()) {}

Storage::~Storage() {
  if (deleter_) deleter_(data_);
}

}  // namespace ember::detail
