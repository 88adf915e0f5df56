#pragma once
// The two Fashion-MNIST models, written once against the libtorch API so that Ember's example and
// the libtorch reference program (benchmarks/fashion_mnist_libtorch.cpp) train the same network:
// the reference defines FASHION_MNIST_NAMESPACE as `torch` before including this header.
#include <cstdint>
#include <stdexcept>
#include <string>

#ifndef FASHION_MNIST_NAMESPACE
#include <ember/nn.h>
#define FASHION_MNIST_NAMESPACE ember
#endif

namespace fashion_mnist {

namespace nn = FASHION_MNIST_NAMESPACE::nn;

/// Images are 28x28 grey levels; ten clothing classes.
inline constexpr int64_t kImageSize = 28;
inline constexpr int64_t kClasses = 10;

/// Two conv-batchnorm-relu-pool stages (32 and 64 channels) and a 128-unit classifier head:
/// about 93% test accuracy after five epochs with Adam.
inline nn::Sequential make_cnn() {
  return nn::Sequential(
      nn::Conv2d(nn::Conv2dOptions(1, 32, 3).padding(1).bias(false)), nn::BatchNorm2d(32),
      nn::ReLU(), nn::MaxPool2d(2), nn::Conv2d(nn::Conv2dOptions(32, 64, 3).padding(1).bias(false)),
      nn::BatchNorm2d(64), nn::ReLU(), nn::MaxPool2d(2), nn::Flatten(), nn::Linear(64 * 7 * 7, 128),
      nn::ReLU(), nn::Dropout(0.25), nn::Linear(128, kClasses));
}

/// Two hidden layers of 256 and 128 units.
inline nn::Sequential make_mlp() {
  return nn::Sequential(nn::Flatten(), nn::Linear(kImageSize * kImageSize, 256), nn::ReLU(),
                        nn::Linear(256, 128), nn::ReLU(), nn::Linear(128, kClasses));
}

/// "cnn" or "mlp"; throws std::invalid_argument for anything else.
inline nn::Sequential make_model(const std::string& name) {
  if (name == "cnn") return make_cnn();
  if (name == "mlp") return make_mlp();
  throw std::invalid_argument("unknown model '" + name + "' (expected cnn or mlp)");
}

}  // namespace fashion_mnist
