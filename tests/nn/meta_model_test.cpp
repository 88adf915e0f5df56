// Models built and trained for one step on the meta device (Note [Meta device] in
// ember/device.h): every shape comes out as on the CPU, no CPU memory is taken, and the meta
// allocator reports the tensor memory the step would need.
#include <gtest/gtest.h>

#include <cmath>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember::nn {
namespace {

// Builds under set_default_device(kMeta), as PyTorch users do with torch.device("meta").
template <class Build>
auto build_on_meta(const Build& build) {
  set_default_device(kMeta);
  auto model = build();
  set_default_device(kCPU);
  return model;
}

// A ResNet basic block: conv-bn-relu-conv-bn, plus the input, relu.
struct BasicBlockImpl : Module {
  explicit BasicBlockImpl(int64_t channels)
      : conv1(register_module("conv1",
                              Conv2d(Conv2dOptions(channels, channels, 3).padding(1).bias(false)))),
        bn1(register_module("bn1", BatchNorm2d(channels))),
        conv2(register_module("conv2",
                              Conv2d(Conv2dOptions(channels, channels, 3).padding(1).bias(false)))),
        bn2(register_module("bn2", BatchNorm2d(channels))) {}
  Tensor forward(const Tensor& x) {
    const Tensor y = bn2(conv2(relu(bn1(conv1(x)))));
    return relu(y + x);
  }
  Conv2d conv1;
  BatchNorm2d bn1;
  Conv2d conv2;
  BatchNorm2d bn2;
};
EMBER_MODULE(BasicBlock);

// One causal self-attention layer of a small GPT, with its embeddings and output head.
struct TinyGptImpl : Module {
  TinyGptImpl(int64_t vocab, int64_t context, int64_t width)
      : token(register_module("token", Embedding(vocab, width))),
        position(register_module("position", Embedding(context, width))),
        norm(register_module("norm", LayerNorm(LayerNormOptions({width})))),
        qkv(register_module("qkv", Linear(width, 3 * width))),
        head(register_module("head", Linear(width, vocab))) {}
  Tensor forward(const Tensor& ids) {
    const int64_t t = ids.size(1);
    Tensor x = token(ids) + position(arange(t, ids.options()));
    const auto parts = qkv(norm(x)).chunk(3, -1);
    const Tensor scores = matmul(parts[0], parts[1].transpose(-2, -1)) / std::sqrt(x.size(-1));
    const Tensor future = ones({t, t}, ids.options().dtype(kBool)).triu(1);
    x = x + matmul(scores.masked_fill(future, -1e9).softmax(-1), parts[2]);
    return head(x);
  }
  Embedding token, position;
  LayerNorm norm;
  Linear qkv, head;
};
EMBER_MODULE(TinyGpt);

TEST(MetaModel, ResNetBlockTrainsOneStepWithoutMemory) {
  const int64_t cpu_before = memory_allocated(kCPU);
  auto model = build_on_meta([] {
    return Sequential(Conv2d(Conv2dOptions(3, 16, 7).stride(2).padding(3)), BatchNorm2d(16), ReLU(),
                      MaxPool2d(MaxPool2dOptions(3).stride(2).padding(1)), BasicBlock(16),
                      AdaptiveAvgPool2d(1), Flatten(), Linear(16, 10));
  });
  for (const Tensor& p : model->parameters()) EXPECT_TRUE(p.is_meta());
  reset_peak_memory_stats(kMeta);
  const Tensor images = randn({8, 3, 64, 64}, TensorOptions().device(kMeta));
  const Tensor labels = randint(0, 10, {8}, TensorOptions().device(kMeta));
  const Tensor logits = model->forward(images);
  EXPECT_TRUE(logits.is_meta());
  EXPECT_EQ(logits.sizes(), IntArrayRef({8, 10}));
  functional::cross_entropy(logits, labels).backward();
  for (const Tensor& p : model->parameters()) {
    ASSERT_TRUE(p.grad().defined());
    EXPECT_TRUE(p.grad().is_meta());
    EXPECT_EQ(p.grad().sizes(), p.sizes());
  }
  EXPECT_EQ(memory_allocated(kCPU), cpu_before);
  // The first conv's output alone is 8 x 16 x 32 x 32 float32 values, kept for backward.
  EXPECT_GT(max_memory_allocated(kMeta), 8 * 16 * 32 * 32 * 4);
}

TEST(MetaModel, GptStepGivesShapesWithoutMemory) {
  const int64_t cpu_before = memory_allocated(kCPU);
  auto model = build_on_meta([] { return TinyGpt(100, 16, 32); });
  const Tensor ids = randint(0, 100, {4, 16}, TensorOptions().device(kMeta));
  const Tensor logits = model->forward(ids);
  EXPECT_EQ(logits.sizes(), IntArrayRef({4, 16, 100}));
  functional::cross_entropy(logits.reshape({-1, 100}), ids.reshape({-1})).backward();
  EXPECT_EQ(model->token->weight.grad().sizes(), IntArrayRef({100, 32}));
  EXPECT_TRUE(model->token->weight.grad().is_meta());
  EXPECT_EQ(memory_allocated(kCPU), cpu_before);
}

TEST(MetaModel, ModuleMovesToMetaAndRefusesToComeBack) {
  Linear layer(4, 3);
  layer->to(kMeta);
  EXPECT_TRUE(layer->weight.is_meta());
  EXPECT_EQ(layer->forward(zeros({2, 4}, TensorOptions().device(kMeta))).sizes(),
            IntArrayRef({2, 3}));
  EXPECT_EMBER_ERROR(layer->to(kCPU), "Cannot copy out of meta tensor; no data!");
  // Every parameter and buffer moves, integer buffers included (PyTorch's Module.to(device)).
  BatchNorm2d norm(3);
  norm->to(kMeta);
  EXPECT_TRUE(norm->num_batches_tracked.is_meta());
  EXPECT_EQ(norm->num_batches_tracked.scalar_type(), kLong);
  norm->to(kDouble);
  EXPECT_EQ(norm->num_batches_tracked.scalar_type(), kLong);
  EXPECT_EQ(norm->running_mean.scalar_type(), kDouble);
}

}  // namespace
}  // namespace ember::nn
