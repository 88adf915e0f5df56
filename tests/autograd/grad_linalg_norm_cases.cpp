// Gradient cases of the matrix norms. The nuclear norm's gradient is U Vᵀ (full rank: random
// matrices have distinct, non-zero singular values); its second derivative would need the SVD's
// backward for U and V, which Ember does not build, so those cases skip gradgradcheck
// (second_order = false; the op raises when differentiated twice).
#include "autograd/grad_cases.h"

namespace ember::testing {

EMBER_GRAD_CASES(linalg_norm) {
  GradCaseList c;
  auto nuc = [&c](const char* label, std::vector<int64_t> sizes,
                  std::function<Tensor(const Inputs&)> fn) {
    c.push_back({"nuclear_norm", label, {rnd(sizes)}, std::move(fn), /*second_order=*/false});
  };
  nuc("square", {3, 3}, [](const Inputs& x) { return nuclear_norm(x[0]); });
  nuc("tall", {4, 2}, [](const Inputs& x) { return nuclear_norm(x[0]); });
  nuc("wide, keepdim", {2, 4}, [](const Inputs& x) { return nuclear_norm(x[0], true); });
  nuc("batched over dims (2, 0)", {3, 2, 4}, [](const Inputs& x) {
    return nuclear_norm(x[0], {2, 0});
  });
  nuc("empty matrix", {0, 3}, [](const Inputs& x) { return nuclear_norm(x[0]); });
  c.push_back({"norm",
               "nuc, 3-d, dims (2, 0), keepdim",
               {rnd({3, 2, 4})},
               [](const Inputs& x) {
                 return norm(x[0], "nuc", {2, 0}, true);
               },
               false});
  c.push_back({"norm",
               "nuc, 2-d",
               {rnd({3, 4})},
               [](const Inputs& x) { return norm(x[0], "nuc"); },
               false});
  c.push_back({"linalg_matrix_norm",
               "nuc, batched",
               {rnd({2, 3, 2})},
               [](const Inputs& x) { return linalg_matrix_norm(x[0], "nuc"); },
               false});
  c.push_back({"linalg_matrix_norm",
               "nuc, keepdim, weighted outputs",
               {rnd({2, 3, 3})},
               [](const Inputs& x) {
                 return linalg_matrix_norm(x[0], "nuc", {0, 2}, true) *
                        tensor(std::vector<double>{1.0, -2.0, 0.5}, kDouble).reshape({1, 3, 1});
               },
               false});
  c.push_back({"linalg_matrix_norm", "fro, batched", {rnd({2, 3, 4})}, [](const Inputs& x) {
                 return linalg_matrix_norm(x[0], "fro", {0, 2});
               }});
  return c;
}

}  // namespace ember::testing
