#pragma once
// Momentum cycling (CyclicLR, OneCycleLR): PyTorch writes `momentum` (SGD, RMSprop) or the first
// of `betas` (the Adam family) in each param group. Options describe their fields through
// visit_fields (Note [Optimizer fields]), which is how these helpers find either, without
// depending on any concrete optimizer.
#include "ember/optim/optimizer.h"

namespace ember::optim::detail {

enum class MomentumKind { none, momentum, beta1 };

/// Which of `momentum` / `betas` the options have (`betas` wins: PyTorch sets use_beta1 when the
/// defaults have `betas`).
MomentumKind momentum_kind(OptimizerOptions& options);
/// Sets `momentum`, or the first of `betas`, of the options.
void set_momentum(OptimizerOptions& options, MomentumKind kind, double value);

}  // namespace ember::optim::detail
