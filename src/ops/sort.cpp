// Sorting and selection: sort, argsort, topk, kthvalue, median, mode, and the unique family.
//
// As PyTorch: NaN orders as the largest value (last ascending, first descending); values keep the
// input dtype and indices are int64. Our sort is always stable. Where PyTorch leaves the index of
// tied values unspecified (topk, kthvalue, median, mode) we return a deterministic one: topk the
// earliest, mode the last occurrence; median of a line holding NaN gives its first NaN.
#include <limits>

#include "autograd/derivatives/elementwise.h"
#include "autograd/derivatives/reduction.h"
#include "autograd/record.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduction.h"
#include "ops/backend.h"
#include "ops/op_util.h"
#include "ops/reduction_util.h"

namespace ember {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;
using detail::check_defined;

namespace {

const detail::TensorImpl& impl(const Tensor& t) {
  return *t.unsafeGetTensorImpl();
}

int64_t size_along(const Tensor& self, int64_t d) {
  return self.dim() == 0 ? 1 : self.size(d);
}

// PyTorch has no bool kernels for topk, kthvalue and median (sort and mode take bool).
// Records `name` for values gathered from self along `d` at `indices`: the gradient goes back to
// those positions. `kept` is the values' shape with their dim d (1 when not kept).
void record_gather_along(Recorder& rec, const char* name, const Tensor& self, const Tensor& values,
                         const Tensor& indices, int64_t d, IntArrayRef kept) {
  rec.record(name, {values, indices}, {indices},
             [d, kept = kept.vec(), sizes = self.sizes().vec()](const FormulaContext& c) {
               if (sizes.empty()) return variable_list{c.grad(0).reshape({})};
               return variable_list{autograd::detail::scatter_back(
                   c.grad(0).reshape(kept), c.saved(0).reshape(kept), d, sizes)};
             });
}

void check_numeric(const Tensor& self, const char* name) {
  EMBER_CHECK(self.scalar_type() != kBool, name, "\"", name, "\" not implemented for 'Bool'");
}

// kthvalue, median and mode along a dim: one value and index per line.
std::tuple<Tensor, Tensor> select_along(detail::SelectOp op, const char* name, const Tensor& self,
                                        int64_t dim, int64_t k, bool keepdim) {
  const int64_t d = detail::checked_dim(self, dim, name);
  const int64_t n = size_along(self, d);
  EMBER_CHECK(n > 0, name, "Expected reduction dim ", d, " to have non-zero size.");
  detail::DimVector sizes(self.sizes());
  if (!sizes.empty()) sizes[static_cast<size_t>(d)] = 1;
  Recorder rec({&self});
  Tensor values = detail::make_empty(sizes, self.scalar_type(), self.device());
  Tensor indices = detail::make_empty(sizes, kLong, self.device());
  detail::backend_of(values).select_value(op, impl(detail::dim_last(values, d)),
                                          impl(detail::dim_last(indices, d)),
                                          impl(detail::dim_last(self, d)), k);
  if (!keepdim && self.dim() > 0) {
    values = values.squeeze(d);
    indices = indices.squeeze(d);
  }
  if (rec) {
    const std::string node = autograd::detail::backward_name(name);
    record_gather_along(rec, node.c_str(), self, values, indices, d, sizes);
  }
  return {values, indices};
}

}  // namespace

std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> stable, int64_t dim,
                                bool descending) {
  const int64_t d = detail::checked_dim(self, dim, "sort");
  Recorder rec({&self});
  Tensor values = detail::make_empty(self.sizes(), self.scalar_type(), self.device());
  Tensor indices = detail::make_empty(self.sizes(), kLong, self.device());
  detail::backend_of(values).sort(impl(detail::dim_last(values, d)),
                                  impl(detail::dim_last(indices, d)),
                                  impl(detail::dim_last(self, d)), descending);
  if (rec) record_gather_along(rec, "SortBackward0", self, values, indices, d, values.sizes());
  return {values, indices};
}
std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim, bool descending) {
  return sort(self, std::nullopt, dim, descending);
}
Tensor argsort(const Tensor& self, int64_t dim, bool descending) {
  return std::get<1>(sort(self, std::nullopt, dim, descending));
}

std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim, bool largest,
                                bool sorted) {
  const int64_t d = detail::checked_dim(self, dim, "topk");
  check_numeric(self, "topk");
  const int64_t n = size_along(self, d);
  EMBER_CHECK(k >= 0 && k <= n, "topk", "selected index k out of range (k = ", k,
              ", expected in [0, ", n, "], the size of dim ", d, ")");
  detail::DimVector sizes(self.sizes());
  if (!sizes.empty()) sizes[static_cast<size_t>(d)] = k;
  Recorder rec({&self});
  Tensor values = detail::make_empty(sizes, self.scalar_type(), self.device());
  Tensor indices = detail::make_empty(sizes, kLong, self.device());
  detail::backend_of(values).topk(impl(detail::dim_last(values, d)),
                                  impl(detail::dim_last(indices, d)),
                                  impl(detail::dim_last(self, d)), k, largest);
  if (rec) record_gather_along(rec, "TopkBackward0", self, values, indices, d, values.sizes());
  return {values, indices};
}

std::tuple<Tensor, Tensor> kthvalue(const Tensor& self, int64_t k, int64_t dim, bool keepdim) {
  const int64_t d = detail::checked_dim(self, dim, "kthvalue");
  check_numeric(self, "kthvalue");
  const int64_t n = size_along(self, d);
  EMBER_CHECK(n > 0, "kthvalue", "Expected reduction dim ", d, " to have non-zero size.");
  EMBER_CHECK(k >= 1 && k <= n, "kthvalue", "selected number k out of range for dimension ", d,
              " (k = ", k, ", expected in [1, ", n, "])");
  return select_along(detail::SelectOp::kth, "kthvalue", self, dim, k - 1, keepdim);
}

std::tuple<Tensor, Tensor> median(const Tensor& self, int64_t dim, bool keepdim) {
  const int64_t d = detail::checked_dim(self, dim, "median");
  check_numeric(self, "median");
  const int64_t n = size_along(self, d);
  return select_along(detail::SelectOp::median, "median", self, dim, (n - 1) / 2, keepdim);
}

Tensor median(const Tensor& self) {
  check_defined(self, "median", "self");
  check_numeric(self, "median");
  if (self.numel() == 0) {
    // As PyTorch: the median of nothing is NaN.
    EMBER_CHECK(is_floating_point(self.scalar_type()), "median",
                "expected a non-empty input, got shape ", self.sizes());
    return full({}, std::numeric_limits<double>::quiet_NaN(), self.options());
  }
  return std::get<0>(median(self.reshape({-1}), 0, false));
}

std::tuple<Tensor, Tensor> mode(const Tensor& self, int64_t dim, bool keepdim) {
  return select_along(detail::SelectOp::mode, "mode", self, dim, 0, keepdim);
}

namespace {

Tensor empty_long(const Tensor& like) {
  return detail::make_empty({0}, kLong, like.device());
}

// Note [unique along a dim]
// The slices along `dim` become the rows of a contiguous [n, m] copy; the kernel groups equal
// rows (sorted lexicographically first unless consecutive) and names each group's first row,
// which index_select then gathers from self. PyTorch's rules for zero-size inputs: a zero-size
// `dim` gives values of self's shape and empty inverse and counts, unless another dim is zero
// too; a zero-size dim that is not `dim` raises (there would be no slice to compare).
std::tuple<Tensor, Tensor, Tensor> unique_along(const char* op, const Tensor& self, int64_t dim,
                                                bool consecutive, bool return_inverse,
                                                bool return_counts) {
  check_defined(self, op, "self");
  detail::check_same_device(op, {&self});
  EMBER_CHECK(self.dim() > 0, op, "Dimension specified as ", dim, " but tensor has no dimensions");
  const int64_t d = detail::wrap_dim(dim, self.dim(), op);
  int64_t zero_dims = 0;
  for (int64_t s : self.sizes()) zero_dims += s == 0 ? 1 : 0;
  const int64_t n = self.size(d);
  if (n == 0) {
    EMBER_CHECK(zero_dims == 1, op, "expected at most one zero-size dim, got more than one (shape ",
                self.sizes(), "), so unique cannot be applied");
    return {detail::make_empty(self.sizes(), self.scalar_type(), self.device()), empty_long(self),
            empty_long(self)};
  }
  EMBER_CHECK(zero_dims == 0, op, "expected no zero-size dims other than dim ", d, ", got shape ",
              self.sizes(), ", so unique cannot be applied");
  // Not differentiable (as PyTorch): the views and the gather below record nothing.
  const NoGradGuard no_grad;
  const Tensor rows = self.movedim(d, 0).contiguous().reshape({n, -1});
  Tensor first = detail::make_empty({n}, kLong, self.device());
  Tensor inverse =
      return_inverse ? detail::make_empty({n}, kLong, self.device()) : empty_long(self);
  Tensor counts = detail::make_empty({n}, kLong, self.device());
  const int64_t groups = detail::backend_of(rows).unique_rows(
      impl(rows), consecutive, impl(first), return_inverse ? &impl(inverse) : nullptr,
      return_counts ? &impl(counts) : nullptr);
  return {self.index_select(d, first.narrow(0, 0, groups)), inverse,
          return_counts ? counts.narrow(0, 0, groups).clone() : empty_long(self)};
}

}  // namespace

std::tuple<Tensor, Tensor, Tensor> unique(const Tensor& self, bool sorted, bool return_inverse,
                                          bool return_counts, std::optional<int64_t> dim) {
  if (dim) return unique_along("unique", self, *dim, false, return_inverse, return_counts);
  check_defined(self, "unique", "self");
  detail::check_same_device("unique", {&self});
  (void)sorted;  // the result is always sorted, which satisfies sorted = false too
  const Tensor flat = self.reshape({-1}).contiguous();
  const int64_t n = flat.numel();
  Tensor values = detail::make_empty({n}, self.scalar_type(), self.device());
  Tensor inverse =
      detail::make_empty(return_inverse ? self.sizes() : IntArrayRef({0}), kLong, self.device());
  Tensor counts = detail::make_empty({n}, kLong, self.device());
  const int64_t m =
      detail::backend_of(values).unique(impl(values), return_inverse ? &impl(inverse) : nullptr,
                                        return_counts ? &impl(counts) : nullptr, impl(flat));
  return {values.narrow(0, 0, m).clone(), inverse,
          return_counts ? counts.narrow(0, 0, m).clone() : empty_long(self)};
}

std::tuple<Tensor, Tensor, Tensor> unique_dim(const Tensor& self, int64_t dim, bool sorted,
                                              bool return_inverse, bool return_counts) {
  (void)sorted;  // PyTorch sorts along a dim whatever `sorted` says
  return unique_along("unique_dim", self, dim, false, return_inverse, return_counts);
}

std::tuple<Tensor, Tensor, Tensor> unique_consecutive(const Tensor& self, bool return_inverse,
                                                      bool return_counts,
                                                      std::optional<int64_t> dim) {
  const char* op = "unique_consecutive";
  if (dim) return unique_along(op, self, *dim, true, return_inverse, return_counts);
  check_defined(self, op, "self");
  detail::check_same_device(op, {&self});
  // The elements are the rows of a [numel, 1] tensor (its inverse takes self's shape).
  const int64_t n = self.numel();
  if (n == 0) {
    return {
        detail::make_empty({0}, self.scalar_type(), self.device()),
        return_inverse ? detail::make_empty(self.sizes(), kLong, self.device()) : empty_long(self),
        empty_long(self)};
  }
  auto [values, inverse, counts] =
      unique_along(op, self.reshape({n, 1}), 0, true, return_inverse, return_counts);
  return {values.reshape({-1}), return_inverse ? inverse.reshape(self.sizes()) : inverse, counts};
}

std::tuple<Tensor, Tensor, Tensor> unique_dim_consecutive(const Tensor& self, int64_t dim,
                                                          bool return_inverse, bool return_counts) {
  return unique_along("unique_dim_consecutive", self, dim, true, return_inverse, return_counts);
}

// ---- Tensor methods ----------------------------------------------------------------------------

std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const {
  return ember::sort(*this, dim, descending);
}
std::tuple<Tensor, Tensor> Tensor::sort(std::optional<bool> stable, int64_t dim,
                                        bool descending) const {
  return ember::sort(*this, stable, dim, descending);
}
Tensor Tensor::argsort(int64_t dim, bool descending) const {
  return ember::argsort(*this, dim, descending);
}
std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  return ember::topk(*this, k, dim, largest, sorted);
}
std::tuple<Tensor, Tensor> Tensor::kthvalue(int64_t k, int64_t dim, bool keepdim) const {
  return ember::kthvalue(*this, k, dim, keepdim);
}
Tensor Tensor::median() const {
  return ember::median(*this);
}
std::tuple<Tensor, Tensor> Tensor::median(int64_t dim, bool keepdim) const {
  return ember::median(*this, dim, keepdim);
}
std::tuple<Tensor, Tensor> Tensor::mode(int64_t dim, bool keepdim) const {
  return ember::mode(*this, dim, keepdim);
}

}  // namespace ember
