#include "backend/cpu/triangle_kernels.h"

#include "core/dispatch.h"
#include "core/parallel.h"

namespace ember::cpu {

void triangle(const detail::TensorImpl& out, const detail::TensorImpl& in, int64_t diagonal,
              bool lower) {
  if (out.numel() == 0) return;
  const int64_t nd = out.dim();
  const int64_t rows = out.sizes()[nd - 2], cols = out.sizes()[nd - 1];
  const int64_t batches = out.numel() / (rows * cols);
  const int64_t osr = out.strides()[nd - 2], osc = out.strides()[nd - 1];
  const int64_t isr = in.strides()[nd - 2], isc = in.strides()[nd - 1];
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    T* po = reinterpret_cast<T*>(out.data());
    const T* pi = reinterpret_cast<const T*>(in.data());
    const int64_t grain = std::max<int64_t>(1, detail::kGrainSize / (rows * cols));
    detail::parallel_for(0, batches, grain, [&](int64_t begin, int64_t end) {
      for (int64_t b = begin; b < end; ++b) {
        // Offsets of matrix b in each operand, from its index over the leading dims.
        int64_t rem = b, oo = 0, io = 0;
        for (int64_t d = nd - 3; d >= 0; --d) {
          const int64_t idx = rem % out.sizes()[d];
          rem /= out.sizes()[d];
          oo += idx * out.strides()[d];
          io += idx * in.strides()[d];
        }
        for (int64_t i = 0; i < rows; ++i) {
          for (int64_t j = 0; j < cols; ++j) {
            const bool keep = lower ? j - i <= diagonal : j - i >= diagonal;
            po[oo + i * osr + j * osc] = keep ? pi[io + i * isr + j * isc] : T(0);
          }
        }
      }
    });
  });
}

}  // namespace ember::cpu
