#include "ember/optim/schedulers/lambda_lr.h"

#include "ember/error.h"

namespace ember::optim {

namespace {
std::vector<LRLambda> per_group(const char* who, std::vector<LRLambda> fns, size_t groups) {
  EMBER_CHECK(fns.size() == groups, who, "Expected ", groups, " lr_lambdas, but got ", fns.size(),
              " (one per param group)");
  for (const auto& fn : fns)
    EMBER_CHECK(static_cast<bool>(fn), who, "lr_lambda must be a function, got an empty one");
  return fns;
}
}  // namespace

LambdaLR::LambdaLR(Optimizer& optimizer, LRLambda lr_lambda)
    : LambdaLR(optimizer, std::vector<LRLambda>(optimizer.param_groups().size(), lr_lambda)) {}

LambdaLR::LambdaLR(Optimizer& optimizer, std::vector<LRLambda> lr_lambdas)
    : LRScheduler(optimizer),
      lr_lambdas_(per_group("LambdaLR", std::move(lr_lambdas), optimizer.param_groups().size())) {
  initial_step();
}

std::vector<double> LambdaLR::get_lrs() {
  std::vector<double> lrs(base_lrs_.size());
  for (size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * lr_lambdas_[i](last_epoch_);
  return lrs;
}

MultiplicativeLR::MultiplicativeLR(Optimizer& optimizer, LRLambda lr_lambda)
    : MultiplicativeLR(optimizer,
                       std::vector<LRLambda>(optimizer.param_groups().size(), lr_lambda)) {}

MultiplicativeLR::MultiplicativeLR(Optimizer& optimizer, std::vector<LRLambda> lr_lambdas)
    : LRScheduler(optimizer),
      lr_lambdas_(
          per_group("MultiplicativeLR", std::move(lr_lambdas), optimizer.param_groups().size())) {
  initial_step();
}

std::vector<double> MultiplicativeLR::get_lrs() {
  std::vector<double> lrs = get_current_lrs();
  if (is_initial_) return lrs;
  for (size_t i = 0; i < lrs.size(); ++i) lrs[i] *= lr_lambdas_[i](last_epoch_);
  return lrs;
}

}  // namespace ember::optim
