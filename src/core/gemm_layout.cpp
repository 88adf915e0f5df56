#include "core/gemm_layout.h"

#include <algorithm>

namespace ember::detail {

std::optional<GemmOperand> gemm_operand(int64_t rows, int64_t cols, int64_t row_stride,
                                        int64_t col_stride) {
  if (rows == 0 || cols == 0) return GemmOperand{Trans::kNo, std::max<int64_t>(cols, 1)};
  // A dimension of size <= 1 never steps, so its stride is free: pick the one BLAS accepts.
  if ((cols <= 1 || col_stride == 1) && (rows <= 1 || row_stride >= std::max<int64_t>(cols, 1))) {
    return GemmOperand{Trans::kNo, rows <= 1 ? std::max<int64_t>(cols, 1) : row_stride};
  }
  if ((rows <= 1 || row_stride == 1) && (cols <= 1 || col_stride >= std::max<int64_t>(rows, 1))) {
    return GemmOperand{Trans::kYes, cols <= 1 ? std::max<int64_t>(rows, 1) : col_stride};
  }
  return std::nullopt;
}

}  // namespace ember::detail
