// index_select, gather, scatter, scatter_add, scatter_reduce and index_add: indexing along one
// dim, all on the one gather/scatter kernel (backend/cpu/index_kernels.h).
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "autograd/derivatives/indexing.h"
#include "autograd/record.h"
#include "core/dispatch.h"
#include "ember/ops/creation.h"
#include "ember/ops/indexing.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/indexing_util.h"
#include "ops/op_util.h"

namespace ember {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;
using detail::DimVector;
using detail::make_view;
using detail::ScatterOp;

namespace {

// PyTorch treats a 0-d tensor as 1-d of size 1 in the gather/scatter shape checks.
int64_t nonempty_dim(const Tensor& t) {
  return std::max<int64_t>(t.dim(), 1);
}
int64_t nonempty_size(const Tensor& t, int64_t d) {
  return t.dim() == 0 ? 1 : t.size(d);
}
// `t`'s strides for a view with `nd` dims (a 0-d tensor gets stride 0).
DimVector nonempty_strides(const Tensor& t, int64_t nd) {
  return t.dim() == 0 ? DimVector(static_cast<size_t>(nd), 0) : DimVector(t.strides());
}
// `t` viewed with `sizes` and its own strides (its sizes cover them, checked by the caller).
Tensor restride(const Tensor& t, IntArrayRef sizes) {
  return make_view(t, sizes, nonempty_strides(t, static_cast<int64_t>(sizes.size())),
                   t.storage_offset());
}

void check_index_dtype(const Tensor& index, const char* op) {
  const ScalarType s = index.scalar_type();
  const std::string_view name(op);
  if (name == "index_select") {
    EMBER_CHECK(s == kLong || s == kInt, op, "Expected dtype int32 or int64 for index, got ", s);
  } else if (name == "index_add") {
    EMBER_CHECK(s == kLong || s == kInt, op, "Expected dtype int32/int64 for index but got: ", s);
  } else {  // the gather and scatter family (int32 is Ember's addition)
    EMBER_CHECK(s == kLong || s == kInt, op, "Expected dtype int64 for index, got ", s,
                " (or int32)");
  }
}

void check_common(const Tensor& self, const Tensor& index, const char* op) {
  detail::check_defined(self, op, "self");
  detail::check_defined(index, op, "index");
  detail::check_same_device(op, {&self, &index});
}

// gather: index has self's dims and fits in self outside `dim`.
void gather_shape_check(const Tensor& self, int64_t dim, const Tensor& index, const char* op) {
  EMBER_CHECK(nonempty_dim(self) == nonempty_dim(index), op,
              "index tensor must have the same number of dimensions as input tensor, got ",
              index.dim(), " and ", self.dim());
  for (int64_t d = 0; d < nonempty_dim(self); ++d) {
    EMBER_CHECK(d == dim || nonempty_size(index, d) <= nonempty_size(self, d), op,
                "size does not match at dimension ", d, ": expected index ", index.sizes(),
                " to be smaller than self ", self.sizes(), " apart from dimension ", dim);
  }
}

// scatter: also src has index's dims and covers index everywhere.
void scatter_shape_check(const Tensor& self, int64_t dim, const Tensor& index, const Tensor* src,
                         const char* op) {
  EMBER_CHECK(nonempty_dim(self) == nonempty_dim(index), op,
              "index tensor must have the same number of dimensions as self tensor, got ",
              index.dim(), " and ", self.dim());
  if (src) {
    EMBER_CHECK(nonempty_dim(*src) == nonempty_dim(index), op,
                "index tensor must have the same number of dimensions as src tensor, got ",
                index.dim(), " and ", src->dim());
  }
  for (int64_t d = 0; d < nonempty_dim(self); ++d) {
    const int64_t n = nonempty_size(index, d);
    EMBER_CHECK((d == dim || n <= nonempty_size(self, d)) && (!src || n <= nonempty_size(*src, d)),
                op, "expected index ", index.sizes(), " to be smaller than self ", self.sizes(),
                " apart from dimension ", dim,
                src ? detail::str_cat(" and to be smaller than src ", src->sizes()) : "");
  }
}

ScatterOp reduce_op(std::string_view reduce, const char* op) {
  if (reduce == "sum" || reduce == "mean") return ScatterOp::kSum;
  if (reduce == "prod") return ScatterOp::kProd;
  if (reduce == "amax") return ScatterOp::kAmax;
  if (reduce == "amin") return ScatterOp::kAmin;
  EMBER_FAIL(op, "reduce argument must be either sum, prod, mean, amax or amin, got ", reduce);
}

// The value a reduction starts from when include_self is false (PyTorch's: 0, 1, or the
// dtype's lowest / highest value, infinities for floats).
Scalar reduce_identity(ScatterOp op, ScalarType dtype) {
  if (op == ScatterOp::kProd) return 1;
  if (op != ScatterOp::kAmax && op != ScatterOp::kAmin) return 0;
  const bool max = op == ScatterOp::kAmax;
  if (is_floating_point(dtype)) return max ? -INFINITY : INFINITY;
  if (dtype == kBool) return !max;
  int64_t v = 0;
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (std::is_integral_v<T>) {
      v = static_cast<int64_t>(max ? std::numeric_limits<T>::lowest()
                                   : std::numeric_limits<T>::max());
    }
  });
  return v;
}

// The in-place scatter family on `self`: `src` (already of self's dtype and covering index) or
// a scalar `value` if src is undefined.
void scatter_impl(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                  const Scalar& value, std::optional<std::string_view> reduce, bool include_self,
                  const char* op) {
  check_common(self, index, op);
  const int64_t d = detail::wrap_dim(dim, self.dim(), op);
  if (index.numel() != 0) check_index_dtype(index, op);
  if (src.defined()) {
    detail::check_same_device(op, {&src});
    EMBER_CHECK(self.scalar_type() == src.scalar_type(), op,
                "expected self.dtype to be equal to src.dtype, got ", self.scalar_type(), " and ",
                src.scalar_type());
  }
  const ScatterOp rop = reduce ? reduce_op(*reduce, op) : ScatterOp::kAssign;
  EMBER_CHECK(!(reduce && *reduce == "mean" && self.scalar_type() == kBool), op,
              "reduce \"mean\" is not implemented for 'Bool'");
  detail::check_no_internal_overlap(self, op);  // positions are written in parallel
  self.bump_version();  // an in-place call counts as a write even when it writes nothing
  if (index.numel() == 0) return;
  scatter_shape_check(self, d, index, src.defined() ? &src : nullptr, op);
  const int64_t dim_size = nonempty_size(self, d);
  const Tensor dst = restride(self, index.sizes());
  Tensor other;
  if (src.defined()) {
    other = restride(src.is_alias_of(self) ? src.clone() : src, index.sizes());
  } else {
    other = expand(detail::wrap_scalar(value, self.scalar_type(), self.device()), index.sizes());
  }
  auto run = [&](ScatterOp o, const Tensor& out, const Tensor& in) {
    detail::backend_of(out).gather_scatter(o, *out.unsafeGetTensorImpl(),
                                           *index.unsafeGetTensorImpl(), *in.unsafeGetTensorImpl(),
                                           d, dim_size, 1, op);
  };
  if (reduce && !include_self) {
    const Scalar init = reduce_identity(rop, self.scalar_type());
    run(ScatterOp::kAssign, dst,
        expand(detail::wrap_scalar(init, self.scalar_type(), self.device()), index.sizes()));
  }
  run(rop, dst, other);
  if (reduce && *reduce == "mean") {
    Tensor count = full(self.sizes(), include_self ? 1 : 0, self.options().dtype(kLong));
    const Tensor one = expand(detail::wrap_scalar(1, kLong, self.device()), index.sizes());
    run(ScatterOp::kSum, restride(count, index.sizes()), one);
    detail::backend_of(self).divide_by_count(*self.unsafeGetTensorImpl(),
                                             *count.unsafeGetTensorImpl());
  }
}

Tensor index_select_impl(const Tensor& self, int64_t dim, const Tensor& index) {
  const char* op = "index_select";
  check_common(self, index, op);
  EMBER_CHECK(index.dim() <= 1, op, "Index is supposed to be a vector, but got dim: ", index.dim(),
              " with type: ", index.scalar_type(), " and size: ", index.sizes());
  check_index_dtype(index, op);
  const int64_t d = detail::wrap_dim(dim, self.dim(), op);
  if (self.dim() == 0) {
    EMBER_CHECK(index.numel() == 1, op, "index to a 0-d tensor can have only 1 value, got ",
                index.numel());
    return index_select_impl(self.view({1}), 0, index).view({});
  }
  // The elementwise advanced-indexing walk (Note [Indexing by offsets]), in output order.
  std::vector<Tensor> indices(static_cast<size_t>(d));
  indices.push_back(index.dim() == 0 ? index.view({1}) : index);
  return detail::advanced_index(self, std::move(indices), op, /*allow_negative=*/false);
}

Tensor gather_impl(const Tensor& self, int64_t dim, const Tensor& index) {
  const char* op = "gather";
  check_common(self, index, op);
  const int64_t d = detail::wrap_dim(dim, self.dim(), op);
  Tensor out = detail::make_empty(index.sizes(), self.scalar_type(), self.device());
  if (index.numel() == 0) return out;
  check_index_dtype(index, op);
  gather_shape_check(self, d, index, op);
  const Tensor src = restride(self, index.sizes());
  detail::backend_of(out).gather_scatter(ScatterOp::kGather, *out.unsafeGetTensorImpl(),
                                         *index.unsafeGetTensorImpl(), *src.unsafeGetTensorImpl(),
                                         d, nonempty_size(self, d), 1, op);
  return out;
}

}  // namespace

Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index) {
  Recorder rec({&self});
  Tensor out = index_select_impl(self, dim, index);
  if (rec) {
    rec.record("IndexSelectBackward0", out, {index},
               [dim, sizes = self.sizes().vec()](const FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 return variable_list{zeros(sizes, g.options()).index_add(dim, c.saved(0), g)};
               });
  }
  return out;
}

Tensor gather(const Tensor& self, int64_t dim, const Tensor& index) {
  Recorder rec({&self});
  Tensor out = gather_impl(self, dim, index);
  if (rec) {
    rec.record("GatherBackward0", out, {index},
               [dim, sizes = self.sizes().vec()](const FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 return variable_list{zeros(sizes, g.options()).scatter_add(dim, c.saved(0), g)};
               });
  }
  return out;
}

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  detail::check_defined(self, "scatter", "self");
  detail::check_defined(src, "scatter", "src");
  Recorder rec({&self, &src});
  Tensor out = self.clone();
  scatter_impl(out, dim, index, src, 0, std::nullopt, true, "scatter");
  if (rec) {
    // With duplicate indices the written value is unspecified; so is this gradient (as PyTorch).
    rec.record("ScatterBackward0", out, {index},
               [dim, src_sizes = src.sizes().vec()](const FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 const Tensor idx = c.saved(0);
                 return variable_list{c.needs(0) ? g.scatter(dim, idx, Scalar(0.0)) : Tensor(),
                                      c.needs(1)
                                          ? autograd::detail::pad_to(g.gather(dim, idx), src_sizes)
                                          : Tensor()};
               });
  }
  return out;
}
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  detail::check_defined(self, "scatter", "self");
  Recorder rec({&self});
  Tensor out = self.clone();
  scatter_impl(out, dim, index, Tensor(), value, std::nullopt, true, "scatter");
  if (rec) {
    rec.record("ScatterBackward1", out, {index}, [dim](const FormulaContext& c) {
      return variable_list{c.grad(0).scatter(dim, c.saved(0), Scalar(0.0))};
    });
  }
  return out;
}
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  detail::check_defined(self, "scatter_add", "self");
  detail::check_defined(src, "scatter_add", "src");
  Recorder rec({&self, &src});
  Tensor out = self.clone();
  scatter_impl(out, dim, index, src, 0, "sum", true, "scatter_add");
  if (rec) {
    rec.record("ScatterAddBackward0", out, {index},
               [dim, src_sizes = src.sizes().vec()](const FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 return variable_list{
                     g, c.needs(1) ? autograd::detail::pad_to(g.gather(dim, c.saved(0)), src_sizes)
                                   : Tensor()};
               });
  }
  return out;
}
Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                      std::string_view reduce, bool include_self) {
  detail::check_defined(self, "scatter_reduce", "self");
  detail::check_defined(src, "scatter_reduce", "src");
  Recorder rec({&self, &src});
  Tensor out = self.clone();
  scatter_impl(out, dim, index, src, 0, reduce, include_self, "scatter_reduce");
  if (rec) {
    // sum and mean need only the index; prod, amax and amin also the values.
    const bool by_value = reduce != "sum" && reduce != "mean";
    rec.record(
        "ScatterReduceBackward0", out,
        {index, by_value ? self : Tensor(), by_value ? src : Tensor(), by_value ? out : Tensor()},
        [dim, reduce = std::string(reduce), include_self,
         src_sizes = src.sizes().vec()](const FormulaContext& c) {
          const Tensor saved_src = c.saved(2);
          auto grads = autograd::detail::scatter_reduce_backward(
              c.grad(0), c.saved(1), dim, c.saved(0),
              saved_src.defined() ? saved_src : zeros(src_sizes, c.grad(0).options()), reduce,
              include_self, c.saved(3), c.needs(0), c.needs(1));
          return variable_list{grads.self, grads.src};
        });
  }
  return out;
}

namespace {

void index_add_impl(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                    const Scalar& alpha) {
  const char* op = "index_add";
  check_common(self, index, op);
  detail::check_defined(source, op, "source");
  detail::check_same_device(op, {&source});
  const int64_t d = detail::wrap_dim(dim, self.dim(), op);
  EMBER_CHECK(index.dim() <= 1, op, "Index is supposed to be a vector, but got dim: ", index.dim(),
              " with type: ", index.scalar_type(), " and size: ", index.sizes());
  check_index_dtype(index, op);
  EMBER_CHECK(self.scalar_type() == source.scalar_type(), op, "self (", self.scalar_type(),
              ") and source (", source.scalar_type(), ") must have the same scalar type");
  EMBER_CHECK(d == 0 || d < source.dim(), op, "indexing dim ", d,
              " is out of bounds of the source tensor with dim ", source.dim());
  const int64_t n = index.numel();
  EMBER_CHECK(n == nonempty_size(source, d), op, "number of indices (", n,
              ") should be equal to source.size(dim) (", nonempty_size(source, d), ") for dim ", d);
  DimVector ss(self.sizes()), rs(source.sizes());
  if (self.dim() != 0 && source.dim() != 0) {
    ss.erase(d);
    rs.erase(d);
  }
  EMBER_CHECK(IntArrayRef(ss) == IntArrayRef(rs), op,
              "Source/destination tensor must have same slice shapes. Destination slice shape: ",
              IntArrayRef(ss), " at dimension ", d, " and source slice shape: ", IntArrayRef(rs),
              " at dimension ", d, ".");
  detail::check_no_internal_overlap(self, op);  // positions are written in parallel
  if (n == 0) return;
  const Tensor s1 = self.dim() == 0 ? self.view({1}) : self;
  Tensor src1 = source.dim() == 0 ? source.view({1}) : source;
  if (src1.is_alias_of(self)) src1 = src1.clone();
  DimVector istrides(static_cast<size_t>(src1.dim()), 0);
  istrides[d] = index.dim() == 0 ? 0 : index.stride(0);
  const Tensor iview = make_view(index, src1.sizes(), istrides, index.storage_offset());
  const Tensor dst = restride(s1, src1.sizes());
  detail::backend_of(dst).gather_scatter(ScatterOp::kSum, *dst.unsafeGetTensorImpl(),
                                         *iview.unsafeGetTensorImpl(), *src1.unsafeGetTensorImpl(),
                                         d, s1.size(d), alpha, op);
}

}  // namespace

Tensor index_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                 const Scalar& alpha) {
  detail::check_defined(self, "index_add", "self");
  Recorder rec({&self, &source});
  Tensor out = self.clone();
  index_add_impl(out, dim, index, source, alpha);
  if (rec) {
    rec.record("IndexAddBackward0", out, {index},
               [dim, alpha, source_sizes = source.sizes().vec()](const FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 Tensor gs;
                 if (c.needs(1)) {
                   gs = g.index_select(dim, c.saved(0)).reshape(source_sizes);
                   if (alpha.toDouble() != 1.0) gs = gs.mul(alpha);
                 }
                 return variable_list{g, gs};
               });
  }
  return out;
}

// ---- Tensor methods ----------------------------------------------------------------------------

namespace {

// An in-place form under autograd: the out-of-place op (which reads self before anything is
// written and saves no part of it) recorded as self's new history.
Tensor& in_place(Tensor& self, const char* op, const std::function<Tensor(const Tensor&)>& fn) {
  return autograd::detail::record_in_place(self, op, fn, /*reads_self=*/false);
}

}  // namespace

Tensor Tensor::index_select(int64_t dim, const Tensor& index) const {
  return ember::index_select(*this, dim, index);
}
Tensor Tensor::gather(int64_t dim, const Tensor& index) const {
  return ember::gather(*this, dim, index);
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Tensor& src) const {
  return ember::scatter(*this, dim, index, src);
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Scalar& value) const {
  return ember::scatter(*this, dim, index, value);
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src) {
  detail::check_defined(src, "scatter_", "src");
  if (autograd::detail::should_record({this, &src})) {
    return in_place(*this, "scatter_",
                    [&](const Tensor& self) { return ember::scatter(self, dim, index, src); });
  }
  scatter_impl(*this, dim, index, src, 0, std::nullopt, true, "scatter_");
  return *this;
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Scalar& value) {
  if (autograd::detail::should_record({this})) {
    return in_place(*this, "scatter_",
                    [&](const Tensor& self) { return ember::scatter(self, dim, index, value); });
  }
  scatter_impl(*this, dim, index, Tensor(), value, std::nullopt, true, "scatter_");
  return *this;
}
Tensor Tensor::scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const {
  return ember::scatter_add(*this, dim, index, src);
}
Tensor& Tensor::scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) {
  detail::check_defined(src, "scatter_add_", "src");
  if (autograd::detail::should_record({this, &src})) {
    return in_place(*this, "scatter_add_",
                    [&](const Tensor& self) { return ember::scatter_add(self, dim, index, src); });
  }
  scatter_impl(*this, dim, index, src, 0, "sum", true, "scatter_add_");
  return *this;
}
Tensor Tensor::scatter_reduce(int64_t dim, const Tensor& index, const Tensor& src,
                              std::string_view reduce, bool include_self) const {
  return ember::scatter_reduce(*this, dim, index, src, reduce, include_self);
}
Tensor& Tensor::scatter_reduce_(int64_t dim, const Tensor& index, const Tensor& src,
                                std::string_view reduce, bool include_self) {
  detail::check_defined(src, "scatter_reduce_", "src");
  if (autograd::detail::should_record({this, &src})) {
    // The formula of prod, amax and amin saves self: work on a copy of it.
    return autograd::detail::record_in_place(*this, "scatter_reduce_", [&](const Tensor& self) {
      return ember::scatter_reduce(self, dim, index, src, reduce, include_self);
    });
  }
  scatter_impl(*this, dim, index, src, 0, reduce, include_self, "scatter_reduce_");
  return *this;
}
Tensor Tensor::index_add(int64_t dim, const Tensor& index, const Tensor& source,
                         const Scalar& alpha) const {
  return ember::index_add(*this, dim, index, source, alpha);
}
Tensor& Tensor::index_add_(int64_t dim, const Tensor& index, const Tensor& source,
                           const Scalar& alpha) {
  if (autograd::detail::should_record({this, &source})) {
    return in_place(*this, "index_add_", [&](const Tensor& self) {
      return ember::index_add(self, dim, index, source, alpha);
    });
  }
  index_add_impl(*this, dim, index, source, alpha);
  bump_version();
  return *this;
}

}  // namespace ember
