// Ternary elementwise ops: clamp, lerp, addcmul, addcdiv and where, with their in-place forms.
// Dtypes follow Note [Binary dtype rules] over all operands; outputs Note [Elementwise outputs].
#include "ops/ternary.h"

#include "autograd/derivatives/elementwise.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/binary.h"
#include "ops/elementwise_util.h"

namespace ember {
namespace detail {

namespace {

// The columns of ops/ternary_ops.def, indexed by TernaryOp.
struct TernaryColumns {
  const char* name;
  DtypeSet dtypes;
};
constexpr TernaryColumns kTernaryColumns[] = {
#define EMBER_TERNARY_OP(name, functor, dtypes) {#name, DtypeSet::dtypes},
#include "ops/ternary_ops.def"
#undef EMBER_TERNARY_OP
};

}  // namespace

const char* op_name(TernaryOp op) {
  return kTernaryColumns[static_cast<size_t>(op)].name;
}
DtypeSet accepted_dtypes(TernaryOp op) {
  return kTernaryColumns[static_cast<size_t>(op)].dtypes;
}

namespace {

// Broadcasts a, b and c, converts them to `compute` and runs `op` (result dtype `compute`).
Tensor ternary(TernaryOp op, const Tensor& a, const Tensor& b, const Tensor& c, ScalarType compute,
               const Tensor& out, const ElementwiseArgs& args = {}) {
  const char* name = op_name(op);
  check_same_device(name, {&a, &b, &c, &out});
  check_accepts(accepted_dtypes(op), compute, name);
  const DimVector shape = broadcast_all(name, {&a, &b, &c});
  if (out.defined() && autograd::detail::should_record({&a, &b, &c, &out})) {
    return autograd::detail::record_in_place(const_cast<Tensor&>(out), name, [&](const Tensor& s) {
      auto self_or = [&](const Tensor& t) { return out.is_same(t) ? s : t; };
      return ternary(op, self_or(a), self_or(b), self_or(c), compute, Tensor(), args);
    });
  }
  autograd::detail::Recorder rec({&a, &b, &c});
  const Tensor ea = expand(a.to(compute), shape);
  const Tensor eb = expand(b.to(compute), shape);
  const Tensor ec = expand(c.to(compute), shape);
  Tensor r =
      write_elementwise(name, shape, compute, out, {&ea, &eb, &ec}, [&](const TensorImpl& dst) {
        detail::backend_of(dst).ternary(op, dst, *ea.unsafeGetTensorImpl(),
                                        *eb.unsafeGetTensorImpl(), *ec.unsafeGetTensorImpl(), args);
      });
  if (rec) autograd::detail::record_ternary(rec, op, a, b, c, r, args);
  return r;
}

void check_clamp_bounds(bool has_min, bool has_max) {
  EMBER_CHECK(has_min || has_max, "clamp",
              "expected at least one of 'min' or 'max' to be given, got neither");
}

Tensor clamp_scalar(const Tensor& self, const std::optional<Scalar>& min,
                    const std::optional<Scalar>& max, const Tensor& out) {
  check_defined(self, "clamp", "self");
  check_clamp_bounds(min.has_value(), max.has_value());
  if (!max) return binary(BinaryOp::clamp_min, self, *min, out);
  if (!min) return binary(BinaryOp::clamp_max, self, *max, out);
  const ScalarType promoted = ResultType().add(self).add(*min).add(*max).get();
  return ternary(TernaryOp::clamp, self, wrap_scalar(*min, promoted, self.device()),
                 wrap_scalar(*max, promoted, self.device()), promoted, out);
}

bool present(const std::optional<Tensor>& t) {
  return t.has_value() && t->defined();
}

Tensor clamp_tensor(const Tensor& self, const std::optional<Tensor>& min,
                    const std::optional<Tensor>& max, const Tensor& out) {
  check_defined(self, "clamp", "self");
  check_clamp_bounds(present(min), present(max));
  if (!present(max)) return binary(BinaryOp::clamp_min, self, *min, out);
  if (!present(min)) return binary(BinaryOp::clamp_max, self, *max, out);
  const ScalarType promoted = ResultType().add(self).add(*min).add(*max).get();
  return ternary(TernaryOp::clamp, self, *min, *max, promoted, out);
}

void check_same_dtype(const Tensor& self, const Tensor& other, const char* what) {
  EMBER_CHECK(self.scalar_type() == other.scalar_type(), "lerp", "expected dtype ",
              self.scalar_type(), " for `", what, "` but got dtype ", other.scalar_type());
}

Tensor lerp_scalar(const Tensor& self, const Tensor& end, const Scalar& weight, const Tensor& out) {
  check_defined(self, "lerp", "self");
  check_defined(end, "lerp", "end");
  check_same_dtype(self, end, "end");
  ElementwiseArgs args;
  args.a = weight.toDouble();
  return binary(BinaryOp::lerp_scalar, self, end, out, args);
}

Tensor lerp_tensor(const Tensor& self, const Tensor& end, const Tensor& weight, const Tensor& out) {
  check_defined(self, "lerp", "self");
  check_defined(end, "lerp", "end");
  check_defined(weight, "lerp", "weight");
  check_same_dtype(self, end, "end");
  check_same_dtype(self, weight, "weight");
  return ternary(TernaryOp::lerp, self, end, weight, self.scalar_type(), out);
}

// value for the addc* functors: integer results use it truncated to an integer, as PyTorch.
ElementwiseArgs value_args(const Scalar& value) {
  ElementwiseArgs args;
  args.a = value.toDouble();
  args.i = value.toLong();
  return args;
}

Tensor addcmul_impl(const Tensor& self, const Tensor& t1, const Tensor& t2, const Scalar& value,
                    const Tensor& out) {
  check_defined(self, "addcmul", "self");
  check_defined(t1, "addcmul", "tensor1");
  check_defined(t2, "addcmul", "tensor2");
  const ScalarType promoted = ResultType().add(self).add(t1).add(t2).get();
  return ternary(TernaryOp::addcmul, self, t1, t2, promoted, out, value_args(value));
}

Tensor addcdiv_impl(const Tensor& self, const Tensor& t1, const Tensor& t2, const Scalar& value,
                    const Tensor& out) {
  check_defined(self, "addcdiv", "self");
  check_defined(t1, "addcdiv", "tensor1");
  check_defined(t2, "addcdiv", "tensor2");
  EMBER_CHECK(!(is_integral(t1.scalar_type(), true) && is_integral(t2.scalar_type(), true)),
              "addcdiv", "integer division with addcdiv is not supported (got tensor1 of dtype ",
              t1.scalar_type(), " and tensor2 of dtype ", t2.scalar_type(),
              "); use addcmul with a reciprocal, or div with a rounding_mode");
  const ScalarType promoted = ResultType().add(self).add(t1).add(t2).get();
  return ternary(TernaryOp::addcdiv, self, t1, t2, promoted, out, value_args(value));
}

Tensor where_impl(const Tensor& condition, const Tensor& a, const Tensor& b, ScalarType promoted) {
  check_same_device("where", {&condition, &a, &b});
  EMBER_CHECK(condition.scalar_type() == kBool || condition.scalar_type() == kByte, "where",
              "expected condition to be a boolean tensor, got a tensor with dtype ",
              condition.scalar_type());
  const DimVector shape = broadcast_all("where", {&condition, &a, &b});
  autograd::detail::Recorder rec({&a, &b});
  const Tensor ec = expand(condition.to(kBool), shape);
  const Tensor ea = expand(a.to(promoted), shape);
  const Tensor eb = expand(b.to(promoted), shape);
  Tensor r = write_elementwise(
      "where", shape, promoted, Tensor(), {&ec, &ea, &eb}, [&](const TensorImpl& dst) {
        detail::backend_of(dst).where(dst, *ec.unsafeGetTensorImpl(), *ea.unsafeGetTensorImpl(),
                                      *eb.unsafeGetTensorImpl());
      });
  if (rec && is_floating_point(promoted)) autograd::detail::record_where(rec, ec, r);
  return r;
}

}  // namespace
}  // namespace detail

using namespace detail;  // NOLINT: the impls above

// ---- clamp -------------------------------------------------------------------------------------
Tensor Tensor::clamp(const std::optional<Scalar>& min, const std::optional<Scalar>& max) const {
  return clamp_scalar(*this, min, max, Tensor());
}
Tensor Tensor::clamp(const std::optional<Tensor>& min, const std::optional<Tensor>& max) const {
  return clamp_tensor(*this, min, max, Tensor());
}
Tensor& Tensor::clamp_(const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  clamp_scalar(*this, min, max, *this);
  return *this;
}
Tensor& Tensor::clamp_(const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  clamp_tensor(*this, min, max, *this);
  return *this;
}
Tensor Tensor::clamp_min(const Scalar& min) const {
  return binary(BinaryOp::clamp_min, *this, min);
}
Tensor Tensor::clamp_max(const Scalar& max) const {
  return binary(BinaryOp::clamp_max, *this, max);
}
Tensor& Tensor::clamp_min_(const Scalar& min) {
  binary(BinaryOp::clamp_min, *this, min, *this);
  return *this;
}
Tensor& Tensor::clamp_max_(const Scalar& max) {
  binary(BinaryOp::clamp_max, *this, max, *this);
  return *this;
}
Tensor clamp(const Tensor& self, const std::optional<Scalar>& min,
             const std::optional<Scalar>& max) {
  return self.clamp(min, max);
}
Tensor clamp(const Tensor& self, const std::optional<Tensor>& min,
             const std::optional<Tensor>& max) {
  return self.clamp(min, max);
}
Tensor clamp_min(const Tensor& self, const Scalar& min) {
  return self.clamp_min(min);
}
Tensor clamp_min(const Tensor& self, const Tensor& min) {
  return binary(BinaryOp::clamp_min, self, min);
}
Tensor clamp_max(const Tensor& self, const Scalar& max) {
  return self.clamp_max(max);
}
Tensor clamp_max(const Tensor& self, const Tensor& max) {
  return binary(BinaryOp::clamp_max, self, max);
}

// ---- lerp, addcmul, addcdiv ---------------------------------------------------------------------
Tensor Tensor::lerp(const Tensor& end, const Scalar& weight) const {
  return lerp_scalar(*this, end, weight, Tensor());
}
Tensor Tensor::lerp(const Tensor& end, const Tensor& weight) const {
  return lerp_tensor(*this, end, weight, Tensor());
}
Tensor& Tensor::lerp_(const Tensor& end, const Scalar& weight) {
  lerp_scalar(*this, end, weight, *this);
  return *this;
}
Tensor& Tensor::lerp_(const Tensor& end, const Tensor& weight) {
  lerp_tensor(*this, end, weight, *this);
  return *this;
}
Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight) {
  return self.lerp(end, weight);
}
Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight) {
  return self.lerp(end, weight);
}

Tensor Tensor::addcmul(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) const {
  return addcmul_impl(*this, tensor1, tensor2, value, Tensor());
}
Tensor& Tensor::addcmul_(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) {
  addcmul_impl(*this, tensor1, tensor2, value, *this);
  return *this;
}
Tensor Tensor::addcdiv(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) const {
  return addcdiv_impl(*this, tensor1, tensor2, value, Tensor());
}
Tensor& Tensor::addcdiv_(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) {
  addcdiv_impl(*this, tensor1, tensor2, value, *this);
  return *this;
}
Tensor addcmul(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
               const Scalar& value) {
  return self.addcmul(tensor1, tensor2, value);
}
Tensor addcdiv(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
               const Scalar& value) {
  return self.addcdiv(tensor1, tensor2, value);
}

// ---- where -------------------------------------------------------------------------------------
Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other) {
  check_defined(condition, "where", "condition");
  check_defined(self, "where", "self");
  check_defined(other, "where", "other");
  return where_impl(condition, self, other, ResultType().add(self).add(other).get());
}
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other) {
  check_defined(condition, "where", "condition");
  check_defined(other, "where", "other");
  const ScalarType promoted = ResultType().add(self).add(other).get();
  return where_impl(condition, wrap_scalar(self, promoted, other.device()), other, promoted);
}
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other) {
  check_defined(condition, "where", "condition");
  check_defined(self, "where", "self");
  const ScalarType promoted = ResultType().add(self).add(other).get();
  return where_impl(condition, self, wrap_scalar(other, promoted, self.device()), promoted);
}
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other) {
  check_defined(condition, "where", "condition");
  const ScalarType promoted = ResultType().add(self).add(other).get();
  return where_impl(condition, wrap_scalar(self, promoted, condition.device()),
                    wrap_scalar(other, promoted, condition.device()), promoted);
}
Tensor Tensor::where(const Tensor& condition, const Tensor& other) const {
  return ember::where(condition, *this, other);
}

}  // namespace ember
