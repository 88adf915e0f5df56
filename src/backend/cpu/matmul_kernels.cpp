#include "backend/cpu/matmul_kernels.h"

#include <algorithm>
#include <array>
#include <type_traits>
#include <vector>

#include "backend/cpu/gemm.h"
#include "core/dispatch.h"
#include "core/parallel.h"

namespace ember::cpu {
namespace {

// Batches are run in parallel when one product is small; a large product is left whole to the
// BLAS, which parallelises inside it. Each batch is computed the same way whatever the chunking.
constexpr int64_t kBatchWork = int64_t{1} << 18;

int64_t batch_grain(int64_t m, int64_t n, int64_t k) {
  const int64_t work = std::max<int64_t>(1, m * n * std::max<int64_t>(k, 1));
  return std::max<int64_t>(1, kBatchWork / work);
}

// The strides to walk an operand by: zeros for an operand without elements (k == 0), whose data
// pointer may be null, where even an offset that is never read would be undefined.
std::array<int64_t, 3> walk_strides(const detail::TensorImpl& t) {
  if (t.numel() == 0) return {0, 0, 0};
  return {t.strides()[0], t.strides()[1], t.strides()[2]};
}

template <class T>
void float_bmm(const detail::TensorImpl& out, const detail::TensorImpl& a,
               const detail::TensorImpl& b, T beta, T alpha) {
  const int64_t batches = a.sizes()[0], m = a.sizes()[1], k = a.sizes()[2], n = b.sizes()[2];
  const auto la = gemm_operand(m, k, a.strides()[1], a.strides()[2]);
  const auto lb = gemm_operand(k, n, b.strides()[1], b.strides()[2]);
  EMBER_CHECK(la && lb, "bmm", "internal: operands not in a GEMM layout");
  const T* pa = reinterpret_cast<const T*>(a.data());
  const T* pb = reinterpret_cast<const T*>(b.data());
  T* pc = reinterpret_cast<T*>(out.data());
  const int64_t sa = walk_strides(a)[0], sb = walk_strides(b)[0], sc = m * n;
  detail::parallel_for(0, batches, batch_grain(m, n, k), [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      gemm(la->trans, lb->trans, m, n, k, alpha, pa + i * sa, la->ld, pb + i * sb, lb->ld, beta,
           pc + i * sc, n);
    }
  });
}

// Exact integer products: arithmetic in the unsigned type of the same width wraps modulo 2^bits
// (no UB), which is the result PyTorch's wrapping integer loop gives.
template <class T>
void int_bmm(const detail::TensorImpl& out, const detail::TensorImpl& a,
             const detail::TensorImpl& b, T beta, T alpha) {
  using U = std::make_unsigned_t<std::conditional_t<sizeof(T) < sizeof(unsigned), int, T>>;
  const int64_t batches = a.sizes()[0], m = a.sizes()[1], k = a.sizes()[2], n = b.sizes()[2];
  const T* pa = reinterpret_cast<const T*>(a.data());
  const T* pb = reinterpret_cast<const T*>(b.data());
  T* pc = reinterpret_cast<T*>(out.data());
  const std::array<int64_t, 3> sa = walk_strides(a), sb = walk_strides(b);
  const U ubeta = static_cast<U>(beta), ualpha = static_cast<U>(alpha);
  // Row by row, accumulating a whole row of C while walking rows of B (cache friendly).
  detail::parallel_for(0, batches * m, batch_grain(1, n, k), [&](int64_t begin, int64_t end) {
    std::vector<U> acc(static_cast<size_t>(n));
    for (int64_t row = begin; row < end; ++row) {
      const int64_t bi = row / m, i = row % m;
      const T* ar = pa + bi * sa[0] + i * sa[1];
      std::fill(acc.begin(), acc.end(), U(0));
      for (int64_t p = 0; p < k; ++p) {
        const U aip = static_cast<U>(ar[p * sa[2]]);
        const T* br = pb + bi * sb[0] + p * sb[1];
        for (int64_t j = 0; j < n; ++j) {
          acc[j] += static_cast<U>(aip * static_cast<U>(br[j * sb[2]]));
        }
      }
      T* cr = pc + row * n;
      for (int64_t j = 0; j < n; ++j) {
        U r = static_cast<U>(ualpha * acc[j]);
        if (ubeta != 0) r += static_cast<U>(ubeta * static_cast<U>(cr[j]));
        cr[j] = static_cast<T>(r);
      }
    }
  });
}

}  // namespace

void bmm(const detail::TensorImpl& out, const detail::TensorImpl& a, const detail::TensorImpl& b,
         const Scalar& beta, const Scalar& alpha) {
  if (out.numel() == 0) return;
  detail::visit_dtype(a.dtype(), [&]<class T>(TypeTag<T>) {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      float_bmm<T>(out, a, b, beta.to<T>(), alpha.to<T>());
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      int_bmm<T>(out, a, b, static_cast<T>(beta.toLong()), static_cast<T>(alpha.toLong()));
    } else {
      EMBER_FAIL("bmm", "not implemented for '", a.dtype(), "'");
    }
  });
}

}  // namespace ember::cpu
