#pragma once
// How far a result may lie from PyTorch's: tolerances named by an op's numerics.
//
// Note [Golden tolerances]
// A bound is stated in units of the result's dtype: ulp(x) is the spacing of the dtype's values
// at |x| (at 0, the smallest subnormal), eps = ulp(1) (2^-52 for float64, 2^-23 float32, 2^-10
// float16, 2^-7 bfloat16). An element passes when it has the expected bits (exact), or when
//   |got - want| <= ulps * ulp(want) + scale_ulps * eps * scale + atol.
// - ulps is relative: the room two correct evaluations of the same function leave each other
//   (libm against SLEEF, a scalar loop against a vectorised one).
// - scale_ulps * eps * scale is the floor for values that come out of a cancellation: a result
//   made of terms of size `scale` carries their rounding errors, eps * scale, however small it
//   is itself. scale defaults to the expected tensor's largest |value|, the right size when
//   the terms are the size of the results (a gradient summed from several paths, a softmax);
//   a test that knows its terms are larger says so (with_scale).
// - atol is an absolute bound a test derives from its inputs, as Note [Product tolerances]
//   (tests/reference/families/linalg.py) does for sums of products.
// float16 and bfloat16 results are computed in float32 and rounded once (PyTorch's rule and
// Ember's): ulp and eps above are float32's, plus one ulp of the 16-bit dtype, where the two
// float32 values straddle a half-way point between 16-bit neighbours. The exact classes stay
// exact: a conversion rounds once, to nearest even.
// Integer and bool results compare exactly (only an atol, with its reason, loosens them); so do
// NaNs (a NaN matches a NaN) and infinities. A bound wider than its class says why, beside it.
//
// Note [Known divergences]
// Where Ember's value and PyTorch 1.13's differ beyond the numerics of the op, the test keeps a
// bound for exactly that divergence, named here (mpmath gives the true values):
// - float64 gradients PyTorch computes with a float32 constant, 2^-24 relative off:
//   hardsigmoid's backward (one_sixth = 1.0f / 6: 0.1666666716 for 1/6),
//   celu's backward (derivatives.yaml: 1.0 / alpha.toFloat(), its error growing with |x| / alpha
//   through exp(x / alpha)), binary_cross_entropy's backward (EPSILON = 1e-12f where x (1 - x)
//   vanishes: 410000001638.28 for 0.41 / 1e-12);
// - float64 erfinv: PyTorch's is 21 ulps off at 0.999 (2.3267537655135153 for
//   2.32675376551352449), Ember's correctly rounded;
// - bfloat16 linspace: PyTorch rounds the step to bfloat16 before scaling it (0.6640625 for the
//   fifth of linspace(0, 1, 7), whose correctly rounded value, Ember's, is 0.66796875).
#include <string>

#include "ember/ember.h"

namespace ember::testing {

/// The spacing of `dtype`'s values at |x| (the smallest subnormal spacing at 0).
double ulp(double x, ScalarType dtype);
/// ulp(1) of a floating dtype.
double epsilon(ScalarType dtype);
/// The largest finite |value| of `t` (0 for an empty tensor): the size of a computation's terms.
double max_abs(const Tensor& t);
/// The dtype sums and products of `result`'s dtype run in: float32 for the 16-bit floats.
ScalarType accumulate_dtype(ScalarType result);

struct Tolerance {
  bool exact = false;     // same value and the same sign of zero; NaN matches NaN
  double ulps = 0;        // relative, in ulps of the expected value
  double scale_ulps = 0;  // cancellation floor, in eps of `scale`
  double scale = 0;       // the terms' size; 0: the expected tensor's largest finite |value|
  double atol = 0;        // absolute, derived from the inputs

  /// Exact ops (copies, views, rearranging, indexing, comparisons, rounding, integer ops, the
  /// IEEE-exact +, -, *, /, sqrt, dtype conversions): the same bits, -0.0 differing from 0.0.
  static Tolerance bitwise();
  /// Exact ops whose sign of a zero result PyTorch leaves to the code path (maximum(0, -0)
  /// returns either zero, depending on whether its loop is vectorised): equal as numbers.
  static Tolerance exact_value();
  /// One evaluation of a function of exact inputs, rounded once: within `ulps` of PyTorch's.
  static Tolerance elementwise(double ulps);
  /// Within `atol` in the data's units (for integer results, where the test explains the steps).
  static Tolerance absolute(double atol);
  /// A composite of a few roundings (the default for float results; see default_tolerance).
  static Tolerance composite(double ulps, double scale_ulps);
  /// A sum of `n` terms whose absolute values add up to at most `magnitude`, accumulated in
  /// `accumulate` (float32 for the 16-bit floats): two summation orders differ by at most
  /// 2 n u magnitude (u = eps / 2 of `accumulate`), and the result is rounded once more
  /// (Note [Product tolerances]).
  static Tolerance sum_of(double n, double magnitude, ScalarType accumulate);
  /// n roundings whose relative errors add up: a product of n factors, a sum of n terms of one
  /// sign. Each side is within (n - 1) u relative of the exact value, so 2 (n - 1) ulps apart,
  /// and one more for the final rounding.
  static Tolerance chain_of(double n);

  /// A known divergence (Note [Known divergences]): PyTorch 1.13 computes a few float64 results
  /// with a constant rounded to float32, which leaves them up to `factor` * 2^-24 relative off
  /// the float64 value Ember computes.
  static Tolerance pytorch_float32_constant(double factor);

  /// This bound with its relative and cancellation parts multiplied by a condition number.
  Tolerance conditioned(double kappa) const;
  /// This bound with the cancellation floor measured against terms of size `s`.
  Tolerance with_scale(double s) const;
  /// This bound and `other`'s, added (a composite that also sums products, say).
  Tolerance plus(const Tolerance& other) const;

  /// "exact", or the bound's parts, for failure messages.
  std::string describe() const;
};

/// The bound for a result of `dtype` whose test names no class: integers and bool exactly;
/// floats as a short composite (the autograd, nn and optimizer goldens), Note [Golden
/// tolerances].
Tolerance default_tolerance(ScalarType dtype);

/// Whether `got` matches `want` within `tol` for a result of `dtype`; `scale` is the expected
/// tensor's largest finite |value| (used unless `tol.scale` is set).
bool within(double got, double want, double scale, ScalarType dtype, const Tolerance& tol);

/// How far `got` lies from `want`, in ulps of `want` (for failure messages).
double ulps_between(double got, double want, ScalarType dtype);

}  // namespace ember::testing
