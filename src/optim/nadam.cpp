#include "ember/optim/nadam.h"

#include <cmath>

#include "optim/checks.h"
#include "optim/update.h"

namespace ember::optim {

NAdamOptions::NAdamOptions(double lr) : lr_(lr) {}

void NAdamOptions::visit_fields(OptimizerFieldVisitor& v) {
  v.field("lr", lr_);
  v.field("betas", betas_);
  v.field("eps", eps_);
  v.field("weight_decay", weight_decay_);
  v.field("momentum_decay", momentum_decay_);
  v.field("decoupled_weight_decay", decoupled_weight_decay_);
  v.field("maximize", maximize_);
}

void NAdamParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("step", step_);
  v.field("mu_product", mu_product_);
  v.field("exp_avg", exp_avg_);
  v.field("exp_avg_sq", exp_avg_sq_);
}

static void check_nadam_options(const NAdamOptions& o) {
  detail::check_adam_like("NAdam", o);
  EMBER_CHECK(o.momentum_decay() >= 0, "NAdam",
              "Invalid momentum_decay value: ", o.momentum_decay());
}

NAdam::NAdam(const std::vector<OptimizerParamGroup>& param_groups, NAdamOptions defaults)
    : Optimizer((check_nadam_options(defaults), param_groups),
                std::make_unique<NAdamOptions>(defaults)) {}
NAdam::NAdam(std::vector<Tensor> params, NAdamOptions defaults)
    : NAdam(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
            std::move(defaults)) {}

Tensor NAdam::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const NAdamOptions&>(group.options());
    const double lr = o.lr(), eps = o.eps(), wd = o.weight_decay();
    const double momentum_decay = o.momentum_decay();
    const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
    const bool decoupled = o.decoupled_weight_decay(), maximize = o.maximize();
    for (const Tensor& p : group.params()) {
      const Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      auto& s = state_of<NAdamParamState>(p);
      if (!s.exp_avg().defined()) s.exp_avg(detail::new_state(p));
      if (!s.exp_avg_sq().defined()) s.exp_avg_sq(detail::new_state(p));
      s.step(s.step() + 1);
      const auto step = static_cast<double>(s.step());
      const double bias_correction2 = 1 - std::pow(beta2, step);
      const double mu = beta1 * (1.0 - 0.5 * std::pow(0.96, step * momentum_decay));
      const double mu_next = beta1 * (1.0 - 0.5 * std::pow(0.96, (step + 1) * momentum_decay));
      // float32 arithmetic, as PyTorch's float32 mu_product tensor.
      s.mu_product(static_cast<float>(s.mu_product()) * static_cast<float>(mu));
      const double mu_product = s.mu_product();
      const double mu_product_next = mu_product * mu_next;
      const double grad_coef = -lr * (1.0 - mu) / (1.0 - mu_product);
      const double avg_coef = (-lr * mu_next) / (1.0 - mu_product_next);
      detail::fused_update(
          "NAdam", p, grad,
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
            const T denom = std::sqrt(v / T(bias_correction2)) + T(eps);
            param = param + T(grad_coef) * g / denom;
            param = param + T(avg_coef) * m / denom;
          },
          s.exp_avg(), s.exp_avg_sq());
    }
  }
  return loss;
}

}  // namespace ember::optim
