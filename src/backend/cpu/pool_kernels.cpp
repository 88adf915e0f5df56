#include "backend/cpu/pool_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/dispatch.h"
#include "core/parallel.h"
#include "ember/error.h"

namespace ember::cpu {
namespace {

using detail::compute_t;
using detail::TensorImpl;

// Planes per parallel chunk: about kGrainSize elements of work each.
int64_t plane_grain(int64_t work_per_plane) {
  return std::max<int64_t>(1, detail::kGrainSize / std::max<int64_t>(1, work_per_plane));
}

// Calls f(p) for every plane p in parallel chunks.
template <class F>
void for_planes(const PoolWindows& w, int64_t work_per_plane, const F& f) {
  detail::parallel_for(0, w.planes, plane_grain(work_per_plane), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) f(p);
  });
}

// Calls f(o, d0, d1, h0, h1, w0, w1) for every output position o of a plane, with its window.
template <class F>
void for_windows(const PoolWindows& w, const F& f) {
  int64_t o = 0;
  for (int64_t od = 0; od < w.out[0]; ++od) {
    for (int64_t oh = 0; oh < w.out[1]; ++oh) {
      for (int64_t ow = 0; ow < w.out[2]; ++ow, ++o) {
        f(o, od, oh, ow);
      }
    }
  }
}

// Max over a plane's windows in the order PyTorch walks them: a NaN always replaces the current
// maximum, so the last NaN's position is reported.
template <class T>
void max_plane(T* dst, int64_t* di, const T* src, const PoolWindows& w) {
  using C = compute_t<T>;
  const int64_t H = w.in[1], W = w.in[2];
  if (w.two_by_two) {
    const int64_t oH = w.out[1], oW = w.out[2];
    for (int64_t oh = 0; oh < oH; ++oh) {
      const T* r0 = src + 2 * oh * W;
      const T* r1 = r0 + W;
      for (int64_t ow = 0; ow < oW; ++ow) {
        const int64_t base = 2 * oh * W + 2 * ow;
        C m = C(r0[2 * ow]);
        int64_t mi = base;
        const C b = C(r0[2 * ow + 1]), c = C(r1[2 * ow]), d = C(r1[2 * ow + 1]);
        if (b > m || std::isnan(b)) m = b, mi = base + 1;
        if (c > m || std::isnan(c)) m = c, mi = base + W;
        if (d > m || std::isnan(d)) m = d, mi = base + W + 1;
        dst[oh * oW + ow] = T(m);
        if (di) di[oh * oW + ow] = mi;
      }
    }
    return;
  }
  const int64_t sd = w.step[0], sh = w.step[1], sw = w.step[2];
  for_windows(w, [&](int64_t o, int64_t od, int64_t oh, int64_t ow) {
    const int64_t d0 = w.start[0][od], d1 = w.end[0][od];
    const int64_t h0 = w.start[1][oh], h1 = w.end[1][oh];
    const int64_t w0 = w.start[2][ow], w1 = w.end[2][ow];
    int64_t mi = (d0 * H + h0) * W + w0;
    C m = -std::numeric_limits<C>::infinity();
    for (int64_t id = d0; id < d1; id += sd) {
      for (int64_t ih = h0; ih < h1; ih += sh) {
        const int64_t row = (id * H + ih) * W;
        for (int64_t iw = w0; iw < w1; iw += sw) {
          const C v = C(src[row + iw]);
          if (v > m || std::isnan(v)) {
            m = v;
            mi = row + iw;
          }
        }
      }
    }
    dst[o] = T(m);
    if (di) di[o] = mi;
  });
}

// The average's divisor at output position (od, oh, ow).
int64_t divisor_at(const PoolWindows& w, int64_t od, int64_t oh, int64_t ow) {
  if (w.divisor_override != 0) return w.divisor_override;
  return w.divisor[0][od] * w.divisor[1][oh] * w.divisor[2][ow];
}

bool empty_window(const PoolWindows& w, int64_t od, int64_t oh, int64_t ow) {
  return w.start[0][od] >= w.end[0][od] || w.start[1][oh] >= w.end[1][oh] ||
         w.start[2][ow] >= w.end[2][ow];
}

template <class T>
void avg_plane(T* dst, const T* src, const PoolWindows& w) {
  using C = compute_t<T>;
  const int64_t H = w.in[1], W = w.in[2];
  if (w.two_by_two && w.divisor_override == 0) {  // every window is 4 input elements
    const int64_t oH = w.out[1], oW = w.out[2];
    for (int64_t oh = 0; oh < oH; ++oh) {
      const T* r0 = src + 2 * oh * W;
      const T* r1 = r0 + W;
      for (int64_t ow = 0; ow < oW; ++ow) {
        const C sum = C(r0[2 * ow]) + C(r0[2 * ow + 1]) + C(r1[2 * ow]) + C(r1[2 * ow + 1]);
        dst[oh * oW + ow] = T(sum / C(4));
      }
    }
    return;
  }
  const int64_t sd = w.step[0], sh = w.step[1], sw = w.step[2];
  for_windows(w, [&](int64_t o, int64_t od, int64_t oh, int64_t ow) {
    if (empty_window(w, od, oh, ow)) {
      dst[o] = T(0);
      return;
    }
    C sum = 0;
    for (int64_t id = w.start[0][od]; id < w.end[0][od]; id += sd) {
      for (int64_t ih = w.start[1][oh]; ih < w.end[1][oh]; ih += sh) {
        const int64_t row = (id * H + ih) * W;
        for (int64_t iw = w.start[2][ow]; iw < w.end[2][ow]; iw += sw) sum += C(src[row + iw]);
      }
    }
    dst[o] = T(sum / C(divisor_at(w, od, oh, ow)));
  });
}

template <class T>
void avg_backward_plane(T* gi, const T* go, const PoolWindows& w) {
  using C = compute_t<T>;
  const int64_t H = w.in[1], W = w.in[2];
  const int64_t sd = w.step[0], sh = w.step[1], sw = w.step[2];
  std::fill(gi, gi + w.in_plane(), T(0));
  for_windows(w, [&](int64_t o, int64_t od, int64_t oh, int64_t ow) {
    if (empty_window(w, od, oh, ow)) return;
    const C g = C(go[o]) / C(divisor_at(w, od, oh, ow));
    for (int64_t id = w.start[0][od]; id < w.end[0][od]; id += sd) {
      for (int64_t ih = w.start[1][oh]; ih < w.end[1][oh]; ih += sh) {
        const int64_t row = (id * H + ih) * W;
        for (int64_t iw = w.start[2][ow]; iw < w.end[2][ow]; iw += sw) {
          gi[row + iw] = T(C(gi[row + iw]) + g);
        }
      }
    }
  });
}

// Calls f(TypeTag<T>) for the floating dtypes the kernels support.
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

}  // namespace

void max_pool(const TensorImpl& out, const TensorImpl* indices, const TensorImpl& in,
              const PoolWindows& w) {
  if (out.numel() == 0) return;
  visit_float(in.dtype(), "max_pool", [&]<class T>(TypeTag<T>) {
    const T* src = reinterpret_cast<const T*>(in.data());
    T* dst = reinterpret_cast<T*>(out.data());
    int64_t* di = indices ? reinterpret_cast<int64_t*>(indices->data()) : nullptr;
    const int64_t ip = w.in_plane(), op = w.out_plane();
    for_planes(w, std::max(ip, op), [&](int64_t p) {
      max_plane(dst + p * op, di ? di + p * op : nullptr, src + p * ip, w);
    });
  });
}

void avg_pool(const TensorImpl& out, const TensorImpl& in, const PoolWindows& w) {
  if (out.numel() == 0) return;
  visit_float(in.dtype(), "avg_pool", [&]<class T>(TypeTag<T>) {
    const T* src = reinterpret_cast<const T*>(in.data());
    T* dst = reinterpret_cast<T*>(out.data());
    const int64_t ip = w.in_plane(), op = w.out_plane();
    for_planes(w, std::max(ip, op), [&](int64_t p) { avg_plane(dst + p * op, src + p * ip, w); });
  });
}

void avg_pool_backward(const TensorImpl& grad_in, const TensorImpl& grad_out,
                       const PoolWindows& w) {
  if (grad_in.numel() == 0) return;
  visit_float(grad_in.dtype(), "avg_pool_backward", [&]<class T>(TypeTag<T>) {
    T* gi = reinterpret_cast<T*>(grad_in.data());
    const T* go = reinterpret_cast<const T*>(grad_out.data());
    const int64_t ip = w.in_plane(), op = w.out_plane();
    for_planes(w, std::max(ip, op),
               [&](int64_t p) { avg_backward_plane(gi + p * ip, go + p * op, w); });
  });
}

void plane_scatter(const TensorImpl& dst, const TensorImpl& src, const TensorImpl& indices,
                   int64_t dst_plane, bool accumulate, bool check, const char* op) {
  if (dst.numel() == 0) return;
  const int64_t planes = dst.numel() / dst_plane;
  const int64_t src_plane = planes == 0 ? 0 : src.numel() / planes;
  visit_float(dst.dtype(), op, [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    T* pd = reinterpret_cast<T*>(dst.data());
    const T* ps = reinterpret_cast<const T*>(src.data());
    const int64_t* pi = reinterpret_cast<const int64_t*>(indices.data());
    const int64_t grain = plane_grain(std::max(dst_plane, src_plane));
    if (check) {
      // PyTorch's max_unpool reports the last invalid index of the scan, so look from the end.
      for (int64_t j = src.numel() - 1; j >= 0; --j) {
        EMBER_CHECK(pi[j] >= 0 && pi[j] < dst_plane, op, "Found an invalid max index: ", pi[j],
                    " (output volumes are of size ", dst_plane, ")");
      }
    }
    detail::parallel_for(0, planes, grain, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        T* d = pd + p * dst_plane;
        const T* s = ps + p * src_plane;
        const int64_t* ix = pi + p * src_plane;
        std::fill(d, d + dst_plane, T(0));
        for (int64_t j = 0; j < src_plane; ++j) {
          const int64_t k = ix[j];
          if (k < 0 || k >= dst_plane) {
            EMBER_CHECK(!check, op, "Found an invalid max index: ", k,
                        " (output volumes are of size ", dst_plane, ")");
            continue;
          }
          d[k] = accumulate ? T(C(d[k]) + C(s[j])) : s[j];
        }
      }
    });
  });
}

}  // namespace ember::cpu
