#pragma once
/// `ImageFolder`: images in one sub-folder per class, as torchvision's `datasets.ImageFolder`.
#include <string>
#include <utility>
#include <vector>

#include "ember/data/datasets/base.h"

namespace ember::data::datasets {

/// `root/<class>/**/<image>`: class names are the sub-folders of `root`, sorted, and class i is
/// the i-th name (torchvision's `find_classes`); samples are every file with an image extension
/// (.png .jpg .jpeg .bmp .ppm .pgm, any case) under a class folder, recursively, in the order
/// of torchvision's `make_dataset` (classes in order, folders sorted by path, files by name).
/// Images decode with stb_image when loaded, as RGB like torchvision's default loader (gray and
/// alpha images are converted): example i is {uint8 (3, H, W), int64 0-d class index}.
/// Raises `ember::Error` ("[ImageFolder] ...") when `root` is not a folder, has no class
/// folders, or a class folder has no image; `get` raises naming the file when it cannot be
/// read or decoded, and for an index out of range.
class ImageFolder : public Dataset<ImageFolder> {
 public:
  explicit ImageFolder(const std::string& root);

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override { return samples_.size(); }

  /// The class names, sorted; `classes()[target]` names a target.
  const std::vector<std::string>& classes() const noexcept { return classes_; }
  /// (path, class index) of every sample.
  const std::vector<std::pair<std::string, int64_t>>& samples() const noexcept { return samples_; }

 private:
  std::vector<std::string> classes_;
  std::vector<std::pair<std::string, int64_t>> samples_;
};

/// Decodes a PNG, JPEG, BMP or PPM/PGM file to uint8 (3, H, W) RGB; raises `ember::Error`
/// ("[decode_image] ...") naming the file when it cannot be read or decoded.
Tensor decode_image(const std::string& path);

}  // namespace ember::data::datasets
