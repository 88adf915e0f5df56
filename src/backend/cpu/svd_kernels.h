#pragma once
// Singular values of batched real matrices by a one-sided Jacobi SVD, in float64 whatever the
// input's floating dtype; no BLAS or LAPACK. See Note [One-sided Jacobi SVD] in svd_kernels.cpp.
#include "core/tensor_impl.h"

namespace ember::cpu {

/// For each matrix of the contiguous `a` ([batch, m, n], float32 or float64, finite values
/// expected: a non-finite matrix gives NaN singular values), its k = min(m, n) singular values,
/// in descending order, into the contiguous `s` ([batch, k], a's dtype). When `polar` is given
/// (contiguous [batch, m, n], a's dtype), also U_k V_kᵀ there: the sum of u_j v_jᵀ over the
/// non-zero singular values (NaN for a non-finite matrix).
void svd_jacobi(const detail::TensorImpl& a, const detail::TensorImpl& s,
                const detail::TensorImpl* polar);

}  // namespace ember::cpu
