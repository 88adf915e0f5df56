#include "ember/optim/adadelta.h"

#include <cmath>

#include "optim/checks.h"
#include "optim/update.h"

namespace ember::optim {

AdadeltaOptions::AdadeltaOptions(double lr) : lr_(lr) {}

void AdadeltaOptions::visit_fields(OptimizerFieldVisitor& v) {
  v.field("lr", lr_);
  v.field("rho", rho_);
  v.field("eps", eps_);
  v.field("weight_decay", weight_decay_);
  v.field("maximize", maximize_);
}

void AdadeltaParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("step", step_);
  v.field("square_avg", square_avg_);
  v.field("acc_delta", acc_delta_);
}

static void check_adadelta_options(const AdadeltaOptions& o) {
  detail::check_lr("Adadelta", o.lr());
  EMBER_CHECK(o.rho() >= 0 && o.rho() <= 1, "Adadelta", "Invalid rho value: ", o.rho());
  detail::check_eps("Adadelta", o.eps());
  detail::check_weight_decay("Adadelta", o.weight_decay());
}

Adadelta::Adadelta(const std::vector<OptimizerParamGroup>& param_groups, AdadeltaOptions defaults)
    : Optimizer((check_adadelta_options(defaults), param_groups),
                std::make_unique<AdadeltaOptions>(defaults)) {}
Adadelta::Adadelta(std::vector<Tensor> params, AdadeltaOptions defaults)
    : Adadelta(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
               std::move(defaults)) {}

Tensor Adadelta::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const AdadeltaOptions&>(group.options());
    const double lr = o.lr(), rho = o.rho(), eps = o.eps(), wd = o.weight_decay();
    const bool maximize = o.maximize();
    for (const Tensor& p : group.params()) {
      const Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      auto& s = state_of<AdadeltaParamState>(p);
      if (!s.square_avg().defined()) s.square_avg(detail::new_state(p));
      if (!s.acc_delta().defined()) s.acc_delta(detail::new_state(p));
      s.step(s.step() + 1);
      detail::fused_update(
          "Adadelta", p, grad,
          [&](auto& param, auto g, auto& sq, auto& acc) {
            using T = std::remove_reference_t<decltype(param)>;
            if (maximize) g = -g;
            if (wd != 0) g = g + T(wd) * param;
            sq = sq * T(rho) + T(1 - rho) * g * g;
            const T std_dev = std::sqrt(sq + T(eps));
            T delta = std::sqrt(acc + T(eps));
            delta = delta / std_dev;
            delta = delta * g;
            acc = acc * T(rho) + T(1 - rho) * delta * delta;
            param = param + T(-lr) * delta;
          },
          s.square_avg(), s.acc_delta());
    }
  }
  return loss;
}

}  // namespace ember::optim
