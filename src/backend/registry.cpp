// The devices this build has kernels for (Note [Device backends] in ops/backend.h).
#include "backend/cpu/cpu_backend.h"
#include "backend/meta/meta_backend.h"
#include "ember/error.h"
#include "ops/backend.h"

namespace ember::detail {

const Backend& backend_for(Device device, const char* op) {
  switch (device.type()) {
    case kCPU:
      return cpu::backend();
    case kMeta:
      return meta::backend();
    case kCUDA:
      break;
  }
  EMBER_FAIL(op, "no backend for device ", device, " in this build; cpu and meta are available");
}

const Backend& backend_for_copy(const TensorImpl& dst, const TensorImpl& src) {
  const Device from = src.device(), to = dst.device();
  if (from.is_meta() || to.is_meta()) return meta::backend();
  return backend_for(to.is_cpu() ? from : to, "copy_");
}

}  // namespace ember::detail
