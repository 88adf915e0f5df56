#include "backend/cpu/sgemm_avx2.h"

#if EMBER_HAVE_SGEMM_AVX2

#include <immintrin.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "backend/cpu/transpose8.h"
#include "core/parallel.h"

namespace ember::cpu {
namespace {

// Note [Deterministic SGEMM]
// Every element of C is computed by the same sequence of operations whatever the thread count
// and whatever part of C a thread owns: k is cut into kKc-blocks at fixed offsets (0, kKc, ...),
// within a block the micro-kernel accumulates a[i,p] * b[p,j] with one FMA per p in increasing
// p, starting from zero, and each block is folded into C as c = alpha * acc + beta' * c (one FMA;
// beta' = beta for the first block, 1 after it; alpha * acc alone when beta' == 0). Edge tiles
// run the same kernel on a copy of the tile. Threads only decide which tiles they compute, so 1
// and 2 threads give bitwise identical results.

// Register block: 6 rows x 16 columns of C in 12 ymm accumulators, 2 ymm for a row of B and one
// broadcast of A (15 of the 16 ymm registers).
constexpr int64_t kMr = kSgemmMr;
constexpr int64_t kNr = kSgemmNr;
// Cache blocks for Zen 3 (32 KiB L1d, 512 KiB L2 per core): a kKc x kNr micro-panel of B (16
// KiB) stays in L1 while the kMc x kKc block of A (144 KiB) streams from L2; the kKc x kNc panel
// of B lives in L3. kKc is also the determinism block (Note [Deterministic SGEMM]): it must not
// depend on the problem split.
constexpr int64_t kKc = kSgemmKc;
constexpr int64_t kMc = kSgemmMc;
constexpr int64_t kNc = kSgemmNc;
static_assert(kMr == 6 && kNr == 16, "kernel_6x16 is written for a 6x16 register block");
static_assert(kMc % kMr == 0 && kNc % kNr == 0, "cache blocks are whole micro-panels");

// A 64-byte aligned float buffer kept per thread, so that packing does not allocate per call.
class PackBuffer {
 public:
  PackBuffer() = default;
  PackBuffer(const PackBuffer&) = delete;
  PackBuffer& operator=(const PackBuffer&) = delete;
  ~PackBuffer() { std::free(data_); }
  float* get(int64_t floats) {
    const auto want = static_cast<size_t>(floats);
    if (want > size_) {
      std::free(data_);
      data_ = nullptr;
      size_ = 0;
      const size_t bytes = (want * sizeof(float) + 63) / 64 * 64;
      data_ = static_cast<float*>(std::aligned_alloc(64, bytes));
      if (data_ == nullptr) throw std::bad_alloc();
      size_ = want;
    }
    return data_;
  }

 private:
  float* data_ = nullptr;
  size_t size_ = 0;
};

// Packs rows [i0, i0 + mc) x columns [p0, p0 + kc) of op(A) into micro-panels of kMr rows:
// panel q holds dst[q * kMr * kc + p * kMr + r] = op(A)[i0 + q * kMr + r, p0 + p], rows past mc
// zero. With A not transposed, 8 columns of 6 rows are transposed in registers and written as 8
// overlapping 8-float stores (each overwrites the previous one's 2 spare lanes), so `dst` needs
// 2 floats of slack after the last panel.
void pack_a(bool trans, const float* a, int64_t lda, int64_t i0, int64_t p0, int64_t mc, int64_t kc,
            float* dst) {
  for (int64_t q = 0; q < mc; q += kMr, dst += kMr * kc) {
    const int64_t rows = std::min(kMr, mc - q);
    if (trans) {
      const float* src = a + p0 * lda + (i0 + q);
      for (int64_t p = 0; p < kc; ++p, src += lda) {
        for (int64_t r = 0; r < kMr; ++r) dst[p * kMr + r] = r < rows ? src[r] : 0.0f;
      }
      continue;
    }
    const float* src = a + (i0 + q) * lda + p0;
    int64_t p = 0;
    if (rows == kMr) {
      for (; p + 8 <= kc; p += 8) {
        __m256 r[8];
        for (int64_t i = 0; i < kMr; ++i) r[i] = _mm256_loadu_ps(src + i * lda + p);
        r[6] = _mm256_setzero_ps();
        r[7] = _mm256_setzero_ps();
        transpose8(r);
        for (int64_t j = 0; j < 8; ++j) _mm256_storeu_ps(dst + (p + j) * kMr, r[j]);
      }
    }
    for (; p < kc; ++p) {
      for (int64_t r = 0; r < kMr; ++r) dst[p * kMr + r] = r < rows ? src[r * lda + p] : 0.0f;
    }
  }
}

// Packs rows [p0, p0 + kc) x columns [j0, j0 + nc) of op(B) into micro-panels of kNr columns:
// panel q holds dst[q * kNr * kc + p * kNr + c] = op(B)[p0 + p, j0 + q * kNr + c], columns past
// nc zero.
void pack_b(bool trans, const float* b, int64_t ldb, int64_t p0, int64_t j0, int64_t kc, int64_t nc,
            float* dst) {
  for (int64_t q = 0; q < nc; q += kNr, dst += kNr * kc) {
    const int64_t cols = std::min(kNr, nc - q);
    if (!trans) {
      const float* src = b + p0 * ldb + (j0 + q);
      if (cols == kNr) {
        for (int64_t p = 0; p < kc; ++p, src += ldb) {
          _mm256_store_ps(dst + p * kNr, _mm256_loadu_ps(src));
          _mm256_store_ps(dst + p * kNr + 8, _mm256_loadu_ps(src + 8));
        }
      } else {
        for (int64_t p = 0; p < kc; ++p, src += ldb) {
          for (int64_t c = 0; c < kNr; ++c) dst[p * kNr + c] = c < cols ? src[c] : 0.0f;
        }
      }
      continue;
    }
    // op(B)[p, j] = b[j * ldb + p]: rows of the stored B are columns of the panel.
    const float* src = b + (j0 + q) * ldb + p0;
    int64_t p = 0;
    if (cols == kNr) {
      for (; p + 8 <= kc; p += 8) {
        for (int64_t half = 0; half < 2; ++half) {
          __m256 r[8];
          for (int64_t i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + (half * 8 + i) * ldb + p);
          transpose8(r);
          for (int64_t j = 0; j < 8; ++j) _mm256_store_ps(dst + (p + j) * kNr + half * 8, r[j]);
        }
      }
    }
    for (; p < kc; ++p) {
      for (int64_t c = 0; c < kNr; ++c) dst[p * kNr + c] = c < cols ? src[c * ldb + p] : 0.0f;
    }
  }
}

// c[0..16) = alpha * acc + beta * c (Note [Deterministic SGEMM]); beta == 0 does not read c.
inline void update_row(float* c, __m256 acc0, __m256 acc1, __m256 alpha, __m256 beta,
                       bool beta_zero) {
  if (beta_zero) {
    _mm256_storeu_ps(c, _mm256_mul_ps(alpha, acc0));
    _mm256_storeu_ps(c + 8, _mm256_mul_ps(alpha, acc1));
  } else {
    _mm256_storeu_ps(c, _mm256_fmadd_ps(alpha, acc0, _mm256_mul_ps(beta, _mm256_loadu_ps(c))));
    _mm256_storeu_ps(c + 8,
                     _mm256_fmadd_ps(alpha, acc1, _mm256_mul_ps(beta, _mm256_loadu_ps(c + 8))));
  }
}

// The 6x16 micro-kernel: C[0..6, 0..16) = alpha * Apanel @ Bpanel + beta * C over kc steps.
void kernel_6x16(int64_t kc, const float* __restrict a, const float* __restrict b, float* c,
                 int64_t ldc, float alpha, float beta) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int64_t r = 0; r < kMr; ++r) {
    _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc + 15), _MM_HINT_T0);
  }
  auto step = [&](int64_t p) {
    const __m256 b0 = _mm256_load_ps(b + p * kNr), b1 = _mm256_load_ps(b + p * kNr + 8);
    const float* ap = a + p * kMr;
    __m256 x = _mm256_broadcast_ss(ap);
    c00 = _mm256_fmadd_ps(x, b0, c00);
    c01 = _mm256_fmadd_ps(x, b1, c01);
    x = _mm256_broadcast_ss(ap + 1);
    c10 = _mm256_fmadd_ps(x, b0, c10);
    c11 = _mm256_fmadd_ps(x, b1, c11);
    x = _mm256_broadcast_ss(ap + 2);
    c20 = _mm256_fmadd_ps(x, b0, c20);
    c21 = _mm256_fmadd_ps(x, b1, c21);
    x = _mm256_broadcast_ss(ap + 3);
    c30 = _mm256_fmadd_ps(x, b0, c30);
    c31 = _mm256_fmadd_ps(x, b1, c31);
    x = _mm256_broadcast_ss(ap + 4);
    c40 = _mm256_fmadd_ps(x, b0, c40);
    c41 = _mm256_fmadd_ps(x, b1, c41);
    x = _mm256_broadcast_ss(ap + 5);
    c50 = _mm256_fmadd_ps(x, b0, c50);
    c51 = _mm256_fmadd_ps(x, b1, c51);
  };
  int64_t p = 0;
  for (; p + 4 <= kc; p += 4) {
    step(p);
    step(p + 1);
    step(p + 2);
    step(p + 3);
  }
  for (; p < kc; ++p) step(p);
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
  const bool beta_zero = beta == 0.0f;
  update_row(c, c00, c01, va, vb, beta_zero);
  update_row(c + ldc, c10, c11, va, vb, beta_zero);
  update_row(c + 2 * ldc, c20, c21, va, vb, beta_zero);
  update_row(c + 3 * ldc, c30, c31, va, vb, beta_zero);
  update_row(c + 4 * ldc, c40, c41, va, vb, beta_zero);
  update_row(c + 5 * ldc, c50, c51, va, vb, beta_zero);
}

// A tile of C with `rows` <= kMr and `cols` <= kNr valid: full tiles go straight to C, edge tiles
// through a copy so that the kernel never touches memory outside C.
void tile(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t rows,
          int64_t cols, float alpha, float beta) {
  if (rows == kMr && cols == kNr) return kernel_6x16(kc, a, b, c, ldc, alpha, beta);
  alignas(32) float buf[kMr * kNr];
  const auto bytes = static_cast<size_t>(cols) * sizeof(float);
  if (beta != 0.0f) {
    for (int64_t r = 0; r < rows; ++r) std::memcpy(buf + r * kNr, c + r * ldc, bytes);
  }
  kernel_6x16(kc, a, b, buf, kNr, alpha, beta);
  for (int64_t r = 0; r < rows; ++r) std::memcpy(c + r * ldc, buf + r * kNr, bytes);
}

struct Problem {
  bool ta, tb;
  int64_t m, n, k;
  float alpha;
  const float* a;
  int64_t lda;
  const float* b;
  int64_t ldb;
  float beta;
  float* c;
  int64_t ldc;
};

// Computes the block rows [m0, m1) x columns [n0, n1) of C, packing its own panels.
void run_block(const Problem& pr, int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
  static thread_local PackBuffer a_buf, b_buf;
  const int64_t mspan = std::min(kMc, m1 - m0), nspan = std::min(kNc, n1 - n0);
  const int64_t kspan = std::min(kKc, pr.k);
  float* pa = a_buf.get((mspan + kMr - 1) / kMr * kMr * kspan + 8);
  float* pb = b_buf.get((nspan + kNr - 1) / kNr * kNr * kspan);
  for (int64_t jc = n0; jc < n1; jc += kNc) {
    const int64_t nc = std::min(kNc, n1 - jc);
    for (int64_t pc = 0; pc < pr.k; pc += kKc) {
      const int64_t kc = std::min(kKc, pr.k - pc);
      const float beta = pc == 0 ? pr.beta : 1.0f;
      pack_b(pr.tb, pr.b, pr.ldb, pc, jc, kc, nc, pb);
      for (int64_t ic = m0; ic < m1; ic += kMc) {
        const int64_t mc = std::min(kMc, m1 - ic);
        pack_a(pr.ta, pr.a, pr.lda, ic, pc, mc, kc, pa);
        for (int64_t jr = 0; jr < nc; jr += kNr) {
          const float* bp = pb + jr * kc;
          for (int64_t ir = 0; ir < mc; ir += kMr) {
            tile(kc, pa + ir * kc, bp, pr.c + (ic + ir) * pr.ldc + jc + jr, pr.ldc,
                 std::min(kMr, mc - ir), std::min(kNr, nc - jr), pr.alpha, beta);
          }
        }
      }
    }
  }
}

// C = beta * C when there is no product to add (k == 0 or alpha == 0).
void scale_only(const Problem& pr) {
  for (int64_t i = 0; i < pr.m; ++i) {
    float* row = pr.c + i * pr.ldc;
    if (pr.beta == 0.0f) {
      std::fill(row, row + pr.n, 0.0f);
    } else if (pr.beta != 1.0f) {
      for (int64_t j = 0; j < pr.n; ++j) row[j] *= pr.beta;
    }
  }
}

// Splits C into tm x tn blocks (whole micro-panels) for `threads` threads. Each thread packs the
// A rows and B columns of its block, so the split minimises an estimate of compute plus packing
// per thread: packing A (6 rows transposed in registers) costs about 1 cycle per element,
// packing B about 0.25, and a micro-kernel step 12 FMAs over 6 cycles. With no split that fits
// (fewer micro-panels than threads), one thread does it all.
struct Split {
  int64_t tm = 1, tn = 1;
};
Split choose_split(int64_t m, int64_t n, int64_t k, int64_t threads) {
  const int64_t mp = (m + kMr - 1) / kMr, np = (n + kNr - 1) / kNr;
  Split best;
  double best_cost = -1;
  for (int64_t tn = 1; tn <= threads; ++tn) {
    if (threads % tn != 0) continue;
    const int64_t tm = threads / tn;
    if (tm > mp || tn > np) continue;
    const double rows = static_cast<double>((mp + tm - 1) / tm * kMr);
    const double cols = static_cast<double>((np + tn - 1) / tn * kNr);
    const double kd = static_cast<double>(k);
    const double cost = rows * cols * kd / 16.0 + rows * kd + 0.25 * cols * kd;
    if (best_cost < 0 || cost < best_cost) {
      best_cost = cost;
      best = {tm, tn};
    }
  }
  return best;
}

// Products below this many multiply-adds per thread run on fewer threads: starting a parallel
// region costs a few microseconds.
constexpr int64_t kMinWorkPerThread = int64_t{1} << 17;

}  // namespace

void sgemm_avx2(Trans transa, Trans transb, int64_t m, int64_t n, int64_t k, float alpha,
                const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                int64_t ldc) {
  if (m <= 0 || n <= 0) return;
  const Problem pr{
      transa == Trans::kYes, transb == Trans::kYes, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc};
  if (k <= 0 || alpha == 0.0f) return scale_only(pr);
  int64_t threads = detail::in_parallel_region() ? 1 : detail::num_threads();
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  threads = std::max<int64_t>(
      1, std::min<int64_t>(threads, static_cast<int64_t>(work / kMinWorkPerThread)));
  const Split split = threads > 1 ? choose_split(m, n, k, threads) : Split{};
  const int64_t tasks = split.tm * split.tn;
  if (tasks == 1) return run_block(pr, 0, m, 0, n);
  const int64_t mp = (m + kMr - 1) / kMr, np = (n + kNr - 1) / kNr;
  detail::parallel_for(0, tasks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t ti = t / split.tn, tj = t % split.tn;
      const int64_t m0 = std::min(m, ti * mp / split.tm * kMr);
      const int64_t m1 = std::min(m, (ti + 1) * mp / split.tm * kMr);
      const int64_t n0 = std::min(n, tj * np / split.tn * kNr);
      const int64_t n1 = std::min(n, (tj + 1) * np / split.tn * kNr);
      if (m0 < m1 && n0 < n1) run_block(pr, m0, m1, n0, n1);
    }
  });
}

}  // namespace ember::cpu

#endif  // EMBER_HAVE_SGEMM_AVX2
