// The optimizer base and API: groups, zero_grad, closures, state_dict round trips and errors,
// option validation.
#include <gtest/gtest.h>

#include "ember/ember.h"
#include "ember/nn.h"
#include "ember/parallel.h"
#include "optim/factory.h"
#include "support/errors.h"
#include "support/threads.h"

namespace ember {
namespace {

using testing::expect_error_names;
using testing::Json;

const char* const kOptimizers[] = {"SGD",      "Adam",   "AdamW", "RMSprop", "Adagrad",
                                   "Adadelta", "Adamax", "NAdam", "RAdam"};

// Options that switch on every optional state tensor of each optimizer.
Json rich_options(const std::string& name) {
  if (name == "SGD") return {{"lr", 0.01}, {"momentum", 0.9}, {"weight_decay", 0.01}};
  if (name == "Adam" || name == "AdamW") return {{"lr", 0.01}, {"amsgrad", true}};
  if (name == "RMSprop") return {{"lr", 0.01}, {"momentum", 0.5}, {"centered", true}};
  if (name == "Adagrad") return {{"lr", 0.1}, {"lr_decay", 0.01}};
  if (name == "Adadelta") return {{"lr", 1.0}};
  if (name == "NAdam" || name == "RAdam") return {{"lr", 0.01}, {"weight_decay", 0.1}};
  return {{"lr", 0.01}};
}

// A small fixed problem: two parameters (one 2-d) and a loss with a nonzero gradient for both.
struct Problem {
  Tensor w = arange(6, kDouble).reshape({2, 3}).div(7).sub(0.3).requires_grad_();
  Tensor b = tensor({0.5, -0.25}, kDouble).requires_grad_();
  Tensor x = arange(12, kDouble).reshape({4, 3}).cos();
  Tensor loss() const { return (x.matmul(w.t()) + b).tanh().sub(0.2).pow(2).sum(); }
  std::vector<Tensor> params() const { return {w, b}; }
};

void run_steps(optim::Optimizer& opt, const Problem& p, int steps) {
  for (int i = 0; i < steps; ++i) {
    opt.zero_grad();
    p.loss().backward();
    opt.step();
  }
}

TEST(Optim, StateDictRoundTripIsBitwiseIdentical) {
  for (const std::string name : kOptimizers) {
    SCOPED_TRACE(name);
    const Json options = rich_options(name);
    Problem uninterrupted;
    auto a = testing::make_optimizer(name, {uninterrupted.params()}, options);
    run_steps(*a, uninterrupted, 20);

    Problem first;
    auto b = testing::make_optimizer(name, {first.params()}, options);
    run_steps(*b, first, 10);
    auto saved = b->state_dict();
    // A fresh optimizer over fresh parameters holding the values after 10 steps.
    Problem resumed;
    {
      NoGradGuard no_grad;
      resumed.w.copy_(first.w);
      resumed.b.copy_(first.b);
    }
    auto c = testing::make_optimizer(name, {resumed.params()}, {{"lr", 123.0}});
    c->load_state_dict(saved);
    EXPECT_EQ(c->param_groups()[0].options().get_lr(), options.at("lr").get<double>());
    run_steps(*c, resumed, 10);
    EXPECT_TRUE(resumed.w.equal(uninterrupted.w));
    EXPECT_TRUE(resumed.b.equal(uninterrupted.b));
    // Saving again gives the same keys.
    auto again = c->state_dict();
    ASSERT_EQ(again.size(), saved.size());
    for (const auto& item : saved) EXPECT_TRUE(again.contains(item.key())) << item.key();
  }
}

TEST(Optim, StateDictLayout) {
  Problem p;
  optim::Adam opt({optim::OptimizerParamGroup({p.w}),
                   optim::OptimizerParamGroup(
                       {p.b}, std::make_unique<optim::AdamOptions>(
                                  optim::AdamOptions(0.5).betas({0.8, 0.9}).amsgrad(true)))},
                  optim::AdamOptions(0.1));
  run_steps(opt, p, 3);
  auto sd = opt.state_dict();
  std::vector<std::string> keys;
  for (const auto& item : sd) keys.push_back(item.key());
  const std::vector<std::string> expected = {"state.0.step",
                                             "state.0.exp_avg",
                                             "state.0.exp_avg_sq",
                                             "state.1.step",
                                             "state.1.exp_avg",
                                             "state.1.exp_avg_sq",
                                             "state.1.max_exp_avg_sq",
                                             "param_groups.0.lr",
                                             "param_groups.0.betas",
                                             "param_groups.0.eps",
                                             "param_groups.0.weight_decay",
                                             "param_groups.0.amsgrad",
                                             "param_groups.0.maximize",
                                             "param_groups.0.params",
                                             "param_groups.1.lr",
                                             "param_groups.1.betas",
                                             "param_groups.1.eps",
                                             "param_groups.1.weight_decay",
                                             "param_groups.1.amsgrad",
                                             "param_groups.1.maximize",
                                             "param_groups.1.params"};
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(sd["state.0.step"].scalar_type(), kLong);
  EXPECT_EQ(sd["state.0.step"].dim(), 0);
  EXPECT_EQ(sd["state.0.step"].item<int64_t>(), 3);
  EXPECT_EQ(sd["state.1.exp_avg"].sizes(), p.b.sizes());
  EXPECT_EQ(sd["param_groups.1.lr"].scalar_type(), kDouble);
  EXPECT_EQ(sd["param_groups.1.lr"].item<double>(), 0.5);
  EXPECT_EQ(sd["param_groups.1.amsgrad"].scalar_type(), kBool);
  EXPECT_TRUE(sd["param_groups.1.betas"].equal(tensor({0.8, 0.9}, kDouble)));
  EXPECT_TRUE(sd["param_groups.1.params"].equal(tensor(std::vector<int64_t>{1}, kLong)));
  EXPECT_EQ(sd["param_groups.0.params"].scalar_type(), kLong);
}

TEST(Optim, LoadStateDictErrorsNameTheOptimizerAndChangeNothing) {
  Problem p;
  optim::Adam opt(p.params(), optim::AdamOptions(0.1));
  run_steps(opt, p, 2);
  const auto good = opt.state_dict();
  auto expect_rejected = [&](const OrderedDict<std::string, Tensor>& sd, const std::string& text) {
    Problem q;
    optim::Adam fresh(q.params(), optim::AdamOptions(0.7));
    expect_error_names([&] { fresh.load_state_dict(sd); }, "Adam");
    EXPECT_EMBER_ERROR(fresh.load_state_dict(sd), text);
    EXPECT_TRUE(fresh.state().empty());
    EXPECT_EQ(fresh.param_groups()[0].options().get_lr(), 0.7);
  };
  auto extra = good;
  extra.insert("state.0.bogus", zeros({2, 3}, kDouble));
  expect_rejected(extra, "unexpected key 'state.0.bogus'");
  auto unknown = good;
  unknown.insert("param_groups.0.nesterov", scalar_tensor(true, kBool));
  expect_rejected(unknown, "unexpected key 'param_groups.0.nesterov'");
  OrderedDict<std::string, Tensor> missing;
  for (const auto& item : good) {
    if (item.key() != "param_groups.0.eps") missing.insert(item.key(), item.value());
  }
  expect_rejected(missing, "missing key 'param_groups.0.eps'");
  auto shape = good;
  shape["state.1.exp_avg"] = zeros({3}, kDouble);
  expect_rejected(shape, "'state.1.exp_avg' has shape [3], but its parameter has shape [2]");
  auto dtype = good;
  dtype["state.0.step"] = scalar_tensor(1.5, kDouble);
  expect_rejected(dtype, "'state.0.step'");
  auto index = good;
  index.insert("state.7.exp_avg", zeros({2}, kDouble));
  expect_rejected(index, "no parameter has index 7");
  OrderedDict<std::string, Tensor> two_groups = good;
  two_groups.insert("param_groups.1.params", tensor(std::vector<int64_t>{2}, kLong));
  expect_rejected(two_groups, "different number of parameter groups");
  auto size = good;
  size["param_groups.0.params"] = tensor(std::vector<int64_t>{0}, kLong);
  expect_rejected(size, "parameter group of 1 parameters");
  // Another optimizer's dict: SGD's keys are not Adam's.
  Problem r;
  optim::SGD sgd(r.params(), optim::SGDOptions(0.1).momentum(0.9));
  run_steps(sgd, r, 1);
  expect_rejected(sgd.state_dict(), "[Adam] load_state_dict:");
}

TEST(Optim, LoadedStateIsACopyInTheParametersDtype) {
  Problem p;
  optim::SGD opt(p.params(), optim::SGDOptions(0.1).momentum(0.9));
  run_steps(opt, p, 1);
  auto sd = opt.state_dict();
  sd["state.0.momentum_buffer"] = sd["state.0.momentum_buffer"].to(kFloat);
  Problem q;
  optim::SGD fresh(q.params(), 0.1);
  fresh.load_state_dict(sd);
  auto& s = static_cast<optim::SGDParamState&>(*fresh.state().at(q.w.unsafeGetTensorImpl()));
  EXPECT_EQ(s.momentum_buffer().scalar_type(), kDouble);
  EXPECT_FALSE(s.momentum_buffer().requires_grad());
  EXPECT_FALSE(s.momentum_buffer().is_alias_of(sd["state.0.momentum_buffer"]));
  EXPECT_EQ(fresh.param_groups()[0].options().get_lr(), 0.1);
  EXPECT_EQ(static_cast<optim::SGDOptions&>(fresh.param_groups()[0].options()).momentum(), 0.9);
}

TEST(Optim, ParamGroupsHaveTheirOwnOptions) {
  Problem p;
  std::vector<optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<Tensor>{p.w});
  groups.emplace_back(std::vector<Tensor>{p.b}, std::make_unique<optim::SGDOptions>(0.5));
  optim::SGD opt(groups, optim::SGDOptions(0.1));
  ASSERT_EQ(opt.param_groups().size(), 2u);
  EXPECT_EQ(opt.param_groups()[0].options().get_lr(), 0.1);
  EXPECT_EQ(opt.param_groups()[1].options().get_lr(), 0.5);
  EXPECT_EQ(opt.size(), 2u);
  EXPECT_EQ(opt.parameters().size(), 1u);  // libtorch: the first group's
  // Groups hold copies of the options: changing one leaves the defaults alone.
  opt.param_groups()[0].options().set_lr(0.01);
  EXPECT_EQ(opt.defaults().get_lr(), 0.1);
  Tensor w0 = p.w.detach().clone(), b0 = p.b.detach().clone();
  p.loss().backward();
  Tensor gw = p.w.grad().clone(), gb = p.b.grad().clone();
  opt.step();
  EXPECT_TRUE(p.w.allclose(w0 - 0.01 * gw, 0, 0));
  EXPECT_TRUE(p.b.allclose(b0 - 0.5 * gb, 0, 0));
}

TEST(Optim, AddParamGroup) {
  Problem p;
  optim::Adam opt({p.w}, optim::AdamOptions(0.1));
  opt.add_param_group(optim::OptimizerParamGroup({p.b}));
  ASSERT_EQ(opt.param_groups().size(), 2u);
  EXPECT_EQ(opt.param_groups()[1].options().get_lr(), 0.1);
  Tensor b0 = p.b.detach().clone();
  run_steps(opt, p, 1);
  EXPECT_FALSE(p.b.equal(b0));
  expect_error_names([&] { opt.add_param_group(optim::OptimizerParamGroup({p.w})); }, "Adam");
  EXPECT_EMBER_ERROR(opt.add_param_group(optim::OptimizerParamGroup({p.w})),
                     "some parameters appear in more than one parameter group");
  Tensor non_leaf = p.w * 2;
  EXPECT_EMBER_ERROR(opt.add_param_group(optim::OptimizerParamGroup({non_leaf})),
                     "can't optimize a non-leaf Tensor");
  Tensor extra = zeros({2}, kDouble).requires_grad_();
  opt.add_parameters({extra});
  EXPECT_EQ(opt.param_groups()[0].params().size(), 2u);
  EXPECT_EQ(opt.size(), 3u);
}

TEST(Optim, ZeroGrad) {
  Problem p;
  optim::SGD opt(p.params(), 0.1);
  p.loss().backward();
  opt.zero_grad(false);
  ASSERT_TRUE(p.w.grad().defined());
  EXPECT_TRUE(p.w.grad().equal(zeros({2, 3}, kDouble)));
  EXPECT_FALSE(p.w.grad().requires_grad());
  p.loss().backward();
  opt.zero_grad();  // set_to_none by default, as PyTorch 2.x
  EXPECT_FALSE(p.w.grad().defined());
  EXPECT_FALSE(p.b.grad().defined());
}

TEST(Optim, StepSkipsParametersWithoutGradient) {
  for (const std::string name : kOptimizers) {
    SCOPED_TRACE(name);
    Problem p;
    auto opt = testing::make_optimizer(name, {p.params()}, rich_options(name));
    Tensor w0 = p.w.detach().clone(), b0 = p.b.detach().clone();
    p.loss().backward();
    p.b.mutable_grad() = Tensor();
    opt->step();
    EXPECT_FALSE(p.w.equal(w0));
    EXPECT_TRUE(p.b.equal(b0));
    // Only Adagrad (whose constructor makes all state, as PyTorch's) has state for b.
    EXPECT_EQ(opt->state().count(p.b.unsafeGetTensorImpl()), name == "Adagrad" ? 1u : 0u);
  }
}

TEST(Optim, StepWithClosureReturnsTheLoss) {
  Problem p;
  optim::SGD opt(p.params(), optim::SGDOptions(0.1).momentum(0.9));
  int calls = 0;
  NoGradGuard no_grad;  // the closure still runs under grad mode
  Tensor loss = opt.step([&] {
    ++calls;
    opt.zero_grad();
    Tensor l = p.loss();
    l.backward();
    return l;
  });
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(loss.defined());
  EXPECT_GT(loss.item<double>(), 0);
  EXPECT_FALSE(opt.step().defined());
}

TEST(Optim, StepUnderNoGradUpdatesInPlace) {
  Problem p;
  optim::Adam opt(p.params(), optim::AdamOptions(0.1));
  auto* impl = p.w.unsafeGetTensorImpl();
  const auto version = p.w._version();
  p.loss().backward();
  opt.step();
  EXPECT_EQ(p.w.unsafeGetTensorImpl(), impl);
  EXPECT_GT(p.w._version(), version);
  EXPECT_TRUE(p.w.requires_grad());
  EXPECT_TRUE(p.w.is_leaf());
  auto& s = static_cast<optim::AdamParamState&>(*opt.state().at(impl));
  EXPECT_FALSE(s.exp_avg().requires_grad());
  EXPECT_FALSE(s.exp_avg_sq().requires_grad());
  EXPECT_FALSE(p.w.grad_fn());
}

TEST(Optim, WorksOnModuleParameters) {
  manual_seed(0);
  nn::Linear model(3, 2);
  optim::SGD opt(model->parameters(), 0.1);
  Tensor x = ones({4, 3});
  Tensor before = model->weight.detach().clone();
  opt.zero_grad();
  model->forward(x).sum().backward();
  opt.step();
  EXPECT_TRUE(model->weight.allclose(before - 0.1 * 4, 0, 1e-6));
}

TEST(Optim, ParallelUpdateDoesNotDependOnThreadCount) {
  // A parameter large enough for several chunks of the fused loop.
  auto run = [](int threads) {
    testing::ThreadCount scope(threads);
    Tensor w = arange(100000, kFloat).div(1000).sin().requires_grad_();
    optim::Adam opt({w}, optim::AdamOptions(0.01).amsgrad(true));
    for (int i = 0; i < 3; ++i) {
      opt.zero_grad();
      w.pow(2).sum().backward();
      opt.step();
    }
    return w.detach();
  };
  Tensor one = run(1), many = run(4);
  EXPECT_TRUE(one.equal(many));
}

TEST(Optim, RejectsNonFloatingParameters) {
  Tensor h = zeros({3}, kHalf).requires_grad_();
  optim::Adam opt({h});
  h.mutable_grad() = ones({3}, kHalf);
  expect_error_names([&] { opt.step(); }, "Adam");
  EXPECT_EMBER_ERROR(opt.step(), "expected float32 or float64 parameters");
}

TEST(Optim, OptionValidationAsPyTorch) {
  Tensor w = zeros({2}, kDouble).requires_grad_();
  EXPECT_EMBER_ERROR(optim::SGD({w}, -1), "[SGD] Invalid learning rate: -1");
  EXPECT_EMBER_ERROR(optim::SGD({w}, optim::SGDOptions(0.1).momentum(-0.5)),
                     "[SGD] Invalid momentum value: -0.5");
  EXPECT_EMBER_ERROR(optim::SGD({w}, optim::SGDOptions(0.1).weight_decay(-1)),
                     "[SGD] Invalid weight_decay value: -1");
  EXPECT_EMBER_ERROR(optim::SGD({w}, optim::SGDOptions(0.1).nesterov(true)),
                     "[SGD] Nesterov momentum requires a momentum and zero dampening");
  EXPECT_EMBER_ERROR(
      optim::SGD({w}, optim::SGDOptions(0.1).nesterov(true).momentum(0.9).dampening(0.1)),
      "Nesterov momentum requires a momentum and zero dampening");
  EXPECT_EMBER_ERROR(optim::Adam({w}, optim::AdamOptions(0.1).betas({1.0, 0.9})),
                     "[Adam] Invalid beta parameter at index 0: 1");
  EXPECT_EMBER_ERROR(optim::AdamW({w}, optim::AdamWOptions(0.1).betas({0.9, -0.1})),
                     "[AdamW] Invalid beta parameter at index 1: -0.1");
  EXPECT_EMBER_ERROR(optim::Adam({w}, optim::AdamOptions(0.1).eps(-1)),
                     "[Adam] Invalid epsilon value: -1");
  EXPECT_EMBER_ERROR(optim::RMSprop({w}, optim::RMSpropOptions(0.1).alpha(-1)),
                     "[RMSprop] Invalid alpha value: -1");
  EXPECT_EMBER_ERROR(optim::RMSprop({w}, optim::RMSpropOptions(0.1).momentum(-1)),
                     "[RMSprop] Invalid momentum value: -1");
  EXPECT_EMBER_ERROR(optim::Adagrad({w}, optim::AdagradOptions(0.1).lr_decay(-1)),
                     "[Adagrad] Invalid lr_decay value: -1");
  EXPECT_EMBER_ERROR(optim::Adagrad({w}, optim::AdagradOptions(0.1).initial_accumulator_value(-1)),
                     "[Adagrad] Invalid initial_accumulator_value value: -1");
  EXPECT_EMBER_ERROR(optim::Adadelta({w}, optim::AdadeltaOptions(1.0).rho(2)),
                     "[Adadelta] Invalid rho value: 2");
  EXPECT_EMBER_ERROR(optim::NAdam({w}, optim::NAdamOptions(0.1).momentum_decay(-1)),
                     "[NAdam] Invalid momentum_decay value: -1");
  const std::vector<optim::OptimizerParamGroup> wg{optim::OptimizerParamGroup({w})};
  for (const std::string name : kOptimizers) {
    SCOPED_TRACE(name);
    expect_error_names([&] { testing::make_optimizer(name, wg, {{"lr", -1.0}}); }, name);
    EXPECT_EMBER_ERROR(testing::make_optimizer(name, wg, {{"lr", -1.0}}),
                       "Invalid learning rate: -1");
    EXPECT_EMBER_ERROR(testing::make_optimizer(name, wg, {{"weight_decay", -1.0}}),
                       "Invalid weight_decay value: -1");
  }
}

TEST(Optim, OptionsBuilderAndDefaults) {
  auto o = optim::SGDOptions(0.1).momentum(0.9).nesterov(true).weight_decay(5e-4);
  EXPECT_EQ(o.lr(), 0.1);
  EXPECT_EQ(o.momentum(), 0.9);
  EXPECT_TRUE(o.nesterov());
  EXPECT_EQ(o.weight_decay(), 5e-4);
  EXPECT_EQ(o.dampening(), 0);
  EXPECT_EQ(optim::AdamOptions().lr(), 1e-3);
  EXPECT_EQ(std::get<1>(optim::AdamOptions().betas()), 0.999);
  EXPECT_EQ(optim::AdamWOptions().weight_decay(), 1e-2);
  EXPECT_EQ(optim::RMSpropOptions().alpha(), 0.99);
  EXPECT_EQ(optim::AdagradOptions().eps(), 1e-10);
  EXPECT_EQ(optim::AdadeltaOptions().lr(), 1.0);
  EXPECT_EQ(optim::AdamaxOptions().lr(), 2e-3);
  EXPECT_EQ(optim::NAdamOptions().momentum_decay(), 4e-3);
  EXPECT_EQ(optim::RAdamOptions().lr(), 1e-3);
  std::unique_ptr<optim::OptimizerOptions> c = o.clone();
  c->set_lr(0.5);
  EXPECT_EQ(c->get_lr(), 0.5);
  EXPECT_EQ(o.lr(), 0.1);
  EXPECT_EQ(static_cast<optim::SGDOptions&>(*c).momentum(), 0.9);
}

}  // namespace
}  // namespace ember

namespace ember {
namespace {

TEST(Optim, ZeroDimAndEmptyParameters) {
  for (const std::string name : kOptimizers) {
    SCOPED_TRACE(name);
    Tensor s = scalar_tensor(0.5, kDouble).requires_grad_();
    Tensor e = zeros({0, 3}, kFloat).requires_grad_();
    auto opt = testing::make_optimizer(name, {std::vector<Tensor>{s, e}}, rich_options(name));
    for (int i = 0; i < 2; ++i) {
      opt->zero_grad();
      (s * s).backward();
      e.mutable_grad() = zeros({0, 3}, kFloat);
      opt->step();
    }
    EXPECT_NE(s.item<double>(), 0.5);
    EXPECT_EQ(e.numel(), 0);
    auto sd = opt->state_dict();
    Tensor s2 = scalar_tensor(0.5, kDouble).requires_grad_();
    Tensor e2 = zeros({0, 3}, kFloat).requires_grad_();
    auto fresh = testing::make_optimizer(name, {std::vector<Tensor>{s2, e2}}, rich_options(name));
    fresh->load_state_dict(sd);
    EXPECT_EQ(fresh->state_dict().size(), sd.size());
  }
}

}  // namespace
}  // namespace ember
