#include "backend/cpu/svd_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "core/dispatch.h"
#include "core/parallel.h"

namespace ember::cpu {
namespace {

using detail::TensorImpl;

// Note [One-sided Jacobi SVD]
// Hestenes' method: for W = A (m >= n; else W = Aᵀ, so that W is p x q with p >= q), rotate
// pairs of columns (i, j) until every pair is orthogonal to working precision, accumulating the
// rotations in V (q x q). Then W = U Σ with the singular values σ_j = |w_j| and u_j = w_j / σ_j,
// so A = U Σ Vᵀ (or, transposed, A = V Σ Uᵀ). Each rotation is the one that diagonalises the
// 2x2 Gram matrix [[α, γ], [γ, β]] of the pair (Golub & Van Loan, 8.6.3); it is skipped when
// |γ| <= ε sqrt(αβ). The method is accurate to relative precision for every singular value and
// needs no bidiagonalisation; cyclic sweeps converge quadratically, so the sweep limit below is
// never reached on finite input. Everything runs in float64: float32 input only rounds once, at
// the output.
constexpr int kMaxSweeps = 80;

struct Work {
  int64_t p = 0, q = 0;
  std::vector<double> w;  // p x q, column-major: column j at w[j * p]
  std::vector<double> v;  // q x q, column-major
};

void rotate(double* x, double* y, int64_t len, double c, double s) {
  for (int64_t k = 0; k < len; ++k) {
    const double a = x[k], b = y[k];
    x[k] = c * a - s * b;
    y[k] = s * a + c * b;
  }
}

void jacobi_sweeps(Work& wk) {
  const int64_t p = wk.p, q = wk.q;
  const double eps = std::numeric_limits<double>::epsilon();
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    bool rotated = false;
    for (int64_t i = 0; i + 1 < q; ++i) {
      for (int64_t j = i + 1; j < q; ++j) {
        double* wi = wk.w.data() + i * p;
        double* wj = wk.w.data() + j * p;
        double alpha = 0, beta = 0, gamma = 0;
        for (int64_t k = 0; k < p; ++k) {
          alpha += wi[k] * wi[k];
          beta += wj[k] * wj[k];
          gamma += wi[k] * wj[k];
        }
        if (!(std::abs(gamma) > eps * std::sqrt(alpha) * std::sqrt(beta))) continue;
        rotated = true;
        const double zeta = (beta - alpha) / (2 * gamma);
        const double t = std::copysign(1.0, zeta) / (std::abs(zeta) + std::hypot(1.0, zeta));
        const double c = 1 / std::sqrt(1 + t * t);
        const double s = c * t;
        rotate(wi, wj, p, c, s);
        rotate(wk.v.data() + i * q, wk.v.data() + j * q, q, c, s);
      }
    }
    if (!rotated) return;
  }
}

// One matrix: a (row-major m x n, element type T) -> s (k values, descending) and, when
// `polar` is non-null, U_k V_kᵀ (row-major m x n).
template <class T>
void svd_one(const T* a, int64_t m, int64_t n, T* s, T* polar) {
  const bool transposed = m < n;
  Work wk;
  wk.p = transposed ? n : m;
  wk.q = transposed ? m : n;
  const int64_t p = wk.p, q = wk.q;
  wk.w.resize(static_cast<size_t>(p * q));
  wk.v.assign(static_cast<size_t>(q * q), 0.0);
  bool finite = true;
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t c = 0; c < n; ++c) {
      const double x = static_cast<double>(a[r * n + c]);
      finite = finite && std::isfinite(x);
      // W = A: column c holds A[:, c]. W = Aᵀ: column r holds A[r, :].
      wk.w[static_cast<size_t>(transposed ? r * p + c : c * p + r)] = x;
    }
  }
  if (!finite) {
    const T nan = static_cast<T>(std::numeric_limits<double>::quiet_NaN());
    std::fill(s, s + q, nan);
    if (polar) std::fill(polar, polar + m * n, nan);
    return;
  }
  for (int64_t j = 0; j < q; ++j) wk.v[static_cast<size_t>(j * q + j)] = 1.0;
  jacobi_sweeps(wk);
  std::vector<double> sigma(static_cast<size_t>(q));
  for (int64_t j = 0; j < q; ++j) {
    const double* wj = wk.w.data() + j * p;
    double norm2 = 0;
    for (int64_t k = 0; k < p; ++k) norm2 += wj[k] * wj[k];
    sigma[static_cast<size_t>(j)] = std::sqrt(norm2);
  }
  std::vector<int64_t> order(static_cast<size_t>(q));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
    return sigma[static_cast<size_t>(x)] > sigma[static_cast<size_t>(y)];
  });
  for (int64_t j = 0; j < q; ++j) {
    s[j] = static_cast<T>(sigma[static_cast<size_t>(order[static_cast<size_t>(j)])]);
  }
  if (!polar) return;
  // P_W = sum_j (w_j / σ_j) v_jᵀ (p x q); P_A = P_W, or its transpose when W = Aᵀ. Summed in
  // the sorted order, for a result independent of the rotations' column order.
  std::vector<double> pw(static_cast<size_t>(p * q), 0.0);  // row-major p x q
  for (int64_t jj = 0; jj < q; ++jj) {
    const int64_t j = order[static_cast<size_t>(jj)];
    const double sj = sigma[static_cast<size_t>(j)];
    if (sj == 0) continue;
    const double* wj = wk.w.data() + j * p;
    const double* vj = wk.v.data() + j * q;
    for (int64_t r = 0; r < p; ++r) {
      const double u = wj[r] / sj;
      for (int64_t c = 0; c < q; ++c) pw[static_cast<size_t>(r * q + c)] += u * vj[c];
    }
  }
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t c = 0; c < n; ++c) {
      polar[r * n + c] =
          static_cast<T>(pw[static_cast<size_t>(transposed ? c * q + r : r * q + c)]);
    }
  }
}

}  // namespace

void svd_jacobi(const TensorImpl& a, const TensorImpl& s, const TensorImpl* polar) {
  const int64_t batch = a.sizes()[0], m = a.sizes()[1], n = a.sizes()[2];
  const int64_t k = std::min(m, n);
  if (batch == 0) return;
  detail::visit_dtype(a.dtype(), [&]<class T>(TypeTag<T>) {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      const T* pa = reinterpret_cast<const T*>(a.data());
      T* ps = reinterpret_cast<T*>(s.data());
      T* pp = polar ? reinterpret_cast<T*>(polar->data()) : nullptr;
      // One matrix per task: each is computed alone, so the result does not depend on threads.
      const int64_t grain = std::max<int64_t>(1, 4096 / std::max<int64_t>(1, m * n * k));
      detail::parallel_for(0, batch, grain, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b) {
          svd_one<T>(pa + b * m * n, m, n, ps + b * k, pp ? pp + b * m * n : nullptr);
        }
      });
    } else {
      EMBER_FAIL("svd", "expected a float32 or float64 input, got ", a.dtype());
    }
  });
}

}  // namespace ember::cpu
