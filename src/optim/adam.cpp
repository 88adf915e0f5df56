#include "ember/optim/adam.h"

#include <cmath>

#include "optim/checks.h"
#include "optim/update.h"

namespace ember::optim {

namespace {

// The options Adam and AdamW share; field names are PyTorch's param-group keys.
template <class Options>
void visit_adam_options(Options& o, OptimizerFieldVisitor& v) {
  v.field("lr", o.lr());
  v.field("betas", o.betas());
  v.field("eps", o.eps());
  v.field("weight_decay", o.weight_decay());
  v.field("amsgrad", o.amsgrad());
  v.field("maximize", o.maximize());
}

// One Adam/AdamW step over every parameter with a gradient (Note [Fused optimizer updates]).
template <class Options>
void adam_step(const char* op, std::vector<OptimizerParamGroup>& groups, bool decoupled,
               const std::function<AdamParamState&(const Tensor&)>& state_of) {
  for (auto& group : groups) {
    const auto& o = static_cast<const Options&>(group.options());
    const double lr = o.lr(), eps = o.eps(), wd = o.weight_decay();
    const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
    const bool amsgrad = o.amsgrad(), maximize = o.maximize();
    for (const Tensor& p : group.params()) {
      const Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      AdamParamState& s = state_of(p);
      if (!s.exp_avg().defined()) s.exp_avg(detail::new_state(p));
      if (!s.exp_avg_sq().defined()) s.exp_avg_sq(detail::new_state(p));
      if (amsgrad && !s.max_exp_avg_sq().defined()) s.max_exp_avg_sq(detail::new_state(p));
      s.step(s.step() + 1);
      const auto step = static_cast<double>(s.step());
      const double bias_correction1 = 1 - std::pow(beta1, step);
      const double bias_correction2 = 1 - std::pow(beta2, step);
      const double step_size = lr / bias_correction1;
      const double bias_correction2_sqrt = std::sqrt(bias_correction2);
      auto moments = [&](auto& param, auto& g, auto& m, auto& v) {
        using T = std::remove_reference_t<decltype(param)>;
        if (maximize) g = -g;
        if (decoupled) {
          param = param * T(1 - lr * wd);
        } else if (wd != 0) {
          g = g + T(wd) * param;
        }
        m = detail::lerp(m, g, T(1 - beta1));
        v = v * T(beta2) + T(1 - beta2) * g * g;
      };
      auto apply = [&](auto& param, auto m, auto v) {
        using T = std::remove_reference_t<decltype(param)>;
        const T denom = std::sqrt(v) / T(bias_correction2_sqrt) + T(eps);
        param = param + T(-step_size) * m / denom;
      };
      if (amsgrad) {
        detail::fused_update(
            op, p, grad,
            [&](auto& param, auto g, auto& m, auto& v, auto& v_max) {
              moments(param, g, m, v);
              v_max = std::max(v_max, v);
              apply(param, m, v_max);
            },
            s.exp_avg(), s.exp_avg_sq(), s.max_exp_avg_sq());
      } else {
        detail::fused_update(
            op, p, grad,
            [&](auto& param, auto g, auto& m, auto& v) {
              moments(param, g, m, v);
              apply(param, m, v);
            },
            s.exp_avg(), s.exp_avg_sq());
      }
    }
  }
}

}  // namespace

AdamOptions::AdamOptions(double lr) : lr_(lr) {}
void AdamOptions::visit_fields(OptimizerFieldVisitor& v) {
  visit_adam_options(*this, v);
}
AdamWOptions::AdamWOptions(double lr) : lr_(lr) {}
void AdamWOptions::visit_fields(OptimizerFieldVisitor& v) {
  visit_adam_options(*this, v);
}

void AdamParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("step", step_);
  v.field("exp_avg", exp_avg_);
  v.field("exp_avg_sq", exp_avg_sq_);
  v.field("max_exp_avg_sq", max_exp_avg_sq_);
}

Adam::Adam(const std::vector<OptimizerParamGroup>& param_groups, AdamOptions defaults)
    : Optimizer((detail::check_adam_like("Adam", defaults), param_groups),
                std::make_unique<AdamOptions>(defaults)) {}
Adam::Adam(std::vector<Tensor> params, AdamOptions defaults)
    : Adam(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
           std::move(defaults)) {}

Tensor Adam::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  adam_step<AdamOptions>("Adam", param_groups_, false, [this](const Tensor& p) -> AdamParamState& {
    return state_of<AdamParamState>(p);
  });
  return loss;
}

AdamW::AdamW(const std::vector<OptimizerParamGroup>& param_groups, AdamWOptions defaults)
    : Optimizer((detail::check_adam_like("AdamW", defaults), param_groups),
                std::make_unique<AdamWOptions>(defaults)) {}
AdamW::AdamW(std::vector<Tensor> params, AdamWOptions defaults)
    : AdamW(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
            std::move(defaults)) {}

Tensor AdamW::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  adam_step<AdamWOptions>("AdamW", param_groups_, true, [this](const Tensor& p) -> AdamParamState& {
    return state_of<AdamParamState>(p);
  });
  return loss;
}

}  // namespace ember::optim
