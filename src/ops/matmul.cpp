// Matrix products: matmul, mm, bmm, mv, dot, vdot, outer, addmm, addmv, baddbmm, addbmm.
//
// Note [One product path]
// Every product reduces to detail::batched_product(): operands are viewed as batches of
// matrices (a vector is a (1, k) or (k, 1) matrix: a view, no copy), converted to the compute
// dtype (float32 for float16/bfloat16, rounded once at the end as PyTorch's opmath does),
// given a layout the GEMM accepts (Note [GEMM layout]; otherwise a contiguous copy) and handed
// to cpu::bmm. beta * self is placed in the output first and scaled by the kernel, so that
// beta == 0 never reads self (NaN in self does not propagate, as in PyTorch).
#include "ops/matmul.h"

#include <string_view>

#include "autograd/record.h"
#include "core/gemm_layout.h"
#include "ember/ops/linalg.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/op_util.h"

namespace ember {
namespace detail {
namespace {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

// PyTorch's maybe_multiply: t * s, skipped when s is 1.
Tensor scaled(const Tensor& t, const Scalar& s) {
  const bool one = s.isFloatingPoint() ? s.toDouble() == 1.0 : s.toLong() == 1;
  return one ? t : t * s;
}

// What a product formula needs saved: each operand only if the other one requires grad.
std::vector<Tensor> save_for_product(const Tensor& a, const Tensor& b) {
  return {b.requires_grad() ? a : Tensor(), a.requires_grad() ? b : Tensor()};
}

bool is_zero(const Scalar& s) {
  return s.isFloatingPoint() ? s.toDouble() == 0.0 : s.toLong() == 0;
}

// PyTorch's words: "self must be a matrix" for mm, "batch1 must be a 3D tensor" for bmm.
void check_dims(const Tensor& t, int64_t dims, const char* op, const char* what) {
  check_defined(t, op, what);
  if (dims == 2) {
    EMBER_CHECK(t.dim() == 2, op, what, " must be a matrix, got ", t.dim(), "-D tensor");
  } else {
    EMBER_CHECK(t.dim() == dims, op, what, " must be a ", dims, "D tensor, got ", t.dim(),
                "-D tensor");
  }
}

// The inner sizes of the matrix product a @ b (both 2-d).
void check_mm_inner(const Tensor& a, const Tensor& b, const char* op) {
  EMBER_CHECK(a.size(1) == b.size(0), op, "mat1 and mat2 shapes cannot be multiplied (", a.size(0),
              "x", a.size(1), " and ", b.size(0), "x", b.size(1), ")");
}

// The batch and inner sizes of the batched product a @ b (both 3-d).
void check_bmm_sizes(const Tensor& a, const Tensor& b, const char* op) {
  EMBER_CHECK(b.size(0) == a.size(0) && b.size(1) == a.size(2), op,
              "Expected size for first two dimensions of batch2 tensor to be: [", a.size(0), ", ",
              a.size(2), "] but got: [", b.size(0), ", ", b.size(1), "].");
}

// mat @ vec (2-d and 1-d) added to an addend of `self_sizes` (mv: PyTorch's 1-d result), which
// holds one value or mat.size(0) values.
void check_mv_dims(IntArrayRef self_sizes, const Tensor& mat, const Tensor& vec, const char* op) {
  const auto self_dim = static_cast<int64_t>(self_sizes.size());
  EMBER_CHECK(self_dim <= 1 && mat.dim() == 2 && vec.dim() == 1, op,
              "vector + matrix @ vector expected, got ", self_dim, ", ", mat.dim(), ", ",
              vec.dim());
}
void check_mv_sizes(IntArrayRef self_sizes, const Tensor& mat, const Tensor& vec, const char* op) {
  const int64_t self_numel = numel_of(self_sizes);
  EMBER_CHECK(mat.size(1) == vec.size(0) && (self_numel == mat.size(0) || self_numel == 1), op,
              "size mismatch, got ", self_sizes.empty() ? 1 : self_sizes[0], ", ", mat.size(0), "x",
              mat.size(1), ",", vec.size(0));
}

// `self` must expand to `shape` (it is the addend of an add* op).
void check_addend(const Tensor& self, IntArrayRef shape, const char* op) {
  check_defined(self, op, "self");
  check_expands_to(self.sizes(), shape, op);
}

// A 3-d operand in a layout cpu::bmm accepts: float matrices must suit the GEMM.
Tensor gemm_ready(const Tensor& t) {
  if (!is_floating_point(t.scalar_type())) return t;
  const auto s = t.sizes();
  const auto st = t.strides();
  return detail::gemm_operand(s[1], s[2], st[1], st[2]) ? t : t.contiguous();
}

Tensor mm(const Tensor& a, const Tensor& b, const char* op) {
  check_dims(a, 2, op, "self");
  check_dims(b, 2, op, "mat2");
  check_product_dtypes(a, b, op);
  check_mm_inner(a, b, op);
  Recorder rec({&a, &b});
  Tensor out = batched_product(a.unsqueeze(0), b.unsqueeze(0), Tensor(), 0, 1, op)
                   .view({a.size(0), b.size(1)});
  if (rec) {
    rec.record("MmBackward0", out, save_for_product(a, b), [](const FormulaContext& c) {
      const Tensor& g = c.grad(0);
      return variable_list{c.needs(0) ? g.mm(c.saved(1).t()) : Tensor(),
                           c.needs(1) ? c.saved(0).t().mm(g) : Tensor()};
    });
  }
  return out;
}

Tensor mv(const Tensor& a, const Tensor& v, const char* op) {
  check_defined(a, op, "self");
  check_defined(v, op, "vec");
  // As PyTorch's addmv into a 1-d result.
  const DimVector out_sizes{a.dim() == 2 ? a.size(0) : 0};
  check_mv_dims(out_sizes, a, v, op);
  check_product_dtypes(a, v, op);
  check_mv_sizes(out_sizes, a, v, op);
  Recorder rec({&a, &v});
  Tensor out = batched_product(a.unsqueeze(0), v.unsqueeze(0).unsqueeze(2), Tensor(), 0, 1, op)
                   .view({a.size(0)});
  if (rec) {
    rec.record("MvBackward0", out, save_for_product(a, v), [](const FormulaContext& c) {
      const Tensor& g = c.grad(0);
      return variable_list{c.needs(0) ? g.outer(c.saved(1)) : Tensor(),
                           c.needs(1) ? c.saved(0).t().mv(g) : Tensor()};
    });
  }
  return out;
}

Tensor dot(const Tensor& a, const Tensor& b, const char* op) {
  check_defined(a, op, "self");
  check_defined(b, op, "other");
  EMBER_CHECK(a.dim() == 1 && b.dim() == 1, op, "1D tensors expected, but got ", a.dim(), "D and ",
              b.dim(), "D tensors");
  check_same_device(op, {&a, &b});
  EMBER_CHECK(a.scalar_type() == b.scalar_type(), op,
              "dot : expected both vectors to have same dtype, but found ", a.scalar_type(),
              " and ", b.scalar_type());
  check_product_dtypes(a, b, op);
  EMBER_CHECK(a.size(0) == b.size(0), op, "inconsistent tensor size, expected tensor [", a.size(0),
              "] and src [", b.size(0), "] to have the same number of elements, but got ",
              a.size(0), " and ", b.size(0), " elements respectively");
  Recorder rec({&a, &b});
  Tensor out =
      batched_product(a.unsqueeze(0).unsqueeze(0), b.unsqueeze(0).unsqueeze(2), Tensor(), 0, 1, op)
          .view(IntArrayRef{});
  if (rec) {
    const char* name = std::string_view(op) == "vdot" ? "VdotBackward0" : "DotBackward0";
    rec.record(name, out, save_for_product(a, b), [](const FormulaContext& c) {
      const Tensor& g = c.grad(0);
      return variable_list{c.needs(0) ? g * c.saved(1) : Tensor(),
                           c.needs(1) ? g * c.saved(0) : Tensor()};
    });
  }
  return out;
}

Tensor addmm(const Tensor& self, const Tensor& m1, const Tensor& m2, const Scalar& beta,
             const Scalar& alpha, const char* op) {
  check_dims(m1, 2, op, "mat1");
  check_dims(m2, 2, op, "mat2");
  check_addend(self, {m1.size(0), m2.size(1)}, op);
  check_same_device(op, {&self, &m1, &m2});
  EMBER_CHECK(self.scalar_type() == m2.scalar_type(), op,
              "self and mat2 must have the same dtype, but got ", self.scalar_type(), " and ",
              m2.scalar_type());
  EMBER_CHECK(m1.scalar_type() == m2.scalar_type(), op,
              "mat1 and mat2 must have the same dtype, but got ", m1.scalar_type(), " and ",
              m2.scalar_type());
  check_product_dtypes(m1, m2, op);
  check_mm_inner(m1, m2, op);
  Recorder rec({&self, &m1, &m2});
  Tensor out = batched_product(m1.unsqueeze(0), m2.unsqueeze(0), self, beta, alpha, op)
                   .view({m1.size(0), m2.size(1)});
  if (rec) {
    rec.record("AddmmBackward0", out, save_for_product(m1, m2),
               [beta, alpha](const FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 return variable_list{c.needs(0) ? scaled(g, beta) : Tensor(),
                                      c.needs(1) ? scaled(g.mm(c.saved(1).t()), alpha) : Tensor(),
                                      c.needs(2) ? scaled(c.saved(0).t().mm(g), alpha) : Tensor()};
               });
  }
  return out;
}

}  // namespace

Tensor bmm(const Tensor& a, const Tensor& b, const char* op) {
  Recorder rec({&a, &b});
  Tensor out = batched_product(a, b, Tensor(), 0, 1, op);
  if (rec) {
    rec.record("BmmBackward0", out, save_for_product(a, b), [](const FormulaContext& c) {
      const Tensor& g = c.grad(0);
      return variable_list{c.needs(0) ? g.bmm(c.saved(1).transpose(1, 2)) : Tensor(),
                           c.needs(1) ? c.saved(0).transpose(1, 2).bmm(g) : Tensor()};
    });
  }
  return out;
}

void check_product_dtypes(const Tensor& a, const Tensor& b, const char* op) {
  check_same_device(op, {&a, &b});
  EMBER_CHECK(a.scalar_type() == b.scalar_type(), op, "expected scalar type ", a.scalar_type(),
              " but found ", b.scalar_type());
  EMBER_CHECK(a.scalar_type() != kBool, op, "not implemented for '", a.scalar_type(), "'");
}

Tensor batched_product(const Tensor& a, const Tensor& b, const Tensor& self, const Scalar& beta,
                       const Scalar& alpha, const char* op) {
  const ScalarType dtype = a.scalar_type();
  const ScalarType compute = dtype == kHalf || dtype == kBFloat16 ? kFloat : dtype;
  const DimVector shape{a.size(0), a.size(1), b.size(2)};
  Tensor out = make_empty(shape, compute, a.device());
  const bool use_self = self.defined() && !is_zero(beta);
  if (use_self) {
    check_addend(self, shape, op);
    out.copy_(expand(self, shape));
  }
  const Tensor ca = gemm_ready(a.to(compute));
  const Tensor cb = gemm_ready(b.to(compute));
  detail::backend_of(out).bmm(*out.unsafeGetTensorImpl(), *ca.unsafeGetTensorImpl(),
                              *cb.unsafeGetTensorImpl(), use_self ? beta : Scalar(0), alpha);
  return compute == dtype ? out : out.to(dtype);
}

Tensor matmul(const Tensor& a, const Tensor& b, const char* op) {
  check_defined(a, op, "self");
  check_defined(b, op, "other");
  const int64_t da = a.dim(), db = b.dim();
  EMBER_CHECK(da >= 1 && db >= 1, op,
              "both arguments to matmul need to be at least 1-d, but they are ", da, "-d and ", db,
              "-d");
  check_product_dtypes(a, b, op);
  if (da == 1 && db == 1) return dot(a, b, op);
  if (da == 2 && db == 1) return mv(a, b, op);
  if (da == 1 && db == 2) return mm(a.unsqueeze(0), b, op).squeeze(0);
  if (da == 2 && db == 2) return mm(a, b, op);
  if (da >= 3 && db <= 2) {
    // (..., n, k) @ (k, p) or (k): fold the batch into the rows, one larger product (as torch).
    const int64_t k = a.size(-1);
    DimVector out_shape(a.sizes().slice(0, static_cast<size_t>(da - 1)));
    const Tensor rows = a.reshape({numel_of(out_shape), k});
    if (db == 1) return mv(rows, b, op).view(out_shape);
    out_shape.push_back(b.size(1));
    return mm(rows, b, op).view(out_shape);
  }
  // Batched: a 1-d operand becomes a row (prepended dim) or a column (appended dim), removed
  // from the result.
  const Tensor a2 = da == 1 ? a.unsqueeze(0) : a;
  const Tensor b2 = db == 1 ? b.unsqueeze(1) : b;
  const int64_t n = a2.size(-2), k = a2.size(-1), p = b2.size(-1);
  const DimVector batch =
      broadcast_shapes(a2.sizes().slice(0, a2.dim() - 2), b2.sizes().slice(0, b2.dim() - 2), op);
  const int64_t batches = numel_of(batch);
  EMBER_CHECK(b2.size(-2) == k, op,
              "Expected size for first two dimensions of batch2 tensor to be: [", batches, ", ", k,
              "] but got: [", batches, ", ", b2.size(-2), "].");
  DimVector shape_a(batch), shape_b(batch), out_shape(batch);
  shape_a.push_back(n);
  shape_a.push_back(k);
  shape_b.push_back(k);
  shape_b.push_back(p);
  if (da != 1) out_shape.push_back(n);
  if (db != 1) out_shape.push_back(p);
  const Tensor ea = expand(a2, shape_a).reshape({batches, n, k});
  const Tensor eb = expand(b2, shape_b).reshape({batches, k, p});
  return bmm(ea, eb, op).view(out_shape);
}

}  // namespace detail

Tensor matmul(const Tensor& self, const Tensor& other) {
  return detail::matmul(self, other, "matmul");
}
Tensor mm(const Tensor& self, const Tensor& mat2) {
  return detail::mm(self, mat2, "mm");
}
Tensor bmm(const Tensor& self, const Tensor& mat2) {
  const char* op = "bmm";
  detail::check_dims(self, 3, op, "self");
  detail::check_dims(mat2, 3, op, "mat2");
  detail::check_product_dtypes(self, mat2, op);
  detail::check_bmm_sizes(self, mat2, op);
  return detail::bmm(self, mat2, op);
}
Tensor mv(const Tensor& self, const Tensor& vec) {
  return detail::mv(self, vec, "mv");
}
Tensor dot(const Tensor& self, const Tensor& other) {
  return detail::dot(self, other, "dot");
}
Tensor vdot(const Tensor& self, const Tensor& other) {
  return detail::dot(self, other, "vdot");  // real dtypes only: conj is the identity
}
Tensor outer(const Tensor& self, const Tensor& vec2) {
  for (const auto& [t, what] : {std::pair{&self, "self"}, std::pair{&vec2, "vec2"}}) {
    detail::check_defined(*t, "outer", what);
    EMBER_CHECK(t->dim() == 1, "outer", "Expected 1-D argument ", what, ", but got ", t->dim(),
                "-D");
  }
  return self.unsqueeze(1) * vec2;
}
Tensor ger(const Tensor& self, const Tensor& vec2) {
  return outer(self, vec2);
}

Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
             const Scalar& alpha) {
  return detail::addmm(self, mat1, mat2, beta, alpha, "addmm");
}

Tensor addmv(const Tensor& self, const Tensor& mat, const Tensor& vec, const Scalar& beta,
             const Scalar& alpha) {
  const char* op = "addmv";
  detail::check_defined(self, op, "self");
  detail::check_defined(mat, op, "mat");
  detail::check_defined(vec, op, "vec");
  detail::check_mv_dims(self.sizes(), mat, vec, op);
  detail::check_product_dtypes(mat, vec, op);  // self may have another dtype (cast, as torch)
  detail::check_mv_sizes(self.sizes(), mat, vec, op);
  autograd::detail::Recorder rec({&self, &mat, &vec});
  const Tensor s = self.dim() == 0 ? self : self.unsqueeze(0).unsqueeze(2);
  Tensor out =
      detail::batched_product(mat.unsqueeze(0), vec.unsqueeze(0).unsqueeze(2), s, beta, alpha, op)
          .view({mat.size(0)});
  if (rec) {
    rec.record("AddmvBackward0", out, detail::save_for_product(mat, vec),
               [beta, alpha](const autograd::detail::FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 return autograd::variable_list{
                     c.needs(0) ? detail::scaled(g, beta) : Tensor(),
                     c.needs(1) ? detail::scaled(g.outer(c.saved(1)), alpha) : Tensor(),
                     c.needs(2) ? detail::scaled(c.saved(0).t().mv(g), alpha) : Tensor()};
               });
  }
  return out;
}

Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
               const Scalar& alpha) {
  const char* op = "baddbmm";
  detail::check_dims(batch1, 3, op, "batch1");
  detail::check_dims(batch2, 3, op, "batch2");
  detail::check_addend(self, {batch1.size(0), batch1.size(1), batch2.size(2)}, op);
  detail::check_product_dtypes(batch1, batch2, op);  // self may have another dtype (as torch)
  detail::check_bmm_sizes(batch1, batch2, op);
  autograd::detail::Recorder rec({&self, &batch1, &batch2});
  Tensor out = detail::batched_product(batch1, batch2, self, beta, alpha, op);
  if (rec) {
    rec.record(
        "BaddbmmBackward0", out, detail::save_for_product(batch1, batch2),
        [beta, alpha](const autograd::detail::FormulaContext& c) {
          const Tensor& g = c.grad(0);
          return autograd::variable_list{
              c.needs(0) ? detail::scaled(g, beta) : Tensor(),
              c.needs(1) ? detail::scaled(g.bmm(c.saved(1).transpose(1, 2)), alpha) : Tensor(),
              c.needs(2) ? detail::scaled(c.saved(0).transpose(1, 2).bmm(g), alpha) : Tensor()};
        });
  }
  return out;
}

Tensor addbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
              const Scalar& alpha) {
  const char* op = "addbmm";
  detail::check_dims(batch1, 3, op, "batch1");
  detail::check_dims(batch2, 3, op, "batch2");
  EMBER_CHECK(batch1.size(0) == batch2.size(0), op,
              "batch1 and batch2 must have same number of batches, got ", batch1.size(0), " and ",
              batch2.size(0));
  EMBER_CHECK(batch1.size(2) == batch2.size(1), op, "Incompatible matrix sizes for bmm (",
              batch1.size(1), "x", batch1.size(2), " and ", batch2.size(1), "x", batch2.size(2),
              ")");
  // sum_i batch1[i] @ batch2[i] is one product over the joint (i, k) index.
  const int64_t b = batch1.size(0), n = batch1.size(1), k = batch1.size(2), p = batch2.size(2);
  const Tensor m1 = batch1.permute({1, 0, 2}).reshape({n, b * k});
  const Tensor m2 = batch2.reshape({b * k, p});
  autograd::detail::Recorder rec({&self, &batch1, &batch2});
  Tensor out = detail::addmm(self, m1, m2, beta, alpha, op);
  if (rec) {
    rec.record(
        "AddbmmBackward0", out, detail::save_for_product(batch1, batch2),
        [beta, alpha, b, n, p](const autograd::detail::FormulaContext& c) {
          // Every batch's product received grad.
          const Tensor g = c.grad(0);
          const Tensor gb = g.unsqueeze(0).expand({b, n, p});
          return autograd::variable_list{
              c.needs(0) ? detail::scaled(g, beta) : Tensor(),
              c.needs(1) ? detail::scaled(gb.bmm(c.saved(1).transpose(1, 2)), alpha) : Tensor(),
              c.needs(2) ? detail::scaled(c.saved(0).transpose(1, 2).bmm(gb), alpha) : Tensor()};
        });
  }
  return out;
}

// ---- Tensor methods ----------------------------------------------------------------------------
Tensor Tensor::matmul(const Tensor& other) const {
  return ember::matmul(*this, other);
}
Tensor Tensor::mm(const Tensor& mat2) const {
  return ember::mm(*this, mat2);
}
Tensor Tensor::bmm(const Tensor& mat2) const {
  return ember::bmm(*this, mat2);
}
Tensor Tensor::mv(const Tensor& vec) const {
  return ember::mv(*this, vec);
}
Tensor Tensor::dot(const Tensor& other) const {
  return ember::dot(*this, other);
}
Tensor Tensor::vdot(const Tensor& other) const {
  return ember::vdot(*this, other);
}
Tensor Tensor::outer(const Tensor& vec2) const {
  return ember::outer(*this, vec2);
}
Tensor Tensor::addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
                     const Scalar& alpha) const {
  return ember::addmm(*this, mat1, mat2, beta, alpha);
}
Tensor& Tensor::addmm_(const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
                       const Scalar& alpha) {
  if (autograd::detail::should_record({this, &mat1, &mat2})) {
    // AddmmBackward0 saves the matrices, not self: self itself is the out-of-place input.
    return autograd::detail::record_in_place(
        *this, "addmm_",
        [&](const Tensor& self) {
          Tensor r = ember::addmm(self, mat1, mat2, beta, alpha);
          EMBER_CHECK(r.sizes() == self.sizes(), "addmm_", "Bad in-place call: input tensor size ",
                      self.sizes(), " and output tensor size ", r.sizes(), " should match");
          return r;
        },
        /*reads_self=*/false);
  }
  const Tensor r = ember::addmm(*this, mat1, mat2, beta, alpha);
  EMBER_CHECK(r.sizes() == sizes(), "addmm_", "Bad in-place call: input tensor size ", sizes(),
              " and output tensor size ", r.sizes(), " should match");
  copy_(r);
  return *this;
}
Tensor Tensor::addmv(const Tensor& mat, const Tensor& vec, const Scalar& beta,
                     const Scalar& alpha) const {
  return ember::addmv(*this, mat, vec, beta, alpha);
}
Tensor Tensor::baddbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
                       const Scalar& alpha) const {
  return ember::baddbmm(*this, batch1, batch2, beta, alpha);
}
Tensor Tensor::addbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
                      const Scalar& alpha) const {
  return ember::addbmm(*this, batch1, batch2, beta, alpha);
}

}  // namespace ember
