#include "optim_sched/sched_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "ember/ops.h"

namespace ember::testing {

std::vector<optim::OptimizerParamGroup> ProbeOptimizer::groups(const std::vector<double>& lrs,
                                                               Probe kind) {
  std::vector<optim::OptimizerParamGroup> out;
  for (double lr : lrs) {
    Tensor p = zeros({2}, TensorOptions().dtype(kDouble)).requires_grad_(true);
    out.emplace_back(std::vector<Tensor>{p}, std::make_unique<ProbeOptions>(lr, kind));
  }
  return out;
}

namespace {

// The functions of lr_scheduler.py's LAMBDAS.
const std::map<std::string, std::function<double(double)>>& lambdas() {
  static const std::map<std::string, std::function<double(double)>> fns = {
      {"pow095", [](double e) { return std::pow(0.95, e); }},
      {"inv", [](double e) { return 1.0 / (e + 1); }},
      {"const09", [](double) { return 0.9; }},
      {"alt", [](double e) { return static_cast<int64_t>(e) % 2 ? 1.1 : 0.8; }},
      {"recip", [](double x) { return 1.0 / (1.0 + 0.1 * x); }},
  };
  return fns;
}

std::vector<double> doubles(const Json& v) {
  if (v.is_array()) return v.get<std::vector<double>>();
  return {v.get<double>()};
}

std::vector<optim::LRLambda> lr_lambdas(const Json& v) {
  std::vector<optim::LRLambda> out;
  auto one = [](const Json& name) {
    auto fn = lambdas().at(name.get<std::string>());
    return optim::LRLambda([fn](int64_t e) { return fn(static_cast<double>(e)); });
  };
  if (v.is_array()) {
    for (const auto& n : v) out.push_back(one(n));
  } else {
    out.push_back(one(v));
  }
  return out;
}

template <class T>
T get(const Json& spec, const char* key, T fallback) {
  return spec.contains(key) ? spec.at(key).get<T>() : fallback;
}

}  // namespace

BuiltScheduler build_scheduler(const Json& spec, optim::Optimizer& opt) {
  using namespace optim;
  const std::string type = spec.at("type");
  BuiltScheduler b;
  if (type == "StepLR") {
    b.sched =
        std::make_shared<StepLR>(opt, spec.at("step_size").get<int64_t>(), get(spec, "gamma", 0.1));
  } else if (type == "MultiStepLR") {
    b.sched = std::make_shared<MultiStepLR>(opt, spec.at("milestones").get<std::vector<int64_t>>(),
                                            get(spec, "gamma", 0.1));
  } else if (type == "ExponentialLR") {
    b.sched = std::make_shared<ExponentialLR>(opt, spec.at("gamma").get<double>());
  } else if (type == "ConstantLR") {
    b.sched = std::make_shared<ConstantLR>(opt, get(spec, "factor", 1.0 / 3),
                                           get<int64_t>(spec, "total_iters", 5));
  } else if (type == "LinearLR") {
    b.sched = std::make_shared<LinearLR>(opt, get(spec, "start_factor", 1.0 / 3),
                                         get(spec, "end_factor", 1.0),
                                         get<int64_t>(spec, "total_iters", 5));
  } else if (type == "PolynomialLR") {
    b.sched = std::make_shared<PolynomialLR>(opt, get<int64_t>(spec, "total_iters", 5),
                                             get(spec, "power", 1.0));
  } else if (type == "LambdaLR") {
    auto fns = lr_lambdas(spec.at("lr_lambda"));
    b.sched = spec.at("lr_lambda").is_array() ? std::make_shared<LambdaLR>(opt, fns)
                                              : std::make_shared<LambdaLR>(opt, fns[0]);
  } else if (type == "MultiplicativeLR") {
    auto fns = lr_lambdas(spec.at("lr_lambda"));
    b.sched = spec.at("lr_lambda").is_array() ? std::make_shared<MultiplicativeLR>(opt, fns)
                                              : std::make_shared<MultiplicativeLR>(opt, fns[0]);
  } else if (type == "CosineAnnealingLR") {
    b.sched = std::make_shared<CosineAnnealingLR>(opt, spec.at("T_max").get<int64_t>(),
                                                  get(spec, "eta_min", 0.0));
  } else if (type == "CosineAnnealingWarmRestarts") {
    b.sched = std::make_shared<CosineAnnealingWarmRestarts>(opt, spec.at("T_0").get<int64_t>(),
                                                            get<int64_t>(spec, "T_mult", 1),
                                                            get(spec, "eta_min", 0.0));
  } else if (type == "CyclicLR") {
    CyclicLROptions o(doubles(spec.at("base_lr")), doubles(spec.at("max_lr")));
    o.step_size_up(get<int64_t>(spec, "step_size_up", 2000));
    if (spec.contains("step_size_down")) o.step_size_down(spec.at("step_size_down").get<int64_t>());
    o.mode(get<std::string>(spec, "mode", "triangular")).gamma(get(spec, "gamma", 1.0));
    if (spec.contains("scale_fn")) o.scale_fn(lambdas().at(spec.at("scale_fn")));
    o.scale_mode(get<std::string>(spec, "scale_mode", "cycle"));
    o.cycle_momentum(get(spec, "cycle_momentum", true));
    if (spec.contains("base_momentum")) o.base_momentum(doubles(spec.at("base_momentum")));
    if (spec.contains("max_momentum")) o.max_momentum(doubles(spec.at("max_momentum")));
    b.sched = std::make_shared<CyclicLR>(opt, o);
  } else if (type == "OneCycleLR") {
    OneCycleLROptions o(doubles(spec.at("max_lr")));
    if (spec.contains("total_steps")) o.total_steps(spec.at("total_steps").get<int64_t>());
    if (spec.contains("epochs")) o.epochs(spec.at("epochs").get<int64_t>());
    if (spec.contains("steps_per_epoch"))
      o.steps_per_epoch(spec.at("steps_per_epoch").get<int64_t>());
    o.pct_start(get(spec, "pct_start", 0.3));
    o.anneal_strategy(get<std::string>(spec, "anneal_strategy", "cos"));
    o.cycle_momentum(get(spec, "cycle_momentum", true));
    if (spec.contains("base_momentum")) o.base_momentum(doubles(spec.at("base_momentum")));
    if (spec.contains("max_momentum")) o.max_momentum(doubles(spec.at("max_momentum")));
    o.div_factor(get(spec, "div_factor", 25.0))
        .final_div_factor(get(spec, "final_div_factor", 1e4));
    o.three_phase(get(spec, "three_phase", false));
    b.sched = std::make_shared<OneCycleLR>(opt, o);
  } else if (type == "SequentialLR" || type == "ChainedScheduler") {
    std::vector<std::shared_ptr<LRScheduler>> children;
    for (const auto& s : spec.at("schedulers")) children.push_back(build_scheduler(s, opt).sched);
    if (type == "ChainedScheduler") {
      b.sched = std::make_shared<ChainedScheduler>(children);
    } else {
      b.sched = std::make_shared<SequentialLR>(opt, children,
                                               spec.at("milestones").get<std::vector<int64_t>>());
    }
  } else if (type == "ReduceLROnPlateau") {
    const bool max = get<std::string>(spec, "mode", "min") == "max";
    const bool abs = get<std::string>(spec, "threshold_mode", "rel") == "abs";
    b.plateau = std::make_shared<ReduceLROnPlateau>(
        opt, max ? ReduceLROnPlateau::max : ReduceLROnPlateau::min, get(spec, "factor", 0.1),
        get<int64_t>(spec, "patience", 10), get(spec, "threshold", 1e-4),
        abs ? ReduceLROnPlateau::abs : ReduceLROnPlateau::rel, get<int64_t>(spec, "cooldown", 0),
        spec.contains("min_lr") ? doubles(spec.at("min_lr")) : std::vector<double>{},
        get(spec, "eps", 1e-8));
  } else {
    ADD_FAILURE() << "unknown scheduler " << type;
  }
  return b;
}

}  // namespace ember::testing
