#pragma once
// Internal entry points shared by the linalg op files (matmul.cpp, einsum.cpp, linalg_misc.cpp).
#include "ember/tensor.h"

namespace ember::detail {

/// Raises unless `a` and `b` have one dtype that matrix products support (not bool).
void check_product_dtypes(const Tensor& a, const Tensor& b, const char* op);
/// The batched product every product op goes through: beta * self + alpha * a[i] @ b[i] for
/// a (B, m, k) and b (B, k, n) of one dtype; `self` (may be undefined) broadcasts to (B, m, n).
/// Shapes and dtypes must already be checked; the result is a new contiguous (B, m, n) tensor.
Tensor batched_product(const Tensor& a, const Tensor& b, const Tensor& self, const Scalar& beta,
                       const Scalar& alpha, const char* op);
/// batched_product(a, b) without an addend, recorded for autograd as bmm (BmmBackward0): the
/// product every composite (matmul, einsum, tensordot) goes through.
Tensor bmm(const Tensor& a, const Tensor& b, const char* op);
/// torch.matmul with errors reported under `op`.
Tensor matmul(const Tensor& a, const Tensor& b, const char* op);

}  // namespace ember::detail
