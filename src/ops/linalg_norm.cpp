// Matrix norms: linalg_matrix_norm ("fro", "nuc"), nuclear_norm, and norm's "nuc".
//
// The nuclear norm is the sum of the singular values, from our own one-sided Jacobi SVD
// (backend/cpu/svd_kernels.h), so that it needs no LAPACK. Its gradient is U Vᵀ of the reduced
// SVD (PyTorch's svd_backward with only the singular values' gradient: U diag(gS) Vᴴ).
#include <vector>

#include "autograd/record.h"
#include "core/shape.h"
#include "ember/ops/linalg.h"
#include "ember/ops/reduction.h"
#include "ops/backend.h"
#include "ops/linalg_norm.h"
#include "ops/op_util.h"

namespace ember {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

namespace {

const detail::TensorImpl& impl(const Tensor& t) {
  return *t.unsafeGetTensorImpl();
}

// U Vᵀ, as a function of `self` whose own derivative Ember does not compute (it needs the
// SVD's full backward): differentiating through it raises.
Tensor polar_factor(const Tensor& polar, const Tensor& self, const char* op) {
  Recorder rec({&self});
  if (!rec) return polar;
  Tensor out = polar.clone();
  rec.record("LinalgMatrixNormBackwardBackward", out, {},
             [name = std::string(op)](const FormulaContext&) -> variable_list {
               EMBER_FAIL(name.c_str(),
                          "the second derivative of the nuclear norm is not implemented (it "
                          "needs the SVD's backward for U and V)");
             });
  return out;
}

// The sum of the singular values of the matrices over dims (d0, d1) of self.
Tensor nuclear(const char* op, const Tensor& self, int64_t d0, int64_t d1, bool keepdim) {
  Recorder rec({&self});  // (the views and checks below record nothing)
  EMBER_CHECK(self.is_meta() || !self.isnan().any().item<bool>(), op,  // Note [Meta device]
              "The algorithm failed to converge because the input matrix contained non-finite "
              "values (NaN).");
  // Batch dims first (in order), then the two matrix dims.
  const Tensor a = self.movedim({d0, d1}, {-2, -1});
  const std::vector<int64_t> a_sizes = a.sizes().vec();
  const std::vector<int64_t> batch_sizes(a_sizes.begin(), a_sizes.end() - 2);
  const int64_t m = a_sizes[a_sizes.size() - 2], n = a_sizes.back();
  const int64_t batch = detail::numel_of(batch_sizes);
  const Tensor flat = a.contiguous().reshape({batch, m, n});
  Tensor s = detail::make_empty({batch, std::min(m, n)}, self.scalar_type(), self.device(), op);
  Tensor polar =
      rec ? detail::make_empty({batch, m, n}, self.scalar_type(), self.device(), op) : Tensor();
  detail::backend_of(flat).svd_jacobi(impl(flat), impl(s), rec ? &impl(polar) : nullptr);
  // The norms with two trailing size-1 dims, in a's order; keepdim moves those back to (d0, d1).
  Tensor out = s.sum({-1}).reshape(batch_sizes);
  if (keepdim) out = out.unsqueeze(-1).unsqueeze(-1).movedim({-2, -1}, {d0, d1});
  if (rec) {
    rec.record("LinalgMatrixNormBackward0", out, {self, polar.reshape(a_sizes)},
               [=, name = std::string(op)](const FormulaContext& c) {
                 const Tensor g = keepdim ? c.grad(0).movedim({d0, d1}, {-2, -1})
                                          : c.grad(0).unsqueeze(-1).unsqueeze(-1);
                 const Tensor q = polar_factor(c.saved(1), c.saved(0), name.c_str());
                 return variable_list{(g * q).movedim({-2, -1}, {d0, d1})};
               });
  }
  return out;
}

}  // namespace

namespace detail {

void expect_matrix(const Tensor& self, const char* op) {
  EMBER_CHECK(self.dim() == 2, op, "Expected a tensor with 2 dimensions, but got a tensor with ",
              self.dim(), self.dim() == 1 ? " dimension" : " dimensions", " instead.");
}

Tensor matrix_norm(const char* op, const Tensor& self, std::string_view ord, IntArrayRef dim,
                   bool keepdim) {
  check_defined(self, op, "self");
  check_same_device(op, {&self});
  const ScalarType dtype = self.scalar_type();
  if (std::string_view(op) != "linalg_matrix_norm") {
    // norm(self, "nuc", dim) and nuclear_norm(self, dim): PyTorch's nuclear_norm checks the dims,
    // then its SVD the dtype.
    EMBER_CHECK(ord == "fro" || ord == "nuc", op,
                "only valid string values are 'fro' and 'nuc', found ", ord);
    EMBER_CHECK(dim.size() == 2, op, "nuclear norm requires a 'dim' argument of size 2, got ", dim);
    const int64_t d0 = wrap_dim(dim[0], self.dim(), op);
    const int64_t d1 = wrap_dim(dim[1], self.dim(), op);
    EMBER_CHECK(d0 != d1, op, "duplicate or invalid dimensions (", d0, ", ", d1, ")");
    EMBER_CHECK(is_floating_point(dtype), op,
                "Expected a floating point or complex tensor as input. Got ", dtype);
    EMBER_CHECK(ord == "fro" || dtype == kFloat || dtype == kDouble, op,
                "\"linalg_svd\" not implemented for '", dtype, "'");
    if (ord == "fro") return norm(self, std::optional<Scalar>(2), {d0, d1}, keepdim);
    return nuclear(op, self, d0, d1, keepdim);
  }
  EMBER_CHECK(self.dim() >= 2, op, "The input tensor A must have at least 2 dimensions.");
  EMBER_CHECK(is_floating_point(dtype), op,
              "Expected a floating point or complex tensor as input. Got ", dtype);
  EMBER_CHECK(dim.size() == 2, op, "dim must be a 2-tuple. Got ", dim);
  const int64_t d0 = wrap_dim(dim[0], self.dim(), op);
  const int64_t d1 = wrap_dim(dim[1], self.dim(), op);
  EMBER_CHECK(d0 != d1, op, "dims must be different. Got (", d0, ", ", d1, ")");
  EMBER_CHECK(ord == "fro" || ord == "nuc", op, "Order ", ord, " not supported.");
  EMBER_CHECK(ord == "fro" || dtype == kFloat || dtype == kDouble, op,
              "Low precision dtypes not supported. Got ", dtype);
  if (ord == "fro") return norm(self, std::optional<Scalar>(2), {d0, d1}, keepdim);
  return nuclear(op, self, d0, d1, keepdim);
}

}  // namespace detail

Tensor linalg_matrix_norm(const Tensor& self, std::string_view ord, IntArrayRef dim, bool keepdim) {
  return detail::matrix_norm("linalg_matrix_norm", self, ord, dim, keepdim);
}

Tensor nuclear_norm(const Tensor& self, bool keepdim) {
  detail::check_defined(self, "nuclear_norm", "self");
  detail::expect_matrix(self, "nuclear_norm");
  return detail::matrix_norm("nuclear_norm", self, "nuc", {-2, -1}, keepdim);
}

Tensor nuclear_norm(const Tensor& self, IntArrayRef dim, bool keepdim) {
  return detail::matrix_norm("nuclear_norm", self, "nuc", dim, keepdim);
}

}  // namespace ember
