#include "ember/optim/sgd.h"

#include "optim/update.h"

namespace ember::optim {

SGDOptions::SGDOptions(double lr) : lr_(lr) {}

void SGDOptions::visit_fields(OptimizerFieldVisitor& v) {
  v.field("lr", lr_);
  v.field("momentum", momentum_);
  v.field("dampening", dampening_);
  v.field("weight_decay", weight_decay_);
  v.field("nesterov", nesterov_);
  v.field("maximize", maximize_);
}

void SGDParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("momentum_buffer", momentum_buffer_);
}

static void check_sgd_options(const SGDOptions& o) {
  EMBER_CHECK(o.lr() >= 0, "SGD", "Invalid learning rate: ", o.lr());
  EMBER_CHECK(o.momentum() >= 0, "SGD", "Invalid momentum value: ", o.momentum());
  EMBER_CHECK(o.weight_decay() >= 0, "SGD", "Invalid weight_decay value: ", o.weight_decay());
  EMBER_CHECK(!o.nesterov() || (o.momentum() > 0 && o.dampening() == 0), "SGD",
              "Nesterov momentum requires a momentum and zero dampening");
}

SGD::SGD(const std::vector<OptimizerParamGroup>& param_groups, SGDOptions defaults)
    : Optimizer((check_sgd_options(defaults), param_groups),
                std::make_unique<SGDOptions>(defaults)) {}

SGD::SGD(std::vector<Tensor> params, SGDOptions defaults)
    : SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
          std::move(defaults)) {}

Tensor SGD::step(LossClosure closure) {
  Tensor loss = evaluate_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const SGDOptions&>(group.options());
    const double lr = o.lr(), momentum = o.momentum(), dampening = o.dampening();
    const double wd = o.weight_decay();
    const bool nesterov = o.nesterov(), maximize = o.maximize();
    for (const Tensor& p : group.params()) {
      const Tensor& grad = p.grad();
      if (!grad.defined()) continue;
      auto sgd = [&](auto& param, auto g) -> decltype(g) {
        using T = decltype(g);
        if (maximize) g = -g;
        if (wd != 0) g = g + T(wd) * param;
        return g;
      };
      if (momentum == 0) {
        detail::fused_update("SGD", p, grad, [&](auto& param, auto g) {
          using T = std::remove_reference_t<decltype(param)>;
          g = sgd(param, g);
          param = param + T(-lr) * g;
        });
        continue;
      }
      auto& state = state_of<SGDParamState>(p);
      // PyTorch's buffer starts as a copy of the first (decayed) gradient.
      const bool first = !state.momentum_buffer().defined();
      if (first) state.momentum_buffer(detail::new_state(p));
      detail::fused_update(
          "SGD", p, grad,
          [&](auto& param, auto g, auto& buf) {
            using T = std::remove_reference_t<decltype(param)>;
            g = sgd(param, g);
            buf = first ? g : buf * T(momentum) + T(1 - dampening) * g;
            g = nesterov ? g + T(momentum) * buf : buf;
            param = param + T(-lr) * g;
          },
          state.momentum_buffer());
    }
  }
  return loss;
}

}  // namespace ember::optim
