#include "backend/cpu/scan_kernels.h"

#include <cmath>
#include <limits>
#include <vector>

#include "backend/cpu/binary_functors.h"
#include "backend/cpu/loop.h"

namespace ember::cpu {
namespace {

using detail::compute_t;

// PyTorch's CPU accumulation types for scans: double for float32, float for 16-bit floats.
template <class T>
using scan_acc_t =
    std::conditional_t<std::is_same_v<T, float>, double,
                       std::conditional_t<detail::is_floating_v<T>, compute_t<T>, int64_t>>;

// Calls `f(ptrs, strides)` for every line along the last dim of `operands[0]`; each operand's
// line starts at ptrs[k] and steps by strides[k] bytes. Lines are split across threads.
template <class F>
void for_each_line(std::initializer_list<const TensorImpl*> operands, const F& f) {
  const TensorImpl& first = **operands.begin();
  const int64_t nd = first.dim();
  const int64_t n = first.sizes()[nd - 1];
  std::vector<TensorImpl> bases;
  std::array<int64_t, kMaxOperands> strides{};
  int k = 0;
  for (const TensorImpl* t : operands) {
    bases.emplace_back(t->storage(), t->storage_offset(),
                       t->sizes().slice(0, static_cast<size_t>(nd - 1)),
                       t->strides().slice(0, static_cast<size_t>(nd - 1)), t->dtype());
    strides[k++] = t->strides()[nd - 1] * static_cast<int64_t>(t->itemsize());
  }
  if (bases[0].numel() == 0 || n == 0) return;
  const LoopPlan plan = bases.size() == 2 ? LoopPlan::build({&bases[0], &bases[1]})
                                          : LoopPlan::build({&bases[0], &bases[1], &bases[2]});
  const int count = plan.count;
  const int64_t grain = std::max<int64_t>(1, detail::kGrainSize / n);
  plan.parallel_for_each(
      [&](char** p, const int64_t* s, int64_t lines) {
        std::array<char*, kMaxOperands> ptr{};
        for (int64_t i = 0; i < lines; ++i) {
          for (int j = 0; j < count; ++j) ptr[j] = p[j] + i * s[j];
          f(ptr.data(), strides.data(), n);
        }
      },
      grain);
}

template <class T>
T& at(char* p, int64_t stride, int64_t i) {
  return *reinterpret_cast<T*>(p + i * stride);
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
        for_each_line({&out, &in}, [](char** p, const int64_t* s, int64_t n) {
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
    for_each_line({&out, &in}, [is_sum](char** p, const int64_t* s, int64_t n) {
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
    for_each_line({&values, &indices, &in}, [is_max](char** p, const int64_t* s, int64_t n) {
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
