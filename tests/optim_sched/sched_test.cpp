// LR scheduler behaviour beyond the golden sequences: momentum cycling of Adam-like optimizers,
// argument and state_dict errors, libtorch-style construction.
#include <gtest/gtest.h>

#include "ember/ops.h"
#include "optim_sched/sched_support.h"
#include "support/errors.h"

namespace ember {
namespace {

using namespace optim;
using testing::expect_error_names;
using testing::Probe;
using testing::ProbeOptimizer;

// PyTorch 2.x cycles beta1 of Adam-like optimizers exactly as it cycles SGD's momentum.
TEST(CyclicLR, CyclesBeta1LikeMomentum) {
  ProbeOptimizer sgd({0.1, 0.05}, Probe::momentum);
  ProbeOptimizer adam({0.1, 0.05}, Probe::betas);
  auto options = CyclicLROptions({0.01, 0.02}, {0.1, 0.3}).step_size_up(4).base_momentum({0.7});
  CyclicLR a(sgd, options);
  CyclicLR b(adam, options);
  for (int i = 0; i < 20; ++i) {
    for (size_t g = 0; g < 2; ++g) {
      EXPECT_EQ(std::get<0>(adam.options(g).betas), sgd.options(g).momentum);
      EXPECT_EQ(std::get<1>(adam.options(g).betas), 0.999);
      EXPECT_EQ(adam.options(g).get_lr(), sgd.options(g).get_lr());
    }
    a.step();
    b.step();
  }
  EXPECT_NE(sgd.options(0).momentum, 0.9);  // it did cycle
}

TEST(OneCycleLR, CyclesBeta1LikeMomentum) {
  ProbeOptimizer sgd({0.1}, Probe::momentum);
  ProbeOptimizer adam({0.1}, Probe::betas);
  OneCycleLR a(sgd, OneCycleLROptions(0.5).total_steps(12));
  OneCycleLR b(adam, OneCycleLROptions(0.5).total_steps(12));
  for (int i = 0; i < 12; ++i) {
    a.step();
    b.step();
    EXPECT_EQ(std::get<0>(adam.options(0).betas), sgd.options(0).momentum);
  }
}

TEST(CyclicSchedulers, CycleMomentumNeedsMomentumOrBetas) {
  ProbeOptimizer opt({0.1}, Probe::neither);
  expect_error_names([&] { CyclicLR(opt, CyclicLROptions(0.01, 0.1)); }, "CyclicLR");
  expect_error_names([&] { OneCycleLR(opt, OneCycleLROptions(0.1).total_steps(5)); }, "OneCycleLR");
  // Without momentum cycling they work.
  CyclicLR c(opt, CyclicLROptions(0.01, 0.1).cycle_momentum(false).step_size_up(2));
  c.step();
  EXPECT_NEAR(opt.param_groups()[0].options().get_lr(), 0.055, 1e-15);
}

TEST(OneCycleLR, SteppingPastTotalStepsRaises) {
  ProbeOptimizer opt({0.1});
  OneCycleLR s(opt, OneCycleLROptions(0.1).total_steps(5));
  for (int i = 0; i < 5; ++i) s.step();  // the last one reaches step_num == total_steps
  expect_error_names([&] { s.step(); }, "OneCycleLR");
}

TEST(Schedulers, ArgumentErrorsNameTheScheduler) {
  ProbeOptimizer opt({0.1, 0.2});
  expect_error_names([&] { StepLR(opt, 0); }, "StepLR");
  expect_error_names([&] { MultiStepLR(opt, {3, -1}); }, "MultiStepLR");
  expect_error_names([&] { PolynomialLR(opt, 0); }, "PolynomialLR");
  expect_error_names([&] { LinearLR(opt, 0.5, 1.0, 0); }, "LinearLR");
  expect_error_names([&] { CosineAnnealingLR(opt, 0); }, "CosineAnnealingLR");
  expect_error_names([&] { LambdaLR(opt, LRLambda()); }, "LambdaLR");
  expect_error_names([&] { CyclicLR(opt, CyclicLROptions(0.01, 0.1).step_size_up(0)); },
                     "CyclicLR");
  expect_error_names(
      [&] {
        CyclicLR(
            opt,
            CyclicLROptions(0.01, 0.1).scale_fn([](double) { return 1.0; }).scale_mode("epoch"));
      },
      "CyclicLR");
  expect_error_names([&] { ReduceLROnPlateau(opt, ReduceLROnPlateau::min, 0.1, -1); },
                     "ReduceLROnPlateau");
  CosineAnnealingWarmRestarts warm(opt, 3);
  expect_error_names([&] { warm.step(-1.0); }, "CosineAnnealingWarmRestarts");
}

TEST(ConstantLR, FactorZeroRaisesWhenRestoring) {
  ProbeOptimizer opt({0.1});
  ConstantLR s(opt, 0.0, 2);
  EXPECT_EQ(opt.param_groups()[0].options().get_lr(), 0.0);
  s.step();
  expect_error_names([&] { s.step(); }, "ConstantLR");
}

TEST(SequentialLR, RejectsSchedulersOfAnotherOptimizer) {
  ProbeOptimizer a({0.1});
  ProbeOptimizer b({0.1});
  auto s1 = std::make_shared<ExponentialLR>(a, 0.9);
  auto s2 = std::make_shared<ExponentialLR>(b, 0.9);
  expect_error_names([&] { SequentialLR(a, {s1, s2}, {3}); }, "SequentialLR");
  expect_error_names([&] { SequentialLR(a, {}, {}); }, "SequentialLR");
  expect_error_names([&] { SequentialLR(a, {s1, s1}, {}); }, "SequentialLR");
  expect_error_names([&] { ChainedScheduler({s1, s2}); }, "ChainedScheduler");
  expect_error_names([&] { ChainedScheduler({}); }, "ChainedScheduler");
}

TEST(Schedulers, GroupsAddedLaterAreReported) {
  // PyTorch zips the new group away silently (or fails indexing); Ember raises.
  ProbeOptimizer opt({0.1});
  CosineAnnealingLR s(opt, 4);
  CosineAnnealingWarmRestarts w(opt, 4);
  opt.add_param_group(
      optim::OptimizerParamGroup({zeros({1}, TensorOptions().dtype(kDouble)).requires_grad_(true)},
                                 std::make_unique<testing::ProbeOptions>(0.3)));
  expect_error_names([&] { s.step(); }, "CosineAnnealingLR");
  expect_error_names([&] { w.step(); }, "CosineAnnealingWarmRestarts");
}

TEST(LRSchedulerState, KeysFollowPyTorchNames) {
  ProbeOptimizer opt({0.1, 0.2});
  StepLR s(opt, 2, 0.5);
  s.step();
  auto sd = s.state_dict();
  EXPECT_EQ(sd.keys(),
            (std::vector<std::string>{"last_epoch", "base_lrs", "_last_lr", "_step_count"}));
  EXPECT_EQ(sd["last_epoch"].scalar_type(), kLong);
  EXPECT_EQ(sd["last_epoch"].dim(), 0);
  EXPECT_EQ(sd["last_epoch"].item<int64_t>(), 1);
  EXPECT_EQ(sd["base_lrs"].scalar_type(), kDouble);
  EXPECT_EQ(sd["base_lrs"].sizes(), IntArrayRef({2}));

  CosineAnnealingWarmRestarts w(opt, 3, 2);
  auto wd = w.state_dict();
  EXPECT_NE(wd.find("T_i"), nullptr);
  EXPECT_NE(wd.find("T_cur"), nullptr);

  auto c1 = std::make_shared<ConstantLR>(opt, 0.5, 2);
  auto c2 = std::make_shared<ExponentialLR>(opt, 0.9);
  SequentialLR seq(opt, {c1, c2}, {2});
  auto qd = seq.state_dict();
  EXPECT_NE(qd.find("_schedulers.0.last_epoch"), nullptr);
  EXPECT_NE(qd.find("_schedulers.1._last_lr"), nullptr);

  ReduceLROnPlateau p(opt);
  EXPECT_EQ(p.state_dict().keys(),
            (std::vector<std::string>{"last_epoch", "_last_lr", "best", "num_bad_epochs",
                                      "cooldown_counter"}));
}

TEST(LRSchedulerState, BadDictsRaiseAndChangeNothing) {
  ProbeOptimizer opt({0.1, 0.2});
  CosineAnnealingWarmRestarts s(opt, 3, 2);
  for (int i = 0; i < 4; ++i) s.step();
  const auto good = s.state_dict();
  auto before = s.state_dict();

  auto missing = good;
  missing.erase("T_cur");
  expect_error_names([&] { s.load_state_dict(missing); }, "CosineAnnealingWarmRestarts");

  auto extra = good;
  extra.insert("bogus", ember::scalar_tensor(1.0));
  expect_error_names([&] { s.load_state_dict(extra); }, "CosineAnnealingWarmRestarts");

  auto wrong_dtype = good;
  wrong_dtype["last_epoch"] = ember::scalar_tensor(3.0, TensorOptions().dtype(kDouble));
  expect_error_names([&] { s.load_state_dict(wrong_dtype); }, "CosineAnnealingWarmRestarts");

  auto wrong_shape = good;
  wrong_shape["base_lrs"] = ember::zeros({3}, TensorOptions().dtype(kDouble));
  expect_error_names([&] { s.load_state_dict(wrong_shape); }, "CosineAnnealingWarmRestarts");

  // Nothing changed: a later step matches a scheduler that never saw the bad dicts.
  ProbeOptimizer opt2({0.1, 0.2});
  CosineAnnealingWarmRestarts s2(opt2, 3, 2);
  for (int i = 0; i < 4; ++i) s2.step();
  s.step();
  s2.step();
  EXPECT_EQ(s.get_last_lr(), s2.get_last_lr());
  EXPECT_EQ(s.last_epoch(), s2.last_epoch());

  ReduceLROnPlateau p(opt);
  auto pd = p.state_dict();
  pd["best"] = ember::zeros({2}, TensorOptions().dtype(kDouble));
  expect_error_names([&] { p.load_state_dict(pd); }, "ReduceLROnPlateau");
}

// libtorch spellings: StepLR(optimizer, step_size, gamma) and ReduceLROnPlateauScheduler.
TEST(Schedulers, LibtorchStyleConstruction) {
  ProbeOptimizer opt({1.0});
  StepLR s(opt, 2);
  s.step();
  s.step();
  EXPECT_DOUBLE_EQ(s.get_last_lr()[0], 0.1);
  ReduceLROnPlateauScheduler p(opt, ReduceLROnPlateauScheduler::SchedulerMode::min, 0.5, 0, 1e-4,
                               ReduceLROnPlateauScheduler::ThresholdMode::rel, 0, {0.01});
  p.step(1.0);
  p.step(2.0);  // worse: patience 0 -> reduce
  EXPECT_DOUBLE_EQ(p.get_last_lr()[0], 0.05);
  for (int i = 0; i < 10; ++i) p.step(3.0);
  EXPECT_DOUBLE_EQ(p.get_last_lr()[0], 0.01);  // min_lr
}

// SequentialLR's schedulers share the learning rates from before any was attached
// (Note [Initial learning rates]): the warm-up's scaling does not leak into the cosine.
TEST(SequentialLR, SchedulersShareTheInitialLearningRates) {
  ProbeOptimizer opt({0.4});
  auto warm = std::make_shared<LinearLR>(opt, 0.1, 1.0, 3);
  auto cos = std::make_shared<CosineAnnealingLR>(opt, 10);
  EXPECT_DOUBLE_EQ(cos->base_lrs()[0], 0.04);  // attached after the warm-up's first step
  SequentialLR seq(opt, {warm, cos}, {3});
  EXPECT_EQ(cos->base_lrs()[0], 0.4);
  EXPECT_DOUBLE_EQ(seq.get_last_lr()[0], 0.04);
  for (int i = 0; i < 3; ++i) seq.step();
  EXPECT_DOUBLE_EQ(seq.get_last_lr()[0], 0.4);
}

}  // namespace
}  // namespace ember
