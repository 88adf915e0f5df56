// LBFGS against PyTorch's trajectories (tests/reference/families/lbfgs.py), its state_dict
// round trip and its errors.
#include "ember/optim/lbfgs.h"

#include <gtest/gtest.h>

#include "ember/ops.h"
#include "support/errors.h"
#include "support/golden.h"

namespace ember {
namespace {

using optim::LBFGS;
using optim::LBFGSOptions;
using testing::expect_error_names;
using testing::Json;

// Note [Golden tolerances]: L-BFGS steps with its estimate of the inverse Hessian H^-1, so a
// rounding difference in a gradient (PyTorch's and Ember's reductions round differently) moves
// the next iterate by up to cond(H) times as much, and the curvature pair (s, y) built from the
// iterates carries it into every later direction once more: the default relative bound times
// cond(H)^2, with the default floor. cond(H) (numpy.linalg.cond) is 23.9 for the quadratics' A,
// and 2508 (2 variables) or 3401 (6) for Rosenbrock's Hessian at its minimum (tridiagonal: 802,
// 1002, ..., 1002, 200 on the diagonal, -400 beside it).
testing::Tolerance trajectory_tolerance(const Json& c, int64_t variables) {
  const bool quadratic = c.at("args").at("problem") == "quadratic";
  const double condition = quadratic ? 23.9 : variables == 2 ? 2508 : 3401;
  const testing::Tolerance plain = testing::default_tolerance(kDouble);
  return testing::Tolerance::composite(plain.ulps * condition * condition, plain.scale_ulps);
}

Tensor flat(const std::vector<Tensor>& params) {
  std::vector<Tensor> parts;
  for (const Tensor& p : params) parts.push_back(p.reshape({-1}));
  return cat(parts, 0);
}

Tensor rosenbrock(const Tensor& x) {
  const int64_t n = x.size(0);
  Tensor head = x.slice(0, 0, n - 1);
  Tensor tail = x.slice(0, 1, n);
  return tail.sub(head.pow(2)).pow(2).mul(100).add(head.neg().add(1).pow(2)).sum();
}

struct Problem {
  std::vector<Tensor> params;
  std::function<Tensor(const Tensor&)> fn;
};

Problem make_problem(const Json& c) {
  Problem p;
  for (const Tensor& t : testing::tensors_from_json(c.at("inputs"))) {
    p.params.push_back(t.clone().requires_grad_(true));
  }
  const Json& args = c.at("args");
  if (args.at("problem") == "rosenbrock") {
    p.fn = rosenbrock;
  } else {
    Tensor A = testing::tensor_from_json(args.at("A"));
    Tensor b = testing::tensor_from_json(args.at("b"));
    p.fn = [A, b](const Tensor& x) { return x.dot(A.mv(x)).mul(0.5).sub(b.dot(x)); };
  }
  return p;
}

LBFGSOptions options_from(const Json& o) {
  LBFGSOptions opts(o.value("lr", 1.0));
  if (o.contains("max_iter")) opts.max_iter(o.at("max_iter").get<int64_t>());
  if (o.contains("max_eval")) opts.max_eval(o.at("max_eval").get<int64_t>());
  if (o.contains("tolerance_grad")) opts.tolerance_grad(o.at("tolerance_grad").get<double>());
  if (o.contains("tolerance_change")) {
    opts.tolerance_change(o.at("tolerance_change").get<double>());
  }
  if (o.contains("history_size")) opts.history_size(o.at("history_size").get<int64_t>());
  if (o.contains("line_search_fn")) opts.line_search_fn(o.at("line_search_fn").get<std::string>());
  return opts;
}

LBFGS::LossClosure closure_for(LBFGS& opt, Problem& p) {
  return [&opt, &p] {
    opt.zero_grad();
    Tensor loss = p.fn(flat(p.params));
    loss.backward();
    return loss;
  };
}

class LBFGSGolden : public ::testing::TestWithParam<Json> {};

TEST_P(LBFGSGolden, MatchesPyTorchTrajectory) {
  const Json& c = GetParam();
  Problem p = make_problem(c);
  LBFGS opt(p.params, options_from(c.at("args").at("options")));
  auto closure = closure_for(opt, p);
  const Json& e = c.at("expected");
  const auto steps = c.at("args").at("steps").get<size_t>();
  const testing::Tolerance tol = trajectory_tolerance(c, flat(p.params).numel());
  std::vector<double> losses;
  std::vector<int64_t> evals, iters;
  for (size_t k = 0; k < steps; ++k) {
    losses.push_back(opt.step(closure).item<double>());
    for (size_t i = 0; i < p.params.size(); ++i) {
      SCOPED_TRACE("step " + std::to_string(k));
      EXPECT_MATCHES_GOLDEN(p.params[i].detach(), e.at("params")[k][i], tol);
    }
    auto sd = opt.state_dict();
    evals.push_back(sd["state.0.func_evals"].item<int64_t>());
    iters.push_back(sd["state.0.n_iter"].item<int64_t>());
  }
  EXPECT_MATCHES_GOLDEN(tensor(losses, TensorOptions().dtype(kDouble)), e.at("loss"), tol);
  EXPECT_MATCHES_GOLDEN(tensor(evals, TensorOptions().dtype(kLong)), e.at("func_evals"));
  EXPECT_MATCHES_GOLDEN(tensor(iters, TensorOptions().dtype(kLong)), e.at("n_iter"));
}

// Saving after the first step and loading into a fresh LBFGS over a copy of the parameters
// continues with exactly the same iterates (history, direction, step length all restored).
TEST_P(LBFGSGolden, StateDictRoundTripContinuesIdentically) {
  const Json& c = GetParam();
  Problem p = make_problem(c);
  const auto options = options_from(c.at("args").at("options"));
  LBFGS opt(p.params, options);
  auto closure = closure_for(opt, p);
  opt.step(closure);
  const auto sd = opt.state_dict();

  Problem q = make_problem(c);
  {
    NoGradGuard no_grad;
    for (size_t i = 0; i < p.params.size(); ++i) q.params[i].copy_(p.params[i]);
  }
  LBFGS opt2(q.params, LBFGSOptions(123.0));
  opt2.load_state_dict(sd);
  auto closure2 = closure_for(opt2, q);
  const auto steps = c.at("args").at("steps").get<size_t>();
  for (size_t k = 1; k < steps; ++k) {
    EXPECT_EQ(opt.step(closure).item<double>(), opt2.step(closure2).item<double>());
    for (size_t i = 0; i < p.params.size(); ++i) {
      EXPECT_TRUE(p.params[i].equal(q.params[i])) << "step " << k;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(LBFGS, LBFGSGolden,
                         ::testing::ValuesIn(testing::fixture("lbfgs").get<std::vector<Json>>()),
                         [](const ::testing::TestParamInfo<Json>& param_info) {
                           return param_info.param.at("name").get<std::string>();
                         });

TEST(LBFGS, StateDictKeys) {
  Tensor x = tensor(std::vector<double>{-1.5, 2.0}, kDouble).requires_grad_(true);
  LBFGS opt({x}, LBFGSOptions().max_iter(5).line_search_fn("strong_wolfe"));
  Problem p{{x}, rosenbrock};
  opt.step(closure_for(opt, p));
  auto sd = opt.state_dict();
  for (const char* key :
       {"state.0.func_evals", "state.0.n_iter", "state.0.t", "state.0.d", "state.0.H_diag",
        "state.0.prev_flat_grad", "state.0.prev_loss", "state.0.old_dirs.0", "state.0.old_stps.0",
        "state.0.ro.0", "param_groups.0.lr", "param_groups.0.max_iter", "param_groups.0.max_eval",
        "param_groups.0.line_search_fn", "param_groups.0.params"}) {
    EXPECT_NE(sd.find(key), nullptr) << key;
  }
  EXPECT_EQ(sd["param_groups.0.max_eval"].item<int64_t>(), 6);  // max_iter * 5 / 4
}

TEST(LBFGS, Errors) {
  Tensor x = tensor(std::vector<double>{1.0, 2.0}, kDouble).requires_grad_(true);
  Tensor y = tensor(std::vector<double>{1.0}, kDouble).requires_grad_(true);
  LBFGS opt({x});
  expect_error_names([&] { opt.step(); }, "LBFGS");
  expect_error_names(
      [&] {
        LBFGS two({optim::OptimizerParamGroup({x}), optim::OptimizerParamGroup({y})});
      },
      "LBFGS");
  expect_error_names([&] { LBFGS bad({x}, LBFGSOptions().line_search_fn("backtracking")); },
                     "LBFGS");
  expect_error_names([&] { LBFGS bad({x}, LBFGSOptions().history_size(0)); }, "LBFGS");
  expect_error_names([&] { LBFGS bad({x}, LBFGSOptions().max_iter(0)); }, "LBFGS");
  Tensor z = tensor(std::vector<float>{1.0F}).requires_grad_(true);
  expect_error_names([&] { LBFGS bad({x, z}); }, "LBFGS");
  // A closure that returns no loss.
  expect_error_names([&] { opt.step([] { return Tensor(); }); }, "LBFGS");
}

// float32 parameters: the scalars run in double (docs/optim.md), the iterates stay
// float32 and reach Rosenbrock's minimum.
TEST(LBFGS, Float32ParametersConverge) {
  Tensor x = tensor(std::vector<float>{-1.5F, 2.0F}).requires_grad_(true);
  LBFGS opt({x}, LBFGSOptions(1).line_search_fn("strong_wolfe"));
  Problem p{{x}, rosenbrock};
  for (int i = 0; i < 5; ++i) opt.step(closure_for(opt, p));
  EXPECT_EQ(x.scalar_type(), kFloat);
  EXPECT_EQ(opt.state_dict()["state.0.d"].scalar_type(), kFloat);
  EXPECT_TRUE(x.detach().allclose(ones({2}), 0, 1e-3)) << x;
}

// At a stationary point the first evaluation ends the step (PyTorch returns at once).
TEST(LBFGS, StopsAtOptimum) {
  Tensor x = tensor(std::vector<double>{1.0, 1.0}, kDouble).requires_grad_(true);
  LBFGS opt({x});
  Problem p{{x}, rosenbrock};
  Tensor loss = opt.step(closure_for(opt, p));
  EXPECT_EQ(loss.item<double>(), 0.0);
  EXPECT_EQ(opt.state_dict()["state.0.func_evals"].item<int64_t>(), 1);
  EXPECT_EQ(opt.state_dict()["state.0.n_iter"].item<int64_t>(), 0);
}

}  // namespace
}  // namespace ember
