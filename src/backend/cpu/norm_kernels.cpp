// Note [Fused normalisation]
// Layer norm works row by row (a row stays in cache): mean, then the variance as the mean of
// squared deviations (two passes over the cached row: as cheap as one-pass Welford here, and
// exact for rows with a large mean), then the affine output. Batch norm works channel by
// channel over the (N, S) runs of each channel. Sums run in the compute type (float for float
// and the 16-bit floats, as PyTorch) in a fixed order: eight interleaved partial sums per run,
// runs in index order; the per-column weight/bias gradients of layer norm are summed per fixed
// block of rows and the blocks combined in order (Note [Deterministic chunking]). So results
// never depend on the thread count.
#include "backend/cpu/norm_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "core/dispatch.h"
#include "core/parallel.h"

namespace ember::cpu {
namespace {

using detail::compute_t;

// sum of f(i) for i in [0, n) in a fixed order: eight interleaved partial sums, then a tree.
template <class C, class F>
C ordered_sum(int64_t n, const F& f) {
  C acc[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; ++k) acc[k] += f(i + k);
  }
  for (int k = 0; i < n; ++i, ++k) acc[k] += f(i);
  return ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
}

// Two such sums in one pass: (sum of f(i), sum of h(i)).
template <class C, class F, class H>
std::pair<C, C> ordered_sum2(int64_t n, const F& f, const H& h) {
  C a[8] = {}, b[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int k = 0; k < 8; ++k) {
      a[k] += f(i + k);
      b[k] += h(i + k);
    }
  }
  for (int k = 0; i < n; ++i, ++k) {
    a[k] += f(i);
    b[k] += h(i);
  }
  auto tree = [](const C* v) {
    return ((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]));
  };
  return {tree(a), tree(b)};
}

// Mean and biased variance of f(0..n) by the corrected two-pass algorithm: a first mean, then
// the deviations d from it give mean += sum(d) / n and var = (sum(d^2) - sum(d)^2 / n) / n,
// accurate even when the mean is large against the spread. NaN for n == 0.
template <class C, class F>
std::pair<C, C> moments(int64_t n, const F& f) {
  if (n == 0) return {std::numeric_limits<C>::quiet_NaN(), std::numeric_limits<C>::quiet_NaN()};
  const C m0 = ordered_sum<C>(n, f) / C(n);
  const auto [sd, sd2] = ordered_sum2<C>(
      n, [&](int64_t i) { return f(i) - m0; },
      [&](int64_t i) {
        const C d = f(i) - m0;
        return d * d;
      });
  return {m0 + sd / C(n), (sd2 - sd * sd / C(n)) / C(n)};
}

template <class T>
const T* ptr(const TensorImpl* t) {
  return t ? reinterpret_cast<const T*>(t->data()) : nullptr;
}
template <class T>
T* mut(const TensorImpl* t) {
  return t ? reinterpret_cast<T*>(t->data()) : nullptr;
}

// Rows per block for per-row work: about kGrainSize elements, at least one row.
int64_t row_grain(int64_t n) {
  return std::max<int64_t>(1, detail::kGrainSize / std::max<int64_t>(n, 1));
}

template <class F>
void visit_norm_dtype(ScalarType dtype, const char* name, const F& f) {
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (detail::is_floating_v<T>) {
      f(TypeTag<T>{});
    } else {
      EMBER_FAIL(name, "not implemented for '", dtype, "'");
    }
  });
}

template <class T>
void layer_norm_typed(T* y, compute_t<T>* mean, compute_t<T>* rstd, const T* x, const T* w,
                      const T* b, int64_t M, int64_t N, double eps) {
  using C = compute_t<T>;
  detail::parallel_for(0, M, row_grain(N), [&](int64_t r0, int64_t r1) {
    std::vector<C> buf(static_cast<size_t>(N));
    for (int64_t r = r0; r < r1; ++r) {
      const T* xr = x + r * N;
      for (int64_t j = 0; j < N; ++j) buf[j] = static_cast<C>(xr[j]);
      const auto [mu, var] = moments<C>(N, [&](int64_t j) { return buf[j]; });
      const C rs = C(1) / std::sqrt(std::max(var, C(0)) + static_cast<C>(eps));
      mean[r] = mu;
      rstd[r] = rs;
      T* yr = y + r * N;
      if (w && b) {
        for (int64_t j = 0; j < N; ++j)
          yr[j] = static_cast<T>((buf[j] - mu) * rs * static_cast<C>(w[j]) + static_cast<C>(b[j]));
      } else if (w) {
        for (int64_t j = 0; j < N; ++j)
          yr[j] = static_cast<T>((buf[j] - mu) * rs * static_cast<C>(w[j]));
      } else if (b) {
        for (int64_t j = 0; j < N; ++j)
          yr[j] = static_cast<T>((buf[j] - mu) * rs + static_cast<C>(b[j]));
      } else {
        for (int64_t j = 0; j < N; ++j) yr[j] = static_cast<T>((buf[j] - mu) * rs);
      }
    }
  });
}

template <class T>
void layer_norm_backward_typed(T* dx, T* dw, T* db, const T* dy, const T* x,
                               const compute_t<T>* mean, const compute_t<T>* rstd, const T* w,
                               int64_t M, int64_t N) {
  using C = compute_t<T>;
  const int64_t grain = row_grain(N);
  const int64_t blocks = detail::chunk_count(0, M, grain);
  const bool params = dw || db;
  // Per block partial sums of dy * xhat (first N) and dy (next N).
  std::vector<C> partial(params ? static_cast<size_t>(blocks * 2 * N) : 0, C(0));
  detail::parallel_for(0, M, grain, [&](int64_t r0, int64_t r1) {
    std::vector<C> xhat(static_cast<size_t>(N));
    std::vector<C> a(static_cast<size_t>(N));
    C* pw = params ? partial.data() + (r0 / grain) * 2 * N : nullptr;
    for (int64_t r = r0; r < r1; ++r) {
      const T* xr = x + r * N;
      const T* gr = dy + r * N;
      const C mu = mean[r];
      const C rs = rstd[r];
      for (int64_t j = 0; j < N; ++j) {
        xhat[j] = (static_cast<C>(xr[j]) - mu) * rs;
        a[j] = static_cast<C>(gr[j]) * (w ? static_cast<C>(w[j]) : C(1));
      }
      if (pw) {
        for (int64_t j = 0; j < N; ++j) {
          const C g = static_cast<C>(gr[j]);
          pw[j] += g * xhat[j];
          pw[N + j] += g;
        }
      }
      if (dx) {
        const C sum_a = ordered_sum<C>(N, [&](int64_t j) { return a[j]; });
        const C sum_ax = ordered_sum<C>(N, [&](int64_t j) { return a[j] * xhat[j]; });
        const C inv_n = C(1) / C(N);
        T* out = dx + r * N;
        for (int64_t j = 0; j < N; ++j)
          out[j] = static_cast<T>(rs * (a[j] - sum_a * inv_n - xhat[j] * sum_ax * inv_n));
      }
    }
  });
  if (!params) return;
  detail::parallel_for(0, N, 1024, [&](int64_t j0, int64_t j1) {
    for (int64_t j = j0; j < j1; ++j) {
      C sw = 0, sb = 0;
      for (int64_t k = 0; k < blocks; ++k) {
        sw += partial[(k * 2) * N + j];
        sb += partial[(k * 2 + 1) * N + j];
      }
      if (dw) dw[j] = static_cast<T>(sw);
      if (db) db[j] = static_cast<T>(sb);
    }
  });
}

template <class T>
void batch_norm_stats_typed(compute_t<T>* mean, compute_t<T>* var, const T* x, BatchNormShape s) {
  using C = compute_t<T>;
  detail::parallel_for(0, s.channels, 1, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      // moments() over the channel's runs, one run per sample, summed in sample order.
      const C count = static_cast<C>(s.batch * s.spatial);
      auto run = [&](int64_t n) { return x + (n * s.channels + c) * s.spatial; };
      C total = 0;
      for (int64_t n = 0; n < s.batch; ++n) {
        const T* p = run(n);
        total += ordered_sum<C>(s.spatial, [&](int64_t i) { return static_cast<C>(p[i]); });
      }
      const C m0 = total / count;
      C sd = 0, sd2 = 0;
      for (int64_t n = 0; n < s.batch; ++n) {
        const T* p = run(n);
        const auto [a1, a2] = ordered_sum2<C>(
            s.spatial, [&](int64_t i) { return static_cast<C>(p[i]) - m0; },
            [&](int64_t i) {
              const C d = static_cast<C>(p[i]) - m0;
              return d * d;
            });
        sd += a1;
        sd2 += a2;
      }
      const C mu = m0 + sd / count;
      const C v = (sd2 - sd * sd / count) / count;
      mean[c] = mu;
      var[c] = v;
    }
  });
}

template <class T>
void batch_norm_apply_typed(T* y, const T* x, const compute_t<T>* mean, const compute_t<T>* invstd,
                            const T* w, const T* b, BatchNormShape s) {
  using C = compute_t<T>;
  const int64_t runs = s.batch * s.channels;
  detail::parallel_for(0, runs, row_grain(s.spatial), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t c = r % s.channels;
      const C alpha = invstd[c] * (w ? static_cast<C>(w[c]) : C(1));
      const C beta = (b ? static_cast<C>(b[c]) : C(0)) - mean[c] * alpha;
      const T* xr = x + r * s.spatial;
      T* yr = y + r * s.spatial;
      for (int64_t i = 0; i < s.spatial; ++i)
        yr[i] = static_cast<T>(static_cast<C>(xr[i]) * alpha + beta);
    }
  });
}

template <class T>
void batch_norm_backward_typed(T* dx, T* dw, T* db, const T* dy, const T* x,
                               const compute_t<T>* mean, const compute_t<T>* invstd, const T* w,
                               BatchNormShape s, bool training) {
  using C = compute_t<T>;
  std::vector<C> sum_dy(static_cast<size_t>(s.channels), C(0));
  std::vector<C> sum_dy_xhat(static_cast<size_t>(s.channels), C(0));
  detail::parallel_for(0, s.channels, 1, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      const C mu = mean[c];
      // sum(dy) and sum(dy * (x - mean)) in one pass over the channel.
      C sdy = 0, sdx = 0;
      for (int64_t n = 0; n < s.batch; ++n) {
        const int64_t off = (n * s.channels + c) * s.spatial;
        const auto [a, b] = ordered_sum2<C>(
            s.spatial, [&](int64_t i) { return static_cast<C>(dy[off + i]); },
            [&](int64_t i) {
              return static_cast<C>(dy[off + i]) * (static_cast<C>(x[off + i]) - mu);
            });
        sdy += a;
        sdx += b;
      }
      sum_dy[c] = sdy;
      sum_dy_xhat[c] = sdx * invstd[c];
      if (dw) dw[c] = static_cast<T>(sum_dy_xhat[c]);
      if (db) db[c] = static_cast<T>(sum_dy[c]);
    }
  });
  if (!dx) return;
  const C inv_count = C(1) / static_cast<C>(s.batch * s.spatial);
  const int64_t runs = s.batch * s.channels;
  detail::parallel_for(0, runs, row_grain(s.spatial), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t c = r % s.channels;
      const C is = invstd[c];
      const C k = is * (w ? static_cast<C>(w[c]) : C(1));
      const T* gr = dy + r * s.spatial;
      T* out = dx + r * s.spatial;
      if (training) {
        const C mu = mean[c];
        const C mean_dy = sum_dy[c] * inv_count;
        const C proj =
            sum_dy_xhat[c] * inv_count * is;  // times (x - mean) gives xhat * mean(dy*xhat)
        const T* xr = x + r * s.spatial;
        for (int64_t i = 0; i < s.spatial; ++i)
          out[i] = static_cast<T>(
              k * (static_cast<C>(gr[i]) - mean_dy - (static_cast<C>(xr[i]) - mu) * proj));
      } else {
        for (int64_t i = 0; i < s.spatial; ++i) out[i] = static_cast<T>(static_cast<C>(gr[i]) * k);
      }
    }
  });
}

}  // namespace

void layer_norm(const TensorImpl& y, const TensorImpl& mean, const TensorImpl& rstd,
                const TensorImpl& x, const TensorImpl* w, const TensorImpl* b, int64_t M, int64_t N,
                double eps) {
  visit_norm_dtype(x.dtype(), "layer_norm", [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    layer_norm_typed(mut<T>(&y), mut<C>(&mean), mut<C>(&rstd), ptr<T>(&x), ptr<T>(w), ptr<T>(b), M,
                     N, eps);
  });
}

void layer_norm_backward(const TensorImpl* dx, const TensorImpl* dw, const TensorImpl* db,
                         const TensorImpl& dy, const TensorImpl& x, const TensorImpl& mean,
                         const TensorImpl& rstd, const TensorImpl* w, int64_t M, int64_t N) {
  visit_norm_dtype(x.dtype(), "layer_norm_backward", [&]<class T>(TypeTag<T>) {
    layer_norm_backward_typed(mut<T>(dx), mut<T>(dw), mut<T>(db), ptr<T>(&dy), ptr<T>(&x),
                              ptr<compute_t<T>>(&mean), ptr<compute_t<T>>(&rstd), ptr<T>(w), M, N);
  });
}

void batch_norm_stats(const TensorImpl& mean, const TensorImpl& var, const TensorImpl& x,
                      BatchNormShape s) {
  visit_norm_dtype(x.dtype(), "batch_norm", [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    batch_norm_stats_typed(mut<C>(&mean), mut<C>(&var), ptr<T>(&x), s);
  });
}

void batch_norm_apply(const TensorImpl& y, const TensorImpl& x, const TensorImpl& mean,
                      const TensorImpl& invstd, const TensorImpl* w, const TensorImpl* b,
                      BatchNormShape s) {
  visit_norm_dtype(x.dtype(), "batch_norm", [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    batch_norm_apply_typed(mut<T>(&y), ptr<T>(&x), ptr<C>(&mean), ptr<C>(&invstd), ptr<T>(w),
                           ptr<T>(b), s);
  });
}

void batch_norm_backward(const TensorImpl* dx, const TensorImpl* dw, const TensorImpl* db,
                         const TensorImpl& dy, const TensorImpl& x, const TensorImpl& mean,
                         const TensorImpl& invstd, const TensorImpl* w, BatchNormShape s,
                         bool training) {
  visit_norm_dtype(x.dtype(), "batch_norm_backward", [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    batch_norm_backward_typed(mut<T>(dx), mut<T>(dw), mut<T>(db), ptr<T>(&dy), ptr<T>(&x),
                              ptr<C>(&mean), ptr<C>(&invstd), ptr<T>(w), s, training);
  });
}

}  // namespace ember::cpu
