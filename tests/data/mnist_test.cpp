// The MNIST IDX reader on small synthetic files (raw and gzipped, plus corrupt variants) and on
// the real Fashion-MNIST files when the Debian package dataset-fashion-mnist is installed.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ember/data.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data::datasets {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;
using testing::error_of;

void put_u32(Bytes& b, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(v >> shift));
}

// `count` images of rows x cols; pixel k of image i is (7 i + k) % 256.
Bytes image_file(uint32_t count, uint32_t rows = 28, uint32_t cols = 28, uint32_t magic = 2051) {
  Bytes b;
  put_u32(b, magic);
  put_u32(b, count);
  put_u32(b, rows);
  put_u32(b, cols);
  for (uint32_t i = 0; i < count; ++i) {
    for (uint32_t k = 0; k < rows * cols; ++k) b.push_back(static_cast<uint8_t>((7 * i + k) % 256));
  }
  return b;
}

Bytes label_file(uint32_t count, uint32_t magic = 2049) {
  Bytes b;
  put_u32(b, magic);
  put_u32(b, count);
  for (uint32_t i = 0; i < count; ++i) b.push_back(static_cast<uint8_t>((3 * i) % 10));
  return b;
}

void write_raw(const fs::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

void write_gz(const fs::path& path, const Bytes& bytes) {
  gzFile f = gzopen(path.string().c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  gzclose(f);
}

Bytes read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class DataMnist : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("ember_mnist_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path path(const std::string& name) const { return root_ / name; }
  std::string root() const { return root_.string(); }

  void write_test_set(uint32_t count, bool gz) {
    if (gz) {
      write_gz(path("t10k-images-idx3-ubyte.gz"), image_file(count));
      write_gz(path("t10k-labels-idx1-ubyte.gz"), label_file(count));
    } else {
      write_raw(path("t10k-images-idx3-ubyte"), image_file(count));
      write_raw(path("t10k-labels-idx1-ubyte"), label_file(count));
    }
  }

  fs::path root_;
};

void expect_synthetic(MNIST& ds, uint32_t count) {
  ASSERT_EQ(*ds.size(), count);
  EXPECT_EQ(ds.images().sizes(), (std::vector<int64_t>{count, 1, 28, 28}));
  EXPECT_EQ(ds.images().scalar_type(), kFloat32);
  EXPECT_EQ(ds.targets().scalar_type(), kInt64);
  EXPECT_FALSE(ds.is_train());
  for (uint32_t i = 0; i < count; ++i) {
    Example<> e = ds.get(i);
    EXPECT_EQ(e.data.sizes(), (std::vector<int64_t>{1, 28, 28}));
    EXPECT_EQ(e.target.dim(), 0);
    EXPECT_EQ(e.target.item<int64_t>(), (3 * i) % 10);
    // pixel (r, c) = (7 i + 28 r + c) % 256, divided by 255.
    for (int64_t k : {0, 5, 100, 783}) {
      const float expected = static_cast<float>((7 * i + k) % 256) / 255.0f;
      EXPECT_EQ(e.data[0][k / 28][k % 28].item<float>(), expected) << i << " " << k;
    }
  }
  EXPECT_FLOAT_EQ(ds.images().max().item<float>(), 1.0f);
  EXPECT_EQ(ds.images().min().item<float>(), 0.0f);
}

TEST_F(DataMnist, ReadsRawFiles) {
  write_test_set(40, /*gz=*/false);
  MNIST ds(root(), MNIST::Mode::kTest);
  expect_synthetic(ds, 40);
}

TEST_F(DataMnist, ReadsGzippedFiles) {
  write_test_set(40, /*gz=*/true);
  MNIST ds(root(), MNIST::Mode::kTest);
  expect_synthetic(ds, 40);
  // Train mode reads the train-* names.
  write_gz(path("train-images-idx3-ubyte.gz"), image_file(3));
  write_raw(path("train-labels-idx1-ubyte"), label_file(3));
  MNIST train(root());
  EXPECT_EQ(*train.size(), 3u);
  EXPECT_EMBER_ERROR(ds.get(40), "index 40 is out of range for a dataset of size 40");
}

TEST_F(DataMnist, LoadsThroughTheDataLoader) {
  write_test_set(10, /*gz=*/true);
  auto loader = make_data_loader<samplers::SequentialSampler>(
      MNIST(root(), MNIST::Mode::kTest).map(transforms::Stack<>()),
      DataLoaderOptions(4).workers(2));
  std::vector<int64_t> targets;
  for (auto& batch : *loader) {
    EXPECT_EQ(batch.data.size(1), 1);
    for (int64_t i = 0; i < batch.target.numel(); ++i)
      targets.push_back(batch.target[i].item<int64_t>());
  }
  EXPECT_EQ(targets, (std::vector<int64_t>{0, 3, 6, 9, 2, 5, 8, 1, 4, 7}));
}

TEST_F(DataMnist, MissingFilesAreNamed) {
  const std::string message = error_of([&] { MNIST(root(), MNIST::Mode::kTest); });
  EXPECT_EQ(message.rfind("[MNIST] cannot find '", 0), 0u) << message;
  EXPECT_NE(message.find("t10k-images-idx3-ubyte.gz"), std::string::npos) << message;
  write_raw(path("t10k-images-idx3-ubyte"), image_file(2));
  const std::string labels = error_of([&] { MNIST(root(), MNIST::Mode::kTest); });
  EXPECT_NE(labels.find("t10k-labels-idx1-ubyte"), std::string::npos) << labels;
}

// Each corrupt variant and the words its error must contain.
TEST_F(DataMnist, CorruptFilesRaiseClearErrors) {
  struct Case {
    std::string what;
    Bytes images, labels;
    bool gz;
    std::string expected;
  };
  Bytes truncated = image_file(5);
  truncated.resize(truncated.size() - 10);
  Bytes trailing = label_file(5);
  trailing.push_back(0);
  Bytes header_only = image_file(5);
  header_only.resize(9);
  const std::vector<Case> cases{
      {"bad image magic", image_file(5, 28, 28, 2049), label_file(5), false,
       "expected magic number 2051, got 2049"},
      {"bad label magic", image_file(5), label_file(5, 2051), true,
       "expected magic number 2049, got 2051"},
      {"truncated images", truncated, label_file(5), false, "is truncated: expected 3936 bytes"},
      {"truncated gz images", truncated, label_file(5), true, "is truncated"},
      {"trailing label bytes", image_file(5), trailing, false, "has trailing bytes"},
      {"short header", header_only, label_file(5), false, "expected a 16-byte image header"},
      {"zero-size images", image_file(5, 0, 28), label_file(5), false,
       "expected images of positive size, got 0x28"},
      {"huge count", Bytes{}, label_file(5), false, "image count and size too large"},
      {"count mismatch", image_file(5), label_file(4), true, "expected as many labels as images"},
  };
  for (const Case& c : cases) {
    fs::remove_all(root_);
    fs::create_directories(root_);
    Bytes images = c.images;
    if (images.empty()) {  // a header announcing 2^32 - 1 images of 2^28 x 28
      put_u32(images, 2051);
      put_u32(images, 0xFFFFFFFFu);
      put_u32(images, 0xFFFFFFF);
      put_u32(images, 28);
    }
    if (c.gz) {
      write_gz(path("t10k-images-idx3-ubyte.gz"), images);
      write_gz(path("t10k-labels-idx1-ubyte.gz"), c.labels);
    } else {
      write_raw(path("t10k-images-idx3-ubyte"), images);
      write_raw(path("t10k-labels-idx1-ubyte"), c.labels);
    }
    const std::string message = error_of([&] { MNIST(root(), MNIST::Mode::kTest); });
    EXPECT_EQ(message.rfind("[MNIST] ", 0), 0u) << c.what << ": " << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.what << ": " << message;
  }
}

TEST_F(DataMnist, DamagedGzipStreamsRaise) {
  write_gz(path("t10k-images-idx3-ubyte.gz"), image_file(20));
  write_gz(path("t10k-labels-idx1-ubyte.gz"), label_file(20));
  const Bytes good = read_all(path("t10k-images-idx3-ubyte.gz"));
  // Cut inside the deflate stream, then flip bytes in its middle.
  Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(good.size() / 2));
  write_raw(path("t10k-images-idx3-ubyte.gz"), cut);
  std::string message = error_of([&] { MNIST(root(), MNIST::Mode::kTest); });
  EXPECT_NE(message.find("is not a valid gzip file"), std::string::npos) << message;
  Bytes flipped = good;
  for (size_t i = 20; i < 40; ++i) flipped[i] ^= 0x5A;
  write_raw(path("t10k-images-idx3-ubyte.gz"), flipped);
  message = error_of([&] { MNIST(root(), MNIST::Mode::kTest); });
  EXPECT_EQ(message.rfind("[MNIST] ", 0), 0u) << message;
  Bytes no_trailer(good.begin(), good.end() - 4);  // drop the length of the gzip trailer
  write_raw(path("t10k-images-idx3-ubyte.gz"), no_trailer);
  message = error_of([&] { MNIST(root(), MNIST::Mode::kTest); });
  EXPECT_NE(message.find("is not a valid gzip file"), std::string::npos) << message;
}

// Values read with Python's gzip module from the Debian package's files.
TEST(DataMnistReal, FashionMnistFromTheDebianPackage) {
  const std::string root = "/usr/share/datasets/fashion-mnist";
  if (!fs::exists(fs::path(root) / "train-images-idx3-ubyte.gz")) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  MNIST train(root, MNIST::Mode::kTrain), test(root, MNIST::Mode::kTest);
  EXPECT_TRUE(train.is_train());
  EXPECT_FALSE(test.is_train());
  EXPECT_EQ(train.images().sizes(), (std::vector<int64_t>{60000, 1, 28, 28}));
  EXPECT_EQ(test.images().sizes(), (std::vector<int64_t>{10000, 1, 28, 28}));
  EXPECT_EQ(train.targets().sizes(), (std::vector<int64_t>{60000}));
  const std::vector<int64_t> first_train{9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
  const std::vector<int64_t> first_test{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
  for (int64_t i = 0; i < 10; ++i) {
    EXPECT_EQ(train.targets()[i].item<int64_t>(), first_train[i]);
    EXPECT_EQ(test.targets()[i].item<int64_t>(), first_test[i]);
  }
  auto pixel = [](MNIST& ds, size_t i, int64_t k) {
    return ds.get(i).data[0][k / 28][k % 28].item<float>();
  };
  auto byte_sum = [](MNIST& ds, size_t i) {
    return std::lround(ds.get(i).data.to(kFloat64).sum().item<double>() * 255.0);
  };
  EXPECT_EQ(pixel(train, 0, 96), 1.0f / 255.0f);
  EXPECT_EQ(pixel(train, 0, 100), 73.0f / 255.0f);
  EXPECT_EQ(pixel(train, 0, 14 * 28 + 14), 217.0f / 255.0f);
  EXPECT_EQ(byte_sum(train, 0), 76247);
  EXPECT_EQ(byte_sum(train, 1), 84598);
  EXPECT_EQ(byte_sum(train, 59999), 16684);
  EXPECT_EQ(train.get(59999).target.item<int64_t>(), 5);
  EXPECT_EQ(pixel(test, 1, 11), 67.0f / 255.0f);
  EXPECT_EQ(byte_sum(test, 0), 33456);
  EXPECT_EQ(byte_sum(test, 9999), 24390);
  EXPECT_EQ(test.get(9999).target.item<int64_t>(), 5);
}

}  // namespace
}  // namespace ember::data::datasets
