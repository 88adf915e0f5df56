#pragma once
// One internal interface for dense matrix products: float32 runs Ember's own AVX2+FMA GEMM when
// the build targets AVX2 (sgemm_avx2.h); otherwise, and for float64, a CBLAS (OpenBLAS) when the
// build has one (EMBER_HAVE_BLAS), else a portable blocked kernel.
//
// (Note [GEMM layout] in core/gemm_layout.h)
#include <cstdint>

#include "core/gemm_layout.h"

namespace ember::cpu {

using detail::gemm_operand;
using detail::GemmOperand;
using detail::Trans;

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

}  // namespace ember::cpu
