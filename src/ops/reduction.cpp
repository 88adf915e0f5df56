// Reductions: sums, means, products, extremes, logical reductions and counts.
//
// Note [Reduction dtype rules]
// As PyTorch: sum, nansum and prod of bool and integer inputs return int64; a `dtype` argument
// converts the input to it before reducing. mean and nanmean need a floating input (or, for
// mean, a floating `dtype`); float16 and bfloat16 accumulate in float and the sum is rounded to
// the input dtype before the division, as PyTorch's CPU kernels do. max, min, amax and amin keep
// the input dtype; argmax, argmin and the index outputs are int64; all and any return bool
// (uint8 for a uint8 input); count_nonzero returns int64.
#include "ember/ops/reduction.h"

#include <string_view>

#include "autograd/derivatives/reduction.h"
#include "autograd/record.h"
#include "ops/backend.h"
#include "ops/reduction_util.h"

namespace ember {

using autograd::variable_list;
using autograd::detail::expand_reduced;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

using detail::check_defined;
using detail::reduce_layout;
using detail::ReduceLayout;

namespace {

const detail::TensorImpl& impl(const Tensor& t) {
  return *t.unsafeGetTensorImpl();
}

Tensor run_reduce(detail::ReduceOp op, const ReduceLayout& layout, ScalarType out_dtype,
                  bool keepdim) {
  Tensor out = detail::make_reduce_output(layout, out_dtype);
  detail::backend_of(out).reduce(op, impl(out), impl(layout.input));
  return detail::finish_reduce_output(out, layout, keepdim);
}

// sum, nansum and prod: int64 for bool and integers; `dtype` converts the input first.
// The names of the node a reduction records, over everything and over `dim`.
const char* node_name(const char* whole, const char* over_dims, IntArrayRef dim) {
  return dim.empty() ? whole : over_dims;
}

void record_sum_like(Recorder& rec, detail::ReduceOp op, const Tensor& self, const Tensor& r,
                     IntArrayRef dim, const ReduceLayout& layout) {
  auto keep = layout.keep_sizes.vec();
  auto sizes = self.sizes().vec();
  if (op == detail::ReduceOp::sum) {
    rec.record(node_name("SumBackward0", "SumBackward1", dim), r, {},
               [keep, sizes](const FormulaContext& c) {
                 return variable_list{expand_reduced(c.grad(0), keep, sizes)};
               });
  } else if (op == detail::ReduceOp::nansum) {
    rec.record("NansumBackward0", r, {self}, [keep, sizes](const FormulaContext& c) {
      return variable_list{
          expand_reduced(c.grad(0), keep, sizes).masked_fill(c.saved(0).isnan(), 0)};
    });
  } else {
    std::optional<int64_t> d;
    if (!dim.empty()) d = detail::wrap_dim(dim[0], self.dim(), "prod");
    rec.record(node_name("ProdBackward0", "ProdBackward1", dim), r, {self, r},
               [keep, d](const FormulaContext& c) {
                 return variable_list{
                     autograd::detail::prod_backward(c.grad(0), c.saved(0), c.saved(1), d, keep)};
               });
  }
}

Tensor sum_like(detail::ReduceOp op, const char* name, const Tensor& self, IntArrayRef dim,
                bool keepdim, std::optional<ScalarType> dtype) {
  check_defined(self, name, "self");
  Recorder rec({&self});
  const Tensor x = dtype ? self.to(*dtype) : self;
  const ReduceLayout layout = reduce_layout(x, dim, name);
  const ScalarType kernel_dtype = is_floating_point(x.scalar_type()) ? x.scalar_type() : kLong;
  Tensor r = run_reduce(op, layout, kernel_dtype, keepdim);
  if (dtype && *dtype != kernel_dtype) r = r.to(*dtype);
  if (rec && r.is_floating_point()) record_sum_like(rec, op, x, r, dim, layout);
  return r;
}

Tensor mean_like(detail::ReduceOp op, const char* name, const Tensor& self, IntArrayRef dim,
                 bool keepdim, std::optional<ScalarType> dtype) {
  check_defined(self, name, "self");
  if (op == detail::ReduceOp::nanmean) {
    EMBER_CHECK(is_floating_point(self.scalar_type()), name,
                "expected input to have floating point dtype but got ", self.scalar_type());
  } else if (dtype) {
    EMBER_CHECK(is_floating_point(*dtype), name,
                "could not infer output dtype. Optional dtype must be either a floating point or "
                "complex dtype. Got: ",
                *dtype);
  } else {
    EMBER_CHECK(is_floating_point(self.scalar_type()), name,
                "could not infer output dtype. Input dtype must be either a floating point or "
                "complex dtype. Got: ",
                self.scalar_type());
  }
  Recorder rec({&self});
  const Tensor x = dtype ? self.to(*dtype) : self;
  const ReduceLayout layout = reduce_layout(x, dim, name);
  Tensor r = run_reduce(op, layout, x.scalar_type(), keepdim);
  if (!rec) return r;
  auto keep = layout.keep_sizes.vec();
  auto sizes = x.sizes().vec();
  if (op == detail::ReduceOp::mean) {
    rec.record(node_name("MeanBackward0", "MeanBackward1", dim), r, {},
               [keep, sizes, n = layout.reduced](const FormulaContext& c) {
                 return variable_list{expand_reduced(c.grad(0), keep, sizes) / n};
               });
  } else {
    rec.record("NanmeanBackward0", r, {x}, [keep, sizes](const FormulaContext& c) {
      const Tensor is_nan = c.saved(0).isnan();
      const Tensor count = autograd::detail::sum_reduced(is_nan.logical_not(), keep);
      return variable_list{(expand_reduced(c.grad(0), keep, sizes) / count).masked_fill(is_nan, 0)};
    });
  }
  return r;
}

Tensor extreme(bool is_max, const char* name, const Tensor& self, IntArrayRef dim, bool keepdim) {
  check_defined(self, name, "self");
  const ReduceLayout layout = reduce_layout(self, dim, name);
  detail::check_nonempty_reduction(layout, self, !dim.empty(), name);
  Recorder rec({&self});
  Tensor r = run_reduce(is_max ? detail::ReduceOp::amax : detail::ReduceOp::amin, layout,
                        self.scalar_type(), keepdim);
  if (rec) {
    const bool whole = std::string_view(name) == "max" || std::string_view(name) == "min";
    const char* node = whole ? (is_max ? "MaxBackward1" : "MinBackward1")
                             : (is_max ? "AmaxBackward0" : "AminBackward0");
    auto keep = layout.keep_sizes.vec();
    rec.record(node, r, {self, r}, [keep](const FormulaContext& c) {
      return variable_list{autograd::detail::evenly_distribute(c.grad(0).reshape(keep), c.saved(0),
                                                               c.saved(1).reshape(keep), keep)};
    });
  }
  return r;
}

std::tuple<Tensor, Tensor> extreme_with_index(bool is_max, const char* name, const Tensor& self,
                                              int64_t dim, bool keepdim) {
  check_defined(self, name, "self");
  const ReduceLayout layout = reduce_layout(self, IntArrayRef(dim), name);
  detail::check_nonempty_reduction(layout, self, true, name);
  Recorder rec({&self});
  Tensor values = detail::make_reduce_output(layout, self.scalar_type());
  Tensor indices = detail::make_reduce_output(layout, kLong);
  detail::backend_of(values).arg_reduce(is_max, &impl(values), impl(indices), impl(layout.input));
  values = detail::finish_reduce_output(values, layout, keepdim);
  indices = detail::finish_reduce_output(indices, layout, keepdim);
  if (rec) {
    auto keep = layout.keep_sizes.vec();
    auto sizes = self.sizes().vec();
    const int64_t d = self.dim() == 0 ? 0 : detail::wrap_dim(dim, self.dim(), name);
    rec.record(is_max ? "MaxBackward0" : "MinBackward0", {values, indices}, {indices},
               [keep, sizes, d](const FormulaContext& c) {
                 return variable_list{autograd::detail::scatter_back(
                     c.grad(0).reshape(keep), c.saved(0).reshape(keep), d, sizes)};
               });
  }
  return {values, indices};
}

Tensor arg_extreme(bool is_max, const char* name, const Tensor& self, std::optional<int64_t> dim,
                   bool keepdim) {
  check_defined(self, name, "self");
  // As PyTorch, which has argmax/argmin kernels for numbers only (max(dim) does take bool).
  EMBER_CHECK(self.scalar_type() != kBool, name, "\"", name, "\" not implemented for 'Bool'");
  const ReduceLayout layout = reduce_layout(self, dim, name);
  detail::check_nonempty_reduction(layout, self, dim.has_value(), name);
  Tensor indices = detail::make_reduce_output(layout, kLong);
  detail::backend_of(indices).arg_reduce(is_max, nullptr, impl(indices), impl(layout.input));
  // argmax(dim=None, keepdim=True) keeps every dim with size 1, as PyTorch.
  return detail::finish_reduce_output(indices, layout, keepdim);
}

Tensor all_any(detail::ReduceOp op, const char* name, const Tensor& self,
               std::optional<int64_t> dim, bool keepdim) {
  check_defined(self, name, "self");
  const ReduceLayout layout = reduce_layout(self, dim, name);
  return run_reduce(op, layout, self.scalar_type() == kByte ? kByte : kBool, keepdim);
}

}  // namespace

Tensor sum(const Tensor& self, std::optional<ScalarType> dtype) {
  return sum_like(detail::ReduceOp::sum, "sum", self, {}, false, dtype);
}
Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return sum_like(detail::ReduceOp::sum, "sum", self, dim, keepdim, dtype);
}
Tensor nansum(const Tensor& self, std::optional<ScalarType> dtype) {
  return sum_like(detail::ReduceOp::nansum, "nansum", self, {}, false, dtype);
}
Tensor nansum(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return sum_like(detail::ReduceOp::nansum, "nansum", self, dim, keepdim, dtype);
}
Tensor prod(const Tensor& self, std::optional<ScalarType> dtype) {
  return sum_like(detail::ReduceOp::prod, "prod", self, {}, false, dtype);
}
Tensor prod(const Tensor& self, int64_t dim, bool keepdim, std::optional<ScalarType> dtype) {
  return sum_like(detail::ReduceOp::prod, "prod", self, IntArrayRef(dim), keepdim, dtype);
}
Tensor mean(const Tensor& self, std::optional<ScalarType> dtype) {
  return mean_like(detail::ReduceOp::mean, "mean", self, {}, false, dtype);
}
Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return mean_like(detail::ReduceOp::mean, "mean", self, dim, keepdim, dtype);
}
Tensor nanmean(const Tensor& self, std::optional<ScalarType> dtype) {
  return mean_like(detail::ReduceOp::nanmean, "nanmean", self, {}, false, dtype);
}
Tensor nanmean(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return mean_like(detail::ReduceOp::nanmean, "nanmean", self, dim, keepdim, dtype);
}

Tensor max(const Tensor& self) {
  return extreme(true, "max", self, {}, false);
}
std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim) {
  return extreme_with_index(true, "max", self, dim, keepdim);
}
Tensor min(const Tensor& self) {
  return extreme(false, "min", self, {}, false);
}
std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim) {
  return extreme_with_index(false, "min", self, dim, keepdim);
}
Tensor amax(const Tensor& self, IntArrayRef dim, bool keepdim) {
  return extreme(true, "amax", self, dim, keepdim);
}
Tensor amin(const Tensor& self, IntArrayRef dim, bool keepdim) {
  return extreme(false, "amin", self, dim, keepdim);
}
Tensor argmax(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  return arg_extreme(true, "argmax", self, dim, keepdim);
}
Tensor argmin(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  return arg_extreme(false, "argmin", self, dim, keepdim);
}

Tensor all(const Tensor& self) {
  return all_any(detail::ReduceOp::all, "all", self, std::nullopt, false);
}
Tensor all(const Tensor& self, int64_t dim, bool keepdim) {
  return all_any(detail::ReduceOp::all, "all", self, dim, keepdim);
}
Tensor any(const Tensor& self) {
  return all_any(detail::ReduceOp::any, "any", self, std::nullopt, false);
}
Tensor any(const Tensor& self, int64_t dim, bool keepdim) {
  return all_any(detail::ReduceOp::any, "any", self, dim, keepdim);
}
Tensor count_nonzero(const Tensor& self, std::optional<int64_t> dim) {
  check_defined(self, "count_nonzero", "self");
  return run_reduce(detail::ReduceOp::count_nonzero, reduce_layout(self, dim, "count_nonzero"),
                    kLong, false);
}
Tensor count_nonzero(const Tensor& self, int64_t dim) {
  return count_nonzero(self, IntArrayRef(dim));
}
Tensor count_nonzero(const Tensor& self, IntArrayRef dim) {
  check_defined(self, "count_nonzero", "self");
  return run_reduce(detail::ReduceOp::count_nonzero, reduce_layout(self, dim, "count_nonzero"),
                    kLong, false);
}

// ---- Tensor methods ----------------------------------------------------------------------------

Tensor Tensor::sum(std::optional<ScalarType> dtype) const {
  return ember::sum(*this, dtype);
}
Tensor Tensor::sum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::sum(*this, dim, keepdim, dtype);
}
Tensor Tensor::nansum(std::optional<ScalarType> dtype) const {
  return ember::nansum(*this, dtype);
}
Tensor Tensor::nansum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::nansum(*this, dim, keepdim, dtype);
}
Tensor Tensor::mean(std::optional<ScalarType> dtype) const {
  return ember::mean(*this, dtype);
}
Tensor Tensor::mean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::mean(*this, dim, keepdim, dtype);
}
Tensor Tensor::nanmean(std::optional<ScalarType> dtype) const {
  return ember::nanmean(*this, dtype);
}
Tensor Tensor::nanmean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::nanmean(*this, dim, keepdim, dtype);
}
Tensor Tensor::prod(std::optional<ScalarType> dtype) const {
  return ember::prod(*this, dtype);
}
Tensor Tensor::prod(int64_t dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::prod(*this, dim, keepdim, dtype);
}
Tensor Tensor::max() const {
  return ember::max(*this);
}
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const {
  return ember::max(*this, dim, keepdim);
}
Tensor Tensor::min() const {
  return ember::min(*this);
}
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const {
  return ember::min(*this, dim, keepdim);
}
Tensor Tensor::amax(IntArrayRef dim, bool keepdim) const {
  return ember::amax(*this, dim, keepdim);
}
Tensor Tensor::amin(IntArrayRef dim, bool keepdim) const {
  return ember::amin(*this, dim, keepdim);
}
Tensor Tensor::argmax(std::optional<int64_t> dim, bool keepdim) const {
  return ember::argmax(*this, dim, keepdim);
}
Tensor Tensor::argmin(std::optional<int64_t> dim, bool keepdim) const {
  return ember::argmin(*this, dim, keepdim);
}
Tensor Tensor::all() const {
  return ember::all(*this);
}
Tensor Tensor::all(int64_t dim, bool keepdim) const {
  return ember::all(*this, dim, keepdim);
}
Tensor Tensor::any() const {
  return ember::any(*this);
}
Tensor Tensor::any(int64_t dim, bool keepdim) const {
  return ember::any(*this, dim, keepdim);
}
Tensor Tensor::count_nonzero(std::optional<int64_t> dim) const {
  return ember::count_nonzero(*this, dim);
}
Tensor Tensor::count_nonzero(int64_t dim) const {
  return ember::count_nonzero(*this, dim);
}
Tensor Tensor::count_nonzero(IntArrayRef dim) const {
  return ember::count_nonzero(*this, dim);
}

}  // namespace ember
