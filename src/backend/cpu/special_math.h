#pragma once
// Special functions the C++ standard library lacks (erfinv, digamma, trigamma), in double
// precision; the float functors round the double result, which is at least as accurate as PyTorch's
// float kernels. Compiled once (special_math.cpp) rather than inlined into every loop
// instantiation.

namespace ember::cpu {

/// Inverse error function: erf(erfinv(y)) == y for y in [-1, 1]; +-inf at +-1, NaN outside.
double erfinv(double y);

/// The digamma function psi(x) = d/dx log Gamma(x); -inf at +0, +inf at -0, NaN at negative
/// integers (as PyTorch).
double digamma(double x);

/// The trigamma function psi'(x) (the derivative of digamma, which backward needs); +inf at
/// zero and the negative integers.
double trigamma(double x);

}  // namespace ember::cpu
