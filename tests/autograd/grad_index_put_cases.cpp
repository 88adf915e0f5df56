// Gradient cases of index_put_ with accumulate (repeated indices add up).
#include "autograd/grad_cases.h"

namespace ember::testing {

EMBER_GRAD_CASES(index_put_accumulate) {
  using I = const Inputs&;
  return {
      {"index_put_",
       "accumulate, repeated rows",
       {rnd({3, 2}), rnd({3, 2})},
       [](I x) {
         Tensor y = x[0] * 1;
         y.index_put_({idx({2, 0, 2})}, x[1], /*accumulate=*/true);
         return y;
       }},
      {"index_put_",
       "accumulate, broadcast value",
       {rnd({4}), rnd({})},
       [](I x) {
         Tensor y = x[0] * 2;
         y.index_put_({idx({1, 1, 3})}, x[1], /*accumulate=*/true);
         return y;
       }},
  };
}

}  // namespace ember::testing
