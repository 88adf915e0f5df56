#pragma once
// How a strided matrix is handed to a GEMM (a BLAS, Ember's own kernel, cuBLAS): the layout rule
// every backend's matrix product shares, so that the op layer decides copies once.
//
// Note [GEMM layout]
// Matrices are row-major with a leading dimension `ld` (the distance between rows, >= the
// number of columns stored). `trans` says the stored matrix is the transpose of the operand: an
// operand of logical shape (r, c) whose column stride is 1 is passed as (kNoTrans, ld = row
// stride); one whose row stride is 1 is passed as (kTrans, ld = column stride). Any other
// strided operand is copied to contiguous memory first (gemm_operand() tells which).
#include <cstdint>
#include <optional>

namespace ember::detail {

/// Whether a GEMM operand is stored transposed.
enum class Trans : bool { kNo = false, kYes = true };

/// How an operand of logical shape (rows, cols) with strides (row_stride, col_stride), in
/// elements, is passed to gemm(); nothing when it must be made contiguous first.
struct GemmOperand {
  Trans trans;
  int64_t ld;
};
std::optional<GemmOperand> gemm_operand(int64_t rows, int64_t cols, int64_t row_stride,
                                        int64_t col_stride);

}  // namespace ember::detail
