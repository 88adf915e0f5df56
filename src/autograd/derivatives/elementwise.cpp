#include "autograd/derivatives/elementwise.h"

#include <cctype>
#include <cmath>
#include <numbers>

#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/indexing.h"

namespace ember::autograd::detail {
namespace {

// What a unary formula reads besides the gradient.
enum class Reads { kNothing, kSelf, kResult };

using UnaryFn = Tensor (*)(const Tensor& grad, const Tensor& saved, const ElementwiseArgs& args);

struct UnaryRule {
  Reads reads;
  UnaryFn fn;  // null: not differentiable
};

Tensor zeros_for(const Tensor& g) {
  return zeros_like(g);
}

UnaryRule unary_rule(UnaryOp op) {
  using A = const ElementwiseArgs&;
  using T = const Tensor&;
  constexpr double kLn2 = std::numbers::ln2;
  constexpr double kLn10 = std::numbers::ln10;
  constexpr double kTwoOverSqrtPi = 2.0 * std::numbers::inv_sqrtpi;
  switch (op) {
    case UnaryOp::neg:
      return {Reads::kNothing, [](T g, T, A) { return g.neg(); }};
    case UnaryOp::abs:
      return {Reads::kSelf, [](T g, T x, A) { return g * x.sign(); }};
    case UnaryOp::sign:
    case UnaryOp::floor:
    case UnaryOp::ceil:
    case UnaryOp::round:
    case UnaryOp::round_decimals:
    case UnaryOp::trunc:
      return {Reads::kNothing, [](T g, T, A) { return zeros_for(g); }};
    case UnaryOp::frac:
      return {Reads::kNothing, [](T g, T, A) { return g; }};
    case UnaryOp::square:
      return {Reads::kSelf, [](T g, T x, A) { return g * x * 2; }};
    case UnaryOp::reciprocal:
      return {Reads::kResult, [](T g, T r, A) { return -g * r * r; }};
    case UnaryOp::exp:
      return {Reads::kResult, [](T g, T r, A) { return g * r; }};
    case UnaryOp::exp2:
      return {Reads::kResult, [](T g, T r, A) { return g * r * kLn2; }};
    case UnaryOp::expm1:
      return {Reads::kResult, [](T g, T r, A) { return g * (r + 1); }};
    case UnaryOp::log:
      return {Reads::kSelf, [](T g, T x, A) { return g / x; }};
    case UnaryOp::log2:
      return {Reads::kSelf, [](T g, T x, A) { return g / (x * kLn2); }};
    case UnaryOp::log10:
      return {Reads::kSelf, [](T g, T x, A) { return g / (x * kLn10); }};
    case UnaryOp::log1p:
      return {Reads::kSelf, [](T g, T x, A) { return g / (x + 1); }};
    case UnaryOp::sqrt:
      return {Reads::kResult, [](T g, T r, A) { return g / (r * 2); }};
    case UnaryOp::rsqrt:
      return {Reads::kResult, [](T g, T r, A) { return g * r.pow(3) * -0.5; }};
    case UnaryOp::sin:
      return {Reads::kSelf, [](T g, T x, A) { return g * x.cos(); }};
    case UnaryOp::cos:
      return {Reads::kSelf, [](T g, T x, A) { return g * -x.sin(); }};
    case UnaryOp::tan:
      return {Reads::kResult, [](T g, T r, A) { return g * (r * r + 1); }};
    case UnaryOp::asin:
      return {Reads::kSelf, [](T g, T x, A) { return g * (-(x * x) + 1).rsqrt(); }};
    case UnaryOp::acos:
      return {Reads::kSelf, [](T g, T x, A) { return -g * (-(x * x) + 1).rsqrt(); }};
    case UnaryOp::atan:
      return {Reads::kSelf, [](T g, T x, A) { return g / (x * x + 1); }};
    case UnaryOp::sinh:
      return {Reads::kSelf, [](T g, T x, A) { return g * x.cosh(); }};
    case UnaryOp::cosh:
      return {Reads::kSelf, [](T g, T x, A) { return g * x.sinh(); }};
    case UnaryOp::tanh:
      return {Reads::kResult, [](T g, T r, A) { return g * (-(r * r) + 1); }};
    case UnaryOp::asinh:
      return {Reads::kSelf, [](T g, T x, A) { return g * (x * x + 1).rsqrt(); }};
    case UnaryOp::acosh:
      return {Reads::kSelf, [](T g, T x, A) { return g * (x * x - 1).rsqrt(); }};
    case UnaryOp::atanh:
      return {Reads::kSelf, [](T g, T x, A) { return g / (-(x * x) + 1); }};
    case UnaryOp::sigmoid:
      return {Reads::kResult, [](T g, T r, A) { return g * r * (-r + 1); }};
    case UnaryOp::logit:
      return {Reads::kSelf, [](T g, T x, A args) {
                const Tensor d = g / (x * (-x + 1));
                if (args.a < 0) return d;  // no eps: NaN outside [0, 1] comes from the kernel
                return where(x.ge(args.a).logical_and(x.le(1 - args.a)), d, zeros_for(d));
              }};
    case UnaryOp::erf:
      return {Reads::kSelf, [](T g, T x, A) { return g * (-(x * x)).exp() * kTwoOverSqrtPi; }};
    case UnaryOp::erfc:
      return {Reads::kSelf, [](T g, T x, A) { return g * (-(x * x)).exp() * -kTwoOverSqrtPi; }};
    case UnaryOp::erfinv:
      return {Reads::kResult,
              [](T g, T r, A) { return g * (r * r).exp() * (1.0 / kTwoOverSqrtPi); }};
    case UnaryOp::lgamma:
      return {Reads::kSelf, [](T g, T x, A) { return g * x.digamma(); }};
    case UnaryOp::nan_to_num:
      return {Reads::kSelf, [](T g, T x, A) { return g * x.isfinite(); }};
    case UnaryOp::digamma:
      return {Reads::kSelf,
              [](T g, T x, A) { return g * ember::detail::unary(UnaryOp::trigamma, x); }};
    case UnaryOp::trigamma:  // internal; its own derivative (tetragamma) is not needed yet
    case UnaryOp::isnan:
    case UnaryOp::isinf:
    case UnaryOp::isfinite:
    case UnaryOp::logical_not:
    case UnaryOp::bitwise_not:
      return {Reads::kNothing, nullptr};
  }
  return {Reads::kNothing, nullptr};
}

// maximum/minimum (PyTorch 2): the gradient goes to the larger (smaller) operand; ties split it.
Tensor max_min_grad(const Tensor& g, const Tensor& mine, const Tensor& theirs, bool max) {
  const Tensor split = where(mine.eq(theirs), g / 2, g);
  return split.masked_fill(max ? mine.lt(theirs) : mine.gt(theirs), 0);
}

// fmax/fmin: as maximum/minimum, but a NaN operand loses and ties go to self.
Tensor fmax_fmin_grad(const Tensor& g, const Tensor& a, const Tensor& b, bool max, bool for_self) {
  const Tensor self_wins = (max ? a.ge(b) : a.le(b)).logical_or(b.isnan());
  return g.masked_fill(for_self ? self_wins.logical_not() : self_wins, 0);
}

}  // namespace

std::string backward_name(const char* op) {
  std::string name;
  bool upper = true;
  for (const char* p = op; *p != '\0'; ++p) {
    if (*p == '_') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(*p)) : *p;
    upper = std::isdigit(static_cast<unsigned char>(*p)) != 0;
  }
  return name + "Backward0";
}

void record_unary(Recorder& rec, UnaryOp op, const Tensor& self, const Tensor& result,
                  const ElementwiseArgs& args) {
  const UnaryRule rule = unary_rule(op);
  if (rule.fn == nullptr) return;
  std::vector<Tensor> saved;
  if (rule.reads == Reads::kSelf) saved.push_back(self);
  if (rule.reads == Reads::kResult) saved.push_back(result);
  const bool reads = rule.reads != Reads::kNothing;
  rec.record(backward_name(op_name(op)).c_str(), result, saved,
             [fn = rule.fn, args, reads](const FormulaContext& c) {
               return variable_list{fn(c.grad(0), reads ? c.saved(0) : Tensor(), args)};
             });
}

void record_binary(Recorder& rec, BinaryOp op, const Tensor& a, const Tensor& b,
                   const Tensor& result, const ElementwiseArgs& args) {
  if (!is_floating_point(result.scalar_type())) return;  // comparisons, bitwise, integer ops
  const std::string name = backward_name(op_name(op));
  auto record = [&](std::vector<Tensor> saved, auto formula) {
    rec.record(name.c_str(), result, saved,
               [formula](const FormulaContext& c) { return formula(c, c.grad(0)); });
  };
  using C = const FormulaContext&;
  using T = const Tensor&;
  switch (op) {
    case BinaryOp::add:
      return record({}, [](C, T g) { return variable_list{g, g}; });
    case BinaryOp::sub:
      return record({}, [](C c, T g) { return variable_list{g, c.needs(1) ? -g : Tensor()}; });
    case BinaryOp::mul:
      return record({a, b}, [](C c, T g) {
        return variable_list{c.needs(0) ? g * c.saved(1) : Tensor(),
                             c.needs(1) ? g * c.saved(0) : Tensor()};
      });
    case BinaryOp::div:
      return record({a, b}, [](C c, T g) {
        const Tensor y = c.saved(1);
        return variable_list{c.needs(0) ? g / y : Tensor(),
                             c.needs(1) ? -g * c.saved(0) / (y * y) : Tensor()};
      });
    case BinaryOp::div_trunc:
    case BinaryOp::div_floor:
      return record({}, [](C, T g) { return variable_list{zeros_like(g), zeros_like(g)}; });
    case BinaryOp::remainder:
    case BinaryOp::fmod:
      return record({a, b}, [op](C c, T g) {
        if (!c.needs(1)) return variable_list{g, Tensor()};
        const Tensor q = c.saved(0).div(c.saved(1), op == BinaryOp::fmod ? "trunc" : "floor");
        return variable_list{g, -g * q};
      });
    case BinaryOp::pow:
      return record({a, b, result}, [](C c, T g) {
        const Tensor x = c.saved(0);
        const Tensor e = c.saved(1);
        variable_list out(2);
        if (c.needs(0)) out[0] = (g * e * x.pow(e - 1)).masked_fill(e.eq(0), 0);
        if (c.needs(1)) {
          out[1] = (g * c.saved(2) * x.log()).masked_fill(x.eq(0).logical_and(e.ge(0)), 0);
        }
        return out;
      });
    case BinaryOp::atan2:
      return record({a, b}, [](C c, T g) {
        const Tensor x = c.saved(0);
        const Tensor y = c.saved(1);
        const Tensor denom = x * x + y * y;
        return variable_list{c.needs(0) ? g * y / denom : Tensor(),
                             c.needs(1) ? -g * x / denom : Tensor()};
      });
    case BinaryOp::hypot:
      return record({a, b, result}, [](C c, T g) {
        const Tensor r = c.saved(2);
        return variable_list{c.needs(0) ? g * c.saved(0) / r : Tensor(),
                             c.needs(1) ? g * c.saved(1) / r : Tensor()};
      });
    case BinaryOp::maximum:
    case BinaryOp::minimum:
      return record({a, b}, [op](C c, T g) {
        const bool max = op == BinaryOp::maximum;
        const Tensor x = c.saved(0);
        const Tensor y = c.saved(1);
        return variable_list{c.needs(0) ? max_min_grad(g, x, y, max) : Tensor(),
                             c.needs(1) ? max_min_grad(g, y, x, max) : Tensor()};
      });
    case BinaryOp::fmax:
    case BinaryOp::fmin:
      return record({a, b}, [op](C c, T g) {
        const bool max = op == BinaryOp::fmax;
        const Tensor x = c.saved(0);
        const Tensor y = c.saved(1);
        return variable_list{c.needs(0) ? fmax_fmin_grad(g, x, y, max, true) : Tensor(),
                             c.needs(1) ? fmax_fmin_grad(g, x, y, max, false) : Tensor()};
      });
    case BinaryOp::clamp_min:
    case BinaryOp::clamp_max:
      return record({a, b}, [op](C c, T g) {
        const Tensor x = c.saved(0);
        const Tensor bound = c.saved(1);
        const bool min = op == BinaryOp::clamp_min;
        const Tensor passes = min ? x.ge(bound) : x.le(bound);
        return variable_list{c.needs(0) ? g.masked_fill(passes.logical_not(), 0) : Tensor(),
                             c.needs(1) ? g.masked_fill(passes, 0) : Tensor()};
      });
    case BinaryOp::lerp_scalar:
      return record({}, [w = args.a](C, T g) { return variable_list{g * (1 - w), g * w}; });
    default:
      return;  // comparisons, logical and bitwise ops return bool or integers
  }
}

void record_ternary(Recorder& rec, TernaryOp op, const Tensor& a, const Tensor& b, const Tensor& c,
                    const Tensor& result, const ElementwiseArgs& args) {
  const std::string name = backward_name(op_name(op));
  using C = const FormulaContext&;
  switch (op) {
    case TernaryOp::clamp:
      rec.record(name.c_str(), result, {a, b, c}, [](C ctx) {
        const Tensor g = ctx.grad(0);
        const Tensor x = ctx.saved(0);
        const Tensor lo = ctx.saved(1);
        const Tensor hi = ctx.saved(2);
        variable_list out(3);
        if (ctx.needs(0)) out[0] = g.masked_fill(x.ge(lo).logical_and(x.le(hi)).logical_not(), 0);
        if (ctx.needs(1)) out[1] = g.masked_fill(x.lt(lo).logical_and(lo.lt(hi)).logical_not(), 0);
        if (ctx.needs(2)) out[2] = g.masked_fill(x.gt(hi).logical_or(hi.lt(lo)).logical_not(), 0);
        return out;
      });
      return;
    case TernaryOp::lerp:
      rec.record(name.c_str(), result, {a, b, c}, [](C ctx) {
        const Tensor g = ctx.grad(0);
        const Tensor w = ctx.saved(2);
        return variable_list{ctx.needs(0) ? g * (-w + 1) : Tensor(),
                             ctx.needs(1) ? g * w : Tensor(),
                             ctx.needs(2) ? g * (ctx.saved(1) - ctx.saved(0)) : Tensor()};
      });
      return;
    case TernaryOp::addcmul:
      rec.record(name.c_str(), result, {b, c}, [v = args.a](C ctx) {
        const Tensor g = ctx.grad(0);
        return variable_list{g, ctx.needs(1) ? g * ctx.saved(1) * v : Tensor(),
                             ctx.needs(2) ? g * ctx.saved(0) * v : Tensor()};
      });
      return;
    case TernaryOp::addcdiv:
      rec.record(name.c_str(), result, {b, c}, [v = args.a](C ctx) {
        const Tensor g = ctx.grad(0);
        const Tensor t2 = ctx.saved(1);
        return variable_list{g, ctx.needs(1) ? g * v / t2 : Tensor(),
                             ctx.needs(2) ? -g * v * ctx.saved(0) / (t2 * t2) : Tensor()};
      });
      return;
  }
}

void record_where(Recorder& rec, const Tensor& condition, const Tensor& result) {
  // The recorder's inputs are (self, other): the condition takes no gradient.
  rec.record("WhereBackward0", result, {condition}, [](const FormulaContext& c) {
    const Tensor cond = c.saved(0);
    const Tensor g = c.grad(0);
    return variable_list{c.needs(0) ? g.masked_fill(cond.logical_not(), 0) : Tensor(),
                         c.needs(1) ? g.masked_fill(cond, 0) : Tensor()};
  });
}

}  // namespace ember::autograd::detail
