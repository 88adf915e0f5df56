#include "ember/optim/adagrad.h"

#include <cmath>

#include "optim/checks.h"
#include "optim/update.h"

namespace ember::optim {

AdagradOptions::AdagradOptions(double lr) : lr_(lr) {}

void AdagradOptions::visit_fields(OptimizerFieldVisitor& v) {
  v.field("lr", lr_);
  v.field("lr_decay", lr_decay_);
  v.field("weight_decay", weight_decay_);
  v.field("initial_accumulator_value", initial_accumulator_value_);
  v.field("eps", eps_);
  v.field("maximize", maximize_);
}

void AdagradParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("step", step_);
  v.field("sum", sum_);
}

static void check_adagrad_options(const AdagradOptions& o) {
  detail::check_lr("Adagrad", o.lr());
  EMBER_CHECK(o.lr_decay() >= 0, "Adagrad", "Invalid lr_decay value: ", o.lr_decay());
  detail::check_weight_decay("Adagrad", o.weight_decay());
  EMBER_CHECK(o.initial_accumulator_value() >= 0, "Adagrad",
              "Invalid initial_accumulator_value value: ", o.initial_accumulator_value());
  detail::check_eps("Adagrad", o.eps());
}

Adagrad::Adagrad(const std::vector<OptimizerParamGroup>& param_groups, AdagradOptions defaults)
    : Optimizer((check_adagrad_options(defaults), param_groups),
                std::make_unique<AdagradOptions>(defaults)) {
  for (const auto& group : param_groups_) {
    for (const Tensor& p : group.params()) {
      state_of<AdagradParamState>(p).sum(
          detail::new_state(p, defaults.initial_accumulator_value()));
    }
  }
}
Adagrad::Adagrad(std::vector<Tensor> params, AdagradOptions defaults)
    : Adagrad(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
              std::move(defaults)) {}

Tensor Adagrad::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const AdagradOptions&>(group.options());
    const double lr = o.lr(), lr_decay = o.lr_decay(), wd = o.weight_decay(), eps = o.eps();
    const bool maximize = o.maximize();
    for (const Tensor& p : group.params()) {
      const Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      auto& s = state_of<AdagradParamState>(p);
      // Parameters added after construction start from their group's accumulator value.
      if (!s.sum().defined()) s.sum(detail::new_state(p, o.initial_accumulator_value()));
      s.step(s.step() + 1);
      const double clr = lr / (1 + (static_cast<double>(s.step()) - 1) * lr_decay);
      detail::fused_update(
          "Adagrad", p, grad,
          [&](auto& param, auto g, auto& sum) {
            using T = std::remove_reference_t<decltype(param)>;
            if (maximize) g = -g;
            if (wd != 0) g = g + T(wd) * param;
            sum = sum + T(1) * g * g;
            const T std_dev = std::sqrt(sum) + T(eps);
            param = param + T(-clr) * g / std_dev;
          },
          s.sum());
    }
  }
  return loss;
}

}  // namespace ember::optim
