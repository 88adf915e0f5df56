#pragma once
/// Checks a function's analytical gradients (from backward) against central finite differences,
/// as PyTorch's torch.autograd.gradcheck: for float64 inputs, |analytical - numerical| <=
/// atol + rtol * |numerical| for every entry of every Jacobian. Use it to test your own custom
/// functions:
///
///     auto fn = [](const ember::autograd::variable_list& in) {
///       return ember::autograd::variable_list{MyFn::apply(in[0], 2.0)};
///     };
///     ember::autograd::gradcheck(fn, {ember::randn({3}, ember::kDouble).requires_grad_()});
#include <functional>

#include "ember/autograd/node.h"

namespace ember::autograd {

struct GradcheckOptions {
  double eps = 1e-6;   // the finite-difference step
  double atol = 1e-5;  // absolute tolerance
  double rtol = 1e-3;  // relative tolerance
  /// Raise ember::Error describing the first mismatch (else just return false).
  bool raise_exception = true;
};

using DifferentiableFn = std::function<variable_list(const variable_list&)>;

/// Compares the Jacobians of `fn`'s floating outputs w.r.t. each input that requires grad.
/// Inputs are perturbed in place (and restored), so they must not be views that overlap
/// themselves; non-contiguous inputs are fine.
bool gradcheck(const DifferentiableFn& fn, const variable_list& inputs,
               const GradcheckOptions& options = {});

/// gradcheck of the first derivatives: checks the gradient of (grad_outputs . d fn / d inputs)
/// w.r.t. the inputs and grad_outputs, which must be twice differentiable.
bool gradgradcheck(const DifferentiableFn& fn, const variable_list& inputs,
                   const GradcheckOptions& options = {});

}  // namespace ember::autograd
