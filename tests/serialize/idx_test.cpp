// The MNIST IDX parser on memory (data::datasets::parse_idx_*), which fuzz/idx_fuzz drives:
// regressions for what the fuzzer found.
#include <gtest/gtest.h>

#include "ember/data/datasets/mnist.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data::datasets {
namespace {

std::vector<uint8_t> header(std::initializer_list<uint32_t> words) {
  std::vector<uint8_t> out;
  for (const uint32_t w : words)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(w >> shift));
  return out;
}

TEST(Idx, ParsesImagesAndLabelsFromMemory) {
  auto images = header({2051, 2, 1, 2});
  images.insert(images.end(), {0, 255, 51, 102});
  const Tensor t = parse_idx_images(images, "mem");
  EXPECT_EQ(t.sizes().vec(), (std::vector<int64_t>{2, 1, 1, 2}));
  EXPECT_FLOAT_EQ(t.flatten()[1].item<float>(), 1.0f);
  auto labels = header({2049, 3});
  labels.insert(labels.end(), {7, 0, 9});
  EXPECT_EQ(parse_idx_labels(labels, "mem")[2].item<int64_t>(), 9);
  EXPECT_EMBER_ERROR(parse_idx_labels(images, "mem"), "[MNIST] 'mem' is not an IDX label file");
}

TEST(Idx, ZeroImagesOfAHugeSizeAreRejected) {
  // Found by fuzz/idx_fuzz: 0 images of 4160749568 x 4278190075 passed the count check and
  // overflowed the tensor's strides.
  EXPECT_EMBER_ERROR(parse_idx_images(header({2051, 0, 0xF8000000u, 0xFEFFFFFBu}), "mem"),
                     "image count and size too large: 0 images of 4160749568x4278190075");
  EXPECT_EQ(parse_idx_images(header({2051, 0, 28, 28}), "mem").numel(), 0);
}

}  // namespace
}  // namespace ember::data::datasets
