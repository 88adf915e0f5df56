// Batches per second of the Fashion-MNIST training loader (batch 64, shuffled, Stack collation)
// with 0, 1 and 2 workers, Ember against libtorch's MNIST loader on the same files (libtorch reads
// only decompressed IDX files, so both read a decompressed copy; Ember's gzip path is timed too).
// Built with the benchmarks where libtorch is installed:
//   cmake --preset release -DEMBER_BUILD_BENCHMARKS=ON && cmake --build --preset release \
//     --target data_bench && ./build/release/benchmarks/data_bench [epochs]
#include <torch/torch.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ember/data.h"
#include "ember/ember.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
const char* kRoot = "/usr/share/datasets/fashion-mnist";

void decompress(const fs::path& from, const fs::path& to) {
  gzFile in = gzopen(from.string().c_str(), "rb");
  if (in == nullptr) throw std::runtime_error("cannot open " + from.string());
  std::ofstream out(to, std::ios::binary);
  std::vector<char> buf(1 << 20);
  int n = 0;
  while ((n = gzread(in, buf.data(), static_cast<unsigned>(buf.size()))) > 0)
    out.write(buf.data(), n);
  gzclose(in);
}

// Seconds of the best of `epochs` epochs, and the batches per epoch.
template <class Loader>
std::pair<double, int64_t> time_epochs(Loader& loader, int epochs) {
  double best = 1e30;
  int64_t batches = 0;
  for (int e = 0; e < epochs; ++e) {
    batches = 0;
    double checksum = 0;
    const auto t0 = Clock::now();
    for (auto& batch : loader) {
      checksum += static_cast<double>(batch.target[0].template item<int64_t>());
      ++batches;
    }
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    if (checksum < 0) std::printf("impossible\n");
  }
  return {best, batches};
}

}  // namespace

int main(int argc, char** argv) {
  const int epochs = argc > 1 ? std::atoi(argv[1]) : 3;
  if (!fs::exists(fs::path(kRoot) / "train-images-idx3-ubyte.gz")) {
    std::printf("dataset-fashion-mnist is not installed; nothing to measure\n");
    return 0;
  }
  const fs::path raw = fs::temp_directory_path() / "ember_data_bench_fashion_mnist";
  fs::create_directories(raw);
  for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}) {
    decompress(fs::path(kRoot) / (std::string(name) + ".gz"), raw / name);
  }
  torch::set_num_threads(1);
  ember::set_num_threads(1);

  auto t0 = Clock::now();
  ember::data::datasets::MNIST gz(kRoot);
  const double ember_gz_load = std::chrono::duration<double>(Clock::now() - t0).count();
  t0 = Clock::now();
  ember::data::datasets::MNIST ember_ds(raw.string());
  const double ember_raw_load = std::chrono::duration<double>(Clock::now() - t0).count();
  t0 = Clock::now();
  torch::data::datasets::MNIST torch_ds(raw.string());
  const double torch_raw_load = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf(
      "dataset construction (60000 images): ember gz %.0f ms, ember raw %.0f ms, "
      "libtorch raw %.0f ms\n",
      1e3 * ember_gz_load, 1e3 * ember_raw_load, 1e3 * torch_raw_load);

  std::printf("%-8s %14s %14s %8s\n", "workers", "ember b/s", "libtorch b/s", "ratio");
  for (size_t workers : {0, 1, 2}) {
    ember::manual_seed(0);
    auto ember_loader =
        ember::data::make_data_loader(ember_ds.map(ember::data::transforms::Stack<>()),
                                      ember::data::DataLoaderOptions(64).workers(workers));
    torch::manual_seed(0);
    auto torch_loader =
        torch::data::make_data_loader(torch_ds.map(torch::data::transforms::Stack<>()),
                                      torch::data::DataLoaderOptions(64).workers(workers));
    const auto [ember_s, ember_batches] = time_epochs(*ember_loader, epochs);
    const auto [torch_s, torch_batches] = time_epochs(*torch_loader, epochs);
    const double ember_rate = static_cast<double>(ember_batches) / ember_s;
    const double torch_rate = static_cast<double>(torch_batches) / torch_s;
    std::printf("%-8zu %14.0f %14.0f %8.2f\n", workers, ember_rate, torch_rate,
                ember_rate / torch_rate);
  }
  fs::remove_all(raw);
  return 0;
}
