// The libtorch reference for examples/fashion_mnist: the same network (models.h, compiled against
// libtorch), data pipeline (MNIST files, Normalize, Stack, shuffled batches of 64), optimizer
// (Adam, lr 0.002) and per-step cosine schedule, so that accuracy and epoch time compare like for
// like. Built with the benchmarks where libtorch is installed:
//   cmake --preset release -DEMBER_BUILD_BENCHMARKS=ON
//   cmake --build --preset release --target fashion_mnist fashion_mnist_libtorch
//   ./build/release/benchmarks/fashion_mnist_libtorch --epochs 1 --threads 2 --workers 0
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fashion_mnist_files.h"

#define FASHION_MNIST_NAMESPACE torch
#include "../examples/fashion_mnist/models.h"

namespace {

struct Settings {
  std::string model = "cnn";
  int64_t epochs = 1, batch_size = 64, workers = 0, threads = 2;
  double lr = 2e-3;
};

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--model")
      s.model = value;
    else if (flag == "--epochs")
      s.epochs = std::atoll(value.c_str());
    else if (flag == "--batch-size")
      s.batch_size = std::atoll(value.c_str());
    else if (flag == "--workers")
      s.workers = std::atoll(value.c_str());
    else if (flag == "--threads")
      s.threads = std::atoll(value.c_str());
    else if (flag == "--lr")
      s.lr = std::atof(value.c_str());
    else
      throw std::invalid_argument("unknown flag " + flag);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one line per epoch, also into a pipe
  const Settings s = parse(argc, argv);
  const auto folder = std::filesystem::temp_directory_path() / "ember_fashion_mnist_libtorch";
  if (!bench::decompress_fashion_mnist(folder)) {
    std::printf("dataset-fashion-mnist is not installed; nothing to measure\n");
    return 0;
  }
  torch::manual_seed(0);
  torch::set_num_threads(static_cast<int>(s.threads));
  auto model = fashion_mnist::make_model(s.model);
  auto normalize = torch::data::transforms::Normalize<>(0.2860, 0.3530);
  auto train = torch::data::datasets::MNIST(folder.string())
                   .map(normalize)
                   .map(torch::data::transforms::Stack<>());
  auto test =
      torch::data::datasets::MNIST(folder.string(), torch::data::datasets::MNIST::Mode::kTest)
          .map(normalize)
          .map(torch::data::transforms::Stack<>());
  const int64_t train_size = static_cast<int64_t>(*train.size());
  auto train_loader = torch::data::make_data_loader<torch::data::samplers::RandomSampler>(
      std::move(train), torch::data::DataLoaderOptions(s.batch_size).workers(s.workers));
  auto test_loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      std::move(test), torch::data::DataLoaderOptions(1000));
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(s.lr));
  const int64_t total_steps = s.epochs * ((train_size + s.batch_size - 1) / s.batch_size);

  int64_t step = 0;
  for (int64_t epoch = 1; epoch <= s.epochs; ++epoch) {
    model->train();
    const auto start = std::chrono::steady_clock::now();
    double loss_sum = 0;
    int64_t seen = 0;
    for (auto& batch : *train_loader) {
      auto loss = torch::nn::functional::cross_entropy(model->forward(batch.data), batch.target);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      ++step;  // the closed form of CosineAnnealingLR with eta_min = 0
      for (auto& group : optimizer.param_groups())
        group.options().set_lr(
            0.5 * s.lr *
            (1 + std::cos(M_PI * static_cast<double>(step) / static_cast<double>(total_steps))));
      loss_sum += loss.item<double>() * static_cast<double>(batch.target.size(0));
      seen += batch.target.size(0);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    torch::NoGradGuard no_grad;
    model->eval();
    int64_t correct = 0, tested = 0;
    for (auto& batch : *test_loader) {
      correct += model->forward(batch.data).argmax(1).eq(batch.target).sum().item<int64_t>();
      tested += batch.target.size(0);
    }
    std::printf("libtorch %s epoch %lld: train loss %.4f, test accuracy %.2f%%, %.1f s\n",
                s.model.c_str(), static_cast<long long>(epoch),
                loss_sum / static_cast<double>(seen),
                100.0 * static_cast<double>(correct) / static_cast<double>(tested), seconds);
  }
  std::filesystem::remove_all(folder);
  return 0;
}
