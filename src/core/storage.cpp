#include "core/storage.h"

#include "core/block_cache.h"
#include "ember/autograd/grad_mode.h"
#include "ember/error.h"

namespace ember::detail {

void check_device_has_backend(Device device, const char* op) {
  EMBER_CHECK(device.is_cpu(), op, "no backend for device ", device,
              " in this build; only cpu is available");
}

std::shared_ptr<Storage> Storage::allocate(size_t nbytes, Device device) {
  check_device_has_backend(device, "empty");
  if (nbytes == 0) return std::make_shared<Storage>(nullptr, 0, nullptr, device);
  const size_t rounded = (nbytes + kAlignment - 1) / kAlignment * kAlignment;
  void* data = allocate_block(rounded, kAlignment);  // Note [Large block cache]
  if (data == nullptr) {
    EMBER_FAIL("empty", "cannot allocate ", nbytes, " bytes");
  }
  return std::make_shared<Storage>(
      data, nbytes, [rounded](void* p) { release_block(p, rounded); }, device);
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
