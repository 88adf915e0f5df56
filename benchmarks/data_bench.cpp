// Batches per second of the Fashion-MNIST training loader (batch 64, shuffled, Stack collation)
// with 0, 1 and 2 workers, Ember against libtorch's MNIST loader on the same files (libtorch reads
// only decompressed IDX files, so both read a decompressed copy; Ember's gzip path is timed too).
// Then the share of a small CNN's training step (conv-relu-pool x2 + linear, cross entropy,
// plain SGD update under NoGradGuard) spent waiting for the next batch of a 2-worker loader.
// Built with the benchmarks where libtorch is installed:
//   cmake --preset release -DEMBER_BUILD_BENCHMARKS=ON && cmake --build --preset release \
//     --target data_bench && ./build/release/benchmarks/data_bench [epochs] [cnn steps]
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ember/data.h"
#include "ember/ember.h"
#include "ember/nn.h"
#include "fashion_mnist_files.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
const char* kRoot = bench::kFashionMnistDir;

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

// A small CNN for 28x28 images: conv-relu-pool x2 + linear.
struct Net {
  ember::nn::Conv2d conv1{ember::nn::Conv2dOptions(1, 16, 3).padding(1)};
  ember::nn::Conv2d conv2{ember::nn::Conv2dOptions(16, 32, 3).padding(1)};
  ember::nn::Linear fc{32 * 7 * 7, 10};

  ember::Tensor forward(const ember::Tensor& x) {
    namespace F = ember::nn::functional;
    auto h = F::max_pool2d(F::relu(conv1->forward(x)), F::MaxPool2dFuncOptions(2));
    h = F::max_pool2d(F::relu(conv2->forward(h)), F::MaxPool2dFuncOptions(2));
    return fc->forward(h.flatten(1));
  }
  std::vector<ember::Tensor> parameters() const {
    std::vector<ember::Tensor> ps;
    for (const auto* m : {static_cast<const ember::nn::Module*>(conv1.get()),
                          static_cast<const ember::nn::Module*>(conv2.get()),
                          static_cast<const ember::nn::Module*>(fc.get())}) {
      for (const auto& p : m->parameters()) ps.push_back(p);
    }
    return ps;
  }
};

// Trains `steps` steps from a 2-worker loader; prints the share of the time spent waiting for
// batches (in the loader's iterator) against the whole loop.
void training_wait_share(ember::data::datasets::MNIST ds, int steps) {
  Net net;
  const auto params = net.parameters();
  auto loader = ember::data::make_data_loader(ds.map(ember::data::transforms::Stack<>()),
                                              ember::data::DataLoaderOptions(64).workers(2));
  // The first batch (workers starting, the queue filling) is timed apart: the share is the
  // steady state, waits for batches 2.. over the time from the first batch on.
  double wait = 0, compute = 0;
  int done = 0;
  auto t = Clock::now();
  auto it = loader->begin();
  const double first = std::chrono::duration<double>(Clock::now() - t).count();
  const auto start = Clock::now();
  while (it != loader->end() && done < steps) {
    t = Clock::now();
    auto& batch = *it;
    auto loss = ember::nn::functional::cross_entropy(net.forward(batch.data), batch.target);
    loss.backward();
    {
      ember::NoGradGuard no_grad;
      for (auto p : params) {
        p.sub_(p.grad().mul(0.01));
        p.mutable_grad().zero_();
      }
    }
    compute += std::chrono::duration<double>(Clock::now() - t).count();
    ++done;
    t = Clock::now();
    ++it;
    wait += std::chrono::duration<double>(Clock::now() - t).count();
  }
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "CNN training, 2 workers, %d steps of batch 64: %.1f ms/step, waiting for batches %.2f%% "
      "of the time (target < 5%%); first batch after %.1f ms\n",
      done, 1e3 * total / done, 100.0 * wait / total, 1e3 * first);
  (void)compute;
}

}  // namespace

int main(int argc, char** argv) {
  const int epochs = argc > 1 ? std::atoi(argv[1]) : 3;
  const fs::path raw = fs::temp_directory_path() / "ember_data_bench_fashion_mnist";
  if (!bench::decompress_fashion_mnist(raw)) {
    std::printf("dataset-fashion-mnist is not installed; nothing to measure\n");
    return 0;
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
  training_wait_share(ember_ds, argc > 2 ? std::atoi(argv[2]) : 200);
  fs::remove_all(raw);
  return 0;
}
