#include "core/storage.h"

#include "core/allocator.h"
#include "ember/autograd/grad_mode.h"
#include "ember/error.h"

namespace ember::detail {

Device normalized(Device device) {
  return device.is_cuda() ? device : Device(device.type());
}

std::shared_ptr<Storage> Storage::allocate(size_t nbytes, Device device) {
  Allocator& allocator = allocator_for(device, "empty");  // Note [Device allocators]
  if (nbytes == 0) return std::make_shared<Storage>(nullptr, 0, nullptr, device);
  return allocator.allocate(nbytes, device);
}

Storage::Storage(void* data, size_t nbytes, Deleter deleter, Device device)
    : data_(data),
      nbytes_(nbytes),
      deleter_(std::move(deleter)),
      device_(normalized(device)),
      inference_(InferenceMode::is_enabled()) {}

Storage::~Storage() {
  if (deleter_) deleter_(data_);
}

}  // namespace ember::detail
