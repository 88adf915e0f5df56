// Note [Activation functors]
// One functor per activation, computing in the compute type (float for 16-bit floats) with the
// formulas PyTorch's CPU kernels use (so the values at kinks and the NaN behaviour match):
// relu passes NaN, elu uses expm1, softplus switches to the identity above the threshold.
// Functors whose float32 form needs exp/erf/tanh offer eight SLEEF lanes (Note [Vectorised
// math]).
#include "backend/cpu/activation_kernels.h"

#include <cmath>
#include <type_traits>

#include "backend/cpu/loop.h"
#include "backend/cpu/vec8.h"

namespace ember::cpu {

using detail::Activation;
using detail::ActivationArgs;
namespace {

struct ReluFn {
  template <class T>
  T operator()(T x) const {
    if constexpr (std::is_unsigned_v<T>) {
      return x;
    } else {
      return x < T(0) ? T(0) : x;  // NaN stays NaN
    }
  }
#if EMBER_HAVE_VEC8
  __m256 vec8(__m256 x) const {
    return _mm256_max_ps(_mm256_setzero_ps(), x);
  }  // NaN: x
#endif
};

struct LeakyReluFn {
  double slope;
  template <class T>
  T operator()(T x) const {
    return x > T(0) ? x : x * static_cast<T>(slope);
  }
};

struct GeluFn {
  template <class T>
  T operator()(T x) const {
    return x * T(0.5) * (T(1) + std::erf(x * static_cast<T>(M_SQRT1_2)));
  }
#if EMBER_HAVE_VEC8
  __m256 vec8(__m256 x) const {
    const __m256 e = Sleef_erff8_u10avx2(_mm256_mul_ps(x, _mm256_set1_ps(float(M_SQRT1_2))));
    return _mm256_mul_ps(_mm256_mul_ps(x, _mm256_set1_ps(0.5f)),
                         _mm256_add_ps(_mm256_set1_ps(1.0f), e));
  }
#endif
};

struct GeluTanhFn {
  template <class T>
  T operator()(T x) const {
    const T beta = static_cast<T>(M_SQRT2 * M_2_SQRTPI * 0.5);
    const T kappa = static_cast<T>(0.044715);
    const T inner = beta * (x + kappa * x * x * x);
    return T(0.5) * x * (T(1) + std::tanh(inner));
  }
};

struct SiluFn {
  template <class T>
  T operator()(T x) const {
    return x / (T(1) + std::exp(-x));
  }
#if EMBER_HAVE_VEC8
  __m256 vec8(__m256 x) const {
    const __m256 e = Sleef_expf8_u10avx2(_mm256_sub_ps(_mm256_setzero_ps(), x));
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
  }
#endif
};

struct EluFn {
  double alpha, scale, input_scale;
  template <class T>
  T operator()(T x) const {
    const T negcoef = static_cast<T>(alpha * scale);
    return x <= T(0) ? std::expm1(x * static_cast<T>(input_scale)) * negcoef
                     : x * static_cast<T>(scale);
  }
};

struct HardtanhFn {
  double lo, hi;
  template <class T>
  T operator()(T x) const {
    const T l = static_cast<T>(lo);
    const T h = static_cast<T>(hi);
    return x < l ? l : (x > h ? h : x);  // NaN stays NaN
  }
};

struct SoftplusFn {
  double beta, threshold;
  template <class T>
  T operator()(T x) const {
    const T b = static_cast<T>(beta);
    return x * b > static_cast<T>(threshold) ? x : std::log1p(std::exp(x * b)) / b;
  }
};

struct HardsigmoidFn {
  template <class T>
  T operator()(T x) const {
    return std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
  }
};

struct HardswishFn {
  template <class T>
  T operator()(T x) const {
    return x * std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
  }
};

struct MishFn {
  template <class T>
  T operator()(T x) const {
    return x * std::tanh(std::log1p(std::exp(x)));
  }
};

// Runs fn over out = fn(in) for the dtypes activation kOp accepts (the op layer has raised for
// the others).
template <Activation kOp, class Fn>
void run(const Fn& fn, const char* name, const detail::TensorImpl& out,
         const detail::TensorImpl& in) {
  const LoopPlan plan = LoopPlan::build({&out, &in});
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    if constexpr (detail::accepts(detail::accepted_dtypes(kOp), dtype_of<T>)) {
      if (plan.numel > 0) elementwise<T, T>(plan, fn);
    } else {
      EMBER_FAIL(name, "not implemented for '", out.dtype(), "'");
    }
  });
}

struct ThresholdBackwardFn {
  double threshold;
  template <class T>
  T operator()(T g, T x) const {
    return x <= static_cast<T>(threshold) ? T(0) : g;
  }
};

}  // namespace

void activation(Activation op, const char* name, const detail::TensorImpl& out,
                const detail::TensorImpl& in, const ActivationArgs& a) {
  switch (op) {
    case Activation::Relu:
      return run<Activation::Relu>(ReluFn{}, name, out, in);
    case Activation::LeakyRelu:
      return run<Activation::LeakyRelu>(LeakyReluFn{a.a}, name, out, in);
    case Activation::Gelu:
      return run<Activation::Gelu>(GeluFn{}, name, out, in);
    case Activation::GeluTanh:
      return run<Activation::GeluTanh>(GeluTanhFn{}, name, out, in);
    case Activation::Silu:
      return run<Activation::Silu>(SiluFn{}, name, out, in);
    case Activation::Elu:
      return run<Activation::Elu>(EluFn{a.a, a.b, a.c}, name, out, in);
    case Activation::Hardtanh:
      return run<Activation::Hardtanh>(HardtanhFn{a.a, a.b}, name, out, in);
    case Activation::Softplus:
      return run<Activation::Softplus>(SoftplusFn{a.a, a.b}, name, out, in);
    case Activation::Hardsigmoid:
      return run<Activation::Hardsigmoid>(HardsigmoidFn{}, name, out, in);
    case Activation::Hardswish:
      return run<Activation::Hardswish>(HardswishFn{}, name, out, in);
    case Activation::Mish:
      return run<Activation::Mish>(MishFn{}, name, out, in);
  }
}

void threshold_backward(const detail::TensorImpl& out, const detail::TensorImpl& grad,
                        const detail::TensorImpl& self, double threshold) {
  const LoopPlan plan = LoopPlan::build({&out, &grad, &self});
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    if constexpr (std::is_same_v<T, bool>) {
      EMBER_FAIL("threshold_backward", "not implemented for 'Bool'");
    } else {
      if (plan.numel > 0) elementwise<T, T, T>(plan, ThresholdBackwardFn{threshold});
    }
  });
}

}  // namespace ember::cpu
