#include "backend/cpu/scan_kernels.h"

#include <cmath>
#include <limits>
#include <vector>

#include "backend/cpu/binary_functors.h"
#include "backend/cpu/lines.h"

namespace ember::cpu {

using detail::ScanOp;
namespace {

using detail::compute_t;

// PyTorch's CPU accumulation types for scans: double for float32, float for 16-bit floats.
template <class T>
using scan_acc_t =
    std::conditional_t<std::is_same_v<T, float>, double,
                       std::conditional_t<detail::is_floating_v<T>, compute_t<T>, int64_t>>;

template <class T>
T& at(char* p, int64_t stride, int64_t i) {
  return line_at<T>(p, stride, i);
}

// The scanned lines: every operand has the input's sizes.
template <class F>
void for_each_scan_line(std::initializer_list<const TensorImpl*> operands, const F& f) {
  const TensorImpl& in = **(operands.end() - 1);
  const int64_t n = in.sizes()[in.dim() - 1];
  if (n == 0) return;
  for_each_line(operands, n, [&](char** p, const int64_t* s) { f(p, s, n); });
}

template <class C>
C log_add_exp(C a, C b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<C>::quiet_NaN();
  const C hi = std::max(a, b), lo = std::min(a, b);
  if (lo == -std::numeric_limits<C>::infinity() || hi == lo) {
    // exp(lo - hi) is 0, or 1 (also when both are infinite, where the difference is NaN).
    return hi == lo && std::isfinite(hi) ? hi + std::log(C(2)) : hi;
  }
  return hi + std::log1p(std::exp(lo - hi));
}

}  // namespace

void scan(ScanOp op, const TensorImpl& out, const TensorImpl& in) {
  detail::visit_dtype(in.dtype(), [&]<class T>(TypeTag<T>) {
    using Acc = scan_acc_t<T>;
    using Out = std::conditional_t<detail::is_floating_v<T>, T, int64_t>;
    if (op == ScanOp::logcumsumexp) {
      if constexpr (detail::is_floating_v<T>) {
        using C = compute_t<T>;
        for_each_scan_line({&out, &in}, [](char** p, const int64_t* s, int64_t n) {
          C acc = -std::numeric_limits<C>::infinity();
          for (int64_t i = 0; i < n; ++i) {
            acc = log_add_exp(acc, static_cast<C>(at<const T>(p[1], s[1], i)));
            at<T>(p[0], s[0], i) = static_cast<T>(acc);
          }
        });
        return;
      } else {
        EMBER_FAIL("logcumsumexp", "not implemented for '", in.dtype(), "'");
      }
    }
    const bool is_sum = op == ScanOp::cumsum;
    for_each_scan_line({&out, &in}, [is_sum](char** p, const int64_t* s, int64_t n) {
      Acc acc = is_sum ? Acc(0) : Acc(1);
      for (int64_t i = 0; i < n; ++i) {
        const Acc x = static_cast<Acc>(static_cast<compute_t<T>>(at<const T>(p[1], s[1], i)));
        acc = is_sum ? wrapping_add(acc, x) : wrapping_mul(acc, x);
        at<Out>(p[0], s[0], i) = static_cast<Out>(acc);
      }
    });
  });
}

void cum_extreme(bool is_max, const TensorImpl& values, const TensorImpl& indices,
                 const TensorImpl& in) {
  detail::visit_dtype(in.dtype(), [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    for_each_scan_line({&values, &indices, &in}, [is_max](char** p, const int64_t* s, int64_t n) {
      C best = static_cast<C>(at<const T>(p[2], s[2], 0));
      int64_t index = 0;
      for (int64_t i = 0; i < n; ++i) {
        const C x = static_cast<C>(at<const T>(p[2], s[2], i));
        bool take;
        if constexpr (std::is_floating_point_v<C>) {
          take = std::isnan(x) || (!std::isnan(best) && (is_max ? x >= best : x <= best));
        } else {
          take = is_max ? x >= best : x <= best;
        }
        if (take) {
          best = x;
          index = i;
        }
        at<T>(p[0], s[0], i) = static_cast<T>(best);
        at<int64_t>(p[1], s[1], i) = index;
      }
    });
  });
}

}  // namespace ember::cpu
