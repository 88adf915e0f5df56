#pragma once
// The gradient test table (OpInfo style): every differentiable op in src/ops/op_list.def has
// cases here, each run through gradcheck and gradgradcheck in float64, as given and with every
// input made non-contiguous; Gradcheck.EveryOpHasCasesOrSaysWhyNot (grad_test.cpp) fails for an
// op that has neither a case nor an entry in src/autograd/not_differentiable.def.
//
// A family file registers its cases once:
//   EMBER_GRAD_CASES(unary) {
//     return {{"exp", "2x3", {rnd({2, 3})}, [](const Inputs& x) { return x[0].exp(); }}};
//   }
#include <functional>
#include <string>
#include <vector>

#include "ember/ember.h"

namespace ember::testing {

using Inputs = std::vector<Tensor>;

struct GradCase {
  std::string op;     // the name in src/ops/op_list.def
  std::string label;  // what this case covers ("broadcast", "0-d", "empty", ...)
  Inputs inputs;      // float64 leaves; the runner makes each require grad
  std::function<Tensor(const Inputs&)> fn;
  bool second_order = true;  // also run gradgradcheck
};

using GradCaseList = std::vector<GradCase>;

struct GradFamily {
  std::string name;
  GradCaseList (*make)();
};
std::vector<GradFamily>& grad_families();

struct GradFamilyRegistrar {
  GradFamilyRegistrar(const char* name, GradCaseList (*make)()) {
    grad_families().push_back({name, make});
  }
};

#define EMBER_GRAD_CASES(family)                                              \
  ::ember::testing::GradCaseList family##_grad_cases();                       \
  static const ::ember::testing::GradFamilyRegistrar family##_grad_registrar( \
      #family, &family##_grad_cases);                                         \
  ::ember::testing::GradCaseList family##_grad_cases()

/// A float64 tensor of `sizes`, uniform in [lo, hi) (seeded per call order: deterministic).
Tensor rnd(IntArrayRef sizes, double lo = -1.0, double hi = 1.0);
/// An int64 index tensor.
Tensor idx(std::vector<int64_t> values);

}  // namespace ember::testing
