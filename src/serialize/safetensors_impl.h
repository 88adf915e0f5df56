#pragma once
// The safetensors writer and reader split into steps, so that checkpoints (checkpoint.cpp) can
// checksum the data section and write through their own file descriptor.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ember/serialize/safetensors.h"

namespace ember::serialize::detail {

/// A tensor as it will be written: its row-major bytes at [begin, end) of the data section.
struct PreparedTensor {
  std::string name;
  Tensor data;  // contiguous
  uint64_t begin = 0;
  uint64_t end = 0;
};

/// The tensors of a dict in file order (Note [safetensors layout] in safetensors.cpp).
std::vector<PreparedTensor> prepare_tensors(const TensorDict& tensors, const char* op);

/// The 8-byte length and the padded JSON header for `tensors` and `metadata`.
std::string make_header(const std::vector<PreparedTensor>& tensors, const Metadata& metadata);

using Sink = std::function<void(const void* data, size_t size)>;
/// Writes a whole file (header, then every tensor's bytes) through `sink`.
void write_prepared(const std::vector<PreparedTensor>& tensors, const Metadata& metadata,
                    const Sink& sink);

}  // namespace ember::serialize::detail
