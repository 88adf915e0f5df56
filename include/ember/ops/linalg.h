#pragma once
/// Linear algebra: matrix products, einsum/tensordot, and triangular/diagonal helpers.
///
/// Dtypes: products (matmul, mm, bmm, mv, dot, vdot, addmm, addmv, baddbmm, addbmm, einsum,
/// tensordot) need operands of one dtype and support the integer and floating dtypes (integer
/// products are exact and wrap on overflow; float16/bfloat16 are computed in float32 and rounded
/// once); bool raises. Errors say what PyTorch says: `[mm] mat1 and mat2 shapes cannot be
/// multiplied (2x3 and 4x5)` on a size mismatch, `[mm] expected scalar type Float but found
/// Double` on mixed dtypes. For integer tensors, alpha and beta are truncated to integers (as
/// torch).
#include <string_view>
#include <vector>

#include "ember/tensor.h"

namespace ember {

/// torch.matmul: 1-d·1-d is a dot product (0-d result); 2-d·2-d a matrix product; a 1-d first
/// operand is treated as a row (a size-1 dim prepended, then removed), a 1-d second operand as a
/// column (appended, then removed); with more than 2 dims the leading (batch) dims broadcast.
/// Raises for 0-d operands.
Tensor matmul(const Tensor& self, const Tensor& other);
/// (n, m) @ (m, p) -> (n, p). Both must be 2-d.
Tensor mm(const Tensor& self, const Tensor& mat2);
/// (b, n, m) @ (b, m, p) -> (b, n, p). Both must be 3-d with the same batch size.
Tensor bmm(const Tensor& self, const Tensor& mat2);
/// (n, m) @ (m) -> (n).
Tensor mv(const Tensor& self, const Tensor& vec);
/// Inner product of two 1-d tensors of the same size; a 0-d result.
Tensor dot(const Tensor& self, const Tensor& other);
/// dot with the first operand conjugated (the same as dot for real dtypes).
Tensor vdot(const Tensor& self, const Tensor& other);
/// Outer product of two 1-d tensors: (n) x (m) -> (n, m); dtypes promote (as `mul`).
Tensor outer(const Tensor& self, const Tensor& vec2);
Tensor ger(const Tensor& self, const Tensor& vec2);
/// beta * self + alpha * (mat1 @ mat2); self broadcasts to (n, p). beta == 0 ignores self's
/// values (NaN and inf in self do not propagate).
Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
             const Scalar& alpha = 1);
/// beta * self + alpha * (mat @ vec); self broadcasts to (n) and, as in torch, may have another
/// dtype (the result has mat's).
Tensor addmv(const Tensor& self, const Tensor& mat, const Tensor& vec, const Scalar& beta = 1,
             const Scalar& alpha = 1);
/// beta * self + alpha * bmm(batch1, batch2); self broadcasts to (b, n, p) and may have another
/// dtype (the result has batch1's).
Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2,
               const Scalar& beta = 1, const Scalar& alpha = 1);
/// beta * self + alpha * sum_i batch1[i] @ batch2[i]; self broadcasts to (n, p).
Tensor addbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2,
              const Scalar& beta = 1, const Scalar& alpha = 1);

/// Einstein summation, e.g. "ij,jk->ik", "bij,bjk->bik", "ii->i" (diagonal), "ii" (trace),
/// "...ij,...jk" (ellipsis broadcasting). Without "->" the output holds the indices that appear
/// exactly once, sorted (uppercase before lowercase, after the ellipsis dims). Spaces are ignored.
Tensor einsum(std::string_view equation, TensorList tensors);
/// Contracts the last `dims` dims of `a` with the first `dims` dims of `b`.
Tensor tensordot(const Tensor& a, const Tensor& b, int64_t dims = 2);
/// Contracts dims `dims_a` of `a` with dims `dims_b` of `b` (same count, same sizes).
Tensor tensordot(const Tensor& a, const Tensor& b, IntArrayRef dims_a, IntArrayRef dims_b);
/// Kronecker product; the operand with fewer dims gets leading size-1 dims. Dtypes promote.
Tensor kron(const Tensor& self, const Tensor& other);
/// Cross product of 3-vectors along `dim` (broadcasting the other dims). Without `dim`, as
/// torch.cross, the first dim of `self` whose size is 3 (raises if there is none).
Tensor cross(const Tensor& self, const Tensor& other, std::optional<int64_t> dim = std::nullopt);
/// torch.linalg.cross: as cross, with dim defaulting to -1.
Tensor linalg_cross(const Tensor& self, const Tensor& other, int64_t dim = -1);
/// torch.linalg.matrix_norm: the matrix norm over the two dims `dim` (batched over the others):
/// "fro" (Frobenius: sqrt of the sum of squares; any floating dtype) or "nuc" (nuclear: the sum
/// of the singular values; float32 or float64, computed with a one-sided Jacobi SVD in float64).
/// Zero-size matrices have norm 0. keepdim keeps both dims with size 1. Raises for fewer than
/// 2 dims, a `dim` that is not two distinct dims, integer dtypes (and float16/bfloat16 for
/// "nuc"), NaN in a "nuc" input (as PyTorch's SVD; infinities give NaN), other `ord`s. Gradient
/// of "nuc": grad * U Vᴴ (of the reduced SVD; a zero singular value contributes nothing); its
/// second derivative raises.
Tensor linalg_matrix_norm(const Tensor& self, std::string_view ord = "fro",
                          IntArrayRef dim = {-2, -1}, bool keepdim = false);
/// The nuclear norm of a 2-d input (other ranks raise), or over the two dims `dim`: as
/// linalg_matrix_norm(self, "nuc", dim, keepdim).
Tensor nuclear_norm(const Tensor& self, bool keepdim = false);
Tensor nuclear_norm(const Tensor& self, IntArrayRef dim, bool keepdim = false);
/// Sum of the main diagonal of a 2-d tensor; integer inputs give int64 (as sum).
Tensor trace(const Tensor& self);
/// Keeps the elements on and below (tril) / above (triu) the `diagonal`-th diagonal of the last
/// two dims (batched); the rest become 0. Needs at least 2 dims.
Tensor tril(const Tensor& self, int64_t diagonal = 0);
Tensor triu(const Tensor& self, int64_t diagonal = 0);
/// 1-d input: a square matrix with `self` on the `diagonal`-th diagonal. 2-d input: that
/// diagonal as a 1-d tensor (a copy).
Tensor diag(const Tensor& self, int64_t diagonal = 0);
/// Puts the last dim of `self` on the `offset` diagonal of the new dims (dim1, dim2).
Tensor diag_embed(const Tensor& self, int64_t offset = 0, int64_t dim1 = -2, int64_t dim2 = -1);

}  // namespace ember
