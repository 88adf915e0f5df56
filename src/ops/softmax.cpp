// softmax and log_softmax (Note [Fused softmax] in backend/cpu/softmax_kernels.cpp).
//
// Note [Fused backward, composite double backward]
// A fused op's backward formula runs its own kernel when the backward pass is not itself
// recorded (grad mode is off inside backward unless create_graph), and otherwise the same
// formula written with public ops, so that a second derivative records as usual. Both paths are
// tested: gradcheck runs the first, gradgradcheck the second.
#include "autograd/record.h"
#include "ember/autograd/grad_mode.h"
#include "ember/ops/nn_ops.h"
#include "ember/ops/reduction.h"
#include "ops/backend.h"
#include "ops/nn_util.h"
#include "ops/op_util.h"

namespace ember {
namespace detail {

detail::SoftmaxShape softmax_shape(IntArrayRef sizes, int64_t dim) {
  detail::SoftmaxShape s{1, 1, 1};
  for (int64_t d = 0; d < static_cast<int64_t>(sizes.size()); ++d) {
    if (d < dim) s.outer *= sizes[d];
    if (d == dim) s.dim = sizes[d];
    if (d > dim) s.inner *= sizes[d];
  }
  return s;
}

namespace {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

// The input gradient of (log_)softmax from the output gradient and the forward result
// (Note [Fused backward, composite double backward]).
Tensor softmax_backward(const Tensor& grad, const Tensor& y, int64_t dim, bool log) {
  if (GradMode::is_enabled()) {
    if (log) return grad - y.exp() * grad.sum({dim}, true);
    return y * (grad - (grad * y).sum({dim}, true));
  }
  const Tensor g = grad.to(y.scalar_type()).contiguous();
  const Tensor yc = y.contiguous();
  Tensor gi = make_empty(y.sizes(), y.scalar_type(), y.device());
  detail::backend_of(gi).softmax_backward(*gi.unsafeGetTensorImpl(), *g.unsafeGetTensorImpl(),
                                          *yc.unsafeGetTensorImpl(), softmax_shape(y.sizes(), dim),
                                          log);
  return gi;
}

Tensor softmax_impl(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, bool log) {
  const char* op = log ? "log_softmax" : "softmax";
  check_defined(self, op, "self");
  check_same_device(op, {&self});
  const Tensor input = dtype ? self.to(*dtype) : self;
  EMBER_CHECK(input.is_floating_point(), op, "not implemented for '", input.scalar_type(), "'");
  dim = wrap_dim(dim, input.dim(), op);
  Recorder rec({&input});
  const Tensor x = input.contiguous();
  Tensor y = make_empty(input.sizes(), input.scalar_type(), input.device(), op);
  detail::backend_of(y).softmax(*y.unsafeGetTensorImpl(), *x.unsafeGetTensorImpl(),
                                softmax_shape(input.sizes(), dim), log);
  if (rec) {
    rec.record(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", y, {y},
               [dim, log](const FormulaContext& c) {
                 return variable_list{softmax_backward(c.grad(0), c.saved(0), dim, log)};
               });
  }
  return y;
}

}  // namespace
}  // namespace detail

Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return detail::softmax_impl(self, dim, dtype, false);
}

Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return detail::softmax_impl(self, dim, dtype, true);
}

Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::softmax(*this, dim, dtype);
}
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::log_softmax(*this, dim, dtype);
}

}  // namespace ember
