#pragma once
// Matrix norms shared by norm(self, "nuc"/"fro"), nuclear_norm and linalg_matrix_norm.
#include <string_view>

#include "ember/tensor.h"

namespace ember::detail {

/// linalg_matrix_norm's checks and result, with errors naming `op`.
Tensor matrix_norm(const char* op, const Tensor& self, std::string_view ord, IntArrayRef dim,
                   bool keepdim);

}  // namespace ember::detail
