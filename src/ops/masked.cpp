// Mask ops (masked_fill, masked_select, masked_scatter), nonzero and take.
#include <string_view>

#include "autograd/derivatives/indexing.h"
#include "autograd/record.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/indexing.h"
#include "ember/ops/rearrange.h"
#include "ember/ops/reduction.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/indexing_util.h"
#include "ops/op_util.h"

namespace ember {

using detail::DimVector;

namespace {

// The mask expanded to self's shape, for the in-place ops (self itself cannot broadcast).
Tensor mask_for_inplace(const Tensor& self, const Tensor& mask, const char* op) {
  detail::check_defined(self, op, "self");
  detail::check_bool_mask(mask, op);
  detail::check_same_device(op, {&self, &mask});
  if (std::string_view(op) == "masked_scatter_") {
    detail::check_expands_to(mask.sizes(), self.sizes(), op);  // as PyTorch, which expands mask
  } else {
    const DimVector b = detail::broadcast_shapes(self.sizes(), mask.sizes(), op);
    EMBER_CHECK(IntArrayRef(b) == self.sizes(), op, "output with shape ", self.sizes(),
                " doesn't match the broadcast shape ", IntArrayRef(b));
  }
  Tensor m = expand(mask, self.sizes());
  return m.is_alias_of(self) ? m.clone() : m;
}

// self broadcast with mask, as a new contiguous tensor (the out-of-place forms).
Tensor broadcast_copy(const Tensor& self, const Tensor& mask, const char* op) {
  detail::check_defined(self, op, "self");
  detail::check_bool_mask(mask, op);
  return expand(self, detail::broadcast_shapes(self.sizes(), mask.sizes(), op)).clone();
}

Scalar fill_value(const Tensor& value, const char* op) {
  detail::check_defined(value, op, "value");
  EMBER_CHECK(value.dim() == 0, op,
              "only supports a 0-dimensional value tensor, got a tensor with ", value.dim(),
              " dimension(s)");
  return value.item();
}

void masked_fill_impl(const Tensor& self, const Tensor& mask, const Scalar& value, const char* op) {
  const Tensor m = mask_for_inplace(self, mask, op);
  detail::backend_of(self).masked_fill(*self.unsafeGetTensorImpl(), *m.unsafeGetTensorImpl(),
                                       value);
  self.bump_version();
}

void masked_scatter_impl(const Tensor& self, const Tensor& mask, const Tensor& source,
                         const char* op) {
  const Tensor m = mask_for_inplace(self, mask, op);
  detail::check_defined(source, op, "source");
  detail::check_same_device(op, {&source});
  EMBER_CHECK(self.scalar_type() == source.scalar_type(), op,
              "expected self and source to have the same dtype, got ", self.scalar_type(), " and ",
              source.scalar_type());
  // A 0-d self is indexed as a 1-element vector (a view, so writes land in self).
  const Tensor s = self.dim() == 0 ? self.view({1}) : self;
  const Tensor ms = m.dim() == 0 ? m.view({1}) : m;
  std::vector<Tensor> indices = detail::mask_to_indices(ms);
  const int64_t n = indices[0].numel();
  EMBER_CHECK(source.numel() >= n, op, "number of elements of source (", source.numel(),
              ") < number of ones in mask (", n, ")");
  const Tensor values = source.reshape({-1}).slice(0, 0, n);
  detail::advanced_index_put(s, std::move(indices), values, op);
  self.bump_version();
}

}  // namespace

namespace {

// masked_fill with a number, or with a 0-d tensor `value` (which then takes the gradient of the
// filled elements).
Tensor masked_fill_out_of_place(const Tensor& self, const Tensor& mask, const Scalar& fill,
                                const Tensor& value) {
  autograd::detail::Recorder rec({&self, &value});
  Tensor out = broadcast_copy(self, mask, "masked_fill");
  masked_fill_impl(out, mask, fill, "masked_fill");
  if (rec) {
    rec.record("MaskedFillBackward0", out, {mask}, [](const autograd::detail::FormulaContext& c) {
      const Tensor m = c.saved(0);
      const Tensor& g = c.grad(0);
      return autograd::variable_list{c.needs(0) ? g.masked_fill(m, 0) : Tensor(),
                                     c.needs(1) ? where(m, g, 0.0).sum() : Tensor()};
    });
  }
  return out;
}

}  // namespace

Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value) {
  return masked_fill_out_of_place(self, mask, value, Tensor());
}
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value) {
  return masked_fill_out_of_place(self, mask, fill_value(value, "masked_fill"), value);
}

Tensor masked_select(const Tensor& self, const Tensor& mask) {
  const char* op = "masked_select";
  detail::check_defined(self, op, "self");
  detail::check_bool_mask(mask, op);
  detail::check_same_device(op, {&self, &mask});
  const DimVector shape = detail::broadcast_shapes(self.sizes(), mask.sizes(), op);
  autograd::detail::Recorder rec({&self});
  const Tensor m = expand(mask, shape).reshape({-1});
  Tensor out =
      detail::advanced_index(expand(self, shape).reshape({-1}), detail::mask_to_indices(m), op);
  if (rec) {
    rec.record("MaskedSelectBackward0", out, {mask},
               [shape = std::vector<int64_t>(shape.begin(), shape.end())](
                   const autograd::detail::FormulaContext& c) {
                 namespace ad = autograd::detail;
                 const Tensor read =
                     ad::positions(shape, c.grad(0).device()).masked_select(c.saved(0));
                 return autograd::variable_list{ad::accumulate_at(c.grad(0), read, shape)};
               });
  }
  return out;
}

Tensor masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source) {
  autograd::detail::Recorder rec({&self, &source});
  Tensor out = broadcast_copy(self, mask, "masked_scatter");
  masked_scatter_impl(out, mask, source, "masked_scatter");
  if (rec) {
    rec.record("MaskedScatterBackward0", out, {mask},
               [source_sizes = source.sizes().vec()](const autograd::detail::FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 const Tensor m = c.saved(0);
                 Tensor gs;
                 if (c.needs(1)) {
                   // The masked elements of grad, in order, then zeros for the unused source.
                   const Tensor taken = g.masked_select(m);
                   int64_t n = 1;
                   for (int64_t s : source_sizes) n *= s;
                   gs = constant_pad_nd(taken, {0, n - taken.numel()}).reshape(source_sizes);
                 }
                 return autograd::variable_list{c.needs(0) ? g.masked_fill(m, 0) : Tensor(), gs};
               });
  }
  return out;
}

Tensor nonzero(const Tensor& self) {
  detail::check_defined(self, "nonzero", "self");
  detail::check_same_device("nonzero", {&self});
  const int64_t n = detail::backend_of(self).count_nonzero(*self.unsafeGetTensorImpl());
  Tensor out = detail::make_empty({n, self.dim()}, kLong, self.device());
  detail::backend_of(out).nonzero(*out.unsafeGetTensorImpl(), *self.unsafeGetTensorImpl());
  return out;
}

Tensor take(const Tensor& self, const Tensor& index) {
  const char* op = "take";
  detail::check_defined(self, op, "self");
  detail::check_defined(index, op, "index");
  detail::check_same_device(op, {&self, &index});
  EMBER_CHECK(index.scalar_type() == kLong, op, "expected a long tensor for index, got ",
              index.scalar_type());
  EMBER_CHECK(self.numel() > 0 || index.numel() == 0, op,
              "take(): tried to take from an empty tensor");
  autograd::detail::Recorder rec({&self});
  Tensor out = detail::advanced_index(self.reshape({-1}), {index}, op);
  if (rec) {
    rec.record("TakeBackward0", out, {index},
               [sizes = self.sizes().vec()](const autograd::detail::FormulaContext& c) {
                 namespace ad = autograd::detail;
                 const Tensor read = ad::positions(sizes, c.grad(0).device()).take(c.saved(0));
                 return autograd::variable_list{ad::accumulate_at(c.grad(0), read, sizes)};
               });
  }
  return out;
}

// ---- Tensor methods ----------------------------------------------------------------------------

Tensor Tensor::masked_fill(const Tensor& mask, const Scalar& value) const {
  return ember::masked_fill(*this, mask, value);
}
Tensor Tensor::masked_fill(const Tensor& mask, const Tensor& value) const {
  return ember::masked_fill(*this, mask, value);
}
Tensor& Tensor::masked_fill_(const Tensor& mask, const Scalar& value) {
  if (autograd::detail::should_record({this})) {
    return autograd::detail::record_in_place(*this, "masked_fill_", [&](const Tensor& self) {
      return ember::masked_fill(self, mask, value);
    });
  }
  masked_fill_impl(*this, mask, value, "masked_fill_");
  return *this;
}
Tensor& Tensor::masked_fill_(const Tensor& mask, const Tensor& value) {
  if (autograd::detail::should_record({this, &value})) {
    return autograd::detail::record_in_place(*this, "masked_fill_", [&](const Tensor& self) {
      return ember::masked_fill(self, mask, value);
    });
  }
  masked_fill_impl(*this, mask, fill_value(value, "masked_fill_"), "masked_fill_");
  return *this;
}
Tensor Tensor::masked_select(const Tensor& mask) const {
  return ember::masked_select(*this, mask);
}
Tensor Tensor::masked_scatter(const Tensor& mask, const Tensor& source) const {
  return ember::masked_scatter(*this, mask, source);
}
Tensor& Tensor::masked_scatter_(const Tensor& mask, const Tensor& source) {
  if (autograd::detail::should_record({this, &source})) {
    mask_for_inplace(*this, mask, "masked_scatter_");  // self cannot broadcast
    return autograd::detail::record_in_place(
        *this, "masked_scatter_",
        [&](const Tensor& self) { return ember::masked_scatter(self, mask, source); },
        /*reads_self=*/false);
  }
  masked_scatter_impl(*this, mask, source, "masked_scatter_");
  return *this;
}
Tensor Tensor::nonzero() const {
  return ember::nonzero(*this);
}
Tensor Tensor::take(const Tensor& index) const {
  return ember::take(*this, index);
}

}  // namespace ember
