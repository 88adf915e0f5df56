// Triangles and diagonals (tril, triu, diag, diag_embed, trace), cross and kron.
#include "autograd/record.h"
#include "ember/ops/creation.h"
#include "ember/ops/linalg.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/matmul.h"
#include "ops/op_util.h"

namespace ember {
namespace {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;
using detail::DimVector;

// tril and triu take their matrices from dims -2 and -1: PyTorch's dim errors for dim -2.
void check_matrices(const Tensor& self, const char* op) {
  EMBER_CHECK(self.dim() != 0, op,
              "Dimension specified as -2 but tensor has no dimensions (the input must have at "
              "least 2 dimensions)");
  EMBER_CHECK(self.dim() != 1, op,
              "Dimension out of range (expected to be in range of [-1, 0], but got -2): the input "
              "must have at least 2 dimensions");
}

Tensor triangle(const Tensor& self, int64_t diagonal, bool lower, const char* op) {
  detail::check_defined(self, op, "self");
  detail::check_same_device(op, {&self});
  check_matrices(self, op);
  Recorder rec({&self});
  Tensor out = detail::make_empty(self.sizes(), self.scalar_type(), self.device());
  detail::backend_of(out).triangle(*out.unsafeGetTensorImpl(), *self.unsafeGetTensorImpl(),
                                   diagonal, lower);
  if (rec) {
    rec.record(lower ? "TrilBackward0" : "TriuBackward0", out, {},
               [diagonal, lower](const FormulaContext& c) {
                 return variable_list{lower ? c.grad(0).tril(diagonal) : c.grad(0).triu(diagonal)};
               });
  }
  return out;
}

Tensor& triangle_(Tensor& self, int64_t diagonal, bool lower, const char* op) {
  detail::check_defined(self, op, "self");
  if (autograd::detail::should_record({&self})) {
    return autograd::detail::record_in_place(
        self, op, [&](const Tensor& s) { return triangle(s, diagonal, lower, op); },
        /*reads_self=*/false);
  }
  detail::check_same_device(op, {&self});
  check_matrices(self, op);
  // Element (i, j) is read and written at the same place, so in place is safe for any strides
  // that do not make two elements share memory (expanded tensors are refused, as in PyTorch).
  for (int64_t d = 0; d < self.dim(); ++d) {
    EMBER_CHECK(self.stride(d) != 0 || self.size(d) <= 1, op,
                "unsupported operation: more than one element of the written-to tensor refers "
                "to a single memory location; clone() the tensor first");
  }
  detail::backend_of(self).triangle(*self.unsafeGetTensorImpl(), *self.unsafeGetTensorImpl(),
                                    diagonal, lower);
  self.bump_version();
  return self;
}

// Sums a 1-d tensor with sum's dtype rule (integers and bool to int64), as a product with ones.
Tensor sum_vector(const Tensor& v, const char* op) {
  const ScalarType dtype = is_floating_point(v.scalar_type()) ? v.scalar_type() : kLong;
  const Tensor x = v.to(dtype);
  return detail::batched_product(x.unsqueeze(0).unsqueeze(0),
                                 ones({x.size(0)}, x.options()).unsqueeze(0).unsqueeze(2), Tensor(),
                                 0, 1, op)
      .view(IntArrayRef{});
}

}  // namespace

Tensor tril(const Tensor& self, int64_t diagonal) {
  return triangle(self, diagonal, true, "tril");
}
Tensor triu(const Tensor& self, int64_t diagonal) {
  return triangle(self, diagonal, false, "triu");
}

Tensor diag(const Tensor& self, int64_t diagonal) {
  detail::check_defined(self, "diag", "self");
  EMBER_CHECK(self.dim() == 1 || self.dim() == 2, "diag", "matrix or a vector expected, got a ",
              self.dim(), "-d tensor");
  // Both are composites for autograd (DiagonalBackward0 and CloneBackward0, DiagEmbedBackward0).
  if (self.dim() == 2) return self.diagonal(diagonal).clone();
  return diag_embed(self, diagonal);
}

Tensor diag_embed(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  const char* op = "diag_embed";
  detail::check_defined(self, op, "self");
  EMBER_CHECK(self.dim() >= 1, op, "expected a tensor with at least 1 dimension, got 0-d");
  const int64_t nd = self.dim() + 1;
  const int64_t d1 = detail::wrap_dim(dim1, nd, op), d2 = detail::wrap_dim(dim2, nd, op);
  EMBER_CHECK(d1 != d2, op, "diagonal dimensions cannot be identical ", dim1, ", ", dim2);
  const int64_t n = self.size(-1) + (offset < 0 ? -offset : offset);
  // The last dim of `self` lands on the diagonal; its leading dims fill the other dims in order.
  DimVector shape;
  for (int64_t d = 0, src = 0; d < nd; ++d) {
    shape.push_back(d == d1 || d == d2 ? n : self.size(src++));
  }
  Recorder rec({&self});
  Tensor out = zeros(shape, self.options());
  out.diagonal(offset, d1, d2).copy_(self);
  if (rec) {
    rec.record("DiagEmbedBackward0", out, {}, [offset, d1, d2](const FormulaContext& c) {
      return variable_list{c.grad(0).diagonal(offset, d1, d2)};
    });
  }
  return out;
}

Tensor trace(const Tensor& self) {
  detail::check_defined(self, "trace", "self");
  detail::check_same_device("trace", {&self});
  EMBER_CHECK(self.dim() == 2, "trace", "expected a matrix, but got tensor with dim ", self.dim());
  const ScalarType dtype = self.scalar_type();
  EMBER_CHECK(dtype != kBool, "trace", "not implemented for '", dtype, "'");
  Recorder rec({&self});
  Tensor out = sum_vector(self.diagonal(), "trace");
  if (rec) {
    rec.record("TraceBackward0", out, {},
               [n = self.size(0), m = self.size(1)](const FormulaContext& c) {
                 return variable_list{eye(n, m, TensorOptions().dtype(c.grad(0).scalar_type())) *
                                      c.grad(0)};
               });
  }
  return out;
}

Tensor linalg_cross(const Tensor& self, const Tensor& other, int64_t dim) {
  const char* op = "cross";
  detail::check_defined(self, op, "self");
  detail::check_defined(other, op, "other");
  EMBER_CHECK(self.dim() == other.dim(), op, "inputs must have the same number of dimensions, got ",
              self.dim(), " and ", other.dim());
  EMBER_CHECK(self.scalar_type() == other.scalar_type(), op, "expected scalar type ",
              self.scalar_type(), " but found ", other.scalar_type());
  EMBER_CHECK(self.scalar_type() != kBool, op, "not implemented for 'Bool'");
  const int64_t d = detail::wrap_dim(dim, self.dim(), op);
  EMBER_CHECK(self.size(d) == 3 && other.size(d) == 3, op, "inputs dimension ", dim,
              " must have length 3, got ", self.size(d), " and ", other.size(d));
  const DimVector shape = detail::broadcast_shapes(self.sizes(), other.sizes(), op);
  Recorder rec({&self, &other});
  const Tensor a = expand(self, shape), b = expand(other, shape);
  Tensor out = detail::make_empty(shape, self.scalar_type(), self.device());
  for (int64_t i = 0; i < 3; ++i) {
    const int64_t j = (i + 1) % 3, k = (i + 2) % 3;
    out.select(d, i).copy_(a.select(d, j) * b.select(d, k) - a.select(d, k) * b.select(d, j));
  }
  if (rec) {
    // <g, a x b> = <a, b x g> = <b, g x a>; the engine sums broadcast dims back.
    rec.record("LinalgCrossBackward0", out,
               {other.requires_grad() ? self : Tensor(), self.requires_grad() ? other : Tensor()},
               [d](const FormulaContext& c) {
                 const Tensor& g = c.grad(0);
                 return variable_list{c.needs(0) ? linalg_cross(c.saved(1), g, d) : Tensor(),
                                      c.needs(1) ? linalg_cross(g, c.saved(0), d) : Tensor()};
               });
  }
  return out;
}

Tensor cross(const Tensor& self, const Tensor& other, std::optional<int64_t> dim) {
  detail::check_defined(self, "cross", "self");
  if (dim) return linalg_cross(self, other, *dim);
  // torch.cross without dim: the first dim of self whose size is 3.
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (self.size(d) == 3) return linalg_cross(self, other, d);
  }
  EMBER_FAIL("cross", "no dimension of size 3 in input of shape ", self.sizes());
}

Tensor kron(const Tensor& self, const Tensor& other) {
  detail::check_defined(self, "kron", "self");
  detail::check_defined(other, "kron", "other");
  // a[i] * b[j] at position i * size_b + j: interleave the dims as (a0, b0, a1, b1, ...),
  // multiply with broadcasting, merge each pair.
  const int64_t nd = std::max(self.dim(), other.dim());
  DimVector sa, sb, merged;
  for (int64_t d = 0; d < nd; ++d) {
    const int64_t pa = d - (nd - self.dim()), pb = d - (nd - other.dim());
    const int64_t na = pa >= 0 ? self.size(pa) : 1, nb = pb >= 0 ? other.size(pb) : 1;
    sa.push_back(na);
    sa.push_back(1);
    sb.push_back(1);
    sb.push_back(nb);
    merged.push_back(na * nb);
  }
  return (self.reshape(sa) * other.reshape(sb)).reshape(merged);
}

// ---- Tensor methods ----------------------------------------------------------------------------
Tensor Tensor::cross(const Tensor& other, std::optional<int64_t> dim) const {
  return ember::cross(*this, other, dim);
}
Tensor Tensor::trace() const {
  return ember::trace(*this);
}
Tensor Tensor::tril(int64_t diagonal) const {
  return ember::tril(*this, diagonal);
}
Tensor Tensor::triu(int64_t diagonal) const {
  return ember::triu(*this, diagonal);
}
Tensor& Tensor::tril_(int64_t diagonal) {
  return triangle_(*this, diagonal, true, "tril_");
}
Tensor& Tensor::triu_(int64_t diagonal) {
  return triangle_(*this, diagonal, false, "triu_");
}
Tensor Tensor::diag(int64_t diagonal) const {
  return ember::diag(*this, diagonal);
}
Tensor Tensor::diag_embed(int64_t offset, int64_t dim1, int64_t dim2) const {
  return ember::diag_embed(*this, offset, dim1, dim2);
}

}  // namespace ember
