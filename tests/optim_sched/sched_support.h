#pragma once
// Scheduler tests' shared pieces: a minimal optimizer whose options carry `momentum` or `betas`
// (so the schedulers are tested independently of the concrete optimizers), and a factory that
// builds the scheduler a fixture SPEC describes (tests/reference/families/lr_scheduler.py).
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "ember/optim/schedulers.h"
#include "support/golden.h"

namespace ember::testing {

/// What a ProbeOptimizer's options carry besides the lr.
enum class Probe { momentum, betas, neither };

/// Options with an lr and a momentum (SGD-like) or betas (Adam-like) field, or neither.
struct ProbeOptions : optim::OptimizerCloneableOptions<ProbeOptions> {
  explicit ProbeOptions(double lr_ = 0.1, Probe kind_ = Probe::momentum) : lr(lr_), kind(kind_) {}
  double lr;
  Probe kind;
  double momentum = 0.9;
  std::tuple<double, double> betas{0.9, 0.999};
  double get_lr() const override { return lr; }
  void set_lr(double v) override { lr = v; }
  void visit_fields(optim::OptimizerFieldVisitor& v) override {
    v.field("lr", lr);
    if (kind == Probe::betas) v.field("betas", betas);
    if (kind == Probe::momentum) v.field("momentum", momentum);
  }
};

struct ProbeState : optim::OptimizerCloneableParamState<ProbeState> {};

/// An optimizer that only holds param groups (its step does nothing).
class ProbeOptimizer : public optim::Optimizer {
 public:
  ProbeOptimizer(const std::vector<double>& lrs, Probe kind = Probe::momentum)
      : Optimizer(groups(lrs, kind), std::make_unique<ProbeOptions>(lrs.at(0), kind)) {}
  Tensor step(LossClosure closure = nullptr) override { return evaluate_closure(closure); }
  const char* name() const override { return "Probe"; }
  ProbeOptions& options(size_t g) {
    return static_cast<ProbeOptions&>(param_groups()[g].options());
  }

 protected:
  std::unique_ptr<optim::OptimizerParamState> make_param_state() const override {
    return std::make_unique<ProbeState>();
  }

 private:
  static std::vector<optim::OptimizerParamGroup> groups(const std::vector<double>& lrs, Probe kind);
};

/// A scheduler built from a fixture SPEC: an LRScheduler or a ReduceLROnPlateau.
struct BuiltScheduler {
  std::shared_ptr<optim::LRScheduler> sched;
  std::shared_ptr<optim::ReduceLROnPlateau> plateau;
};

BuiltScheduler build_scheduler(const Json& spec, optim::Optimizer& optimizer);

}  // namespace ember::testing
