#pragma once
// What the elementwise families (unary, binary, ternary) share: the broadcast shape of several
// operands, and writing a kernel's result to a new tensor or into an `out` / in-place target.
//
// Note [Elementwise outputs]
// Without `out`, the kernel writes a new contiguous tensor of the result dtype. With `out` (the
// in-place forms pass self), `out` must already have the broadcast shape (an in-place op never
// resizes self), must not overlap itself (an expanded self: several elements, one location), and
// the result dtype must be castable to out's dtype (check_can_cast: a float
// result is not written into an int tensor). The kernel writes `out` directly when the dtypes
// match and no input overlaps `out` other than element-for-element (a.add_(a) is fine,
// a.add_(a.t()) is not); otherwise it writes a temporary that is then copied (and converted)
// into `out`. Either way out's version counter is bumped.
#include <initializer_list>

#include "ops/op_util.h"

namespace ember::detail {

/// The broadcast shape of the defined tensors in `tensors`.
DimVector broadcast_all(const char* op, std::initializer_list<const Tensor*> tensors);

/// True when writing `out` while reading `in` could read already-written values.
bool overlaps_unsafely(const Tensor& out, const Tensor& in);

/// Runs `kernel(const TensorImpl& dst)` per Note [Elementwise outputs] and returns the result
/// (`out` itself when given). `inputs` (at least one) are the operands the kernel reads; a new
/// result goes on their device.
template <class Kernel>
Tensor write_elementwise(const char* op, IntArrayRef shape, ScalarType result, const Tensor& out,
                         std::initializer_list<const Tensor*> inputs, const Kernel& kernel) {
  // The op has checked that its tensors share one device.
  const Device device = (*inputs.begin())->device();
  if (!out.defined()) {
    Tensor r = make_empty(shape, result, device);
    kernel(*r.unsafeGetTensorImpl());
    return r;
  }
  EMBER_CHECK(out.sizes() == shape, op, "output with shape ", out.sizes(),
              " doesn't match the broadcast shape ", shape);
  check_no_internal_overlap(out, op);
  check_can_cast(result, out.scalar_type(), op);
  bool direct = out.scalar_type() == result;
  for (const Tensor* in : inputs) direct = direct && !overlaps_unsafely(out, *in);
  if (direct) {
    kernel(*out.unsafeGetTensorImpl());
    out.bump_version();
  } else {
    Tensor r = make_empty(shape, result, device);
    kernel(*r.unsafeGetTensorImpl());
    const_cast<Tensor&>(out).copy_(r);
  }
  return out;
}

}  // namespace ember::detail
