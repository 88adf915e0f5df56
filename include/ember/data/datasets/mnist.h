#pragma once
/// `MNIST`: the MNIST (or Fashion-MNIST, KMNIST, ...) IDX files as a dataset (libtorch's
/// `torch::data::datasets::MNIST`).
#include <cstdint>
#include <span>
#include <string>

#include "ember/data/datasets/base.h"

namespace ember::data::datasets {

/// Reads `root/train-images-idx3-ubyte` and `root/train-labels-idx1-ubyte` (kTrain) or the
/// `t10k-*` pair (kTest), each either raw or gzipped (the same name plus `.gz`; the raw file wins
/// when both exist). Images are float32 in [0, 1], (N, 1, rows, cols) (28x28 for MNIST); targets
/// int64 (N). Raises `ember::Error` ("[MNIST] ...", naming the file) when a file is missing,
/// is not a valid gzip stream, has the wrong magic number (2051 for images, 2049 for labels),
/// zero-size images, a size that does not match its header (truncated or trailing bytes), or when
/// image and label counts differ.
/// Parses an IDX image file (magic 2051, big-endian count, rows, cols, then one byte per pixel)
/// held in memory into (N, 1, rows, cols) float32 in [0, 1]; `path` names it in errors. Raises
/// `ember::Error("[MNIST] '<path>' ...")` as `MNIST` does for a bad header or size.
Tensor parse_idx_images(std::span<const uint8_t> bytes, const std::string& path);
/// Parses an IDX label file (magic 2049, big-endian count, one byte per label) into (N) int64.
Tensor parse_idx_labels(std::span<const uint8_t> bytes, const std::string& path);

class MNIST : public Dataset<MNIST> {
 public:
  enum class Mode { kTrain, kTest };

  explicit MNIST(const std::string& root, Mode mode = Mode::kTrain);

  /// {images[index] (1, rows, cols), targets[index] (0-d int64)}; raises `ember::Error` for an
  /// index out of range.
  Example<> get(size_t index) override;

  std::optional<size_t> size() const override;

  bool is_train() const noexcept;

  /// All images, (N, 1, rows, cols) float32.
  const Tensor& images() const;
  /// All labels, (N) int64.
  const Tensor& targets() const;

 private:
  Tensor images_, targets_;
};

}  // namespace ember::data::datasets
