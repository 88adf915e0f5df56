// Note [Fused softmax]
// softmax and log_softmax run in one kernel per (outer index, block of inner columns): the max
// along dim, the shifted values x - max, their exponentials (eight float32 lanes at a time
// through SLEEF, Note [Vectorised math]), the sum, and the normalisation, all on a block that
// stays in cache. 16-bit floats compute in float and round once. Work is split by blocks whose
// boundaries depend only on the shape (Note [Deterministic chunking]), and every sum runs in a
// fixed order (eight interleaved partial sums for the last-dim case), so the result does not
// depend on the thread count.
#include "backend/cpu/softmax_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "backend/cpu/vec8.h"
#include "core/dispatch.h"
#include "core/parallel.h"

namespace ember::cpu {
namespace {

using detail::compute_t;

// dst[i] = exp(src[i]) for a contiguous run.
template <class C>
void exp_into(const C* src, C* dst, int64_t n) {
  int64_t i = 0;
#if EMBER_HAVE_VEC8
  if constexpr (std::is_same_v<C, float>) {
    for (; i + 8 <= n; i += 8)
      _mm256_storeu_ps(dst + i, Sleef_expf8_u10avx2(_mm256_loadu_ps(src + i)));
  }
#endif
  for (; i < n; ++i) dst[i] = std::exp(src[i]);
}

// The sum of a contiguous run in a fixed order: eight interleaved partial sums, then a tree.
template <class C>
C ordered_sum(const C* p, int64_t n) {
  C acc[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; ++k) acc[k] += p[i + k];
  }
  for (int64_t k = 0; i < n; ++i, ++k) acc[k] += p[i];
  return ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
}

// The max of a contiguous run (eight interleaved partial maxima; NaN need not propagate here:
// a NaN input makes its row's sum NaN anyway).
template <class C>
C row_max(const C* p, int64_t n) {
  C acc[8];
  for (int k = 0; k < 8; ++k) acc[k] = -std::numeric_limits<C>::infinity();
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; ++k) acc[k] = std::max(acc[k], p[i + k]);
  }
  for (int k = 0; i < n; ++i, ++k) acc[k] = std::max(acc[k], p[i]);
  for (int k = 1; k < 8; ++k) acc[0] = std::max(acc[0], acc[k]);
  return acc[0];
}

// Softmax of one contiguous row of length n (the last-dim case), through buffers of n values.
template <class T, class C>
void softmax_row(T* y, const T* x, int64_t n, bool log, C* shifted, C* exps) {
  for (int64_t i = 0; i < n; ++i) shifted[i] = static_cast<C>(x[i]);
  const C m = row_max(shifted, n);
  for (int64_t i = 0; i < n; ++i) shifted[i] -= m;
  exp_into(shifted, exps, n);
  const C sum = ordered_sum(exps, n);
  if (log) {
    const C ls = std::log(sum);
    for (int64_t i = 0; i < n; ++i) y[i] = static_cast<T>(shifted[i] - ls);
  } else {
    const C inv = C(1) / sum;
    for (int64_t i = 0; i < n; ++i) y[i] = static_cast<T>(exps[i] * inv);
  }
}

// Its backward: gi = y * (g - sum(g * y)), or for log: g - exp(y) * sum(g).
template <class T, class C>
void softmax_backward_row(T* gi, const T* g, const T* y, int64_t n, bool log, C* gv, C* yv) {
  for (int64_t i = 0; i < n; ++i) {
    gv[i] = static_cast<C>(g[i]);
    yv[i] = static_cast<C>(y[i]);
  }
  if (log) {
    exp_into(yv, yv, n);
    const C sg = ordered_sum(gv, n);
    for (int64_t i = 0; i < n; ++i) gi[i] = static_cast<T>(gv[i] - yv[i] * sg);
  } else {
    C acc[8] = {};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
      for (int k = 0; k < 8; ++k) acc[k] += gv[i + k] * yv[i + k];
    }
    for (int k = 0; i < n; ++i, ++k) acc[k] += gv[i] * yv[i];
    const C dot = ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
    for (int64_t j = 0; j < n; ++j) gi[j] = static_cast<T>(yv[j] * (gv[j] - dot));
  }
}

// Column blocks: inner dims are cut into blocks of this many columns so a block of (dim, cols)
// values stays small and the work parallelises even with a single outer index.
constexpr int64_t kColumnBlock = 64;

struct Block {
  int64_t offset;  // of element (o, 0, j0) in the contiguous tensor
  int64_t cols;
};

// Runs f(block) over every (outer, column block), in parallel.
template <class F>
void for_each_block(SoftmaxShape s, const F& f) {
  const int64_t col_blocks = (s.inner + kColumnBlock - 1) / kColumnBlock;
  const int64_t units = s.outer * col_blocks;
  const int64_t per_unit = std::max<int64_t>(1, s.dim * std::min(s.inner, kColumnBlock));
  const int64_t grain = std::max<int64_t>(1, detail::kGrainSize / (4 * per_unit));
  detail::parallel_for(0, units, grain, [&](int64_t b, int64_t e) {
    for (int64_t u = b; u < e; ++u) {
      const int64_t o = u / col_blocks;
      const int64_t j0 = (u % col_blocks) * kColumnBlock;
      f(Block{o * s.dim * s.inner + j0, std::min(kColumnBlock, s.inner - j0)});
    }
  });
}

template <class T>
void softmax_typed(T* out, const T* in, SoftmaxShape s, bool log) {
  using C = compute_t<T>;
  if (s.inner == 1) {
    const int64_t grain = std::max<int64_t>(1, detail::kGrainSize / (4 * s.dim));
    detail::parallel_for(0, s.outer, grain, [&](int64_t b, int64_t e) {
      std::vector<C> shifted(static_cast<size_t>(s.dim)), exps(static_cast<size_t>(s.dim));
      for (int64_t o = b; o < e; ++o) {
        softmax_row(out + o * s.dim, in + o * s.dim, s.dim, log, shifted.data(), exps.data());
      }
    });
    return;
  }
  for_each_block(s, [&](Block b) {
    const int64_t D = s.dim;
    const int64_t n = b.cols;
    std::vector<C> shifted(static_cast<size_t>(D * n));
    std::vector<C> exps(static_cast<size_t>(D * n));
    std::vector<C> mx(static_cast<size_t>(n), -std::numeric_limits<C>::infinity());
    std::vector<C> sum(static_cast<size_t>(n), C(0));
    const T* x = in + b.offset;
    for (int64_t d = 0; d < D; ++d) {
      const T* row = x + d * s.inner;
      for (int64_t j = 0; j < n; ++j) mx[j] = std::max(mx[j], static_cast<C>(row[j]));
    }
    for (int64_t d = 0; d < D; ++d) {
      const T* row = x + d * s.inner;
      C* sh = shifted.data() + d * n;
      for (int64_t j = 0; j < n; ++j) sh[j] = static_cast<C>(row[j]) - mx[j];
    }
    exp_into(shifted.data(), exps.data(), D * n);
    if (n == 1) {
      sum[0] = ordered_sum(exps.data(), D);
    } else {
      for (int64_t d = 0; d < D; ++d) {
        const C* e = exps.data() + d * n;
        for (int64_t j = 0; j < n; ++j) sum[j] += e[j];
      }
    }
    T* y = out + b.offset;
    if (log) {
      for (int64_t j = 0; j < n; ++j) sum[j] = std::log(sum[j]);
      for (int64_t d = 0; d < D; ++d) {
        const C* sh = shifted.data() + d * n;
        T* row = y + d * s.inner;
        for (int64_t j = 0; j < n; ++j) row[j] = static_cast<T>(sh[j] - sum[j]);
      }
    } else {
      for (int64_t j = 0; j < n; ++j) sum[j] = C(1) / sum[j];
      for (int64_t d = 0; d < D; ++d) {
        const C* e = exps.data() + d * n;
        T* row = y + d * s.inner;
        for (int64_t j = 0; j < n; ++j) row[j] = static_cast<T>(e[j] * sum[j]);
      }
    }
  });
}

template <class T>
void softmax_backward_typed(T* gi, const T* g, const T* y, SoftmaxShape s, bool log) {
  using C = compute_t<T>;
  if (s.inner == 1) {
    const int64_t grain = std::max<int64_t>(1, detail::kGrainSize / (4 * s.dim));
    detail::parallel_for(0, s.outer, grain, [&](int64_t b, int64_t e) {
      std::vector<C> gv(static_cast<size_t>(s.dim)), yv(static_cast<size_t>(s.dim));
      for (int64_t o = b; o < e; ++o) {
        const int64_t off = o * s.dim;
        softmax_backward_row(gi + off, g + off, y + off, s.dim, log, gv.data(), yv.data());
      }
    });
    return;
  }
  for_each_block(s, [&](Block b) {
    const int64_t D = s.dim;
    const int64_t n = b.cols;
    std::vector<C> gv(static_cast<size_t>(D * n));
    std::vector<C> yv(static_cast<size_t>(D * n));
    std::vector<C> acc(static_cast<size_t>(n), C(0));
    for (int64_t d = 0; d < D; ++d) {
      const T* gr = g + b.offset + d * s.inner;
      const T* yr = y + b.offset + d * s.inner;
      C* gd = gv.data() + d * n;
      C* yd = yv.data() + d * n;
      for (int64_t j = 0; j < n; ++j) {
        gd[j] = static_cast<C>(gr[j]);
        yd[j] = static_cast<C>(yr[j]);
      }
    }
    if (log) {
      exp_into(yv.data(), yv.data(), D * n);  // yv = softmax
    } else {
      // gv * yv is accumulated below; keep gv for the final formula.
    }
    if (n == 1) {
      if (log) {
        acc[0] = ordered_sum(gv.data(), D);
      } else {
        std::vector<C> prod(static_cast<size_t>(D));
        for (int64_t d = 0; d < D; ++d) prod[d] = gv[d] * yv[d];
        acc[0] = ordered_sum(prod.data(), D);
      }
    } else {
      for (int64_t d = 0; d < D; ++d) {
        const C* gd = gv.data() + d * n;
        const C* yd = yv.data() + d * n;
        for (int64_t j = 0; j < n; ++j) acc[j] += log ? gd[j] : gd[j] * yd[j];
      }
    }
    for (int64_t d = 0; d < D; ++d) {
      const C* gd = gv.data() + d * n;
      const C* yd = yv.data() + d * n;
      T* out = gi + b.offset + d * s.inner;
      if (log) {
        for (int64_t j = 0; j < n; ++j) out[j] = static_cast<T>(gd[j] - yd[j] * acc[j]);
      } else {
        for (int64_t j = 0; j < n; ++j) out[j] = static_cast<T>(yd[j] * (gd[j] - acc[j]));
      }
    }
  });
}

template <class F>
void visit_floating(ScalarType dtype, const char* name, const F& f) {
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (detail::is_floating_v<T>) {
      f(TypeTag<T>{});
    } else {
      EMBER_FAIL(name, "not implemented for '", dtype, "'");
    }
  });
}

}  // namespace

void softmax(const detail::TensorImpl& out, const detail::TensorImpl& in, SoftmaxShape shape,
             bool log) {
  if (shape.outer * shape.dim * shape.inner == 0) return;
  visit_floating(in.dtype(), log ? "log_softmax" : "softmax", [&]<class T>(TypeTag<T>) {
    softmax_typed(reinterpret_cast<T*>(out.data()), reinterpret_cast<const T*>(in.data()), shape,
                  log);
  });
}

void softmax_backward(const detail::TensorImpl& grad_in, const detail::TensorImpl& grad,
                      const detail::TensorImpl& out, SoftmaxShape shape, bool log) {
  if (shape.outer * shape.dim * shape.inner == 0) return;
  visit_floating(out.dtype(), log ? "log_softmax_backward" : "softmax_backward",
                 [&]<class T>(TypeTag<T>) {
                   softmax_backward_typed(reinterpret_cast<T*>(grad_in.data()),
                                          reinterpret_cast<const T*>(grad.data()),
                                          reinterpret_cast<const T*>(out.data()), shape, log);
                 });
}

}  // namespace ember::cpu
