// datasets::ImageFolder against what torchvision 0.14 reads from the same tree
// (tests/data/images, written by make_images.py).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "ember/data.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data::datasets {
namespace {

namespace fs = std::filesystem;
using testing::expect_error_containing;
using testing::expect_error_names;

const fs::path kImages = fs::path(EMBER_FIXTURE_DIR) / ".." / ".." / "data" / "images";

nlohmann::json expected() {
  std::ifstream in(kImages / "expected.json");
  return nlohmann::json::parse(in);
}

TEST(ImageFolder, ClassesSamplesAndPixelsMatchTorchvision) {
  const auto want = expected();
  ImageFolder ds((kImages / "folder").string());
  EXPECT_EQ(ds.classes(), want.at("classes").get<std::vector<std::string>>());
  const auto& samples = want.at("samples");
  ASSERT_EQ(ds.size(), samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    const std::string rel = s.at("path");
    SCOPED_TRACE(rel);
    EXPECT_EQ(fs::path(ds.samples()[i].first), kImages / "folder" / rel);
    const Example<> ex = ds.get(i);
    EXPECT_EQ(ex.target.item<int64_t>(), s.at("target").get<int64_t>());
    EXPECT_EQ(ex.target.dim(), 0);
    EXPECT_EQ(ex.data.scalar_type(), kUInt8);
    ASSERT_EQ(ex.data.sizes(), s.at("shape").get<std::vector<int64_t>>());
    const auto pixels = s.at("data").get<std::vector<int>>();
    const uint8_t* got = ex.data.data_ptr<uint8_t>();
    // PNG decoding is lossless and must agree exactly; JPEG decoders (stb_image vs libjpeg)
    // differ in IDCT and chroma upsampling (2 levels at most on these files).
    const bool jpeg = rel.find(".jp") != std::string::npos || rel.find(".JP") != std::string::npos;
    const int tol = jpeg ? 3 : 0;
    int worst = 0;
    for (size_t k = 0; k < pixels.size(); ++k)
      worst = std::max(worst, std::abs(got[k] - pixels[k]));
    EXPECT_LE(worst, tol);
  }
}

TEST(ImageFolder, WorksWithLoadersAndTransforms) {
  ImageFolder ds((kImages / "folder").string());
  auto loader = make_data_loader(ds.map(vision::Compose(vision::Resize({4, 4}), vision::ToTensor()))
                                     .map(transforms::Stack<>()),
                                 DataLoaderOptions(2).shuffle(false));
  std::vector<int64_t> targets;
  for (auto& batch : *loader) {
    EXPECT_EQ(batch.data.size(1), 3);
    EXPECT_EQ(batch.data.size(2), 4);
    EXPECT_EQ(batch.data.scalar_type(), kFloat32);
    for (int64_t k = 0; k < batch.target.size(0); ++k) {
      targets.push_back(batch.target[k].item<int64_t>());
    }
  }
  EXPECT_EQ(targets, (std::vector<int64_t>{0, 0, 0, 1, 1}));
}

TEST(ImageFolder, BadFoldersAndFilesRaise) {
  expect_error_names([] { ImageFolder("/nonexistent/ember/images"); }, "ImageFolder");
  const fs::path tmp =
      fs::temp_directory_path() / ("ember_image_folder_test_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  expect_error_containing([&] { ImageFolder ds(tmp.string()); }, "class folders");
  fs::create_directories(tmp / "a");
  std::ofstream(tmp / "a" / "notes.txt") << "text";
  expect_error_containing([&] { ImageFolder ds(tmp.string()); }, "'a'");
  std::ofstream(tmp / "a" / "broken.png") << "not a png";
  ImageFolder ds(tmp.string());
  ASSERT_EQ(ds.size(), 1u);
  expect_error_containing([&] { ds.get(0); }, "broken.png");
  expect_error_names([&] { decode_image((tmp / "a" / "broken.png").string()); }, "decode_image");
  expect_error_containing([&] { ds.get_batch(std::vector<size_t>{0}); }, "broken.png");
  expect_error_names([&] { ds.get(1); }, "ImageFolder");
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace ember::data::datasets
