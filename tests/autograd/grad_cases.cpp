#include "autograd/grad_cases.h"

namespace ember::testing {

std::vector<GradFamily>& grad_families() {
  static std::vector<GradFamily> families;
  return families;
}

Tensor rnd(IntArrayRef sizes, double lo, double hi) {
  static Generator gen(1234);
  return rand(sizes, gen, TensorOptions().dtype(kDouble)) * (hi - lo) + lo;
}

Tensor idx(std::vector<int64_t> values) {
  return tensor(values, kLong);
}

}  // namespace ember::testing
