// libFuzzer target for the safetensors reader (scripts/fuzz.sh). Any input must either parse or
// raise ember::Error; what parses must survive a write/read round trip unchanged, read the same
// through a stream, and not crash the checkpoint unflattening.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "ember/serialize/checkpoint.h"
#include "ember/serialize/safetensors.h"

namespace {

bool same(const ember::serialize::SafetensorsContent& a,
          const ember::serialize::SafetensorsContent& b) {
  if (a.metadata != b.metadata || a.tensors.size() != b.tensors.size()) return false;
  for (const auto& item : a.tensors) {
    const ember::Tensor* other = b.tensors.find(item.key());
    if (other == nullptr || other->scalar_type() != item.value().scalar_type() ||
        other->sizes().vec() != item.value().sizes().vec())
      return false;
    if (item.value().nbytes() != 0 &&
        std::memcmp(other->data_ptr(), item.value().data_ptr(), item.value().nbytes()) != 0)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ember::serialize;
  SafetensorsContent content;
  try {
    content = read_safetensors(std::span<const uint8_t>(data, size));
  } catch (const ember::Error&) {
    // The stream reader must not crash either (it may accept inputs with trailing bytes).
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
      read_safetensors(in);
    } catch (const ember::Error&) {
    }
    return 0;
  }
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  if (!same(read_safetensors(in), content)) std::abort();
  const std::vector<uint8_t> again = write_safetensors_to_bytes(content.tensors, content.metadata);
  if (!same(read_safetensors(again), content)) std::abort();
  try {
    Checkpoint::unflatten(content, "<fuzz>");
  } catch (const ember::Error&) {
  }
  return 0;
}
