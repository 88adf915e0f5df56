#include "backend/cpu/special_math.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace ember::cpu {

double erfinv(double y) {
  if (std::isnan(y) || y < -1 || y > 1) return std::numeric_limits<double>::quiet_NaN();
  if (y == 1) return std::numeric_limits<double>::infinity();
  if (y == -1) return -std::numeric_limits<double>::infinity();
  if (y == 0) return y;
  // Initial guess: M. Giles, "Approximating the erfinv function" (single-precision polynomial).
  double w = -std::log((1.0 - y) * (1.0 + y));
  double p;
  if (w < 5.0) {
    w -= 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w;
    p = -3.5233877e-06 + p * w;
    p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = std::sqrt(w) - 3.0;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  // Newton steps on |x|; in the tails the residual erf(x) - y is formed as (1 - y) - erfc(x),
  // which keeps its precision where erf(x) rounds to 1.
  const double a = std::abs(y);
  double x = std::abs(p * y);
  const double two_over_sqrt_pi = 2.0 / std::sqrt(std::numbers::pi);
  for (int step = 0; step < 3; ++step) {
    const double residual = a > 0.5 ? (1.0 - a) - std::erfc(x) : std::erf(x) - a;
    const double slope = two_over_sqrt_pi * std::exp(-x * x);
    if (slope == 0) break;
    x -= residual / slope;
  }
  return std::copysign(x, y);
}

double digamma(double x) {
  constexpr double kPi = std::numbers::pi;
  if (x == 0) return std::copysign(std::numeric_limits<double>::infinity(), -x);
  if (std::isnan(x) || x == -std::numeric_limits<double>::infinity()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (x < 0) {
    if (x == std::floor(x)) return std::numeric_limits<double>::quiet_NaN();
    // Reflection: psi(x) = psi(1 - x) - pi / tan(pi x); tan has period pi, so only the
    // fractional part of x enters (exact, and accurate for large |x|).
    double whole;
    const double frac = std::modf(x, &whole);
    return digamma(1.0 - x) - kPi / std::tan(kPi * frac);
  }
  double result = 0;
  while (x < 10) {  // psi(x) = psi(x + 1) - 1 / x
    result -= 1.0 / x;
    x += 1.0;
  }
  if (std::isinf(x)) return x;
  // Asymptotic series: log x - 1/(2x) - sum B_2k / (2k x^2k).
  const double z = 1.0 / (x * x);
  const double series =
      z * (1.0 / 12 - z * (1.0 / 120 -
                           z * (1.0 / 252 -
                                z * (1.0 / 240 - z * (1.0 / 132 - z * (691.0 / 32760 - z / 12))))));
  return result + std::log(x) - 0.5 / x - series;
}

double trigamma(double x) {
  constexpr double kPi = std::numbers::pi;
  if (std::isnan(x) || x == -std::numeric_limits<double>::infinity()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (x <= 0 && x == std::floor(x)) return std::numeric_limits<double>::infinity();
  if (x < 0.5) {
    // Reflection: psi'(1 - x) + psi'(x) = pi^2 / sin^2(pi x).
    const double s = std::sin(kPi * x);
    return -trigamma(1.0 - x) + kPi * kPi / (s * s);
  }
  double result = 0;
  while (x < 10) {  // psi'(x) = psi'(x + 1) + 1 / x^2
    result += 1.0 / (x * x);
    x += 1.0;
  }
  // Asymptotic series: 1/x + 1/(2x^2) + sum B_2k / x^(2k+1).
  const double z = 1.0 / (x * x);
  return result + 1.0 / x + z / 2 +
         (1.0 / x) * z * (1.0 / 6 - z * (1.0 / 30 - z * (1.0 / 42 - z * (1.0 / 30))));
}

}  // namespace ember::cpu
