#pragma once
// Option validation shared by the optimizers, with PyTorch's messages.
#include <tuple>

#include "ember/error.h"

namespace ember::optim::detail {

inline void check_lr(const char* op, double lr) {
  EMBER_CHECK(lr >= 0, op, "Invalid learning rate: ", lr);
}
inline void check_eps(const char* op, double eps) {
  EMBER_CHECK(eps >= 0, op, "Invalid epsilon value: ", eps);
}
inline void check_weight_decay(const char* op, double weight_decay) {
  EMBER_CHECK(weight_decay >= 0, op, "Invalid weight_decay value: ", weight_decay);
}
inline void check_betas(const char* op, const std::tuple<double, double>& betas) {
  const auto [beta1, beta2] = betas;
  EMBER_CHECK(beta1 >= 0 && beta1 < 1, op, "Invalid beta parameter at index 0: ", beta1);
  EMBER_CHECK(beta2 >= 0 && beta2 < 1, op, "Invalid beta parameter at index 1: ", beta2);
}
/// lr, eps, betas and weight_decay: the checks of every Adam-like optimizer.
template <class Options>
void check_adam_like(const char* op, const Options& o) {
  check_lr(op, o.lr());
  check_eps(op, o.eps());
  check_betas(op, o.betas());
  check_weight_decay(op, o.weight_decay());
}

}  // namespace ember::optim::detail
