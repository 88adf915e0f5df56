#pragma once
// Numbers an elementwise primitive takes besides its tensors (a rounding precision, a weight,
// tolerances), passed from the op layer to the kernel. A functor that needs them has a
// constructor from `ElementwiseArgs`; the others ignore them.
#include <cstdint>

namespace ember::detail {

struct ElementwiseArgs {
  double a = 0;
  double b = 0;
  double c = 0;
  int64_t i = 0;
  bool flag = false;
};

}  // namespace ember::detail
