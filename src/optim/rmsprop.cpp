#include "ember/optim/rmsprop.h"

#include <cmath>

#include "optim/checks.h"
#include "optim/update.h"

namespace ember::optim {

RMSpropOptions::RMSpropOptions(double lr) : lr_(lr) {}

void RMSpropOptions::visit_fields(OptimizerFieldVisitor& v) {
  v.field("lr", lr_);
  v.field("alpha", alpha_);
  v.field("eps", eps_);
  v.field("weight_decay", weight_decay_);
  v.field("momentum", momentum_);
  v.field("centered", centered_);
  v.field("maximize", maximize_);
}

void RMSpropParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("step", step_);
  v.field("square_avg", square_avg_);
  v.field("momentum_buffer", momentum_buffer_);
  v.field("grad_avg", grad_avg_);
}

static void check_rmsprop_options(const RMSpropOptions& o) {
  detail::check_lr("RMSprop", o.lr());
  detail::check_eps("RMSprop", o.eps());
  EMBER_CHECK(o.momentum() >= 0, "RMSprop", "Invalid momentum value: ", o.momentum());
  detail::check_weight_decay("RMSprop", o.weight_decay());
  EMBER_CHECK(o.alpha() >= 0, "RMSprop", "Invalid alpha value: ", o.alpha());
}

RMSprop::RMSprop(const std::vector<OptimizerParamGroup>& param_groups, RMSpropOptions defaults)
    : Optimizer((check_rmsprop_options(defaults), param_groups),
                std::make_unique<RMSpropOptions>(defaults)) {}
RMSprop::RMSprop(std::vector<Tensor> params, RMSpropOptions defaults)
    : RMSprop(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
              std::move(defaults)) {}

Tensor RMSprop::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const RMSpropOptions&>(group.options());
    const double lr = o.lr(), alpha = o.alpha(), eps = o.eps(), wd = o.weight_decay();
    const double momentum = o.momentum();
    const bool centered = o.centered(), maximize = o.maximize();
    for (const Tensor& p : group.params()) {
      const Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      auto& s = state_of<RMSpropParamState>(p);
      if (!s.square_avg().defined()) s.square_avg(detail::new_state(p));
      if (momentum > 0 && !s.momentum_buffer().defined()) {
        s.momentum_buffer(detail::new_state(p));
      }
      if (centered && !s.grad_avg().defined()) s.grad_avg(detail::new_state(p));
      s.step(s.step() + 1);
      // One kernel; the loops below bind only the state tensors in use (an unused slot aliases
      // one the kernel does not write through that slot).
      auto update = [&](auto& param, auto g, auto& sq, auto& b, auto& ga) {
        using T = std::remove_reference_t<decltype(param)>;
        if (maximize) g = -g;
        if (wd != 0) g = g + T(wd) * param;
        sq = sq * T(alpha) + T(1 - alpha) * g * g;
        T avg;
        if (centered) {
          ga = detail::lerp(ga, g, T(1 - alpha));
          avg = std::sqrt(sq + T(-1) * ga * ga);
        } else {
          avg = std::sqrt(sq);
        }
        avg = avg + T(eps);
        if (momentum > 0) {
          b = b * T(momentum) + T(1) * g / avg;
          param = param + T(-lr) * b;
        } else {
          param = param + T(-lr) * g / avg;
        }
      };
      if (momentum > 0 && centered) {
        detail::fused_update("RMSprop", p, grad, update, s.square_avg(), s.momentum_buffer(),
                             s.grad_avg());
      } else if (momentum > 0) {
        detail::fused_update(
            "RMSprop", p, grad,
            [&](auto& param, auto g, auto& sq, auto& b) { update(param, g, sq, b, b); },
            s.square_avg(), s.momentum_buffer());
      } else if (centered) {
        detail::fused_update(
            "RMSprop", p, grad,
            [&](auto& param, auto g, auto& sq, auto& ga) { update(param, g, sq, ga, ga); },
            s.square_avg(), s.grad_avg());
      } else {
        detail::fused_update(
            "RMSprop", p, grad,
            [&](auto& param, auto g, auto& sq) {
              auto unused = sq;
              update(param, g, sq, unused, unused);
            },
            s.square_avg());
      }
    }
  }
  return loss;
}

}  // namespace ember::optim
