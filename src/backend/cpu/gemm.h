#pragma once
// One internal interface for dense matrix products: float32 runs Ember's own AVX2+FMA GEMM when
// the build targets AVX2 (sgemm_avx2.h); otherwise, and for float64, a CBLAS (OpenBLAS) when the
// build has one (EMBER_HAVE_BLAS), else a portable blocked kernel.
//
// Note [GEMM layout]
// Matrices are row-major with a leading dimension `ld` (the distance between rows, >= the
// number of columns stored). `trans` says the stored matrix is the transpose of the operand: an
// operand of logical shape (r, c) whose column stride is 1 is passed as (kNoTrans, ld = row
// stride); one whose row stride is 1 is passed as (kTrans, ld = column stride). Any other
// strided operand is copied to contiguous memory first (gemm_operand() tells which).
#include <cstdint>
#include <optional>

namespace ember::cpu {

enum class Trans : bool { kNo = false, kYes = true };

/// C = alpha * op(A) @ op(B) + beta * C, with op(A) m x k, op(B) k x n and C m x n, row-major.
/// beta == 0 overwrites C without reading it (NaN in C is ignored, as BLAS does); k == 0 gives
/// beta * C. float32: sgemm_avx2() where built (bitwise the same for any thread count), else the
/// BLAS when the build has one; float64: the BLAS when the build has one.
void gemm(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
          int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);
void gemm(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, double alpha,
          const double* a, int64_t lda, const double* b, int64_t ldb, double beta, double* c,
          int64_t ldc);

/// The portable blocked kernel behind gemm() when there is no BLAS; exposed so tests can check
/// it against the BLAS path. Same contract as gemm().
void gemm_fallback(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, float alpha,
                   const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                   int64_t ldc);
void gemm_fallback(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, double alpha,
                   const double* a, int64_t lda, const double* b, int64_t ldb, double beta,
                   double* c, int64_t ldc);

/// True when the build has a BLAS (gemm() uses it for float64, and for float32 where
/// sgemm_avx2() is not built).
bool gemm_has_blas();

/// How an operand of logical shape (rows, cols) with strides (row_stride, col_stride), in
/// elements, is passed to gemm(); nothing when it must be made contiguous first.
struct GemmOperand {
  Trans trans;
  int64_t ld;
};
std::optional<GemmOperand> gemm_operand(int64_t rows, int64_t cols, int64_t row_stride,
                                        int64_t col_stride);

}  // namespace ember::cpu
