#pragma once
// Activation functors (forward) and relu's fused backward, over the elementwise engine.
#include "core/tensor_impl.h"
#include "ops/kinds.h"

namespace ember::cpu {

/// out = op(in) elementwise; `in` has out's sizes (any strides) and dtype. Raises "[name] not
/// implemented for 'dtype'" for an unsupported dtype (relu: any but bool; others: floating).
void activation(detail::Activation op, const char* name, const detail::TensorImpl& out,
                const detail::TensorImpl& in, const detail::ActivationArgs& args);

/// out = self <= threshold ? 0 : grad (PyTorch's threshold_backward); all of out's shape and
/// dtype.
void threshold_backward(const detail::TensorImpl& out, const detail::TensorImpl& grad,
                        const detail::TensorImpl& self, double threshold);

}  // namespace ember::cpu
