// Schedulers driving Ember's real optimizers: learning rates reach the update, and momentum
// cycling finds SGD's / RMSprop's `momentum` and the Adam family's first beta.
#include <gtest/gtest.h>

#include "ember/ops.h"
#include "ember/optim/adagrad.h"
#include "ember/optim/adam.h"
#include "ember/optim/rmsprop.h"
#include "ember/optim/schedulers.h"
#include "ember/optim/sgd.h"
#include "support/errors.h"

namespace ember {
namespace {

using namespace optim;

// loss = sum(c * x): the gradient is c at every step, so plain SGD moves x by -lr_k * c.
TEST(SchedulersWithOptimizers, StepLRDrivesSGDUpdates) {
  Tensor x = zeros({3}, TensorOptions().dtype(kDouble)).requires_grad_(true);
  Tensor c = tensor(std::vector<double>{1.0, -2.0, 0.5}, kDouble);
  SGD opt({x}, SGDOptions(0.5));
  StepLR sched(opt, 2, 0.1);
  double expected_shift = 0;
  for (int k = 0; k < 7; ++k) {
    opt.zero_grad();
    x.mul(c).sum().backward();
    expected_shift += sched.get_last_lr()[0];
    opt.step();
    sched.step();
  }
  Tensor want = c.mul(-expected_shift);
  EXPECT_TRUE(x.detach().allclose(want, 1e-14, 1e-15));
  EXPECT_DOUBLE_EQ(static_cast<SGDOptions&>(opt.param_groups()[0].options()).lr(),
                   0.5 * 0.1 * 0.1 * 0.1);
}

TEST(SchedulersWithOptimizers, CyclicLRCyclesSGDMomentum) {
  Tensor x = zeros({2}).requires_grad_(true);
  SGD opt({x}, SGDOptions(0.1).momentum(0.5));
  CyclicLR sched(opt, CyclicLROptions(0.01, 0.1).step_size_up(2));
  auto& o = static_cast<SGDOptions&>(opt.param_groups()[0].options());
  EXPECT_DOUBLE_EQ(o.momentum(), 0.9);  // max_momentum at the start
  sched.step();
  EXPECT_DOUBLE_EQ(o.momentum(), 0.85);
  sched.step();
  EXPECT_DOUBLE_EQ(o.momentum(), 0.8);  // base_momentum at the peak
  EXPECT_DOUBLE_EQ(o.lr(), 0.1);
}

TEST(SchedulersWithOptimizers, OneCycleLRCyclesAdamBeta1) {
  Tensor x = zeros({2}).requires_grad_(true);
  Adam opt({x}, AdamOptions(0.1).betas({0.9, 0.99}));
  OneCycleLR sched(opt, OneCycleLROptions(0.2).total_steps(10).anneal_strategy("linear"));
  auto& o = static_cast<AdamOptions&>(opt.param_groups()[0].options());
  EXPECT_DOUBLE_EQ(std::get<0>(o.betas()), 0.95);
  EXPECT_DOUBLE_EQ(o.lr(), 0.2 / 25);
  for (int i = 0; i < 2; ++i) sched.step();  // the peak: pct_start * total - 1 = 2
  EXPECT_DOUBLE_EQ(std::get<0>(o.betas()), 0.85);
  EXPECT_DOUBLE_EQ(std::get<1>(o.betas()), 0.99);
  EXPECT_DOUBLE_EQ(o.lr(), 0.2);
}

TEST(SchedulersWithOptimizers, MomentumCyclingNeedsMomentumOrBetas) {
  Tensor x = zeros({2}).requires_grad_(true);
  RMSprop rms({x}, RMSpropOptions(0.01));
  CyclicLR ok(rms, CyclicLROptions(0.01, 0.1).step_size_up(2));
  EXPECT_DOUBLE_EQ(static_cast<RMSpropOptions&>(rms.param_groups()[0].options()).momentum(), 0.9);
  Adagrad ada({x}, AdagradOptions(0.01));
  testing::expect_error_names([&] { CyclicLR(ada, CyclicLROptions(0.01, 0.1)); }, "CyclicLR");
}

TEST(SchedulersWithOptimizers, PlateauReducesAdamLr) {
  Tensor x = zeros({2}).requires_grad_(true);
  Adam opt({x}, AdamOptions(0.1));
  ReduceLROnPlateau sched(opt, ReduceLROnPlateau::min, 0.5, 1);
  for (double m : {1.0, 1.0, 1.0}) sched.step(m);
  EXPECT_DOUBLE_EQ(opt.param_groups()[0].options().get_lr(), 0.05);
}

}  // namespace
}  // namespace ember
