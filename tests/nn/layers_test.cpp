// The layers as modules: options and defaults, default initialisation (PyTorch's distributions
// and bounds), registered names, train/eval behaviour, printing and the errors that name the
// layer. Values and gradients are checked through the functional forms in
// functional_golden_test.cpp; here each module is checked to call its functional form with its
// own parameters.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember::nn {
namespace {

namespace F = functional;
namespace nn = ember::nn;

template <class M>
std::string printed(const M& module) {
  std::ostringstream os;
  os << module;
  return os.str();
}

TEST(Linear, DefaultsInitAndForward) {
  ember::manual_seed(0);
  Linear fc(100, 30);
  EXPECT_TRUE(fc->options.bias());
  EXPECT_EQ(fc->weight.sizes(), IntArrayRef({30, 100}));
  EXPECT_EQ(fc->bias.sizes(), IntArrayRef({30}));
  const float bound = 1 / std::sqrt(100.0f);
  EXPECT_LE(fc->weight.abs().max().item<float>(), bound);
  EXPECT_LE(fc->bias.abs().max().item<float>(), bound);
  EXPECT_GT(fc->weight.abs().max().item<float>(), 0.9f * bound);
  Tensor x = ember::randn({4, 100});
  EXPECT_TRUE(ember::allclose(fc(x), F::linear(x, fc->weight, fc->bias)));
  EXPECT_EQ(printed(fc), "ember::nn::Linear(in_features=100, out_features=30, bias=true)");
  EXPECT_EMBER_ERROR(fc(ember::ones({4, 99})), "[Linear] expected input of shape (*, 100)");
}

TEST(Linear, WithoutBias) {
  Linear fc(LinearOptions(3, 2).bias(false));
  EXPECT_EQ(fc->named_parameters().keys(), std::vector<std::string>{"weight"});
  EXPECT_EQ(fc->state_dict().keys(), std::vector<std::string>{"weight"});
  EXPECT_EQ(printed(fc), "ember::nn::Linear(in_features=3, out_features=2, bias=false)");
  Tensor x = ember::randn({2, 3});
  EXPECT_TRUE(ember::allclose(fc(x), x.matmul(fc->weight.t())));
}

TEST(Bilinear, DefaultsAndForward) {
  ember::manual_seed(1);
  Bilinear bl(4, 3, 2);
  EXPECT_EQ(bl->weight.sizes(), IntArrayRef({2, 4, 3}));
  EXPECT_LE(bl->weight.abs().max().item<float>(), 0.5f);  // 1/sqrt(in1_features)
  Tensor a = ember::randn({5, 4}), b = ember::randn({5, 3});
  EXPECT_TRUE(ember::allclose(bl(a, b), F::bilinear(a, b, bl->weight, bl->bias)));
  EXPECT_EQ(printed(bl),
            "ember::nn::Bilinear(in1_features=4, in2_features=3, out_features=2, bias=true)");
}

TEST(Flatten, AndUnflatten) {
  Tensor x = ember::randn({2, 3, 4, 5});
  EXPECT_EQ(Flatten()(x).sizes(), IntArrayRef({2, 60}));
  EXPECT_EQ(Flatten(FlattenOptions().start_dim(0).end_dim(1))(x).sizes(), IntArrayRef({6, 4, 5}));
  EXPECT_EQ(Unflatten(1, std::vector<int64_t>{3, 1})(ember::randn({2, 3})).sizes(),
            IntArrayRef({2, 3, 1}));
  EXPECT_EQ(printed(Flatten()), "ember::nn::Flatten(start_dim=1, end_dim=-1)");
  EXPECT_EQ(printed(Unflatten(1, std::vector<int64_t>{2, 2})),
            "ember::nn::Unflatten(dim=1, unflattened_size={2, 2})");
  EXPECT_EQ(printed(Identity()), "ember::nn::Identity()");
  EXPECT_TRUE(Identity()(x).is_same(x));
}

TEST(Dropout, TrainEvalAndScaling) {
  ember::manual_seed(2);
  Dropout drop(0.25);
  Tensor x = ember::ones({200, 500});
  Tensor y = drop(x);
  const double kept = y.ne(0).to(kDouble).mean().item<double>();
  EXPECT_NEAR(kept, 0.75, 0.01);
  // Survivors are scaled by 1 / (1 - p), so the mean is preserved.
  EXPECT_TRUE(ember::allclose(y.masked_select(y.ne(0)), ember::full({1}, 1 / 0.75)));
  drop->eval();
  EXPECT_TRUE(drop(x).is_same(x));
  EXPECT_EQ(printed(drop), "ember::nn::Dropout(p=0.25, inplace=false)");
  EXPECT_EMBER_ERROR(Dropout(1.5), "between 0 and 1");
  EXPECT_EMBER_ERROR(F::dropout(x, -0.1), "[dropout]");
}

TEST(Dropout, GradientIsTheMask) {
  Tensor x = ember::randn({50, 40}, kDouble).requires_grad_();
  Tensor y = F::dropout(x, 0.5, /*training=*/true);
  y.sum().backward();
  // dy/dx is 2 where kept, 0 where dropped: exactly y / x.
  EXPECT_TRUE(ember::allclose(x.grad(), y.detach().div(x.detach())));
}

TEST(Dropout, ExtremesAndInplace) {
  Tensor x = ember::randn({10, 10});
  EXPECT_TRUE(ember::equal(F::dropout(x, 1.0), ember::zeros({10, 10})));
  EXPECT_TRUE(F::dropout(x, 0.0).is_same(x));
  Tensor z = x.clone();
  Tensor out = F::dropout(z, 0.5, true, /*inplace=*/true);
  EXPECT_TRUE(out.is_alias_of(z));
}

TEST(Dropout, FeatureVariantsDropWholeChannels) {
  ember::manual_seed(3);
  Tensor x = ember::ones({8, 16, 5, 5});
  Tensor y = Dropout2d(0.5)(x);
  // Each (sample, channel) plane is all zero or all 2.
  Tensor plane_max = y.amax({2, 3}), plane_min = y.amin({2, 3});
  EXPECT_TRUE(ember::equal(plane_max, plane_min));
  EXPECT_GT(plane_max.eq(0).sum().item<int64_t>(), 0);
  Tensor unbatched = Dropout1d(0.5)(ember::ones({16, 7}));
  EXPECT_TRUE(ember::equal(unbatched.amax(1), unbatched.amin(1)));
  EXPECT_EMBER_ERROR(Dropout2d(0.5)(ember::ones({2, 3})), "[dropout2d] expected 3-d");
  EXPECT_EMBER_ERROR(Dropout3d(0.5)(ember::ones({2, 3, 4})), "[dropout3d]");
}

TEST(Dropout, AlphaDropoutKeepsMeanAndVariance) {
  ember::manual_seed(4);
  Tensor x = ember::randn({400, 500}, kDouble);
  Tensor y = F::alpha_dropout(x, 0.2, /*training=*/true);
  EXPECT_NEAR(y.mean().item<double>(), 0, 0.01);
  EXPECT_NEAR(y.var().item<double>(), 1, 0.02);
  EXPECT_TRUE(AlphaDropout(0.2)->is_training());
  EXPECT_TRUE(F::alpha_dropout(x, 0.2, /*training=*/false).is_same(x));
}

TEST(Embedding, DefaultsPaddingAndPretrained) {
  ember::manual_seed(5);
  Embedding emb(EmbeddingOptions(1000, 64).padding_idx(-1));
  EXPECT_EQ(*emb->options.padding_idx(), 999);
  // normal(0, 1) over 64000 values: the sample mean's std is 0.004, allow 5 of them.
  EXPECT_NEAR(emb->weight.mean().item<float>(), 0, 0.02);
  EXPECT_NEAR(emb->weight.std().item<float>(), 1, 0.02);
  EXPECT_EQ(emb->weight[999].abs().sum().item<float>(), 0.0f);
  Tensor idx = ember::tensor(std::vector<int64_t>{1, 999, 1});
  Tensor out = emb(idx);
  EXPECT_EQ(out.sizes(), IntArrayRef({3, 64}));
  out.sum().backward();
  EXPECT_EQ(emb->weight.grad()[999].abs().sum().item<float>(), 0.0f);
  EXPECT_EQ(emb->weight.grad()[1].sum().item<float>(), 128.0f);
  EXPECT_EQ(printed(emb),
            "ember::nn::Embedding(num_embeddings=1000, embedding_dim=64, "
            "padding_idx=999)");
  EXPECT_EMBER_ERROR(emb(ember::tensor(std::vector<int64_t>{1000})),
                     "[embedding] index out of range in self: index 1000 is out of range for 1000 "
                     "embeddings");
  EXPECT_EMBER_ERROR(emb(ember::ones({2})), "expected indices of type Long or Int");
  EXPECT_EMBER_ERROR(Embedding(EmbeddingOptions(3, 2).padding_idx(3)), "Padding_idx");

  Tensor table = ember::randn({4, 3});
  Embedding frozen = Embedding::from_pretrained(table);
  EXPECT_FALSE(frozen->weight.requires_grad());
  EXPECT_TRUE(ember::equal(frozen(ember::tensor(std::vector<int64_t>{2})), table.narrow(0, 2, 1)));
  Embedding trainable =
      Embedding::from_pretrained(table, EmbeddingFromPretrainedOptions().freeze(false));
  EXPECT_TRUE(trainable->weight.requires_grad());
}

TEST(Embedding, MaxNormRenormalisesLookedUpRows) {
  Embedding emb(EmbeddingOptions(3, 4).max_norm(1.0));
  {
    NoGradGuard no_grad;
    emb->weight.fill_(2);
  }
  emb(ember::tensor(std::vector<int64_t>{0}));
  EXPECT_NEAR(emb->weight[0].norm().item<float>(), 1.0f, 1e-5);
  EXPECT_NEAR(emb->weight[1].norm().item<float>(), 4.0f, 1e-5);  // not looked up
}

TEST(EmbeddingBag, ModesAndPrinting) {
  EmbeddingBag bag(EmbeddingBagOptions(10, 3).mode(kSum));
  Tensor input = ember::tensor(std::vector<int64_t>{1, 2, 4, 5});
  Tensor offsets = ember::tensor(std::vector<int64_t>{0, 2});
  Tensor out = bag(input, offsets);
  EXPECT_TRUE(ember::allclose(out[0], bag->weight[1] + bag->weight[2]));
  EXPECT_EQ(printed(bag), "ember::nn::EmbeddingBag(num_embeddings=10, embedding_dim=3, mode=sum)");
  EXPECT_EMBER_ERROR(
      F::embedding_bag(
          input, bag->weight,
          F::EmbeddingBagFuncOptions().offsets(offsets).per_sample_weights(ember::ones({4}))),
      "only supported for mode='sum'");
  EXPECT_EMBER_ERROR(bag(input, ember::tensor(std::vector<int64_t>{1})), "offsets[0] has to be 0");
}

TEST(Losses, ModulesCallTheirFunctionalForms) {
  Tensor x = ember::randn({4, 3}), y = ember::randn({4, 3});
  EXPECT_TRUE(ember::equal(MSELoss()(x, y), F::mse_loss(x, y)));
  EXPECT_TRUE(ember::equal(L1Loss(L1LossOptions(kSum))(x, y),
                           F::l1_loss(x, y, L1LossOptions().reduction(kSum))));
  EXPECT_TRUE(ember::equal(HuberLoss(HuberLossOptions().delta(0.5))(x, y),
                           F::huber_loss(x, y, HuberLossOptions().delta(0.5))));
  EXPECT_EQ(MSELoss(kNone)(x, y).sizes(), IntArrayRef({4, 3}));
  EXPECT_EQ(printed(MSELoss()), "ember::nn::MSELoss()");
  EXPECT_EQ(printed(TripletMarginLoss()), "ember::nn::TripletMarginLoss()");
  Tensor t = ember::tensor(std::vector<double>{1, -1, 1, 1}, kDouble).to(kFloat);
  EXPECT_TRUE(ember::equal(MarginRankingLoss()(x.select(1, 0), y.select(1, 0), t),
                           F::margin_ranking_loss(x.select(1, 0), y.select(1, 0), t)));
  EXPECT_TRUE(ember::equal(GaussianNLLLoss()(x, y, x.abs()), F::gaussian_nll_loss(x, y, x.abs())));
}

TEST(Losses, Defaults) {
  EXPECT_TRUE(std::holds_alternative<enumtype::kMean>(MSELossOptions().reduction()));
  EXPECT_EQ(SmoothL1LossOptions().beta(), 1.0);
  EXPECT_EQ(HuberLossOptions().delta(), 1.0);
  EXPECT_EQ(NLLLossOptions().ignore_index(), -100);
  EXPECT_EQ(CrossEntropyLossOptions().label_smoothing(), 0.0);
  EXPECT_TRUE(PoissonNLLLossOptions().log_input());
  EXPECT_EQ(PoissonNLLLossOptions().eps(), 1e-8);
  EXPECT_EQ(GaussianNLLLossOptions().eps(), 1e-6);
  EXPECT_EQ(HingeEmbeddingLossOptions().margin(), 1.0);
  EXPECT_EQ(MultiMarginLossOptions().p(), 1);
  EXPECT_EQ(TripletMarginLossOptions().p(), 2.0);
  EXPECT_TRUE(std::holds_alternative<enumtype::kMean>(KLDivLossOptions().reduction()));
  EXPECT_EMBER_ERROR(F::multi_margin_loss(ember::randn({2, 3}), ember::zeros({2}, kLong),
                                          MultiMarginLossOptions().p(3)),
                     "only p == 1 and p == 2 supported");
}

TEST(Distance, Modules) {
  Tensor a = ember::randn({3, 4}), b = ember::randn({3, 4});
  EXPECT_TRUE(ember::equal(CosineSimilarity()(a, b), F::cosine_similarity(a, b)));
  EXPECT_TRUE(ember::equal(PairwiseDistance()(a, b), F::pairwise_distance(a, b)));
  EXPECT_EQ(printed(CosineSimilarity()), "ember::nn::CosineSimilarity(dim=1, eps=1e-08)");
  EXPECT_EQ(printed(PairwiseDistance()),
            "ember::nn::PairwiseDistance(p=2, eps=1e-06, keepdim=false)");
}

TEST(Padding, Modules) {
  Tensor x = ember::randn({1, 2, 3, 3});
  EXPECT_EQ(ZeroPad2d(1)(x).sizes(), IntArrayRef({1, 2, 5, 5}));
  EXPECT_EQ(ZeroPad2d(ZeroPad2dOptions({1, 0, 2, 0}))(x).sizes(), IntArrayRef({1, 2, 5, 4}));
  Tensor c = ConstantPad1d(ConstantPad1dOptions(2, 3.5))(ember::zeros({1, 1}));
  EXPECT_TRUE(ember::equal(c, ember::tensor({{3.5, 3.5, 0.0, 3.5, 3.5}}).to(kFloat)));
  EXPECT_TRUE(ember::equal(ReflectionPad2d(1)(x),
                           F::pad(x, F::PadFuncOptions({1, 1, 1, 1}).mode(kReflect))));
  EXPECT_TRUE(ember::equal(ReplicationPad1d(2)(x.flatten(2)),
                           F::pad(x.flatten(2), F::PadFuncOptions({2, 2}).mode(kReplicate))));
  EXPECT_EQ(printed(ZeroPad2d(1)), "ember::nn::ZeroPad2d([1, 1, 1, 1])");
  EXPECT_EQ(printed(ConstantPad1d(1, 2.0)), "ember::nn::ConstantPad1d([1, 1], value=2)");
  EXPECT_EMBER_ERROR(ReflectionPad1d(-1), "[ReflectionPad1d] expected non-negative padding");
}

TEST(PixelShuffle, RoundTrips) {
  Tensor x = ember::randn({2, 8, 3, 3});
  Tensor up = PixelShuffle(2)(x);
  EXPECT_EQ(up.sizes(), IntArrayRef({2, 2, 6, 6}));
  EXPECT_TRUE(ember::equal(PixelUnshuffle(2)(up), x));
  EXPECT_EQ(printed(PixelShuffle(2)), "ember::nn::PixelShuffle(upscale_factor=2)");
}

// libtorch's one-line formats: options shown when not at their defaults.
TEST(Printing, LayersInLibtorchFormat) {
  EXPECT_EQ(printed(Conv2d(3, 4, 3)), "ember::nn::Conv2d(3, 4, kernel_size=[3, 3], stride=[1, 1])");
  EXPECT_EQ(printed(Conv2d(Conv2dOptions(3, 4, 3).padding(1).groups(1).bias(false).dilation(2))),
            "ember::nn::Conv2d(3, 4, kernel_size=[3, 3], stride=[1, 1], padding=[1, 1], "
            "dilation=[2, 2], bias=false)");
  EXPECT_EQ(printed(Conv1d(Conv1dOptions(2, 4, 3).padding(kSame).padding_mode(kReflect))),
            "ember::nn::Conv1d(2, 4, kernel_size=[3], stride=[1], padding='same', "
            "padding_mode=reflect)");
  EXPECT_EQ(printed(ConvTranspose2d(ConvTranspose2dOptions(4, 2, 3).stride(2).output_padding(1))),
            "ember::nn::ConvTranspose2d(4, 2, kernel_size=[3, 3], stride=[2, 2], "
            "output_padding=[1, 1])");
  EXPECT_EQ(printed(MaxPool2d(2)),
            "ember::nn::MaxPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], "
            "dilation=[1, 1], ceil_mode=false)");
  EXPECT_EQ(printed(AvgPool1d(3)),
            "ember::nn::AvgPool1d(kernel_size=[3], stride=[3], padding=[0])");
  EXPECT_EQ(printed(AdaptiveAvgPool2d(ExpandingArray<2>({5, 7}))),
            "ember::nn::AdaptiveAvgPool2d(output_size=[5, 7])");
  EXPECT_EQ(printed(BatchNorm2d(16)),
            "ember::nn::BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=true, "
            "track_running_stats=true)");
  EXPECT_EQ(printed(InstanceNorm1d(3)),
            "ember::nn::InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=false, "
            "track_running_stats=false)");
  EXPECT_EQ(printed(LayerNorm(std::vector<int64_t>{10})),
            "ember::nn::LayerNorm([10], eps=1e-05, elementwise_affine=true)");
  EXPECT_EQ(printed(GroupNorm(2, 6)), "ember::nn::GroupNorm(2, 6, eps=1e-05, affine=true)");
  EXPECT_EQ(printed(LeakyReLU(LeakyReLUOptions().negative_slope(0.2))),
            "ember::nn::LeakyReLU(negative_slope=0.2)");
  EXPECT_EQ(printed(Softmax(1)), "ember::nn::Softmax(dim=1)");
  EXPECT_EQ(printed(ReLU(true)), "ember::nn::ReLU(inplace=true)");
  EXPECT_EQ(printed(Upsample(UpsampleOptions().scale_factor(std::vector<double>{2, 2}))),
            "ember::nn::Upsample(scale_factor=[2, 2], mode=nearest)");
  EXPECT_EQ(printed(Fold(ExpandingArray<2>({3, 4}), 2)),
            "ember::nn::Fold(output_size=[3, 4], kernel_size=[2, 2], dilation=[1, 1], "
            "padding=[0, 0], stride=[1, 1])");
  EXPECT_EQ(printed(CrossEntropyLoss()), "ember::nn::CrossEntropyLoss()");
  EXPECT_EQ(printed(PReLU()), "ember::nn::PReLU(num_parameters=1)");
}

TEST(Conv, ErrorsNameTheLayer) {
  Conv2d conv(1, 4, 3);
  EXPECT_EMBER_ERROR(conv(ember::ones({1, 3, 28, 28})),
                     "[Conv2d] expected input [1, 3, 28, 28] to have 1 channels, but got 3 "
                     "channels instead");
  EXPECT_EMBER_ERROR(conv(ember::ones({28, 28})), "[Conv2d] expected 3D (unbatched) or 4D");
  EXPECT_EMBER_ERROR(Conv2d(Conv2dOptions(3, 4, 3).groups(2)), "in_channels must be divisible");
  EXPECT_EMBER_ERROR(Conv2d(Conv2dOptions(3, 4, 3).padding(kSame).stride(2)),
                     "padding='same' is not supported for strided convolutions");
  EXPECT_EMBER_ERROR(BatchNorm2d(3)(ember::ones({2, 4, 2, 2})),
                     "[BatchNorm2d] expected input with 3 channels");
  EXPECT_EMBER_ERROR(BatchNorm1d(3)(ember::ones({2, 3, 2, 2})), "[BatchNorm1d] expected 2D or 3D");
}

TEST(MaxUnpool, InvertsMaxPoolWithItsIndices) {
  Tensor x = ember::arange(16, kFloat).view({1, 1, 4, 4});
  auto [pooled, indices] = MaxPool2d(2)->forward_with_indices(x);
  Tensor restored = MaxUnpool2d(2)(pooled, indices);
  // The maxima go back where they came from; everything else is zero.
  EXPECT_EQ(restored.sizes(), IntArrayRef({1, 1, 4, 4}));
  EXPECT_TRUE(ember::equal(restored, x.mul(restored.ne(0).to(kFloat))));
  EXPECT_TRUE(ember::equal(restored.sum(), pooled.sum()));
  // An explicit (larger) output size, and the same through AnyModule with it left out.
  EXPECT_EQ(MaxUnpool2d(2)(pooled, indices, std::vector<int64_t>{5, 5}).sizes(),
            IntArrayRef({1, 1, 5, 5}));
  AnyModule any(MaxUnpool2d(2));
  EXPECT_TRUE(ember::equal(any.forward(pooled, indices), restored));
  auto [p1, i1] = MaxPool1d(2)->forward_with_indices(x.view({1, 1, 16}));
  EXPECT_TRUE(ember::equal(MaxUnpool1d(2)(p1, i1).sum(), p1.sum()));
}

// The README's example, as written there.
TEST(Readme, SequentialCnnExample) {
  Tensor images = ember::randn({4, 1, 28, 28});
  Tensor labels = ember::randint(0, 10, {4});
  nn::Sequential model(nn::Conv2d(nn::Conv2dOptions(1, 32, 3).padding(1)), nn::ReLU(),
                       nn::MaxPool2d(2), nn::Flatten(), nn::Linear(32 * 14 * 14, 10));
  ember::Tensor loss = nn::functional::cross_entropy(model->forward(images), labels);
  loss.backward();
  nn::Sequential other(nn::Conv2d(nn::Conv2dOptions(1, 32, 3).padding(1)), nn::ReLU(),
                       nn::MaxPool2d(2), nn::Flatten(), nn::Linear(32 * 14 * 14, 10));
  model->load_state_dict(other->state_dict());
  EXPECT_EQ(model->state_dict().keys(),
            (std::vector<std::string>{"0.weight", "0.bias", "4.weight", "4.bias"}));
  EXPECT_TRUE(ember::equal(model->forward(images), other->forward(images)));
}

}  // namespace
}  // namespace ember::nn
