#include "backend/cpu/upsample_kernels.h"

#include <algorithm>

#include "core/dispatch.h"
#include "core/parallel.h"
#include "ember/error.h"

namespace ember::cpu {
namespace {

using detail::compute_t;
using detail::TensorImpl;

// The taps' weights in the compute type (float for float32 and the 16-bit floats, as PyTorch's
// opmath), so that float32 results round as PyTorch's do.
template <class C>
std::array<std::vector<C>, 3> weights_as(const ResampleTaps& t) {
  std::array<std::vector<C>, 3> w;
  for (size_t d = 0; d < 3; ++d) w[d].assign(t.weight[d].begin(), t.weight[d].end());
  return w;
}

// Calls f(o, in_offset, weight) for every output position o of a plane and every input
// position of its tap grid.
template <class C, class F>
void walk_taps(const ResampleTaps& t, const std::array<std::vector<C>, 3>& w, const F& f) {
  const int64_t H = t.in[1], W = t.in[2];
  const int64_t td = t.taps[0], th = t.taps[1], tw = t.taps[2];
  int64_t o = 0;
  for (int64_t od = 0; od < t.out[0]; ++od) {
    for (int64_t oh = 0; oh < t.out[1]; ++oh) {
      for (int64_t ow = 0; ow < t.out[2]; ++ow, ++o) {
        for (int64_t a = 0; a < td; ++a) {
          const int64_t id = t.index[0][od * td + a];
          const C wd = w[0][od * td + a];
          for (int64_t b = 0; b < th; ++b) {
            const int64_t row = (id * H + t.index[1][oh * th + b]) * W;
            const C wdh = wd * w[1][oh * th + b];
            for (int64_t c = 0; c < tw; ++c) {
              f(o, row + t.index[2][ow * tw + c], wdh * w[2][ow * tw + c]);
            }
          }
        }
      }
    }
  }
}

template <class F>
void visit_float(ScalarType dtype, const char* op, const F& f) {
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (detail::is_floating_v<T>) {
      f(TypeTag<T>{});
    } else {
      EMBER_FAIL(op, "not implemented for '", dtype, "'");
    }
  });
}

int64_t plane_grain(const ResampleTaps& t) {
  const int64_t work = std::max<int64_t>(1, t.out_plane() * t.taps[0] * t.taps[1] * t.taps[2]);
  return std::max<int64_t>(1, detail::kGrainSize / work);
}

}  // namespace

void resample(const TensorImpl& out, const TensorImpl& in, const ResampleTaps& t) {
  if (out.numel() == 0) return;
  visit_float(in.dtype(), "upsample", [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    const auto w = weights_as<C>(t);
    const T* src = reinterpret_cast<const T*>(in.data());
    T* dst = reinterpret_cast<T*>(out.data());
    const int64_t ip = t.in_plane(), op = t.out_plane();
    const bool single = t.taps[0] * t.taps[1] * t.taps[2] == 1;
    detail::parallel_for(0, t.planes, plane_grain(t), [&](int64_t b, int64_t e) {
      std::vector<C> sum(static_cast<size_t>(op));
      for (int64_t p = b; p < e; ++p) {
        const T* s = src + p * ip;
        T* d = dst + p * op;
        if (single) {  // nearest: a copy (keeps -0 and NaN payloads as they are)
          walk_taps<C>(t, w, [&](int64_t o, int64_t i, C) { d[o] = s[i]; });
          continue;
        }
        std::fill(sum.begin(), sum.end(), C(0));
        walk_taps<C>(t, w, [&](int64_t o, int64_t i, C wt) { sum[o] += wt * C(s[i]); });
        for (int64_t o = 0; o < op; ++o) d[o] = T(sum[o]);
      }
    });
  });
}

void resample_backward(const TensorImpl& grad_in, const TensorImpl& grad_out,
                       const ResampleTaps& t) {
  if (grad_in.numel() == 0) return;
  visit_float(grad_in.dtype(), "upsample_backward", [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    const auto w = weights_as<C>(t);
    const T* go = reinterpret_cast<const T*>(grad_out.data());
    T* gi = reinterpret_cast<T*>(grad_in.data());
    const int64_t ip = t.in_plane(), op = t.out_plane();
    detail::parallel_for(0, t.planes, plane_grain(t), [&](int64_t b, int64_t e) {
      std::vector<C> sum(static_cast<size_t>(ip));
      for (int64_t p = b; p < e; ++p) {
        const T* g = go + p * op;
        std::fill(sum.begin(), sum.end(), C(0));
        walk_taps<C>(t, w, [&](int64_t o, int64_t i, C wt) { sum[i] += wt * C(g[o]); });
        T* d = gi + p * ip;
        for (int64_t i = 0; i < ip; ++i) d[i] = T(sum[i]);
      }
    });
  });
}

}  // namespace ember::cpu
