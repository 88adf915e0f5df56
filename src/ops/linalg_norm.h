#pragma once
// Matrix norms shared by norm(self, "nuc"/"fro"), nuclear_norm and linalg_matrix_norm.
#include <string_view>

#include "ember/tensor.h"

namespace ember::detail {

/// Raises PyTorch's nuclear_norm error unless `self` is 2-d.
void expect_matrix(const Tensor& self, const char* op);

/// linalg_matrix_norm's checks and result, with errors naming `op` (PyTorch's nuclear_norm's
/// errors unless `op` is "linalg_matrix_norm").
Tensor matrix_norm(const char* op, const Tensor& self, std::string_view ord, IntArrayRef dim,
                   bool keepdim);

}  // namespace ember::detail
