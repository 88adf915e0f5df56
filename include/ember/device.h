#pragma once
/// Where a tensor lives: the CPU; `meta`, whose tensors have sizes, strides and a dtype but no
/// data (every op runs its checks and shape rules and computes nothing, as PyTorch's meta
/// device); CUDA, which raises on use in a build without its backend.
#include <cstdint>
#include <iosfwd>
#include <string>

namespace ember {

enum class DeviceType : int8_t { CPU, CUDA, Meta };
inline constexpr DeviceType kCPU = DeviceType::CPU;
inline constexpr DeviceType kCUDA = DeviceType::CUDA;
inline constexpr DeviceType kMeta = DeviceType::Meta;

/// A device type and an optional index (`-1`: the current one), parsed from "cpu" or "cuda:1".
class Device {
 public:
  Device(DeviceType type, int index = -1);                 // NOLINT: implicit like libtorch
  Device(const std::string& spec);                         // NOLINT
  Device(const char* spec) : Device(std::string(spec)) {}  // NOLINT

  DeviceType type() const { return type_; }
  int index() const { return index_; }
  bool has_index() const { return index_ >= 0; }
  bool is_cpu() const { return type_ == kCPU; }
  bool is_cuda() const { return type_ == kCUDA; }
  bool is_meta() const { return type_ == kMeta; }
  std::string str() const;

  friend bool operator==(const Device& a, const Device& b) {
    return a.type_ == b.type_ && a.index_ == b.index_;
  }

 private:
  DeviceType type_;
  int index_;
};

std::ostream& operator<<(std::ostream& out, DeviceType type);
std::ostream& operator<<(std::ostream& out, const Device& device);

}  // namespace ember
