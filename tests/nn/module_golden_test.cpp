// Layers built as PyTorch builds them (tests/reference/families/nn_modules.py): each fixture
// case's state_dict is loaded (strict: PyTorch's names and shapes), the module is called in the
// case's mode, and the output, the input and parameter gradients and the state afterwards
// (running statistics) are compared with PyTorch's.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "nn/nn_golden.h"

namespace ember::nn {
namespace {

using testing::Inputs;
using testing::Json;

/// A module and how to call it on the case's inputs: the input, then the call's further
/// arguments (a loss's target, MaxUnpool's indices, CTCLoss's targets and lengths).
struct Built {
  std::shared_ptr<Module> module;
  std::function<Tensor(const Inputs&)> call;
  /// How many inputs the call takes: the case must give exactly these.
  size_t arity = 1;
};

template <class Holder, size_t... I>
Tensor call_on(Holder& holder, const Inputs& in, std::index_sequence<I...>) {
  return holder(in[I]...);
}

/// The module called on the case's `N` inputs in order.
template <size_t N = 1, class Holder>
Built built(Holder holder) {
  return {holder.ptr(),
          [holder](const Inputs& in) mutable {
            return call_on(holder, in, std::make_index_sequence<N>{});
          },
          N};
}

std::map<std::string, std::function<Built()>> table() {
  return {
      {"linear", [] { return built(Linear(4, 3)); }},
      {"linear_nobias", [] { return built(Linear(LinearOptions(4, 3).bias(false))); }},
      {"conv1d", [] { return built(Conv1d(Conv1dOptions(2, 4, 3).stride(2).padding(1))); }},
      {"conv2d", [] { return built(Conv2d(Conv2dOptions(3, 4, 3).padding(1))); }},
      {"conv2d_groups",
       [] { return built(Conv2d(Conv2dOptions(4, 6, 3).groups(2).dilation(2).bias(false))); }},
      {"conv2d_reflect",
       [] { return built(Conv2d(Conv2dOptions(2, 3, 3).padding(1).padding_mode(kReflect))); }},
      {"conv2d_circular",
       [] {
         return built(Conv2d(
             Conv2dOptions(2, 3, 3).padding(ExpandingArray<2>({1, 2})).padding_mode(kCircular)));
       }},
      {"conv2d_same_replicate",
       [] {
         return built(Conv2d(Conv2dOptions(2, 3, {3, 4}).padding(kSame).padding_mode(kReplicate)));
       }},
      {"conv2d_valid", [] { return built(Conv2d(Conv2dOptions(2, 3, 3).padding(kValid))); }},
      {"conv3d", [] { return built(Conv3d(Conv3dOptions(2, 2, 2).stride(2))); }},
      {"conv_transpose1d",
       [] { return built(ConvTranspose1d(ConvTranspose1dOptions(2, 3, 3).stride(2))); }},
      {"conv_transpose2d",
       [] {
         return built(ConvTranspose2d(
             ConvTranspose2dOptions(4, 2, 3).stride(2).padding(1).output_padding(1)));
       }},
      {"conv_transpose2d_output_size",
       [] {
         ConvTranspose2d m(ConvTranspose2dOptions(2, 2, 3).stride(3).padding(1));
         return Built{m.ptr(), [m](const Inputs& in) mutable {
                        return m(in[0], std::vector<int64_t>{8, 7});
                      }};
       }},
      {"conv_transpose3d",
       [] { return built(ConvTranspose3d(ConvTranspose3dOptions(2, 4, 2).groups(2))); }},
      {"bilinear",
       [] {
         Bilinear m(3, 2, 4);
         return Built{m.ptr(), [m](const Inputs& in) mutable {
                        return m(in[0], in[0].narrow(1, 0, 2) * 2);
                      }};
       }},
      {"embedding", [] { return built(Embedding(EmbeddingOptions(10, 3).padding_idx(1))); }},
      {"embedding_bag", [] { return built(EmbeddingBag(EmbeddingBagOptions(10, 3).mode(kSum))); }},
      {"prelu", [] { return built(PReLU(PReLUOptions().num_parameters(3))); }},
      {"prelu_shared", [] { return built(PReLU()); }},
      {"batchnorm1d", [] { return built(BatchNorm1d(3)); }},
      {"batchnorm2d", [] { return built(BatchNorm2d(3)); }},
      {"batchnorm3d", [] { return built(BatchNorm3d(2)); }},
      {"batchnorm2d_noaffine",
       [] { return built(BatchNorm2d(BatchNormOptions(3).affine(false))); }},
      {"batchnorm2d_untracked",
       [] { return built(BatchNorm2d(BatchNormOptions(3).track_running_stats(false))); }},
      {"batchnorm2d_cumulative",
       [] { return built(BatchNorm2d(BatchNormOptions(2).momentum(std::nullopt))); }},
      {"instancenorm1d", [] { return built(InstanceNorm1d(3)); }},
      {"instancenorm2d_affine_tracked",
       [] {
         return built(
             InstanceNorm2d(InstanceNormOptions(3).affine(true).track_running_stats(true)));
       }},
      {"instancenorm3d", [] { return built(InstanceNorm3d(3)); }},
      {"instancenorm3d_affine_tracked",
       [] {
         return built(InstanceNorm3d(
             InstanceNormOptions(2).affine(true).track_running_stats(true).momentum(0.3)));
       }},
      {"layernorm",
       [] {
         return built(LayerNorm(std::vector<int64_t>{4, 5}));
       }},
      {"layernorm_noaffine",
       [] { return built(LayerNorm(LayerNormOptions({5}).elementwise_affine(false))); }},
      {"groupnorm", [] { return built(GroupNorm(2, 4)); }},
      {"localresponsenorm",
       [] {
         // The two cases differ in options; both are built from the case's input rank.
         return Built{nullptr, nullptr};
       }},
      {"maxpool1d", [] { return built(MaxPool1d(MaxPool1dOptions(3).stride(2).padding(1))); }},
      {"maxpool2d",
       [] { return built(MaxPool2d(MaxPool2dOptions(3).stride(2).padding(1).ceil_mode(true))); }},
      {"maxpool2d_k2", [] { return built(MaxPool2d(2)); }},
      {"maxpool3d", [] { return built(MaxPool3d(2)); }},
      {"avgpool1d", [] { return built(AvgPool1d(AvgPool1dOptions(3).stride(2))); }},
      {"avgpool2d",
       [] {
         return built(AvgPool2d(AvgPool2dOptions(3).stride(2).padding(1).count_include_pad(false)));
       }},
      {"avgpool2d_divisor",
       [] { return built(AvgPool2d(AvgPool2dOptions(2).divisor_override(2))); }},
      {"avgpool3d", [] { return built(AvgPool3d(2)); }},
      {"adaptiveavgpool1d", [] { return built(AdaptiveAvgPool1d(5)); }},
      {"adaptiveavgpool2d",
       [] {
         return built(AdaptiveAvgPool2d(ExpandingArray<2>({2, 3})));
       }},
      {"adaptivemaxpool2d",
       [] {
         return built(AdaptiveMaxPool2d(ExpandingArray<2>({3, 2})));
       }},
      {"lppool2d", [] { return built(LPPool2d(LPPool2dOptions(2, 2))); }},
      {"lppool1d", [] { return built(LPPool1d(LPPool1dOptions(3, 3).stride(2))); }},
      {"adaptiveavgpool3d",
       [] {
         return built(AdaptiveAvgPool3d(ExpandingArray<3>({2, 3, 2})));
       }},
      {"adaptivemaxpool1d", [] { return built(AdaptiveMaxPool1d(3)); }},
      {"adaptivemaxpool3d",
       [] {
         return built(AdaptiveMaxPool3d(ExpandingArray<3>({2, 2, 3})));
       }},
      {"maxunpool3d", [] { return built<2>(MaxUnpool3d(2)); }},
      {"maxunpool3d_k3_s2_p1",
       [] { return built<2>(MaxUnpool3d(MaxUnpool3dOptions(3).stride(2).padding(1))); }},
      {"maxunpool3d_output_size",
       [] {
         MaxUnpool3d m(2);
         return Built{m.ptr(),
                      [m](const Inputs& in) mutable {
                        return m(in[0], in[1], std::vector<int64_t>{5, 5, 5});
                      },
                      2};
       }},
      {"maxunpool1d", [] { return built<2>(MaxUnpool1d(2)); }},
      {"maxunpool1d_k3_s2_p1",
       [] { return built<2>(MaxUnpool1d(MaxUnpool1dOptions(3).stride(2).padding(1))); }},
      {"maxunpool2d", [] { return built<2>(MaxUnpool2d(2)); }},
      {"maxunpool2d_output_size",
       [] {
         MaxUnpool2d m(MaxUnpool2dOptions(3).stride(2));
         return Built{m.ptr(),
                      [m](const Inputs& in) mutable {
                        return m(in[0], in[1], std::vector<int64_t>{8, 8});
                      },
                      2};
       }},
      {"relu", [] { return built(ReLU()); }},
      {"relu6", [] { return built(ReLU6()); }},
      {"leakyrelu", [] { return built(LeakyReLU(LeakyReLUOptions().negative_slope(0.2))); }},
      {"elu", [] { return built(ELU(ELUOptions().alpha(0.5))); }},
      {"selu", [] { return built(SELU()); }},
      {"celu", [] { return built(CELU(CELUOptions().alpha(0.7))); }},
      {"gelu", [] { return built(GELU()); }},
      {"gelu_tanh", [] { return built(GELU(GELUOptions().approximate("tanh"))); }},
      {"silu", [] { return built(SiLU()); }},
      {"mish", [] { return built(Mish()); }},
      {"sigmoid", [] { return built(Sigmoid()); }},
      {"tanh", [] { return built(Tanh()); }},
      {"softplus", [] { return built(Softplus(SoftplusOptions().beta(2).threshold(5))); }},
      {"softsign", [] { return built(Softsign()); }},
      {"softshrink", [] { return built(Softshrink(0.3)); }},
      {"hardshrink", [] { return built(Hardshrink(0.3)); }},
      {"tanhshrink", [] { return built(Tanhshrink()); }},
      {"hardtanh", [] { return built(Hardtanh(HardtanhOptions().min_val(-0.5).max_val(0.8))); }},
      {"hardsigmoid", [] { return built(Hardsigmoid()); }},
      {"hardswish", [] { return built(Hardswish()); }},
      {"logsigmoid", [] { return built(LogSigmoid()); }},
      {"softmax", [] { return built(Softmax(1)); }},
      {"logsoftmax", [] { return built(LogSoftmax(1)); }},
      {"softmin", [] { return built(Softmin(1)); }},
      {"threshold", [] { return built(Threshold(0.1, 20)); }},
      {"glu", [] { return built(GLU(1)); }},
      {"rrelu_eval", [] { return built(RReLU(RReLUOptions().lower(0.1).upper(0.3))); }},
      {"upsample_nearest",
       [] {
         return built(Upsample(UpsampleOptions().scale_factor(std::vector<double>{2, 2})));
       }},
      {"upsample_bilinear",
       [] {
         return built(Upsample(UpsampleOptions()
                                   .size(std::vector<int64_t>{5, 7})
                                   .mode(kBilinear)
                                   .align_corners(true)));
       }},
      {"upsample_bicubic",
       [] {
         return built(
             Upsample(UpsampleOptions().scale_factor(std::vector<double>{1.5}).mode(kBicubic)));
       }},
      {"upsample_linear",
       [] {
         return built(
             Upsample(UpsampleOptions().scale_factor(std::vector<double>{2.5}).mode(kLinear)));
       }},
      {"upsample_trilinear",
       [] {
         return built(
             Upsample(UpsampleOptions().size(std::vector<int64_t>{3, 4, 5}).mode(kTrilinear)));
       }},
      {"pixelshuffle", [] { return built(PixelShuffle(2)); }},
      {"flatten", [] { return built(Flatten()); }},
      {"unflatten",
       [] {
         return built(Unflatten(1, std::vector<int64_t>{2, 3}));
       }},
      {"fold",
       [] {
         return built(Fold(ExpandingArray<2>({3, 4}), 2));
       }},
      {"unfold", [] { return built(Unfold(UnfoldOptions(2).padding(1))); }},
      {"zeropad2d",
       [] {
         return built(ZeroPad2d(ZeroPad2dOptions({1, 2, 0, 1})));
       }},
      {"reflectionpad1d", [] { return built(ReflectionPad1d(2)); }},
      {"replicationpad3d", [] { return built(ReplicationPad3d(1)); }},
      {"constantpad2d", [] { return built(ConstantPad2d(1, 3.5)); }},
      {"dropout_eval", [] { return built(Dropout(0.5)); }},
      {"featurealphadropout_eval", [] { return built(FeatureAlphaDropout(0.5)); }},
      {"featurealphadropout_p1", [] { return built(FeatureAlphaDropout(1.0)); }},
      {"circularpad1d",
       [] {
         return built(CircularPad1d(CircularPadOptions<1>({1, 2})));
       }},
      {"circularpad2d",
       [] {
         return built(CircularPad2d(CircularPadOptions<2>({1, 0, 2, 1})));
       }},
      {"circularpad3d", [] { return built(CircularPad3d(1)); }},
      {"zeropad1d",
       [] {
         return built(ZeroPad1d(ZeroPad1dOptions({2, 1})));
       }},
      {"zeropad3d",
       [] {
         return built(ZeroPad3d(ZeroPad3dOptions({1, 0, 0, 2, 1, 1})));
       }},
      {"constantpad3d",
       [] {
         return built(ConstantPad3d(ConstantPad3dOptions({1, -1, 2, 0, 0, 1}, 2.5)));
       }},
      {"reflectionpad3d",
       [] {
         return built(ReflectionPad3d(ReflectionPad3dOptions({1, 2, 0, 1, 1, 1})));
       }},
      {"replicationpad2d",
       [] {
         return built(ReplicationPad2d(ReplicationPad2dOptions({2, 0, 1, 3})));
       }},
      {"pixelunshuffle", [] { return built(PixelUnshuffle(2)); }},
      {"pixelunshuffle_3", [] { return built(PixelUnshuffle(3)); }},
      {"reflectionpad2d",
       [] {
         return built(ReflectionPad2d(ReflectionPad2dOptions({1, 2, 2, 0})));
       }},
      {"reflectionpad2d_1", [] { return built(ReflectionPad2d(1)); }},
      {"replicationpad1d",
       [] {
         return built(ReplicationPad1d(ReplicationPad1dOptions({3, 1})));
       }},
      {"constantpad1d", [] { return built(ConstantPad1d(2, -1.5)); }},
      {"constantpad1d_cropping",
       [] {
         return built(ConstantPad1d(ConstantPad1dOptions({-1, 2}, 0.5)));
       }},
      // Losses: a weight given here only fixes the buffer's shape; its values come from the
      // case's state_dict, so the test also checks that the loss uses its buffer.
      {"nllloss", [] { return built<2>(NLLLoss()); }},
      {"nllloss_weighted",
       [] { return built<2>(NLLLoss(NLLLossOptions().weight(ones({4})).ignore_index(1))); }},
      {"nllloss_none", [] { return built<2>(NLLLoss(NLLLossOptions(kNone).ignore_index(1))); }},
      {"bceloss", [] { return built<2>(BCELoss()); }},
      {"bceloss_weighted_sum",
       [] { return built<2>(BCELoss(BCELossOptions(kSum).weight(ones({4})))); }},
      {"bcewithlogitsloss", [] { return built<2>(BCEWithLogitsLoss()); }},
      {"bcewithlogitsloss_weighted_none",
       [] {
         return built<2>(BCEWithLogitsLoss(
             BCEWithLogitsLossOptions(kNone).weight(ones({3, 1})).pos_weight(ones({4}))));
       }},
      {"ctcloss", [] { return built<4>(CTCLoss()); }},
      {"ctcloss_blank_sum_zero_infinity",
       [] { return built<4>(CTCLoss(CTCLossOptions(kSum).blank(3).zero_infinity(true))); }},
      {"cosineembeddingloss", [] { return built<3>(CosineEmbeddingLoss()); }},
      {"cosineembeddingloss_margin_none",
       [] { return built<3>(CosineEmbeddingLoss(CosineEmbeddingLossOptions(kNone).margin(0.3))); }},
      {"hingeembeddingloss", [] { return built<2>(HingeEmbeddingLoss()); }},
      {"hingeembeddingloss_margin_none",
       [] { return built<2>(HingeEmbeddingLoss(HingeEmbeddingLossOptions(kNone).margin(0.7))); }},
      {"kldivloss", [] { return built<2>(KLDivLoss()); }},
      {"kldivloss_batchmean", [] { return built<2>(KLDivLoss(KLDivLossOptions(kBatchMean))); }},
      {"kldivloss_log_target_sum",
       [] { return built<2>(KLDivLoss(KLDivLossOptions(kSum).log_target(true))); }},
      {"multilabelmarginloss", [] { return built<2>(MultiLabelMarginLoss()); }},
      {"multilabelmarginloss_sum", [] { return built<2>(MultiLabelMarginLoss(kSum)); }},
      {"multilabelsoftmarginloss", [] { return built<2>(MultiLabelSoftMarginLoss()); }},
      {"multilabelsoftmarginloss_weighted_none",
       [] {
         return built<2>(
             MultiLabelSoftMarginLoss(MultiLabelSoftMarginLossOptions(kNone).weight(ones({4}))));
       }},
      {"multimarginloss", [] { return built<2>(MultiMarginLoss()); }},
      {"multimarginloss_p2_weighted_sum",
       [] {
         return built<2>(
             MultiMarginLoss(MultiMarginLossOptions(kSum).p(2).margin(0.5).weight(ones({4}))));
       }},
      {"poissonnllloss", [] { return built<2>(PoissonNLLLoss()); }},
      {"poissonnllloss_rate_full_none",
       [] {
         return built<2>(
             PoissonNLLLoss(PoissonNLLLossOptions(kNone).log_input(false).full(true).eps(0.01)));
       }},
      {"smoothl1loss", [] { return built<2>(SmoothL1Loss()); }},
      {"smoothl1loss_beta_sum",
       [] { return built<2>(SmoothL1Loss(SmoothL1LossOptions(kSum).beta(0.5))); }},
      {"softmarginloss", [] { return built<2>(SoftMarginLoss()); }},
      {"softmarginloss_none", [] { return built<2>(SoftMarginLoss(kNone)); }},
      {"l1loss", [] { return built<2>(L1Loss()); }},
      {"l1loss_sum", [] { return built<2>(L1Loss(kSum)); }},
      {"mseloss", [] { return built<2>(MSELoss()); }},
      {"mseloss_none", [] { return built<2>(MSELoss(kNone)); }},
      {"huberloss", [] { return built<2>(HuberLoss()); }},
      {"huberloss_delta_sum",
       [] { return built<2>(HuberLoss(HuberLossOptions(kSum).delta(0.5))); }},
      {"crossentropyloss", [] { return built<2>(CrossEntropyLoss()); }},
      {"crossentropyloss_weighted",
       [] {
         return built<2>(
             CrossEntropyLoss(CrossEntropyLossOptions().weight(ones({4})).ignore_index(1)));
       }},
      {"crossentropyloss_label_smoothing",
       [] {
         return built<2>(CrossEntropyLoss(
             CrossEntropyLossOptions().weight(ones({4})).ignore_index(1).label_smoothing(0.2)));
       }},
      {"crossentropyloss_label_smoothing_sum",
       [] {
         return built<2>(CrossEntropyLoss(CrossEntropyLossOptions(kSum).label_smoothing(0.3)));
       }},
      {"crossentropyloss_probabilities_none",
       [] { return built<2>(CrossEntropyLoss(CrossEntropyLossOptions(kNone))); }},
      {"crossentropyloss_probabilities_weighted",
       [] {
         return built<2>(
             CrossEntropyLoss(CrossEntropyLossOptions().weight(ones({4})).label_smoothing(0.1)));
       }},
      {"marginrankingloss", [] { return built<3>(MarginRankingLoss()); }},
      {"marginrankingloss_margin_none",
       [] { return built<3>(MarginRankingLoss(MarginRankingLossOptions(kNone).margin(0.5))); }},
      {"tripletmarginloss", [] { return built<3>(TripletMarginLoss()); }},
      {"tripletmarginloss_p1_swap_none",
       [] {
         return built<3>(TripletMarginLoss(
             TripletMarginLossOptions(kNone).margin(0.5).p(1).eps(0.01).swap(true)));
       }},
      // Distances: the second input is a constant, like a loss's target.
      {"cosinesimilarity", [] { return built<2>(CosineSimilarity()); }},
      {"cosinesimilarity_dim0",
       [] { return built<2>(CosineSimilarity(CosineSimilarityOptions().dim(0))); }},
      {"pairwisedistance", [] { return built<2>(PairwiseDistance()); }},
      {"pairwisedistance_p1_keepdim",
       [] {
         return built<2>(PairwiseDistance(PairwiseDistanceOptions().p(1).eps(0.01).keepdim(true)));
       }},
      {"pairwisedistance_p3",
       [] { return built<2>(PairwiseDistance(PairwiseDistanceOptions().p(3))); }},
  };
}

// The one id whose options differ between its cases.
Built local_response_norm_for(const Json& c) {
  if (c.at("name") == "size 2 on 4-d") return built(LocalResponseNorm(2));
  return built(LocalResponseNorm(LocalResponseNormOptions(3).alpha(0.1).beta(0.5).k(2.0)));
}

OrderedDict<std::string, Tensor> state_of(const Json& state, const Json& order) {
  OrderedDict<std::string, Tensor> dict;
  for (const Json& key : order) dict.insert(key, testing::tensor_from_json(state.at(key)));
  return dict;
}

// Note [Golden tolerances]: the default bound, but for the float64 input gradients PyTorch
// computes with a float32 constant (Note [Known divergences]): Hardsigmoid's 1.0f / 6, and
// CELU's 1.0f / alpha, whose error grows with |x| / alpha through exp(x / alpha).
testing::Tolerance input_gradient_tolerance(const std::string& op, const Tensor& x,
                                            const Tensor& gradient) {
  if (gradient.scalar_type() == kDouble && op == "hardsigmoid") {
    return testing::Tolerance::pytorch_float32_constant(1);
  }
  if (gradient.scalar_type() == kDouble && op == "celu") {
    const double alpha = 0.7;  // the table's CELU
    return testing::Tolerance::pytorch_float32_constant(1 + testing::max_abs(x) / alpha);
  }
  return testing::default_tolerance(gradient.scalar_type());
}

void check_case(const Json& c, Built b) {
  const Json& args = c.at("args");
  b.module->to(kDouble);
  // Strict: PyTorch's state_dict names and shapes are ours too, in the same order.
  EXPECT_EQ(b.module->state_dict().keys(), args.at("state_order").get<std::vector<std::string>>());
  b.module->load_state_dict(state_of(args.at("state"), args.at("state_order")));
  EXPECT_EQ(b.module->named_parameters().keys(), args.at("params").get<std::vector<std::string>>());
  b.module->train(args.at("train").get<bool>());

  Inputs inputs = testing::tensors_from_json(c.at("inputs"));
  ASSERT_EQ(inputs.size(), b.arity) << "the case's inputs and the call's arguments";
  // The further inputs are constants (targets, indices, lengths): only the first gets a gradient.
  Tensor x = inputs.front();
  if (x.is_floating_point()) x.requires_grad_();
  Tensor out = b.call(inputs);
  const Json& expected = c.at("expected");
  EXPECT_MATCHES_GOLDEN(out, expected.at(0));
  for (const auto& item : b.module->state_dict()) {
    SCOPED_TRACE("state after the call: " + item.key());
    EXPECT_MATCHES_GOLDEN(item.value(), args.at("state_after").at(item.key()));
  }
  if (expected.size() == 1) return;
  std::vector<Tensor> diff;
  if (x.requires_grad()) diff.push_back(x);
  for (const Tensor& p : b.module->parameters()) diff.push_back(p);
  ASSERT_EQ(diff.size() + 1, expected.size());
  auto grads = autograd::grad({out}, diff, {testing::tensor_from_json(args.at("grad_output"))},
                              std::nullopt, false, /*allow_unused=*/true);
  for (size_t i = 0; i < grads.size(); ++i) {
    SCOPED_TRACE("gradient " + std::to_string(i));
    const Tensor g = grads[i].defined() ? grads[i] : ember::zeros_like(diff[i]);
    EXPECT_MATCHES_GOLDEN(g, expected.at(i + 1),
                          diff[i].is_same(x) ? input_gradient_tolerance(c.at("op"), x, g)
                                             : testing::default_tolerance(g.scalar_type()));
  }
}

TEST(ModuleGolden, MatchesPyTorch) {
  const auto modules = table();
  const Json& cases = testing::fixture("nn_modules");
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    const std::string op = c.at("op");
    SCOPED_TRACE(op + " / " + c.at("name").get<std::string>());
    auto it = modules.find(op);
    if (it == modules.end()) {
      ADD_FAILURE() << "fixture module \"" << op << "\" has no C++ counterpart";
      continue;
    }
    try {
      check_case(c, op == "localresponsenorm" ? local_response_norm_for(c) : it->second());
    } catch (const std::exception& e) {
      ADD_FAILURE() << "raised: " << e.what();
    }
  }
  for (const auto& [op, make] : modules) {
    EXPECT_FALSE(testing::cases_for("nn_modules", op).empty()) << op << " has no fixture case";
  }
}

}  // namespace
}  // namespace ember::nn
