#include "support/tolerance.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ember::testing {
namespace {

struct Format {
  int digits;        // significand bits, the implicit one included
  int min_exponent;  // exponent of the smallest normal value
};

Format format_of(ScalarType dtype) {
  switch (dtype) {
    case kDouble:
      return {53, -1022};
    case kFloat:
      return {24, -126};
    case kHalf:
      return {11, -14};
    case kBFloat16:
      return {8, -126};
    default:
      throw std::logic_error("ulp of a non-floating dtype");
  }
}

}  // namespace

double ulp(double x, ScalarType dtype) {
  const Format f = format_of(dtype);
  const int exponent =
      x == 0 || !std::isfinite(x) ? f.min_exponent : std::max(std::ilogb(x), f.min_exponent);
  return std::ldexp(1.0, exponent - (f.digits - 1));
}

double epsilon(ScalarType dtype) {
  return ulp(1.0, dtype);
}

double max_abs(const Tensor& t) {
  // Meta tensors have no values (and golden runs on meta compare none).
  if (t.numel() == 0 || t.is_meta()) return 0;
  return t.detach().to(kDouble).abs().nan_to_num(0, 0, 0).max().item<double>();
}

ScalarType accumulate_dtype(ScalarType result) {
  return result == kHalf || result == kBFloat16 ? kFloat : result;
}

Tolerance Tolerance::bitwise() {
  Tolerance t;
  t.exact = true;
  return t;
}

Tolerance Tolerance::exact_value() {
  return {};
}

Tolerance Tolerance::elementwise(double ulps) {
  Tolerance t;
  t.ulps = ulps;
  return t;
}

Tolerance Tolerance::absolute(double atol) {
  Tolerance t;
  t.atol = atol;
  return t;
}

Tolerance Tolerance::composite(double ulps, double scale_ulps) {
  Tolerance t;
  t.ulps = ulps;
  t.scale_ulps = scale_ulps;
  return t;
}

Tolerance Tolerance::sum_of(double n, double magnitude, ScalarType accumulate) {
  // The final rounding to the result dtype puts the two results up to one ulp apart.
  Tolerance t;
  t.ulps = 1;
  t.atol = n * epsilon(accumulate) * magnitude;  // 2 n u, u = eps / 2
  return t;
}

Tolerance Tolerance::chain_of(double n) {
  return elementwise(2 * std::max(n - 1, 0.0) + 1);
}

Tolerance Tolerance::pytorch_float32_constant(double factor) {
  // A relative error r is at most r * 2^53 float64 ulps.
  return elementwise(factor * std::ldexp(1.0, 53 - 24));
}

Tolerance Tolerance::conditioned(double kappa) const {
  Tolerance t = *this;
  t.ulps *= kappa;
  t.scale_ulps *= kappa;
  return t;
}

Tolerance Tolerance::with_scale(double s) const {
  Tolerance t = *this;
  t.scale = s;
  return t;
}

Tolerance Tolerance::plus(const Tolerance& other) const {
  Tolerance t = *this;
  t.exact = exact && other.exact;
  t.ulps += other.ulps;
  t.scale_ulps += other.scale_ulps;
  t.scale = std::max(scale, other.scale);
  t.atol += other.atol;
  return t;
}

std::string Tolerance::describe() const {
  if (exact) return "exact";
  std::ostringstream out;
  out.precision(3);
  out << ulps << " ulps";
  if (scale_ulps > 0) {
    out << " + " << scale_ulps << " eps * ";
    if (scale > 0) {
      out << scale;
    } else {
      out << "max|expected|";
    }
  }
  if (atol > 0) out << " + " << atol;
  return out.str();
}

Tolerance default_tolerance(ScalarType dtype) {
  // Measured over the composite goldens (autograd, nn, optimizers): results within 4 ulps where
  // no cancellation happens, and within 4 eps of the result's scale where one does (a gradient
  // summed from several paths, a matmul's small entries).
  return is_floating_point(dtype) ? Tolerance::composite(4, 4) : Tolerance::bitwise();
}

bool within(double got, double want, double scale, ScalarType dtype, const Tolerance& tol) {
  if (std::isnan(want) || std::isnan(got)) return std::isnan(want) && std::isnan(got);
  if (got == want) return !tol.exact || std::signbit(got) == std::signbit(want);
  if (tol.exact || !std::isfinite(want) || !std::isfinite(got)) return false;
  double bound = tol.atol;
  if (is_floating_point(dtype) && (tol.ulps > 0 || tol.scale_ulps > 0)) {
    // A 16-bit result is computed in float32 and rounded once: the bound in float32 units, and
    // one ulp of the 16-bit dtype where two results straddle a half-way point.
    const ScalarType unit = accumulate_dtype(dtype);
    const double terms = tol.scale > 0 ? tol.scale : scale;
    bound += tol.ulps * ulp(want, unit) + tol.scale_ulps * epsilon(unit) * terms;
    if (unit != dtype) bound += ulp(want, dtype);
  }
  return std::abs(got - want) <= bound;
}

double ulps_between(double got, double want, ScalarType dtype) {
  return std::abs(got - want) / ulp(want, dtype);
}

}  // namespace ember::testing
