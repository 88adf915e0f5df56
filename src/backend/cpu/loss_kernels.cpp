#include "backend/cpu/loss_kernels.h"

#include <vector>

#include "core/dispatch.h"
#include "core/parallel.h"

namespace ember::cpu {
namespace {

using detail::compute_t;

template <class T>
void nll_typed(T* out, T* total_weight, const T* self, const int64_t* target, const T* weight,
               NllShape s, int64_t reduction, int64_t ignore_index) {
  using C = compute_t<T>;
  const int64_t m = s.batch * s.spatial;
  // Loss and weight of element i = (n, sp).
  auto element = [&](int64_t i, C& loss, C& w) {
    const int64_t t = target[i];
    if (t == ignore_index) {
      loss = C(0);
      w = C(0);
      return;
    }
    EMBER_CHECK(t >= 0 && t < s.classes, "nll_loss", "Target ", t, " is out of bounds.");
    const int64_t n = i / s.spatial;
    const int64_t sp = i % s.spatial;
    w = weight ? static_cast<C>(weight[t]) : C(1);
    loss = -w * static_cast<C>(self[(n * s.classes + t) * s.spatial + sp]);
  };
  const int64_t grain = 4096;
  if (reduction == 0) {
    detail::parallel_for(0, m, grain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        C loss, w;
        element(i, loss, w);
        out[i] = static_cast<T>(loss);
      }
    });
    return;
  }
  // Per-chunk sums in double, combined in chunk order (Note [Deterministic chunking]).
  const int64_t chunks = detail::chunk_count(0, m, grain);
  std::vector<double> loss_sum(static_cast<size_t>(chunks), 0.0);
  std::vector<double> weight_sum(static_cast<size_t>(chunks), 0.0);
  detail::parallel_for(0, m, grain, [&](int64_t b, int64_t e) {
    double ls = 0, ws = 0;
    for (int64_t i = b; i < e; ++i) {
      C loss, w;
      element(i, loss, w);
      ls += loss;
      ws += w;
    }
    loss_sum[static_cast<size_t>(b / grain)] = ls;
    weight_sum[static_cast<size_t>(b / grain)] = ws;
  });
  double ls = 0, ws = 0;
  for (int64_t c = 0; c < chunks; ++c) {
    ls += loss_sum[static_cast<size_t>(c)];
    ws += weight_sum[static_cast<size_t>(c)];
  }
  *total_weight = static_cast<T>(ws);
  // Mean divides by the total weight rounded to the dtype, as PyTorch does (0/0 is NaN).
  *out = static_cast<T>(reduction == 1 ? static_cast<C>(ls) / static_cast<C>(*total_weight)
                                       : static_cast<C>(ls));
}

template <class T>
void nll_backward_typed(T* gi, const T* grad, const int64_t* target, const T* weight,
                        const T* total_weight, NllShape s, int64_t reduction,
                        int64_t ignore_index) {
  using C = compute_t<T>;
  C scale = reduction == 0 ? C(1) : static_cast<C>(grad[0]);
  if (reduction == 1) scale /= static_cast<C>(*total_weight);
  const int64_t m = s.batch * s.spatial;
  detail::parallel_for(0, m, 8192, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const int64_t t = target[i];
      if (t == ignore_index) continue;
      const int64_t n = i / s.spatial;
      const int64_t sp = i % s.spatial;
      const C w = weight ? static_cast<C>(weight[t]) : C(1);
      const C g = reduction == 0 ? static_cast<C>(grad[i]) : scale;
      gi[(n * s.classes + t) * s.spatial + sp] = static_cast<T>(-w * g);
    }
  });
}

template <class T>
const T* data_or_null(const detail::TensorImpl* t) {
  return t ? reinterpret_cast<const T*>(t->data()) : nullptr;
}

template <class F>
void visit_loss_dtype(ScalarType dtype, const F& f) {
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (detail::is_floating_v<T>) {
      f(TypeTag<T>{});
    } else {
      EMBER_FAIL("nll_loss", "not implemented for '", dtype, "'");
    }
  });
}

}  // namespace

void nll_loss(const detail::TensorImpl& out, const detail::TensorImpl& total_weight,
              const detail::TensorImpl& self, const detail::TensorImpl& target,
              const detail::TensorImpl* weight, NllShape shape, int64_t reduction,
              int64_t ignore_index) {
  visit_loss_dtype(self.dtype(), [&]<class T>(TypeTag<T>) {
    nll_typed(reinterpret_cast<T*>(out.data()), reinterpret_cast<T*>(total_weight.data()),
              reinterpret_cast<const T*>(self.data()),
              reinterpret_cast<const int64_t*>(target.data()), data_or_null<T>(weight), shape,
              reduction, ignore_index);
  });
}

void nll_loss_backward(const detail::TensorImpl& grad_input, const detail::TensorImpl& grad,
                       const detail::TensorImpl& target, const detail::TensorImpl* weight,
                       const detail::TensorImpl& total_weight, NllShape shape, int64_t reduction,
                       int64_t ignore_index) {
  visit_loss_dtype(grad_input.dtype(), [&]<class T>(TypeTag<T>) {
    nll_backward_typed(
        reinterpret_cast<T*>(grad_input.data()), reinterpret_cast<const T*>(grad.data()),
        reinterpret_cast<const int64_t*>(target.data()), data_or_null<T>(weight),
        reinterpret_cast<const T*>(total_weight.data()), shape, reduction, ignore_index);
  });
}

}  // namespace ember::cpu
