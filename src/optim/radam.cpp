#include "ember/optim/radam.h"

#include <cmath>

#include "optim/checks.h"
#include "optim/update.h"

namespace ember::optim {

RAdamOptions::RAdamOptions(double lr) : lr_(lr) {}

void RAdamOptions::visit_fields(OptimizerFieldVisitor& v) {
  v.field("lr", lr_);
  v.field("betas", betas_);
  v.field("eps", eps_);
  v.field("weight_decay", weight_decay_);
  v.field("decoupled_weight_decay", decoupled_weight_decay_);
  v.field("maximize", maximize_);
}

void RAdamParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("step", step_);
  v.field("exp_avg", exp_avg_);
  v.field("exp_avg_sq", exp_avg_sq_);
}

RAdam::RAdam(const std::vector<OptimizerParamGroup>& param_groups, RAdamOptions defaults)
    : Optimizer((detail::check_adam_like("RAdam", defaults), param_groups),
                std::make_unique<RAdamOptions>(defaults)) {}
RAdam::RAdam(std::vector<Tensor> params, RAdamOptions defaults)
    : RAdam(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
            std::move(defaults)) {}

Tensor RAdam::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const RAdamOptions&>(group.options());
    const double lr = o.lr(), eps = o.eps(), wd = o.weight_decay();
    const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
    const bool decoupled = o.decoupled_weight_decay(), maximize = o.maximize();
    for (const Tensor& p : group.params()) {
      const Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      auto& s = state_of<RAdamParamState>(p);
      if (!s.exp_avg().defined()) s.exp_avg(detail::new_state(p));
      if (!s.exp_avg_sq().defined()) s.exp_avg_sq(detail::new_state(p));
      s.step(s.step() + 1);
      const auto step = static_cast<double>(s.step());
      const double bias_correction1 = 1 - std::pow(beta1, step);
      const double bias_correction2 = 1 - std::pow(beta2, step);
      const double rho_inf = 2 / (1 - beta2) - 1;
      const double rho_t = rho_inf - 2 * step * std::pow(beta2, step) / bias_correction2;
      const bool rectify = rho_t > 5.0;
      const double rect = rectify ? std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf /
                                              ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                                  : 0.0;
      const double bias_correction2_sqrt = std::sqrt(bias_correction2);
      detail::fused_update(
          "RAdam", p, grad,
          [&](auto& param, auto g, auto& m, auto& v) {
            using T = std::remove_reference_t<decltype(param)>;
            if (maximize) g = -g;
            if (wd != 0) {
              if (decoupled) {
                param = param * T(1 - lr * wd);
              } else {
                g = g + T(wd) * param;
              }
            }
            m = detail::lerp(m, g, T(1 - beta1));
            v = v * T(beta2) + T(1 - beta2) * g * g;
            const T update = m / T(bias_correction1) * T(lr);
            // PyTorch's `float / tensor` is `tensor.reciprocal() * float`. (A select rather
            // than a branch, so that the loop vectorises.)
            const T adaptive_lr = T(1) / (std::sqrt(v) + T(eps)) * T(bias_correction2_sqrt);
            param = param - (rectify ? update * adaptive_lr * T(rect) : update);
          },
          s.exp_avg(), s.exp_avg_sq());
    }
  }
  return loss;
}

}  // namespace ember::optim
