// libFuzzer target for the MNIST IDX parser (scripts/fuzz.sh): the first byte picks images or
// labels, the rest is the file. Any input must either parse or raise ember::Error, and what
// parses must have as many elements as the file has payload bytes.
#include <cstdint>
#include <cstdlib>

#include "ember/data/datasets/mnist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool images = data[0] & 1;
  const std::span<const uint8_t> file(data + 1, size - 1);
  try {
    const ember::Tensor t = images ? ember::data::datasets::parse_idx_images(file, "<fuzz>")
                                   : ember::data::datasets::parse_idx_labels(file, "<fuzz>");
    const size_t header = images ? 16 : 8;
    if (static_cast<size_t>(t.numel()) != file.size() - header) std::abort();
  } catch (const ember::Error&) {
  }
  return 0;
}
