// nll_loss (ATen's nll_loss_nd: nll_loss and nll_loss2d in one op) and its backward.
#include "autograd/record.h"
#include "ember/ops/creation.h"
#include "ember/ops/nn_ops.h"
#include "ops/backend.h"
#include "ops/op_util.h"

namespace ember {
namespace detail {
namespace {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

constexpr const char* kOp = "nll_loss";

// The checked geometry of an nll_loss call.
struct NllPlan {
  detail::NllShape shape;
  DimVector out_sizes;  // for Reduction::None
  Tensor target;        // int64, contiguous, batch * spatial elements (0-d when unbatched)
};

NllPlan plan_nll(const Tensor& self, const Tensor& target, const Tensor& weight,
                 int64_t reduction) {
  check_defined(self, kOp, "self");
  check_defined(target, kOp, "target");
  check_same_device(kOp, {&self, &target, &weight});
  EMBER_CHECK(reduction >= Reduction::None && reduction <= Reduction::Sum, kOp,
              "expected reduction to be None (0), Mean (1) or Sum (2), got ", reduction);
  EMBER_CHECK(self.dim() >= 1, kOp, "Expected 1 or more dimensions (got ", self.dim(), ")");
  EMBER_CHECK(self.is_floating_point(), kOp, "\"", kOp, "\" not implemented for '",
              self.scalar_type(), "'");
  EMBER_CHECK(target.scalar_type() == kLong || target.scalar_type() == kByte, kOp,
              "expected scalar type Long but found ", target.scalar_type());
  NllPlan p;
  Tensor t = target;
  if (self.dim() == 1) {
    // Unbatched: a 0-d target (a 1-d one of self's length works too, as in PyTorch, which then
    // reads its first element).
    EMBER_CHECK(target.dim() <= 1, kOp,
                "0D or 1D target tensor expected, multi-target not supported");
    EMBER_CHECK(target.dim() == 0 || target.size(0) == self.size(0), kOp,
                "size mismatch (got input: ", self.sizes(), ", target: ", target.sizes(), ")");
    EMBER_CHECK(target.numel() >= 1, kOp, "expected a target, got shape ", target.sizes());
    t = target.dim() == 0 ? target : target.select(0, 0);
    p.shape = {1, self.size(0), 1};
  } else {
    EMBER_CHECK(target.dim() >= 1 && self.size(0) == target.size(0), kOp,
                "Expected input batch_size (", self.size(0), ") to match target batch_size (",
                target.dim() == 0 ? 0 : target.size(0), ").");
    DimVector expected{self.size(0)};
    int64_t spatial = 1;
    for (int64_t d = 2; d < self.dim(); ++d) {
      expected.push_back(self.size(d));
      spatial *= self.size(d);
    }
    if (self.dim() == 2) {
      EMBER_CHECK(target.dim() == 1, kOp,
                  "0D or 1D target tensor expected, multi-target not supported");
    } else {
      EMBER_CHECK(target.sizes() == IntArrayRef(expected), kOp, "Expected target size ",
                  IntArrayRef(expected), ", got ", target.sizes());
    }
    p.shape = {self.size(0), self.size(1), spatial};
    p.out_sizes = expected;
  }
  if (weight.defined()) {
    EMBER_CHECK(weight.numel() == p.shape.classes, kOp,
                "weight tensor should be defined either for all ", p.shape.classes,
                " classes or no classes but got weight tensor of shape: ", weight.sizes());
    EMBER_CHECK(weight.scalar_type() == self.scalar_type(), kOp, "expected scalar type ",
                self.scalar_type(), " but found ", weight.scalar_type());
  }
  p.target = t.to(kLong).contiguous();
  return p;
}

// The gradient of nll_loss with respect to self; linear in `grad`, so its own derivative is
// nll_loss of the incoming gradient (derivatives.yaml's nll_loss_backward entry).
// `reduction` is the user's; `kernel_reduction` what the kernel ran (Sum for an unbatched None).
Tensor nll_loss_backward(const Tensor& grad, IntArrayRef self_sizes, const Tensor& target,
                         const Tensor& weight, int64_t reduction, int64_t kernel_reduction,
                         int64_t ignore_index, const Tensor& total_weight, detail::NllShape shape) {
  Recorder rec({&grad});
  const Tensor g = grad.contiguous();
  Tensor gi = zeros(self_sizes, grad.options());
  const Tensor w = weight.defined() ? weight.contiguous() : Tensor();
  detail::backend_of(gi).nll_loss_backward(
      *gi.unsafeGetTensorImpl(), *g.unsafeGetTensorImpl(), *target.unsafeGetTensorImpl(),
      w.defined() ? w.unsafeGetTensorImpl() : nullptr, *total_weight.unsafeGetTensorImpl(), shape,
      kernel_reduction, ignore_index);
  if (rec) {
    rec.record("NllLossBackwardBackward0", gi, {target, weight},
               [reduction, ignore_index](const FormulaContext& c) {
                 return variable_list{
                     nll_loss(c.grad(0), c.saved(0), c.saved(1), reduction, ignore_index)};
               });
  }
  return gi;
}

}  // namespace
}  // namespace detail

Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight, int64_t reduction,
                int64_t ignore_index) {
  using namespace detail;
  NllPlan p = plan_nll(self, target, weight, reduction);
  Recorder rec({&self});
  const Tensor x = self.contiguous();
  const Tensor w = weight.defined() ? weight.contiguous() : Tensor();
  const bool per_element = reduction == Reduction::None && self.dim() >= 2;
  Tensor out = make_empty(per_element ? IntArrayRef(p.out_sizes) : IntArrayRef{},
                          self.scalar_type(), self.device(), kOp);
  Tensor total_weight = make_empty({}, self.scalar_type(), self.device(), kOp);
  // Reduction::None on unbatched input gives a 0-d loss: the kernel's element sum of one.
  const int64_t kernel_reduction =
      per_element || reduction != Reduction::None ? reduction : Reduction::Sum;
  detail::backend_of(out).nll_loss(*out.unsafeGetTensorImpl(), *total_weight.unsafeGetTensorImpl(),
                                   *x.unsafeGetTensorImpl(), *p.target.unsafeGetTensorImpl(),
                                   w.defined() ? w.unsafeGetTensorImpl() : nullptr, p.shape,
                                   kernel_reduction, ignore_index);
  if (rec) {
    const std::vector<int64_t> sizes(self.sizes().begin(), self.sizes().end());
    rec.record("NllLossBackward0", out, {p.target, w, total_weight},
               [sizes, shape = p.shape, reduction, kernel_reduction,
                ignore_index](const FormulaContext& c) {
                 return variable_list{nll_loss_backward(c.grad(0), sizes, c.saved(0), c.saved(1),
                                                        reduction, kernel_reduction, ignore_index,
                                                        c.saved(2), shape)};
               });
  }
  return out;
}

}  // namespace ember
