#include "ember/device.h"

#include <atomic>
#include <ostream>

#include "ember/error.h"

namespace ember {

Device::Device(DeviceType type, int index) : type_(type), index_(index) {
  EMBER_CHECK(index >= -1, "Device", "expected a device index >= -1, got ", index);
  EMBER_CHECK(!(type == kCPU && index > 0), "Device", "cpu has only index 0, got ", index);
}

Device::Device(const std::string& spec) : type_(kCPU), index_(-1) {
  std::string name = spec.substr(0, spec.find(':'));
  if (name == "cpu") {
    type_ = kCPU;
  } else if (name == "cuda") {
    type_ = kCUDA;
  } else if (name == "meta") {
    type_ = kMeta;
  } else {
    EMBER_FAIL("Device", "expected a device string like \"cpu\", \"cuda:0\" or \"meta\", got \"",
               spec, "\"");
  }
  if (name.size() != spec.size()) {
    std::string index = spec.substr(name.size() + 1);
    bool digits = !index.empty() && index.size() < 6 &&
                  index.find_first_not_of("0123456789") == std::string::npos;
    EMBER_CHECK(digits, "Device", "expected a device index after ':', got \"", spec, "\"");
    index_ = std::stoi(index);
  }
  EMBER_CHECK(!(type_ == kCPU && index_ > 0), "Device", "cpu has only index 0, got \"", spec, "\"");
}

namespace {
std::atomic<DeviceType> g_default_device_type{kCPU};
std::atomic<int> g_default_device_index{-1};
}  // namespace

Device get_default_device() {
  return {g_default_device_type.load(std::memory_order_relaxed),
          g_default_device_index.load(std::memory_order_relaxed)};
}

void set_default_device(Device device) {
  g_default_device_type.store(device.type(), std::memory_order_relaxed);
  g_default_device_index.store(device.index(), std::memory_order_relaxed);
}

namespace {
const char* type_name(DeviceType type) {
  switch (type) {
    case kCPU:
      return "cpu";
    case kCUDA:
      return "cuda";
    case kMeta:
      return "meta";
  }
  return "unknown";
}
}  // namespace

std::string Device::str() const {
  std::string s = type_name(type_);
  if (index_ >= 0) s.append(":").append(std::to_string(index_));
  return s;
}

std::ostream& operator<<(std::ostream& out, DeviceType type) {
  return out << type_name(type);
}
std::ostream& operator<<(std::ostream& out, const Device& device) {
  return out << device.str();
}

}  // namespace ember
