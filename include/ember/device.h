#pragma once
/// Where a tensor lives: the CPU; `meta` (Note [Meta device]); CUDA, which raises on use in a
/// build without its backend.
///
/// Note [Meta device]
/// A meta tensor has sizes, strides and a dtype but no data, as on PyTorch's meta device. Every
/// op runs its argument checks and its shape and dtype rules and computes nothing, so a model's
/// forward and backward on meta give every shape and allocate no memory (memory_stats(kMeta)
/// counts what they would take). Checks of values (index bounds, probabilities within [0, 1])
/// are skipped, as PyTorch's meta kernels skip them; what needs values raises: item(),
/// data_ptr<T>(), copying to another device, and ops whose result shape depends on the data
/// (nonzero, unique, masked_select, ...).
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

/// The device of new tensors whose options name none (the CPU unless changed), as PyTorch's
/// torch.set_default_device: with kMeta, building a model allocates nothing.
Device get_default_device();
/// Sets the default device for the whole process.
void set_default_device(Device device);

std::ostream& operator<<(std::ostream& out, DeviceType type);
std::ostream& operator<<(std::ostream& out, const Device& device);

}  // namespace ember
