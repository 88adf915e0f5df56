// Copies, conversions and fills.
#include "autograd/record.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/op_util.h"

namespace ember {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

Tensor Tensor::clone() const {
  const auto& self = detail::impl_of(*this, "clone");
  detail::check_same_device("clone", {this});
  Recorder rec({this});
  Tensor out = detail::make_empty(self.sizes(), self.dtype(), self.device());
  detail::backend_of(out).copy(*out.unsafeGetTensorImpl(), self);
  if (rec) {
    rec.record("CloneBackward0", out, {},
               [](const FormulaContext& c) { return variable_list{c.grad(0)}; });
  }
  return out;
}

Tensor Tensor::contiguous() const {
  return detail::impl_of(*this, "contiguous").is_contiguous() ? *this : clone();
}

Tensor& Tensor::copy_(const Tensor& src, bool) {
  const auto& dst = detail::impl_of(*this, "copy_");
  detail::check_defined(src, "copy_", "src");
  detail::backend_for(src.device(), "copy_");  // copies may cross devices
  detail::backend_for(device(), "copy_");
  detail::check_no_internal_overlap(*this, "copy_");
  const detail::DimVector shape = detail::broadcast_shapes(dst.sizes(), src.sizes(), "copy_");
  EMBER_CHECK(IntArrayRef(shape) == dst.sizes(), "copy_", "output with shape ", dst.sizes(),
              " doesn't match the broadcast shape ", shape);
  if (autograd::detail::should_record({this, &src})) {
    return autograd::detail::record_in_place(
        *this, "copy_",
        [&](const Tensor& self) {
          Recorder rec({&self, &src});
          Tensor copied = src.to(self.device(), self.scalar_type()).expand(self.sizes()).clone();
          rec.record("CopyBackwards", copied, {}, [](const FormulaContext& c) {
            return variable_list{c.needs(0) ? zeros_like(c.grad(0)) : Tensor(), c.grad(0)};
          });
          return copied;
        },
        /*reads_self=*/false);
  }
  Tensor expanded = ember::expand(src, dst.sizes());
  if (is_alias_of(src) && !is_same(src)) expanded = expanded.clone();  // overlapping memory
  detail::backend_for_copy(dst, *expanded.unsafeGetTensorImpl())
      .copy(dst, *expanded.unsafeGetTensorImpl());
  bump_version();
  return *this;
}

Tensor& Tensor::fill_(const Scalar& value) {
  detail::check_same_device("fill_", {this});
  const auto& impl = detail::impl_of(*this, "fill_");
  detail::check_scalar_fits(value, impl.dtype(), "fill_");
  if (autograd::detail::should_record({this})) {
    return autograd::detail::record_in_place(
        *this, "fill_",
        [&](const Tensor& self) {
          Recorder rec({&self});
          Tensor filled = full_like(self, value);
          rec.record("FillBackward0", filled, {},
                     [](const FormulaContext& c) { return variable_list{zeros_like(c.grad(0))}; });
          return filled;
        },
        /*reads_self=*/false);
  }
  detail::backend_of(impl).fill(impl, value);
  bump_version();
  return *this;
}

Tensor& Tensor::fill_(const Tensor& value) {
  detail::check_defined(*this, "fill_");
  detail::check_defined(value, "fill_", "value");
  EMBER_CHECK(value.dim() == 0, "fill_",
              "only supports 0-dimension value tensor but got tensor with ", value.dim(),
              " dimensions");
  return fill_(value.item());
}

Tensor& Tensor::zero_() {
  return fill_(0);
}

Tensor Tensor::to(ScalarType dtype, bool, bool copy) const {
  detail::check_defined(*this, "to");
  detail::check_same_device("to", {this});
  if (scalar_type() == dtype && !copy) return *this;
  Recorder rec({this});
  Tensor out = detail::make_empty(sizes(), dtype, impl_->device());
  detail::backend_of(out).copy(*out.unsafeGetTensorImpl(), *impl_);
  if (rec) {
    rec.record("ToCopyBackward0", out, {}, [](const FormulaContext& c) {
      return variable_list{c.grad(0)};  // the engine converts it back to the input's dtype
    });
  }
  return out;
}

Tensor Tensor::to(Device device, ScalarType dtype, bool non_blocking, bool copy) const {
  detail::check_defined(*this, "to");
  detail::backend_for(device, "to");
  const Device source = this->device();
  if (detail::normalized(device) == source) return to(dtype, non_blocking, copy);
  Recorder rec({this});
  Tensor out = detail::make_empty(sizes(), dtype, device, "to");
  detail::backend_for_copy(*out.unsafeGetTensorImpl(), *impl_)
      .copy(*out.unsafeGetTensorImpl(), *impl_);
  if (rec) {
    rec.record("ToCopyBackward0", out, {}, [source](const FormulaContext& c) {
      return variable_list{c.grad(0).to(source)};  // the engine converts the dtype back
    });
  }
  return out;
}
Tensor Tensor::to(Device device, bool non_blocking, bool copy) const {
  return to(device, scalar_type(), non_blocking, copy);
}
Tensor Tensor::to(const TensorOptions& options, bool non_blocking, bool copy) const {
  return to(options.device(), options.has_dtype() ? options.dtype() : scalar_type(), non_blocking,
            copy);
}
Tensor Tensor::to(const Tensor& other, bool non_blocking, bool copy) const {
  return to(other.device(), other.scalar_type(), non_blocking, copy);
}

}  // namespace ember
