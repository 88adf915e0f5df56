// Unary elementwise ops and their in-place forms.
#include "ops/unary.h"

#include "backend/cpu/unary_kernels.h"
#include "ops/op_util.h"

namespace ember {
namespace detail {

const char* op_name(UnaryOp op) {
  switch (op) {
#define EMBER_UNARY_OP(name, functor) \
  case UnaryOp::name:                 \
    return #name;
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
  }
  return "unary";
}

Tensor unary(UnaryOp op, const Tensor& a, const Tensor& out) {
  const char* name = op_name(op);
  check_defined(a, name, "self");
  check_backend(name, {&a, &out});
  const ScalarType compute = cpu::is_float_math(op) && !is_floating_point(a.scalar_type())
                                 ? get_default_dtype()
                                 : a.scalar_type();
  const ScalarType result = cpu::returns_bool(op) ? kBool : compute;
  const Tensor input = a.to(compute);
  if (!out.defined()) {
    Tensor r = make_empty(a.sizes(), result);
    cpu::unary(op, *r.unsafeGetTensorImpl(), *input.unsafeGetTensorImpl());
    return r;
  }
  EMBER_CHECK(out.sizes() == a.sizes(), name, "output with shape ", out.sizes(),
              " doesn't match the input shape ", a.sizes());
  check_can_cast(result, out.scalar_type(), name);
  if (out.scalar_type() == result && (out.is_same(input) || !out.is_alias_of(input))) {
    cpu::unary(op, *out.unsafeGetTensorImpl(), *input.unsafeGetTensorImpl());
    out.bump_version();
  } else {
    Tensor r = make_empty(a.sizes(), result);
    cpu::unary(op, *r.unsafeGetTensorImpl(), *input.unsafeGetTensorImpl());
    const_cast<Tensor&>(out).copy_(r);
  }
  return out;
}

}  // namespace detail

#define EMBER_DEFINE_UNARY_METHOD(name)                 \
  Tensor Tensor::name() const {                         \
    return detail::unary(detail::UnaryOp::name, *this); \
  }                                                     \
  Tensor& Tensor::name##_() {                           \
    detail::unary(detail::UnaryOp::name, *this, *this); \
    return *this;                                       \
  }
EMBER_DEFINE_UNARY_METHOD(neg)
EMBER_DEFINE_UNARY_METHOD(abs)
EMBER_DEFINE_UNARY_METHOD(exp)
#undef EMBER_DEFINE_UNARY_METHOD

Tensor operator-(const Tensor& a) {
  return a.neg();
}

}  // namespace ember
