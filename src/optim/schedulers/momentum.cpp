#include "optim/schedulers/momentum.h"

#include <cstring>

namespace ember::optim::detail {

namespace {
// Records where the options keep `momentum` and `betas`; every other field is ignored.
class MomentumFinder final : public OptimizerFieldVisitor {
 public:
  double* momentum = nullptr;
  std::tuple<double, double>* betas = nullptr;
  void field(const char* name, double& value) override {
    if (std::strcmp(name, "momentum") == 0) momentum = &value;
  }
  void field(const char*, int64_t&) override {}
  void field(const char*, bool&) override {}
  void field(const char* name, std::tuple<double, double>& value) override {
    if (std::strcmp(name, "betas") == 0) betas = &value;
  }
  void field(const char*, std::optional<double>&) override {}
  void field(const char*, std::optional<int64_t>&) override {}
  void field(const char*, std::optional<std::string>&) override {}
  void field(const char*, Tensor&, bool) override {}
  void field(const char*, std::vector<Tensor>&) override {}
  void field(const char*, std::deque<Tensor>&) override {}
};
}  // namespace

MomentumKind momentum_kind(OptimizerOptions& options) {
  MomentumFinder finder;
  options.visit_fields(finder);
  // PyTorch: use_beta1 = "betas" in defaults.
  if (finder.betas) return MomentumKind::beta1;
  if (finder.momentum) return MomentumKind::momentum;
  return MomentumKind::none;
}

void set_momentum(OptimizerOptions& options, MomentumKind kind, double value) {
  MomentumFinder finder;
  options.visit_fields(finder);
  if (kind == MomentumKind::beta1 && finder.betas) {
    std::get<0>(*finder.betas) = value;
  } else if (kind == MomentumKind::momentum && finder.momentum) {
    *finder.momentum = value;
  }
}

}  // namespace ember::optim::detail
