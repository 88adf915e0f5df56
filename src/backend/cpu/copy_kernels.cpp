#include "backend/cpu/copy_kernels.h"

#include <cstring>

#include "backend/cpu/loop.h"

namespace ember::cpu {

void copy(const TensorImpl& dst, const TensorImpl& src) {
  if (dst.numel() == 0) return;
  if (dst.dtype() == src.dtype() && dst.is_contiguous() && src.is_contiguous()) {
    std::memmove(dst.data(), src.data(), static_cast<size_t>(dst.numel()) * dst.itemsize());
    return;
  }
  const LoopPlan plan = LoopPlan::build({&dst, &src});
  detail::visit_dtype(dst.dtype(), [&]<class D>(TypeTag<D>) {
    detail::visit_dtype(src.dtype(), [&]<class S>(TypeTag<S>) {
      elementwise<D, S>(plan, [](auto x) { return static_cast<compute_t<D>>(x); });
    });
  });
}

void fill(const TensorImpl& dst, const Scalar& value) {
  if (dst.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&dst});
  detail::visit_dtype(dst.dtype(), [&]<class D>(TypeTag<D>) {
    const D v = static_cast<D>(value.to<compute_t<D>>());
    elementwise<D>(plan, [v]() { return v; });
  });
}

}  // namespace ember::cpu
