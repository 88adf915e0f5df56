#pragma once
// The Fashion-MNIST files of Debian's dataset-fashion-mnist, decompressed into a temporary folder
// for libtorch's MNIST reader (which reads raw IDX files only).
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

inline void gunzip(const std::filesystem::path& from, const std::filesystem::path& to) {
  gzFile in = gzopen(from.string().c_str(), "rb");
  if (in == nullptr) throw std::runtime_error("cannot open " + from.string());
  std::ofstream out(to, std::ios::binary);
  std::vector<char> buffer(1 << 20);
  int n = 0;
  while ((n = gzread(in, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0)
    out.write(buffer.data(), n);
  gzclose(in);
}

/// Decompresses the four files into `folder` (created) and returns it; false when the Debian
/// package is not installed.
inline bool decompress_fashion_mnist(const std::filesystem::path& folder) {
  const std::filesystem::path root = kFashionMnistDir;
  if (!std::filesystem::exists(root / "train-images-idx3-ubyte.gz")) return false;
  std::filesystem::create_directories(folder);
  for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"})
    gunzip(root / (std::string(name) + ".gz"), folder / name);
  return true;
}

}  // namespace bench
