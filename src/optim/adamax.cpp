#include "ember/optim/adamax.h"

#include <algorithm>
#include <cmath>

#include "optim/checks.h"
#include "optim/update.h"

namespace ember::optim {

AdamaxOptions::AdamaxOptions(double lr) : lr_(lr) {}

void AdamaxOptions::visit_fields(OptimizerFieldVisitor& v) {
  v.field("lr", lr_);
  v.field("betas", betas_);
  v.field("eps", eps_);
  v.field("weight_decay", weight_decay_);
  v.field("maximize", maximize_);
}

void AdamaxParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("step", step_);
  v.field("exp_avg", exp_avg_);
  v.field("exp_inf", exp_inf_);
}

Adamax::Adamax(const std::vector<OptimizerParamGroup>& param_groups, AdamaxOptions defaults)
    : Optimizer((detail::check_adam_like("Adamax", defaults), param_groups),
                std::make_unique<AdamaxOptions>(defaults)) {}
Adamax::Adamax(std::vector<Tensor> params, AdamaxOptions defaults)
    : Adamax(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
             std::move(defaults)) {}

Tensor Adamax::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const AdamaxOptions&>(group.options());
    const double lr = o.lr(), eps = o.eps(), wd = o.weight_decay();
    const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
    const bool maximize = o.maximize();
    for (const Tensor& p : group.params()) {
      const Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      auto& s = state_of<AdamaxParamState>(p);
      if (!s.exp_avg().defined()) s.exp_avg(detail::new_state(p));
      if (!s.exp_inf().defined()) s.exp_inf(detail::new_state(p));
      s.step(s.step() + 1);
      const double clr = lr / (1 - std::pow(beta1, static_cast<double>(s.step())));
      detail::fused_update(
          "Adamax", p, grad,
          [&](auto& param, auto g, auto& m, auto& u) {
            using T = std::remove_reference_t<decltype(param)>;
            if (maximize) g = -g;
            if (wd != 0) g = g + T(wd) * param;
            m = detail::lerp(m, g, T(1 - beta1));
            u = std::max(u * T(beta2), std::abs(g) + T(eps));
            param = param + T(-clr) * m / u;
          },
          s.exp_avg(), s.exp_inf());
    }
  }
  return loss;
}

}  // namespace ember::optim
