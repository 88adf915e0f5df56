// Unary elementwise ops and their in-place forms.
#include "ops/unary.h"

#include <limits>

#include "autograd/derivatives/elementwise.h"
#include "ember/ops/elementwise.h"
#include "ops/backend.h"
#include "ops/elementwise_util.h"

namespace ember {
namespace detail {

namespace {

// The columns of ops/unary_ops.def, indexed by UnaryOp.
struct UnaryColumns {
  const char* name;
  UnaryDtypeRule rule;
  DtypeSet dtypes;
};
constexpr UnaryColumns kUnaryColumns[] = {
#define EMBER_UNARY_OP(name, functor, rule, dtypes) {#name, UnaryDtypeRule::rule, DtypeSet::dtypes},
#include "ops/unary_ops.def"
#undef EMBER_UNARY_OP
};

const UnaryColumns& columns(UnaryOp op) {
  return kUnaryColumns[static_cast<size_t>(op)];
}

}  // namespace

const char* op_name(UnaryOp op) {
  return columns(op).name;
}
UnaryDtypeRule dtype_rule(UnaryOp op) {
  return columns(op).rule;
}
DtypeSet accepted_dtypes(UnaryOp op) {
  return columns(op).dtypes;
}

Tensor unary(UnaryOp op, const Tensor& a, const Tensor& out, const ElementwiseArgs& args) {
  const char* name = op_name(op);
  check_defined(a, name, "self");
  check_same_device(name, {&a, &out});
  if (out.defined() && autograd::detail::should_record({&a, &out})) {
    return autograd::detail::record_in_place(const_cast<Tensor&>(out), name, [&](const Tensor& s) {
      return unary(op, s, Tensor(), args);
    });
  }
  autograd::detail::Recorder rec({&a});
  const UnaryDtypeRule rule = dtype_rule(op);
  const ScalarType compute =
      rule == UnaryDtypeRule::kPromoteToFloat && !is_floating_point(a.scalar_type())
          ? get_default_dtype()
          : a.scalar_type();
  const ScalarType result = rule == UnaryDtypeRule::kBool ? kBool : compute;
  check_accepts(accepted_dtypes(op), compute, name);
  const Tensor input = a.to(compute);
  Tensor r = write_elementwise(name, a.sizes(), result, out, {&input}, [&](const TensorImpl& dst) {
    detail::backend_of(dst).unary(op, dst, *input.unsafeGetTensorImpl(), args);
  });
  if (rec) autograd::detail::record_unary(rec, op, a, r, args);
  return r;
}

}  // namespace detail

using detail::unary;
using detail::UnaryOp;

namespace {

// PyTorch refuses `-` on bool: inverting a mask is `~` or logical_not.
void check_neg_operand(const Tensor& self) {
  detail::check_defined(self, "neg", "self");
  EMBER_CHECK(self.scalar_type() != kBool, "neg",
              "negation, the `-` operator, on a bool tensor is not supported; if you are trying "
              "to invert a mask, use the `~` or `logical_not()` operator instead");
}

// square(bool) is int64, as PyTorch's pow(bool, 2).
Tensor square_input(const Tensor& self) {
  detail::check_defined(self, "square", "self");
  return self.scalar_type() == kBool ? self.to(kLong) : self;
}

detail::ElementwiseArgs nan_to_num_args(const Tensor& self, std::optional<double> nan,
                                        std::optional<double> posinf,
                                        std::optional<double> neginf) {
  detail::check_defined(self, "nan_to_num", "self");
  double max = 0;
  switch (self.scalar_type()) {
    case kHalf:
      max = 65504.0;
      break;
    case kBFloat16:
      max = 3.3895313892515355e+38;
      break;
    case kFloat:
      max = std::numeric_limits<float>::max();
      break;
    default:
      max = std::numeric_limits<double>::max();
      break;
  }
  detail::ElementwiseArgs args;
  args.a = nan.value_or(0.0);
  args.b = posinf.value_or(max);
  args.c = neginf.value_or(-max);
  return args;
}

detail::ElementwiseArgs logit_args(const Tensor& self, std::optional<double> eps) {
  detail::check_defined(self, "logit", "self");
  detail::ElementwiseArgs args;
  args.a = eps.value_or(-1.0);
  args.i = static_cast<int64_t>(self.scalar_type());
  return args;
}

}  // namespace

// Ops whose method, in-place method and free functions are plain forwards to the primitive.
#define EMBER_DEFINE_UNARY(name)        \
  Tensor Tensor::name() const {         \
    return unary(UnaryOp::name, *this); \
  }                                     \
  Tensor& Tensor::name##_() {           \
    unary(UnaryOp::name, *this, *this); \
    return *this;                       \
  }                                     \
  Tensor name(const Tensor& self) {     \
    return self.name();                 \
  }                                     \
  Tensor& name##_(Tensor& self) {       \
    return self.name##_();              \
  }
EMBER_DEFINE_UNARY(abs)
EMBER_DEFINE_UNARY(sign)
EMBER_DEFINE_UNARY(reciprocal)
EMBER_DEFINE_UNARY(exp)
EMBER_DEFINE_UNARY(exp2)
EMBER_DEFINE_UNARY(expm1)
EMBER_DEFINE_UNARY(log)
EMBER_DEFINE_UNARY(log2)
EMBER_DEFINE_UNARY(log10)
EMBER_DEFINE_UNARY(log1p)
EMBER_DEFINE_UNARY(sqrt)
EMBER_DEFINE_UNARY(rsqrt)
EMBER_DEFINE_UNARY(sin)
EMBER_DEFINE_UNARY(cos)
EMBER_DEFINE_UNARY(tan)
EMBER_DEFINE_UNARY(asin)
EMBER_DEFINE_UNARY(acos)
EMBER_DEFINE_UNARY(atan)
EMBER_DEFINE_UNARY(sinh)
EMBER_DEFINE_UNARY(cosh)
EMBER_DEFINE_UNARY(tanh)
EMBER_DEFINE_UNARY(asinh)
EMBER_DEFINE_UNARY(acosh)
EMBER_DEFINE_UNARY(atanh)
EMBER_DEFINE_UNARY(sigmoid)
EMBER_DEFINE_UNARY(erf)
EMBER_DEFINE_UNARY(erfc)
EMBER_DEFINE_UNARY(erfinv)
EMBER_DEFINE_UNARY(lgamma)
EMBER_DEFINE_UNARY(digamma)
EMBER_DEFINE_UNARY(floor)
EMBER_DEFINE_UNARY(ceil)
EMBER_DEFINE_UNARY(round)
EMBER_DEFINE_UNARY(trunc)
EMBER_DEFINE_UNARY(frac)
EMBER_DEFINE_UNARY(logical_not)
EMBER_DEFINE_UNARY(bitwise_not)
#undef EMBER_DEFINE_UNARY

Tensor Tensor::neg() const {
  check_neg_operand(*this);
  return unary(UnaryOp::neg, *this);
}
Tensor& Tensor::neg_() {
  check_neg_operand(*this);
  unary(UnaryOp::neg, *this, *this);
  return *this;
}
Tensor neg(const Tensor& self) {
  return self.neg();
}
Tensor& neg_(Tensor& self) {
  return self.neg_();
}

Tensor Tensor::square() const {
  return unary(UnaryOp::square, square_input(*this));
}
Tensor& Tensor::square_() {
  unary(UnaryOp::square, square_input(*this), *this);
  return *this;
}
Tensor square(const Tensor& self) {
  return self.square();
}
Tensor& square_(Tensor& self) {
  return self.square_();
}

Tensor Tensor::round(int64_t decimals) const {
  if (decimals == 0) return round();
  detail::ElementwiseArgs args;
  args.i = decimals;
  return unary(UnaryOp::round_decimals, *this, Tensor(), args);
}
Tensor& Tensor::round_(int64_t decimals) {
  if (decimals == 0) return round_();
  detail::ElementwiseArgs args;
  args.i = decimals;
  unary(UnaryOp::round_decimals, *this, *this, args);
  return *this;
}
Tensor round(const Tensor& self, int64_t decimals) {
  return self.round(decimals);
}

Tensor Tensor::logit(std::optional<double> eps) const {
  return unary(UnaryOp::logit, *this, Tensor(), logit_args(*this, eps));
}
Tensor& Tensor::logit_(std::optional<double> eps) {
  unary(UnaryOp::logit, *this, *this, logit_args(*this, eps));
  return *this;
}
Tensor logit(const Tensor& self, std::optional<double> eps) {
  return self.logit(eps);
}

Tensor Tensor::nan_to_num(std::optional<double> nan, std::optional<double> posinf,
                          std::optional<double> neginf) const {
  return unary(UnaryOp::nan_to_num, *this, Tensor(), nan_to_num_args(*this, nan, posinf, neginf));
}
Tensor& Tensor::nan_to_num_(std::optional<double> nan, std::optional<double> posinf,
                            std::optional<double> neginf) {
  unary(UnaryOp::nan_to_num, *this, *this, nan_to_num_args(*this, nan, posinf, neginf));
  return *this;
}
Tensor nan_to_num(const Tensor& self, std::optional<double> nan, std::optional<double> posinf,
                  std::optional<double> neginf) {
  return self.nan_to_num(nan, posinf, neginf);
}

Tensor Tensor::isnan() const {
  return unary(UnaryOp::isnan, *this);
}
Tensor Tensor::isinf() const {
  return unary(UnaryOp::isinf, *this);
}
Tensor Tensor::isfinite() const {
  return unary(UnaryOp::isfinite, *this);
}
Tensor isnan(const Tensor& self) {
  return self.isnan();
}
Tensor isinf(const Tensor& self) {
  return self.isinf();
}
Tensor isfinite(const Tensor& self) {
  return self.isfinite();
}

Tensor operator-(const Tensor& a) {
  return a.neg();
}
Tensor operator!(const Tensor& a) {
  return a.logical_not();
}
Tensor operator~(const Tensor& a) {
  return a.bitwise_not();
}

}  // namespace ember
