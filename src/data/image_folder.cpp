// datasets::ImageFolder and decode_image (stb_image).
#include "ember/data/datasets/image_folder.h"

#include <stb/stb_image.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>

#include "ember/error.h"
#include "ember/ops/creation.h"

namespace ember::data::datasets {
namespace {

namespace fs = std::filesystem;

bool is_image_file(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".ppm" ||
         ext == ".pgm";
}

}  // namespace

Tensor decode_image(const std::string& path) {
  int w = 0, h = 0, channels = 0;
  stbi_uc* pixels = stbi_load(path.c_str(), &w, &h, &channels, 3);
  EMBER_CHECK(pixels != nullptr, "decode_image",
              "expected a readable PNG/JPEG/BMP/PNM image, got '", path, "' (",
              stbi_failure_reason() ? stbi_failure_reason() : "unknown error", ")");
  Tensor hwc = empty({h, w, 3}, TensorOptions().dtype(kUInt8));
  std::memcpy(hwc.data_ptr<uint8_t>(), pixels, static_cast<size_t>(h) * w * 3);
  stbi_image_free(pixels);
  return hwc.permute({2, 0, 1}).contiguous();
}

ImageFolder::ImageFolder(const std::string& root) {
  std::error_code ec;
  EMBER_CHECK(fs::is_directory(root, ec), "ImageFolder", "expected a folder, got '", root, "'");
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) classes_.push_back(entry.path().filename().string());
  }
  std::sort(classes_.begin(), classes_.end());
  EMBER_CHECK(!classes_.empty(), "ImageFolder", "expected class folders in '", root,
              "', found none");
  for (size_t k = 0; k < classes_.size(); ++k) {
    // torchvision walks each class folder and sorts (folder path, file name).
    std::map<std::string, std::vector<std::string>> by_folder;
    for (const auto& entry : fs::recursive_directory_iterator(
             fs::path(root) / classes_[k], fs::directory_options::follow_directory_symlink)) {
      if (!entry.is_directory() && is_image_file(entry.path())) {
        by_folder[entry.path().parent_path().string()].push_back(entry.path().filename().string());
      }
    }
    const size_t before = samples_.size();
    for (auto& [folder, files] : by_folder) {
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        samples_.emplace_back((fs::path(folder) / f).string(), static_cast<int64_t>(k));
      }
    }
    EMBER_CHECK(samples_.size() > before, "ImageFolder", "expected images in class folder '",
                classes_[k], "' (extensions .png .jpg .jpeg .bmp .ppm .pgm), found none");
  }
}

Example<> ImageFolder::get(size_t index) {
  EMBER_CHECK(index < samples_.size(), "ImageFolder", "expected an index < ", samples_.size(),
              ", got ", index);
  const auto& [path, target] = samples_[index];
  return {decode_image(path), scalar_tensor(target, TensorOptions().dtype(kInt64))};
}

}  // namespace ember::data::datasets
