#pragma once
// Batched matrix products over strided tensors.
#include "core/tensor_impl.h"
#include "ember/scalar.h"

namespace ember::cpu {

/// out[i] = beta * out[i] + alpha * a[i] @ b[i] for a (B, m, k), b (B, k, n) and a contiguous
/// out (B, m, n), all of one dtype. float and double go through gemm() and need every matrix of
/// `a` and `b` in a layout gemm_operand() accepts (any batch stride); integer dtypes run an exact
/// loop (wrapping on overflow, as PyTorch) over any strides. beta == 0 does not read `out`.
/// Raises for other dtypes.
void bmm(const detail::TensorImpl& out, const detail::TensorImpl& a, const detail::TensorImpl& b,
         const Scalar& beta, const Scalar& alpha);

}  // namespace ember::cpu
