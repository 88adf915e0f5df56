#include "backend/cpu/conv_kernels.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "backend/cpu/gemm.h"
#include "core/block_cache.h"
#include "core/dispatch.h"
#include "core/parallel.h"

namespace ember::cpu {

namespace {

// Scratch memory for a chunk's column matrix, from the large-block cache (Note [Large block
// cache]): the same sizes come back every training step, already mapped.
template <class T>
class Scratch {
 public:
  explicit Scratch(int64_t n)
      : bytes_((std::max<size_t>(static_cast<size_t>(n) * sizeof(T), 1) + 63) / 64 * 64),
        data_(static_cast<T*>(detail::allocate_block(bytes_, 64))) {
    EMBER_CHECK(data_ != nullptr, "conv", "out of memory allocating ", bytes_, " bytes");
  }
  ~Scratch() { detail::release_block(data_, bytes_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  T* get() const { return data_; }

 private:
  size_t bytes_;
  T* data_;
};

// C (m x n) = op(A) @ op(B) + beta * C.
template <class T>
void product(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
             const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
  gemm(ta, tb, m, n, k, T(1), a, lda, b, ldb, beta, c, ldc);
}

// The range [lo, hi) of output positions o whose input position o * stride + offset lies in
// [0, size).
inline void valid_range(int64_t offset, int64_t stride, int64_t size, int64_t count, int64_t& lo,
                        int64_t& hi) {
  lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  hi = size - offset <= 0 ? 0 : std::min(count, (size - offset + stride - 1) / stride);
  lo = std::min(lo, count);
  hi = std::max(hi, lo);
}

// Walks the column matrix of one sample: for every (channel, kernel offset) row and every run of
// output positions along the last dim, calls run(col_row_ptr, x_row_ptr_or_null, lo, hi, iw0)
// where positions [lo, hi) of the run read x_row[o * stride + iw0] and the rest are padding.
// im2col copies along these runs; col2im (its adjoint) accumulates back along them.
template <class ColPtr, class XPtr, class Run>
void for_each_run(ColPtr col, XPtr x, int64_t channels, const ConvGeometry& g, const Run& run) {
  const int64_t ID = g.in[0], IH = g.in[1], IW = g.in[2];
  const int64_t OD = g.out[0], OH = g.out[1], OW = g.out[2];
  const int64_t L = g.out_numel();
  int64_t row = 0;
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
        for (int64_t kw = 0; kw < g.kernel[2]; ++kw, ++row) {
          ColPtr dst = col + row * L;
          const int64_t off_w = kw * g.dilation[2] - g.padding[2];
          int64_t lo, hi;
          valid_range(off_w, g.stride[2], IW, OW, lo, hi);
          for (int64_t od = 0; od < OD; ++od) {
            const int64_t id = od * g.stride[0] - g.padding[0] + kd * g.dilation[0];
            for (int64_t oh = 0; oh < OH; ++oh, dst += OW) {
              const int64_t ih = oh * g.stride[1] - g.padding[1] + kh * g.dilation[1];
              const bool inside = id >= 0 && id < ID && ih >= 0 && ih < IH;
              run(dst, inside ? x + ((c * ID + id) * IH + ih) * IW : nullptr, lo, hi, off_w);
            }
          }
        }
      }
    }
  }
}

template <class T>
void im2col_sample(T* col, const T* x, int64_t channels, const ConvGeometry& g) {
  const int64_t OW = g.out[2], sw = g.stride[2];
  for_each_run(col, x, channels, g,
               [OW, sw](T* dst, const T* src, int64_t lo, int64_t hi, int64_t off) {
                 if (src == nullptr) {
                   std::fill(dst, dst + OW, T(0));
                   return;
                 }
                 std::fill(dst, dst + lo, T(0));
                 if (sw == 1) {
                   std::memcpy(dst + lo, src + lo + off, static_cast<size_t>(hi - lo) * sizeof(T));
                 } else {
                   for (int64_t o = lo; o < hi; ++o) dst[o] = src[o * sw + off];
                 }
                 std::fill(dst + hi, dst + OW, T(0));
               });
}

// x (zeroed by the caller) += the adjoint of im2col applied to col.
template <class T>
void col2im_sample(T* x, const T* col, int64_t channels, const ConvGeometry& g) {
  const int64_t sw = g.stride[2];
  for_each_run(col, x, channels, g,
               [sw](const T* src, T* dst, int64_t lo, int64_t hi, int64_t off) {
                 if (dst == nullptr) return;
                 for (int64_t o = lo; o < hi; ++o) dst[o * sw + off] += src[o];
               });
}

template <class T>
const T* ptr(const detail::TensorImpl& t) {
  return reinterpret_cast<const T*>(t.data());
}
template <class T>
T* mut(const detail::TensorImpl& t) {
  return reinterpret_cast<T*>(t.data());
}

// Chunks of the batch for work whose per-sample result does not depend on the chunking: one
// chunk per thread (one scratch buffer each).
int64_t per_thread_grain(int64_t batch) {
  const int64_t threads = std::max(1, detail::num_threads());
  return std::max<int64_t>(1, (batch + threads - 1) / threads);
}

// The weight gradient sums over the batch: its chunks depend on the batch size only (Note
// [Deterministic chunking]), and their partial sums are added in chunk order.
constexpr int64_t kWeightChunks = 8;

template <class T>
void forward_impl(const detail::TensorImpl& y, const detail::TensorImpl& x,
                  const detail::TensorImpl& w, const detail::TensorImpl* bias,
                  const ConvGeometry& g) {
  const int64_t C = g.in_channels, O = g.out_channels, G = g.groups;
  const int64_t Cg = C / G, Og = O / G, K = g.kernel_numel(), L = g.out_numel();
  const int64_t CgK = Cg * K, in_numel = g.in_numel();
  const bool pointwise = g.is_pointwise();
  const T* px = ptr<T>(x);
  const T* pw = ptr<T>(w);
  const T* pb = bias != nullptr ? ptr<T>(*bias) : nullptr;
  T* py = mut<T>(y);
  detail::parallel_for(0, g.batch, per_thread_grain(g.batch), [&](int64_t begin, int64_t end) {
    Scratch<T> scratch(pointwise ? 0 : C * K * L);
    for (int64_t n = begin; n < end; ++n) {
      const T* xn = px + n * C * in_numel;
      T* yn = py + n * O * L;
      const T* col = xn;
      if (!pointwise) {
        im2col_sample(scratch.get(), xn, C, g);
        col = scratch.get();
      }
      if (pb != nullptr) {
        for (int64_t o = 0; o < O; ++o) std::fill(yn + o * L, yn + (o + 1) * L, pb[o]);
      }
      for (int64_t gi = 0; gi < G; ++gi) {
        product(Trans::kNo, Trans::kNo, Og, L, CgK, pw + gi * Og * CgK, CgK, col + gi * CgK * L, L,
                pb != nullptr ? T(1) : T(0), yn + gi * Og * L, L);
      }
    }
  });
}

template <class T>
void input_adjoint_impl(const detail::TensorImpl& dx, const detail::TensorImpl& dy,
                        const detail::TensorImpl& w, const ConvGeometry& g) {
  const int64_t C = g.in_channels, O = g.out_channels, G = g.groups;
  const int64_t Cg = C / G, Og = O / G, K = g.kernel_numel(), L = g.out_numel();
  const int64_t CgK = Cg * K, in_numel = g.in_numel();
  const bool pointwise = g.is_pointwise();
  const T* pdy = ptr<T>(dy);
  const T* pw = ptr<T>(w);
  T* pdx = mut<T>(dx);
  detail::parallel_for(0, g.batch, per_thread_grain(g.batch), [&](int64_t begin, int64_t end) {
    Scratch<T> scratch(pointwise ? 0 : C * K * L);
    for (int64_t n = begin; n < end; ++n) {
      const T* dyn = pdy + n * O * L;
      T* dxn = pdx + n * C * in_numel;
      T* col = pointwise ? dxn : scratch.get();
      for (int64_t gi = 0; gi < G; ++gi) {
        product(Trans::kYes, Trans::kNo, CgK, L, Og, pw + gi * Og * CgK, CgK, dyn + gi * Og * L, L,
                T(0), col + gi * CgK * L, L);
      }
      if (!pointwise) {
        std::fill(dxn, dxn + C * in_numel, T(0));
        col2im_sample(dxn, col, C, g);
      }
    }
  });
}

template <class T>
void weight_adjoint_impl(const detail::TensorImpl& dw, const detail::TensorImpl& x,
                         const detail::TensorImpl& dy, const ConvGeometry& g) {
  const int64_t C = g.in_channels, O = g.out_channels, G = g.groups;
  const int64_t Cg = C / G, Og = O / G, K = g.kernel_numel(), L = g.out_numel();
  const int64_t CgK = Cg * K, in_numel = g.in_numel(), wsize = O * CgK;
  const bool pointwise = g.is_pointwise();
  const T* px = ptr<T>(x);
  const T* pdy = ptr<T>(dy);
  T* pdw = mut<T>(dw);
  if (g.batch == 0 || L == 0) {
    std::fill(pdw, pdw + wsize, T(0));
    return;
  }
  const int64_t grain = (g.batch + kWeightChunks - 1) / kWeightChunks;
  const int64_t chunks = detail::chunk_count(0, g.batch, grain);
  // Chunk 0 writes dw itself; the others their own partial sums, added in order below.
  Scratch<T> partials((chunks - 1) * wsize);
  detail::parallel_for(0, g.batch, grain, [&](int64_t begin, int64_t end) {
    const int64_t chunk = begin / grain;
    T* out = chunk == 0 ? pdw : partials.get() + (chunk - 1) * wsize;
    Scratch<T> scratch(pointwise ? 0 : C * K * L);
    for (int64_t n = begin; n < end; ++n) {
      const T* xn = px + n * C * in_numel;
      const T* dyn = pdy + n * O * L;
      const T* col = xn;
      if (!pointwise) {
        im2col_sample(scratch.get(), xn, C, g);
        col = scratch.get();
      }
      for (int64_t gi = 0; gi < G; ++gi) {
        product(Trans::kNo, Trans::kYes, Og, CgK, L, dyn + gi * Og * L, L, col + gi * CgK * L, L,
                n == begin ? T(0) : T(1), out + gi * Og * CgK, CgK);
      }
    }
  });
  for (int64_t c = 1; c < chunks; ++c) {
    const T* p = partials.get() + (c - 1) * wsize;
    for (int64_t i = 0; i < wsize; ++i) pdw[i] += p[i];
  }
}

template <class F>
void dispatch(ScalarType dtype, const char* op, const F& f) {
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      f(TypeTag<T>{});
    } else {
      EMBER_FAIL(op, "internal: no convolution kernel for ", dtype);
    }
  });
}

}  // namespace

void conv_forward(const detail::TensorImpl& y, const detail::TensorImpl& x,
                  const detail::TensorImpl& w, const detail::TensorImpl* bias,
                  const ConvGeometry& g) {
  dispatch(x.dtype(), "conv", [&]<class T>(TypeTag<T>) { forward_impl<T>(y, x, w, bias, g); });
}

void conv_input_adjoint(const detail::TensorImpl& dx, const detail::TensorImpl& dy,
                        const detail::TensorImpl& w, const ConvGeometry& g) {
  dispatch(dy.dtype(), "conv_transpose",
           [&]<class T>(TypeTag<T>) { input_adjoint_impl<T>(dx, dy, w, g); });
}

void conv_weight_adjoint(const detail::TensorImpl& dw, const detail::TensorImpl& x,
                         const detail::TensorImpl& dy, const ConvGeometry& g) {
  dispatch(x.dtype(), "conv_weight",
           [&]<class T>(TypeTag<T>) { weight_adjoint_impl<T>(dw, x, dy, g); });
}

void im2col(const detail::TensorImpl& cols, const detail::TensorImpl& x, const ConvGeometry& g) {
  dispatch(x.dtype(), "im2col", [&]<class T>(TypeTag<T>) {
    const int64_t C = g.in_channels, in_numel = g.in_numel();
    const int64_t col_numel = C * g.kernel_numel() * g.out_numel();
    const T* px = ptr<T>(x);
    T* pc = mut<T>(cols);
    detail::parallel_for(0, g.batch, per_thread_grain(g.batch), [&](int64_t begin, int64_t end) {
      for (int64_t n = begin; n < end; ++n)
        im2col_sample(pc + n * col_numel, px + n * C * in_numel, C, g);
    });
  });
}

void col2im(const detail::TensorImpl& x, const detail::TensorImpl& cols, const ConvGeometry& g) {
  dispatch(x.dtype(), "col2im", [&]<class T>(TypeTag<T>) {
    const int64_t C = g.in_channels, in_numel = g.in_numel();
    const int64_t col_numel = C * g.kernel_numel() * g.out_numel();
    const T* pc = ptr<T>(cols);
    T* px = mut<T>(x);
    detail::parallel_for(0, g.batch, per_thread_grain(g.batch), [&](int64_t begin, int64_t end) {
      for (int64_t n = begin; n < end; ++n) {
        T* xn = px + n * C * in_numel;
        std::fill(xn, xn + C * in_numel, T(0));
        col2im_sample(xn, pc + n * col_numel, C, g);
      }
    });
  });
}

}  // namespace ember::cpu
