// Optimizer trajectories against PyTorch 2.x's single-tensor updates
// (tests/reference/families/optim.py): every optimizer, several option combinations, on a
// quadratic, the Rosenbrock function and a small MLP, in float32 and float64.
#include <gtest/gtest.h>

#include "ember/ember.h"
#include "optim/factory.h"

namespace ember {
namespace {

using testing::Json;

const Json& problem_case(const std::string& problem, const std::string& dtype) {
  for (const Json& c : testing::fixture("optim")) {
    if (c.at("op") == "problem" && c.at("name") == problem + "/" + dtype) return c;
  }
  throw std::runtime_error("no problem " + problem);
}

Tensor loss_of(const std::string& problem, const std::vector<Tensor>& p,
               const std::vector<Tensor>& data) {
  if (problem == "quadratic") return (data[0] * (p[0] - data[1]).pow(2)).sum();
  if (problem == "rosenbrock") {
    Tensor x = p[0].select(0, 0), y = p[0].select(0, 1);
    return (1 - x).pow(2) + 100 * (y - x * x).pow(2);
  }
  Tensor h = tanh(data[0].matmul(p[0].t()) + p[1]);
  Tensor y = h.matmul(p[2].t()) + p[3];
  return (y - data[1]).pow(2).mean();
}

// Note [Golden tolerances]: each step rounds the parameters and the optimizer's running state a
// few times (PyTorch's vectorised kernels fuse some multiply-adds, so bitwise agreement is not
// expected), and the next step's gradient carries those errors on: after k steps, k times the
// default relative bound, with the default floor for parameters that cancel towards zero.
testing::Tolerance trajectory_tolerance(ScalarType dtype, int64_t steps) {
  const testing::Tolerance plain = testing::default_tolerance(dtype);
  return testing::Tolerance::composite(plain.ulps * static_cast<double>(steps), plain.scale_ulps);
}

// Parameters as leaves; `strided` makes each 2-d one a transposed view of its transpose.
std::vector<Tensor> make_params(const Json& problem, bool strided) {
  std::vector<Tensor> params;
  for (const Json& spec : problem.at("params")) {
    Tensor t = testing::tensor_from_json(spec);
    if (strided && t.dim() == 2) t = t.t().contiguous().t();
    params.push_back(t.detach().requires_grad_());
  }
  return params;
}

std::vector<optim::OptimizerParamGroup> make_groups(const Json& c,
                                                    const std::vector<Tensor>& params) {
  std::vector<optim::OptimizerParamGroup> groups;
  if (!c.contains("groups")) return {optim::OptimizerParamGroup(params)};
  for (const Json& g : c.at("groups")) {
    std::vector<Tensor> ps;
    for (const Json& i : g.at("params")) ps.push_back(params.at(i.get<size_t>()));
    if (g.contains("options")) {
      Json merged = c.at("options");
      merged.update(g.at("options"));
      groups.emplace_back(ps, testing::make_options(c.at("op"), merged));
    } else {
      groups.emplace_back(ps);
    }
  }
  return groups;
}

void check_trajectory(const Json& c, bool strided) {
  SCOPED_TRACE(c.at("op").get<std::string>() + " " + c.at("name").get<std::string>() +
               (strided ? " strided" : ""));
  const std::string problem = c.at("problem");
  const Json& pc = problem_case(problem, c.at("dtype"));
  const ScalarType dtype = testing::dtype_from_name(c.at("dtype"));
  std::vector<Tensor> params = make_params(pc, strided);
  std::vector<Tensor> data = testing::tensors_from_json(pc.at("data"));
  auto opt = testing::make_optimizer(c.at("op"), make_groups(c, params), c.at("options"));
  const Json& losses = c.at("losses");
  size_t next = 0;
  const Json& trajectory = c.at("trajectory");
  for (int64_t step = 1; step <= c.at("steps").get<int64_t>(); ++step) {
    opt->zero_grad();
    Tensor loss = loss_of(problem, params, data);
    const double expected = losses.at(static_cast<size_t>(step - 1)).get<double>();
    // The loss before step k is a composite of the parameters after k - 1 steps.
    ASSERT_TRUE(testing::within(loss.item<double>(), expected, std::abs(expected), dtype,
                                trajectory_tolerance(dtype, step)))
        << "loss before step " << step << ": " << loss.item<double>() << " != " << expected;
    loss.backward();
    opt->step();
    if (next < trajectory.size() && trajectory[next].at("step") == step) {
      const Json& expected_params = trajectory[next].at("params");
      for (size_t i = 0; i < params.size(); ++i) {
        SCOPED_TRACE("parameter " + std::to_string(i) + " after step " + std::to_string(step));
        EXPECT_MATCHES_GOLDEN(params[i].detach(), expected_params.at(i),
                              trajectory_tolerance(dtype, step));
      }
      ++next;
    }
  }
  EXPECT_EQ(next, trajectory.size());
}

class OptimGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(OptimGolden, Trajectories) {
  int count = 0;
  for (const Json& c : testing::fixture("optim")) {
    if (c.at("op") != GetParam()) continue;
    check_trajectory(c, false);
    if (c.at("problem") != "rosenbrock") check_trajectory(c, true);
    ++count;
  }
  EXPECT_GT(count, 0);
}

INSTANTIATE_TEST_SUITE_P(Optimizers, OptimGolden,
                         ::testing::Values("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta",
                                           "Adamax", "NAdam", "RAdam"));

}  // namespace
}  // namespace ember
