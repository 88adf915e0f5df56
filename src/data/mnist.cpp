// The MNIST IDX reader (ember/data/datasets/mnist.h).
#include "ember/data/datasets/mnist.h"

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <vector>

#include "ember/ops/creation.h"

namespace ember::data::datasets {
namespace {

constexpr uint32_t kImageMagic = 2051;
constexpr uint32_t kLabelMagic = 2049;

std::vector<uint8_t> read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  EMBER_CHECK(in.good(), "MNIST", "cannot open '", path, "'");
  std::vector<uint8_t> bytes(static_cast<size_t>(in.tellg()));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  EMBER_CHECK(in.good() || bytes.empty(), "MNIST", "cannot read '", path, "'");
  return bytes;
}

// Reads a whole gzip file; a damaged or truncated stream is an error (gzread alone would hand
// back what it decoded before the damage).
std::vector<uint8_t> read_gzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  EMBER_CHECK(file != nullptr, "MNIST", "cannot open '", path, "'");
  std::vector<uint8_t> out;
  std::vector<uint8_t> chunk(1 << 20);
  int errnum = Z_OK;
  const char* message = nullptr;
  for (;;) {
    const int n = gzread(file, chunk.data(), static_cast<unsigned>(chunk.size()));
    if (n < 0) {
      message = gzerror(file, &errnum);
      break;
    }
    if (n == 0) {
      // gzread reports a stream cut short only through gzerror (Z_BUF_ERROR).
      message = gzerror(file, &errnum);
      break;
    }
    out.insert(out.end(), chunk.begin(), chunk.begin() + n);
  }
  const std::string what = message ? message : "";
  gzclose(file);
  EMBER_CHECK(errnum == Z_OK, "MNIST", "'", path, "' is not a valid gzip file: ", what);
  return out;
}

// The file `root/name`, else `root/name.gz`.
std::vector<uint8_t> read_file(const std::string& root, const std::string& name,
                               std::string& path) {
  const std::filesystem::path base = std::filesystem::path(root) / name;
  std::error_code ec;
  if (std::filesystem::is_regular_file(base, ec)) {
    path = base.string();
    return read_raw(path);
  }
  const std::filesystem::path gz = base.string() + ".gz";
  if (std::filesystem::is_regular_file(gz, ec)) {
    path = gz.string();
    return read_gzip(path);
  }
  EMBER_FAIL("MNIST", "cannot find '", base.string(), "' or '", gz.string(), "'");
}

uint32_t read_u32(std::span<const uint8_t> bytes, size_t at) {
  return (uint32_t{bytes[at]} << 24) | (uint32_t{bytes[at + 1]} << 16) |
         (uint32_t{bytes[at + 2]} << 8) | uint32_t{bytes[at + 3]};
}

void check_header(std::span<const uint8_t> bytes, const std::string& path, size_t header,
                  uint32_t magic, const char* kind) {
  EMBER_CHECK(bytes.size() >= header, "MNIST", "'", path, "' is truncated: expected a ", header,
              "-byte ", kind, " header, got ", bytes.size(), " bytes");
  EMBER_CHECK(read_u32(bytes, 0) == magic, "MNIST", "'", path, "' is not an IDX ", kind,
              " file: expected magic number ", magic, ", got ", read_u32(bytes, 0));
}

void check_size(std::span<const uint8_t> bytes, const std::string& path, uint64_t expected,
                const std::string& what) {
  EMBER_CHECK(bytes.size() == expected, "MNIST", "'", path, "' ",
              bytes.size() < expected ? "is truncated" : "has trailing bytes", ": expected ",
              expected, " bytes for ", what, ", got ", bytes.size());
}

}  // namespace

Tensor parse_idx_images(std::span<const uint8_t> bytes, const std::string& path) {
  check_header(bytes, path, 16, kImageMagic, "image");
  const uint64_t count = read_u32(bytes, 4), rows = read_u32(bytes, 8), cols = read_u32(bytes, 12);
  EMBER_CHECK(rows > 0 && cols > 0, "MNIST", "'", path, "': expected images of positive size, got ",
              rows, "x", cols);
  // Each factor is below 2^32, so the product fits only if checked step by step. The image
  // size alone must fit too: with 0 images, it still becomes a stride (found by fuzz/idx_fuzz).
  const uint64_t pixels = rows * cols;
  EMBER_CHECK(pixels <= (uint64_t{1} << 62) && count <= (uint64_t{1} << 62) / pixels, "MNIST", "'",
              path, "': image count and size too large: ", count, " images of ", rows, "x", cols);
  check_size(bytes, path, 16 + count * pixels,
             ember::detail::str_cat(count, " images of ", rows, "x", cols));
  Tensor images = empty(
      {static_cast<int64_t>(count), 1, static_cast<int64_t>(rows), static_cast<int64_t>(cols)},
      kFloat32);
  float* out = images.data_ptr<float>();
  const uint8_t* in = bytes.data() + 16;
  for (uint64_t i = 0; i < count * pixels; ++i) out[i] = static_cast<float>(in[i]) / 255.0f;
  return images;
}

Tensor parse_idx_labels(std::span<const uint8_t> bytes, const std::string& path) {
  check_header(bytes, path, 8, kLabelMagic, "label");
  const uint64_t count = read_u32(bytes, 4);
  check_size(bytes, path, 8 + count, ember::detail::str_cat(count, " labels"));
  Tensor targets = empty({static_cast<int64_t>(count)}, kInt64);
  int64_t* out = targets.data_ptr<int64_t>();
  for (uint64_t i = 0; i < count; ++i) out[i] = bytes[8 + i];
  return targets;
}

namespace {

Tensor read_images(const std::string& root, const std::string& name) {
  std::string path;
  const auto bytes = read_file(root, name, path);
  return parse_idx_images(bytes, path);
}

Tensor read_labels(const std::string& root, const std::string& name) {
  std::string path;
  const auto bytes = read_file(root, name, path);
  return parse_idx_labels(bytes, path);
}

}  // namespace

MNIST::MNIST(const std::string& root, Mode mode) {
  const bool train = mode == Mode::kTrain;
  images_ = read_images(root, train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte");
  targets_ = read_labels(root, train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte");
  EMBER_CHECK(images_.size(0) == targets_.size(0), "MNIST",
              "expected as many labels as images in '", root, "', got ", images_.size(0),
              " images and ", targets_.size(0), " labels");
}

Example<> MNIST::get(size_t index) {
  EMBER_CHECK(index < static_cast<size_t>(images_.size(0)), "MNIST", "index ", index,
              " is out of range for a dataset of size ", images_.size(0));
  const auto i = static_cast<int64_t>(index);
  return {images_[i], targets_[i]};
}

std::optional<size_t> MNIST::size() const {
  return static_cast<size_t>(images_.size(0));
}

bool MNIST::is_train() const noexcept {
  return images_.size(0) == 60000;
}

const Tensor& MNIST::images() const {
  return images_;
}
const Tensor& MNIST::targets() const {
  return targets_;
}

}  // namespace ember::data::datasets
