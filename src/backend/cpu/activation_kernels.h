#pragma once
// Activation functors (forward) and relu's fused backward, over the elementwise engine.
#include "core/tensor_impl.h"

namespace ember::cpu {

enum class Activation {
  Relu,
  LeakyRelu,  // a: negative_slope
  Gelu,       // erf form
  GeluTanh,   // tanh approximation
  Silu,
  Elu,       // a: alpha, b: scale, c: input_scale
  Hardtanh,  // a: min, b: max
  Softplus,  // a: beta, b: threshold
  Hardsigmoid,
  Hardswish,
  Mish,
};

struct ActivationArgs {
  double a = 0;
  double b = 0;
  double c = 0;
};

/// out = op(in) elementwise; `in` has out's sizes (any strides) and dtype. Raises "[name] not
/// implemented for 'dtype'" for an unsupported dtype (relu: any but bool; others: floating).
void activation(Activation op, const char* name, const detail::TensorImpl& out,
                const detail::TensorImpl& in, const ActivationArgs& args);

/// out = self <= threshold ? 0 : grad (PyTorch's threshold_backward); all of out's shape and
/// dtype.
void threshold_backward(const detail::TensorImpl& out, const detail::TensorImpl& grad,
                        const detail::TensorImpl& self, double threshold);

}  // namespace ember::cpu
