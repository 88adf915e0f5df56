// Gradient cases of the elementwise ops: unary math, binary arithmetic with broadcasting,
// clamp/lerp/addc*/where. Inputs stay away from the kinks and poles where finite differences
// are meaningless; the kinks themselves (abs at 0, clamp at its bounds, ties) are covered by the
// golden cases (tests/reference/families/autograd.py).
#include "autograd/grad_cases.h"

namespace ember::testing {
namespace {

// A unary op on a 2x3 matrix, a 0-d tensor and an empty tensor, inputs in [lo, hi).
void unary(GradCaseList& out, const char* op, Tensor (*fn)(const Tensor&), double lo = -1,
           double hi = 1, bool second_order = true) {
  auto f = [fn](const Inputs& x) { return fn(x[0]); };
  out.push_back({op, "2x3", {rnd({2, 3}, lo, hi)}, f, second_order});
  out.push_back({op, "0-d", {rnd({}, lo, hi)}, f, second_order});
  out.push_back({op, "empty", {rnd({0, 3}, lo, hi)}, f, second_order});
}

// A binary op with broadcasting ([2,3] with [3]), 0-d operands, and a tensor-number form.
void binary(GradCaseList& out, const char* op, Tensor (*fn)(const Tensor&, const Tensor&),
            double lo = -1, double hi = 1) {
  auto f = [fn](const Inputs& x) { return fn(x[0], x[1]); };
  out.push_back({op, "same shape", {rnd({2, 3}, lo, hi), rnd({2, 3}, lo, hi)}, f});
  out.push_back({op, "broadcast", {rnd({2, 3}, lo, hi), rnd({3}, lo, hi)}, f});
  out.push_back({op, "0-d", {rnd({}, lo, hi), rnd({2}, lo, hi)}, f});
  out.push_back({op, "empty", {rnd({0, 3}, lo, hi), rnd({3}, lo, hi)}, f});
}

}  // namespace

EMBER_GRAD_CASES(elementwise) {
  GradCaseList c;
  unary(c, "neg", [](const Tensor& x) { return x.neg(); });
  unary(
      c, "abs", [](const Tensor& x) { return x.abs(); }, 0.2, 1);
  unary(
      c, "sign", [](const Tensor& x) { return x.sign(); }, 0.2, 1);
  unary(c, "square", [](const Tensor& x) { return x.square(); });
  unary(
      c, "reciprocal", [](const Tensor& x) { return x.reciprocal(); }, 0.5, 2);
  unary(c, "exp", [](const Tensor& x) { return x.exp(); });
  unary(c, "exp2", [](const Tensor& x) { return x.exp2(); });
  unary(c, "expm1", [](const Tensor& x) { return x.expm1(); });
  unary(
      c, "log", [](const Tensor& x) { return x.log(); }, 0.5, 2);
  unary(
      c, "log2", [](const Tensor& x) { return x.log2(); }, 0.5, 2);
  unary(
      c, "log10", [](const Tensor& x) { return x.log10(); }, 0.5, 2);
  unary(
      c, "log1p", [](const Tensor& x) { return x.log1p(); }, -0.5, 1);
  unary(
      c, "sqrt", [](const Tensor& x) { return x.sqrt(); }, 0.5, 2);
  unary(
      c, "rsqrt", [](const Tensor& x) { return x.rsqrt(); }, 0.5, 2);
  unary(c, "sin", [](const Tensor& x) { return x.sin(); });
  unary(c, "cos", [](const Tensor& x) { return x.cos(); });
  unary(c, "tan", [](const Tensor& x) { return x.tan(); });
  unary(
      c, "asin", [](const Tensor& x) { return x.asin(); }, -0.8, 0.8);
  unary(
      c, "acos", [](const Tensor& x) { return x.acos(); }, -0.8, 0.8);
  unary(c, "atan", [](const Tensor& x) { return x.atan(); });
  unary(c, "sinh", [](const Tensor& x) { return x.sinh(); });
  unary(c, "cosh", [](const Tensor& x) { return x.cosh(); });
  unary(c, "tanh", [](const Tensor& x) { return x.tanh(); });
  unary(c, "asinh", [](const Tensor& x) { return x.asinh(); });
  unary(
      c, "acosh", [](const Tensor& x) { return x.acosh(); }, 1.5, 3);
  unary(
      c, "atanh", [](const Tensor& x) { return x.atanh(); }, -0.8, 0.8);
  unary(c, "sigmoid", [](const Tensor& x) { return x.sigmoid(); });
  unary(
      c, "logit", [](const Tensor& x) { return x.logit(); }, 0.2, 0.8);
  c.push_back(
      {"logit", "eps", {rnd({2, 3}, 0.2, 0.8)}, [](const Inputs& x) { return x[0].logit(0.1); }});
  unary(c, "erf", [](const Tensor& x) { return x.erf(); });
  unary(c, "erfc", [](const Tensor& x) { return x.erfc(); });
  unary(
      c, "erfinv", [](const Tensor& x) { return x.erfinv(); }, -0.8, 0.8);
  unary(
      c, "lgamma", [](const Tensor& x) { return x.lgamma(); }, 0.5, 3);
  unary(
      c, "digamma", [](const Tensor& x) { return x.digamma(); }, 0.5, 3, /*second_order=*/false);
  c.push_back({"digamma",
               "negative",
               {rnd({3}, -0.8, -0.2)},
               [](const Inputs& x) { return x[0].digamma(); },
               false});
  unary(
      c, "floor", [](const Tensor& x) { return x.floor(); }, 0.1, 0.9);
  unary(
      c, "ceil", [](const Tensor& x) { return x.ceil(); }, 0.1, 0.9);
  unary(
      c, "round", [](const Tensor& x) { return x.round(); }, 0.1, 0.4);
  unary(
      c, "trunc", [](const Tensor& x) { return x.trunc(); }, 0.1, 0.9);
  unary(
      c, "frac", [](const Tensor& x) { return x.frac(); }, 0.1, 0.9);
  unary(c, "nan_to_num", [](const Tensor& x) { return x.nan_to_num(); });

  binary(c, "add", [](const Tensor& a, const Tensor& b) { return a + b; });
  c.push_back({"add", "alpha", {rnd({2, 3}), rnd({3})}, [](const Inputs& x) {
                 return x[0].add(x[1], 2.5);
               }});
  c.push_back({"add", "number", {rnd({2, 3})}, [](const Inputs& x) { return x[0] + 2; }});
  binary(c, "sub", [](const Tensor& a, const Tensor& b) { return a - b; });
  c.push_back(
      {"sub", "number minus tensor", {rnd({2, 3})}, [](const Inputs& x) { return 1.5 - x[0]; }});
  binary(c, "mul", [](const Tensor& a, const Tensor& b) { return a * b; });
  c.push_back({"mul", "self", {rnd({3})}, [](const Inputs& x) { return x[0] * x[0]; }});
  binary(
      c, "div", [](const Tensor& a, const Tensor& b) { return a / b; }, 0.5, 2);
  c.push_back({"div", "number over tensor", {rnd({3}, 0.5, 2)}, [](const Inputs& x) {
                 return 2.0 / x[0];
               }});
  binary(
      c, "remainder", [](const Tensor& a, const Tensor& b) { return a.remainder(b); }, 0.6, 0.9);
  binary(
      c, "fmod", [](const Tensor& a, const Tensor& b) { return a.fmod(b); }, 0.6, 0.9);
  binary(
      c, "pow", [](const Tensor& a, const Tensor& b) { return a.pow(b); }, 0.5, 2);
  c.push_back({"pow", "number exponent", {rnd({2, 3}, 0.5, 2)}, [](const Inputs& x) {
                 return x[0].pow(2.5);
               }});
  c.push_back(
      {"pow", "number base", {rnd({2, 3})}, [](const Inputs& x) { return pow(2.0, x[0]); }});
  binary(
      c, "atan2", [](const Tensor& a, const Tensor& b) { return a.atan2(b); }, 0.5, 2);
  binary(
      c, "hypot", [](const Tensor& a, const Tensor& b) { return a.hypot(b); }, 0.5, 2);
  binary(c, "maximum", [](const Tensor& a, const Tensor& b) { return a.maximum(b); });
  binary(c, "minimum", [](const Tensor& a, const Tensor& b) { return a.minimum(b); });
  binary(c, "fmax", [](const Tensor& a, const Tensor& b) { return a.fmax(b); });
  binary(c, "fmin", [](const Tensor& a, const Tensor& b) { return a.fmin(b); });

  c.push_back(
      {"clamp", "numbers", {rnd({2, 3})}, [](const Inputs& x) { return x[0].clamp(-0.5, 0.5); }});
  c.push_back({"clamp",
               "tensors",
               {rnd({2, 3}), rnd({3}, -1, -0.6), rnd({2, 1}, 0.6, 1)},
               [](const Inputs& x) { return x[0].clamp(x[1], x[2]); }});
  c.push_back(
      {"clamp_min", "number", {rnd({2, 3})}, [](const Inputs& x) { return x[0].clamp_min(0.1); }});
  c.push_back({"clamp_min", "tensor", {rnd({2, 3}), rnd({3})}, [](const Inputs& x) {
                 return clamp_min(x[0], x[1]);
               }});
  c.push_back(
      {"clamp_max", "number", {rnd({2, 3})}, [](const Inputs& x) { return x[0].clamp_max(0.1); }});
  c.push_back({"clamp_max", "tensor", {rnd({2, 3}), rnd({3})}, [](const Inputs& x) {
                 return clamp_max(x[0], x[1]);
               }});
  c.push_back({"lerp", "number weight", {rnd({2, 3}), rnd({3})}, [](const Inputs& x) {
                 return x[0].lerp(x[1], 0.3);
               }});
  c.push_back({"lerp", "tensor weight", {rnd({2, 3}), rnd({3}), rnd({2, 1})}, [](const Inputs& x) {
                 return x[0].lerp(x[1], x[2]);
               }});
  c.push_back({"addcmul", "broadcast", {rnd({2, 3}), rnd({3}), rnd({2, 1})}, [](const Inputs& x) {
                 return x[0].addcmul(x[1], x[2], 0.5);
               }});
  c.push_back(
      {"addcdiv", "broadcast", {rnd({2, 3}), rnd({3}), rnd({2, 1}, 0.5, 2)}, [](const Inputs& x) {
         return x[0].addcdiv(x[1], x[2], 0.5);
       }});
  c.push_back({"where", "broadcast", {rnd({2, 3}), rnd({3})}, [](const Inputs& x) {
                 return where(x[0].gt(0), x[0], x[1]);
               }});
  c.push_back({"where", "number other", {rnd({2, 3})}, [](const Inputs& x) {
                 return where(x[0].gt(0), x[0], 0.5);
               }});
  return c;
}

}  // namespace ember::testing
