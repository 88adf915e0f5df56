// Sampling from tensors of parameters: bernoulli, normal, multinomial.
#include <cmath>

#include "ember/ops/random.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/random_util.h"

namespace ember {

using detail::check_defined;
using detail::generator_or_default;

namespace {

// `t` as a contiguous float64 tensor (for kernels and value checks that read it directly).
Tensor as_contiguous_double(const Tensor& t) {
  return t.to(kDouble).contiguous();
}

}  // namespace

// ---- bernoulli ---------------------------------------------------------------------------------

Tensor bernoulli(const Tensor& p, std::optional<Generator> generator) {
  check_defined(p, "bernoulli", "p");
  detail::check_same_device("bernoulli", {&p});
  detail::check_floating_random(p.scalar_type(), "bernoulli");
  const Tensor pd = as_contiguous_double(p);
  const double* v = pd.data_ptr<double>();
  for (int64_t i = 0; i < pd.numel(); ++i) {
    EMBER_CHECK(v[i] >= 0 && v[i] <= 1, "bernoulli",
                "expected every probability in [0, 1], but got p=", v[i]);
  }
  Tensor out = detail::make_empty(p.sizes(), p.scalar_type(), p.device());
  detail::backend_of(out).bernoulli_tensor_fill(
      *out.unsafeGetTensorImpl(), *pd.unsafeGetTensorImpl(), generator_or_default(generator));
  return out;
}

Tensor bernoulli(const Tensor& self, double p, std::optional<Generator> generator) {
  check_defined(self, "bernoulli", "self");
  detail::check_same_device("bernoulli", {&self});
  EMBER_CHECK(p >= 0 && p <= 1, "bernoulli", "expected p in [0, 1], but got p=", p);
  Tensor out = detail::make_empty(self.sizes(), self.scalar_type(), self.device());
  detail::backend_of(out).bernoulli_fill(*out.unsafeGetTensorImpl(), p,
                                         generator_or_default(generator));
  return out;
}

// ---- normal ------------------------------------------------------------------------------------
// As PyTorch: draw N(0, 1) (or N(0, std)) in the output, then scale by std and shift by mean with
// the (broadcasting) elementwise ops.

namespace {

void check_std_tensor(const Tensor& std) {
  const Tensor sd = as_contiguous_double(std);
  const double* v = sd.data_ptr<double>();
  for (int64_t i = 0; i < sd.numel(); ++i) {
    EMBER_CHECK(v[i] >= 0, "normal", "expected all elements of std >= 0.0, but found ", v[i]);
  }
}

Tensor standard_normal(IntArrayRef sizes, ScalarType dtype, Device device, double std,
                       std::optional<Generator>& gen) {
  Tensor out = detail::make_empty(sizes, dtype, device);
  detail::normal_into(out, 0, std, gen, "normal");
  return out;
}

}  // namespace

Tensor normal(const Tensor& mean, double std, std::optional<Generator> generator) {
  check_defined(mean, "normal", "mean");
  detail::check_same_device("normal", {&mean});
  EMBER_CHECK(std >= 0.0, "normal", "expected std >= 0.0, but found std ", std);
  detail::check_floating_random(mean.scalar_type(), "normal");
  Tensor out = standard_normal(mean.sizes(), mean.scalar_type(), mean.device(), std, generator);
  out.add_(mean);
  return out;
}

Tensor normal(double mean, const Tensor& std, std::optional<Generator> generator) {
  check_defined(std, "normal", "std");
  detail::check_same_device("normal", {&std});
  check_std_tensor(std);
  detail::check_floating_random(std.scalar_type(), "normal");
  Tensor out = standard_normal(std.sizes(), std.scalar_type(), std.device(), 1, generator);
  out.mul_(std).add_(mean);
  return out;
}

Tensor normal(const Tensor& mean, const Tensor& std, std::optional<Generator> generator) {
  check_defined(mean, "normal", "mean");
  check_defined(std, "normal", "std");
  detail::check_same_device("normal", {&mean, &std});
  check_std_tensor(std);
  const detail::DimVector shape = detail::broadcast_shapes(mean.sizes(), std.sizes(), "normal");
  detail::check_floating_random(mean.scalar_type(), "normal");
  Tensor out = standard_normal(shape, mean.scalar_type(), mean.device(), 1, generator);
  out.mul_(std).add_(mean);
  return out;
}

Tensor normal(double mean, double std, IntArrayRef size, std::optional<Generator> generator,
              const TensorOptions& options) {
  EMBER_CHECK(std >= 0.0, "normal", "expected std >= 0.0, but found std ", std);
  detail::check_floating_random(options.dtype(), "normal");
  Tensor out = detail::random_output(size, options, "normal");
  detail::normal_into(out, mean, std, std::move(generator), "normal");
  return detail::finish_random(out, options);
}

// ---- multinomial -------------------------------------------------------------------------------

namespace {

// PyTorch's value checks, which differ by path (Distributions.cpp, multinomial_out): the
// exponential race (without replacement, or one sample) and the inverse CDF (with replacement).
void check_multinomial_values(const double* p, int64_t rows, int64_t cats, bool race) {
  for (int64_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (int64_t j = 0; j < cats; ++j) {
      const double v = p[r * cats + j];
      if (race) {
        EMBER_CHECK(v >= 0 && v < INFINITY, "multinomial",
                    "probability tensor contains either `inf`, `nan` or element < 0 (got ", v,
                    " in row ", r, ")");
      } else {
        EMBER_CHECK(v >= 0, "multinomial",
                    "invalid multinomial distribution (encountering probability entry < 0): got ",
                    v, " in row ", r);
        EMBER_CHECK(std::isfinite(v), "multinomial",
                    "invalid multinomial distribution (encountering probability entry = infinity "
                    "or NaN) in row ",
                    r);
      }
      sum += v;
    }
    EMBER_CHECK(sum > 0, "multinomial",
                "invalid multinomial distribution (sum of probabilities <= 0) in row ", r);
  }
}

}  // namespace

Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement,
                   std::optional<Generator> generator) {
  check_defined(probs, "multinomial", "probs");
  detail::check_same_device("multinomial", {&probs});
  EMBER_CHECK(probs.dim() == 1 || probs.dim() == 2, "multinomial",
              "prob_dist must be 1 or 2 dim, got ", probs.dim(), " dims");
  EMBER_CHECK(
      probs.is_floating_point(), "multinomial",
      "multinomial only supports floating-point dtypes for input, got: ", probs.scalar_type());
  EMBER_CHECK(num_samples > 0, "multinomial", "cannot sample n_sample <= 0 samples (got ",
              num_samples, ")");
  const int64_t cats = probs.size(-1);
  EMBER_CHECK(replacement || num_samples <= cats, "multinomial",
              "cannot sample n_sample > prob_dist.size(-1) samples without replacement (",
              num_samples, " > ", cats, ")");
  EMBER_CHECK(cats <= (int64_t{1} << 24), "multinomial",
              "number of categories cannot exceed 2^24, got ", cats);
  const int64_t rows = probs.dim() == 1 ? 1 : probs.size(0);
  Tensor out = detail::make_empty({rows, num_samples}, kLong, probs.device());
  if (rows > 0) {
    const Tensor p = as_contiguous_double(probs).reshape({rows, cats});
    check_multinomial_values(p.data_ptr<double>(), rows, cats, !replacement || num_samples == 1);
    detail::backend_of(out).multinomial(*out.unsafeGetTensorImpl(), *p.unsafeGetTensorImpl(),
                                        num_samples, replacement, generator_or_default(generator));
  }
  return probs.dim() == 1 ? out.reshape({num_samples}) : out;
}

}  // namespace ember
