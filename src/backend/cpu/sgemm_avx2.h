#pragma once
// Ember's own float32 GEMM for x86-64 with AVX2 and FMA: BLIS-style packing, cache blocking and
// a 6x16 register-blocked micro-kernel, threaded by giving each thread its own part of C.
// Compiled only when the build targets AVX2+FMA (-march=native on such a machine);
// EMBER_HAVE_SGEMM_AVX2 says whether it exists. gemm() (gemm.h) picks it for float32.
#include <cstdint>

#include "backend/cpu/gemm.h"

#if defined(__AVX2__) && defined(__FMA__)
#define EMBER_HAVE_SGEMM_AVX2 1
#else
#define EMBER_HAVE_SGEMM_AVX2 0
#endif

namespace ember::cpu {

#if EMBER_HAVE_SGEMM_AVX2
/// The register block (kSgemmMr x kSgemmNr of C) and cache blocks (rows of A, depth, columns of
/// B) of sgemm_avx2(); exposed so that tests can straddle them.
inline constexpr int64_t kSgemmMr = 6;
inline constexpr int64_t kSgemmNr = 16;
inline constexpr int64_t kSgemmMc = 144;
inline constexpr int64_t kSgemmKc = 256;
inline constexpr int64_t kSgemmNc = 4096;

/// C = alpha * op(A) @ op(B) + beta * C, row-major (Note [GEMM layout]); same contract as
/// gemm(): beta == 0 overwrites C without reading it, alpha == 0 or k == 0 gives beta * C
/// without reading A or B. Leading dimensions must be at least the stored row lengths. Runs on
/// up to ember::get_num_threads() threads (one inside a parallel region); the result is bitwise
/// the same for every thread count (Note [Deterministic SGEMM]).
void sgemm_avx2(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, float alpha,
                const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                int64_t ldc);
#endif

}  // namespace ember::cpu
