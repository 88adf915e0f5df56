#include "backend/cpu/gemm.h"

#include <algorithm>
#include <climits>
#include <type_traits>
#include <vector>

#include "backend/cpu/sgemm_avx2.h"
#include "core/parallel.h"

#ifdef EMBER_HAVE_BLAS
#include <cblas.h>
#endif

namespace ember::cpu {
namespace {

// C = beta * C for an m x n block, with beta == 0 writing zeros without reading C.
template <class T>
void scale_rows(int64_t row_begin, int64_t row_end, int64_t n, T beta, T* c, int64_t ldc) {
  if (beta == T(1)) return;
  for (int64_t i = row_begin; i < row_end; ++i) {
    T* row = c + i * ldc;
    if (beta == T(0)) {
      std::fill(row, row + n, T(0));
    } else {
      for (int64_t j = 0; j < n; ++j) row[j] *= beta;
    }
  }
}

// Blocking of the portable kernel: a panel of kKc x kNc elements of B is packed row-major so
// that the innermost loop (over columns of C) runs over contiguous memory and vectorises.
constexpr int64_t kMc = 32;
constexpr int64_t kKc = 128;
constexpr int64_t kNc = 256;

template <class T>
void fallback(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, T alpha, const T* a,
              int64_t lda, const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
  if (m <= 0 || n <= 0) return;
  const bool ta = transa == Trans::kYes;
  const bool tb = transb == Trans::kYes;
  // Each row of C is computed by the same sequence of operations whatever the chunking, so the
  // result does not depend on the thread count (Note [Deterministic chunking]).
  const int64_t work_per_row = std::max<int64_t>(1, n * std::max<int64_t>(k, 1));
  const int64_t grain = std::max<int64_t>(kMc, (int64_t{1} << 16) / work_per_row);
  detail::parallel_for(0, m, grain, [&](int64_t row_begin, int64_t row_end) {
    scale_rows(row_begin, row_end, n, beta, c, ldc);
    if (k == 0 || alpha == T(0)) return;
    std::vector<T> packed(static_cast<size_t>(kKc * kNc));
    std::vector<T> acc(static_cast<size_t>(kNc));
    for (int64_t jc = 0; jc < n; jc += kNc) {
      const int64_t nc = std::min(kNc, n - jc);
      for (int64_t pc = 0; pc < k; pc += kKc) {
        const int64_t kc = std::min(kKc, k - pc);
        for (int64_t p = 0; p < kc; ++p) {
          T* dst = packed.data() + p * nc;
          for (int64_t j = 0; j < nc; ++j) {
            dst[j] = tb ? b[(jc + j) * ldb + (pc + p)] : b[(pc + p) * ldb + (jc + j)];
          }
        }
        for (int64_t i = row_begin; i < row_end; ++i) {
          std::fill(acc.begin(), acc.begin() + nc, T(0));
          for (int64_t p = 0; p < kc; ++p) {
            const T aip = ta ? a[(pc + p) * lda + i] : a[i * lda + (pc + p)];
            const T* src = packed.data() + p * nc;
            T* out = acc.data();
            for (int64_t j = 0; j < nc; ++j) out[j] += aip * src[j];
          }
          T* row = c + i * ldc + jc;
          for (int64_t j = 0; j < nc; ++j) row[j] += alpha * acc[j];
        }
      }
    }
  });
}

#ifdef EMBER_HAVE_BLAS
bool fits_blas_int(int64_t v) {
  return v >= 0 && v <= INT_MAX;
}
bool fits_blas(int64_t m, int64_t n, int64_t k, int64_t lda, int64_t ldb, int64_t ldc) {
  return fits_blas_int(m) && fits_blas_int(n) && fits_blas_int(k) && fits_blas_int(lda) &&
         fits_blas_int(ldb) && fits_blas_int(ldc);
}
CBLAS_TRANSPOSE to_blas(Trans t) {
  return t == Trans::kYes ? CblasTrans : CblasNoTrans;
}
void blas_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, float alpha,
               const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
void blas_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, double alpha,
               const double* a, int lda, const double* b, int ldb, double beta, double* c,
               int ldc) {
  cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
#endif

// Leading dimensions BLAS accepts: at least 1 and at least the stored row length.
int64_t fix_ld(int64_t ld, int64_t stored_cols) {
  return std::max<int64_t>({ld, stored_cols, 1});
}

template <class T>
void dispatch(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, T alpha, const T* a,
              int64_t lda, const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    scale_rows(0, m, n, beta, c, ldc);
    return;
  }
  lda = fix_ld(lda, transa == Trans::kYes ? m : k);
  ldb = fix_ld(ldb, transb == Trans::kYes ? k : n);
  ldc = fix_ld(ldc, n);
#if EMBER_HAVE_SGEMM_AVX2
  // float32 takes Ember's own GEMM at every size: on the Zen 3 machine of BENCHMARKS.md it is
  // as fast as OpenBLAS or faster from 16x16 up on one thread (within 0.1 us below), it scales
  // about 2x on two threads where OpenBLAS reaches about 1.65x, and its result does not depend
  // on the thread count (Note [Deterministic SGEMM]). float64 stays on the BLAS.
  if constexpr (std::is_same_v<T, float>) {
    return sgemm_avx2(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
#endif
#ifdef EMBER_HAVE_BLAS
  if (fits_blas(m, n, k, lda, ldb, ldc)) {
    blas_gemm(to_blas(transa), to_blas(transb), static_cast<int>(m), static_cast<int>(n),
              static_cast<int>(k), alpha, a, static_cast<int>(lda), b, static_cast<int>(ldb), beta,
              c, static_cast<int>(ldc));
    return;
  }
#endif
  fallback(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace

void gemm(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
          int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  dispatch(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, double alpha,
          const double* a, int64_t lda, const double* b, int64_t ldb, double beta, double* c,
          int64_t ldc) {
  dispatch(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm_fallback(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, float alpha,
                   const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                   int64_t ldc) {
  if (k <= 0) return scale_rows(0, std::max<int64_t>(m, 0), n, beta, c, ldc);
  fallback(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm_fallback(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, double alpha,
                   const double* a, int64_t lda, const double* b, int64_t ldb, double beta,
                   double* c, int64_t ldc) {
  if (k <= 0) return scale_rows(0, std::max<int64_t>(m, 0), n, beta, c, ldc);
  fallback(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

bool gemm_has_blas() {
#ifdef EMBER_HAVE_BLAS
  return true;
#else
  return false;
#endif
}

}  // namespace ember::cpu
