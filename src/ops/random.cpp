// Random factories (rand, randn, randint, randperm and their _like forms) and the in-place fills
// (uniform_, normal_, random_, bernoulli_). Streams: Note [Random streams] in ember/generator.h.
#include "ember/ops/random.h"

#include <bit>
#include <cmath>
#include <limits>

#include "core/dispatch.h"
#include "ops/backend.h"
#include "ops/random_util.h"

namespace ember {
namespace detail {

void check_floating_random(ScalarType dtype, const char* op) {
  EMBER_CHECK(is_floating_point(dtype), op,
              "expected a floating point dtype: not implemented for '", dtype, "'");
}

Tensor random_output(IntArrayRef sizes, const TensorOptions& options, const char* op) {
  check_sizes(sizes, op);
  backend_for(options.device(), op);  // raises for a device without a backend
  return make_empty(sizes, options.dtype(), options.device(), op);
}

Tensor finish_random(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) t.requires_grad_(true);
  return t;
}

namespace {

// What a dtype can hold: its finite range and, for floats, the mantissa digits (integers in
// [-2^digits, 2^digits] are exact).
struct DtypeLimits {
  double lowest;
  double max;
  int digits;       // 0 for integral types
  int64_t int_max;  // the largest value of an integral type (1 for bool)
};

DtypeLimits limits_of(ScalarType dtype) {
  return visit_dtype(dtype, [&]<class T>(TypeTag<T>) -> DtypeLimits {
    if constexpr (std::is_same_v<T, Half>) {
      return {-65504.0, 65504.0, 11, 0};
    } else if constexpr (std::is_same_v<T, BFloat16>) {
      return {-0x1.fep127, 0x1.fep127, 8, 0};
    } else if constexpr (std::is_floating_point_v<T>) {
      return {std::numeric_limits<T>::lowest(), std::numeric_limits<T>::max(),
              std::numeric_limits<T>::digits, 0};
    } else {
      return {static_cast<double>(std::numeric_limits<T>::lowest()),
              static_cast<double>(std::numeric_limits<T>::max()), 0,
              static_cast<int64_t>(std::numeric_limits<T>::max())};
    }
  });
}

}  // namespace

void uniform_into(Tensor& self, double from, double to, std::optional<Generator> gen,
                  const char* op) {
  check_defined(self, op, "self");
  check_same_device(op, {&self});
  check_floating_random(self.scalar_type(), op);
  const DtypeLimits lim = limits_of(self.scalar_type());
  const ScalarType dtype = self.scalar_type();
  EMBER_CHECK(from >= lim.lowest && from <= lim.max, op, "from is out of bounds for ", dtype,
              ": expected a finite value in [", lim.lowest, ", ", lim.max, "], got ", from);
  EMBER_CHECK(to >= lim.lowest && to <= lim.max, op, "to is out of bounds for ", dtype,
              ": expected a finite value in [", lim.lowest, ", ", lim.max, "], got ", to);
  EMBER_CHECK(from <= to, op, "expects to return a [from, to) range, but found from=", from,
              " > to=", to);
  EMBER_CHECK(to - from <= lim.max, op, "expected to - from <= the largest ", dtype, " (", lim.max,
              "), but found to=", to, " and from=", from);
  Generator& g = generator_or_default(gen);
  fill_in_place(
      self, [&](const TensorImpl& out) { detail::backend_of(out).uniform_fill(out, from, to, g); });
}

void normal_into(Tensor& self, double mean, double std, std::optional<Generator> gen,
                 const char* op) {
  check_defined(self, op, "self");
  check_same_device(op, {&self});
  EMBER_CHECK(std >= 0.0, op, "expected std >= 0.0, but found std ", std);
  check_floating_random(self.scalar_type(), op);
  Generator& g = generator_or_default(gen);
  fill_in_place(
      self, [&](const TensorImpl& out) { detail::backend_of(out).normal_fill(out, mean, std, g); });
}

namespace {

// PyTorch's random_ range rules (DistributionTemplates.h, random_from_to_impl): for a floating
// dtype, bounds beyond 2^digits are moved to values the dtype can represent.

// x rounded to `dtype`'s precision, saturated to int64.
int64_t round_through(int64_t x, ScalarType dtype) {
  const double d = visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (is_floating_v<T>) {
      return static_cast<double>(static_cast<compute_t<T>>(
          static_cast<T>(static_cast<compute_t<T>>(static_cast<double>(x)))));
    } else {
      return static_cast<double>(x);  // only floating dtypes round (the callers ask for no other)
    }
  });
  if (d >= 0x1.0p63) return std::numeric_limits<int64_t>::max();
  if (d < -0x1.0p63) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

int log2_floor(int64_t v) {
  const uint64_t m = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  return m == 0 ? 0 : std::bit_width(m) - 1;
}

// Moves `from` up when from + 1 rounds below it in the dtype.
int64_t update_from(int64_t from, ScalarType dtype, int digits) {
  if (from == std::numeric_limits<int64_t>::max()) return from;
  const int64_t from_plus_1 = round_through(from + 1, dtype);
  if (from_plus_1 < from) {
    const int n = log2_floor(from + 1);
    if (n - digits + 1 >= 0 && n - digits + 1 < 63)
      from = from_plus_1 + (int64_t{1} << (n - digits + 1));
  }
  return from;
}

// Moves `to` down when to - 1 rounds to or above it in the dtype.
int64_t update_to(int64_t to, ScalarType dtype, int digits) {
  if (to == std::numeric_limits<int64_t>::min()) return to;
  const int64_t to_minus_1 = round_through(to - 1, dtype);
  if (to_minus_1 >= to) {
    const int n = log2_floor(to - 1);
    if (n - digits + 1 >= 0 && n - digits + 1 < 63)
      to = to_minus_1 - (int64_t{1} << (n - digits + 1));
  }
  return to;
}

void check_from_to_in_range(int64_t from, int64_t to_inc, ScalarType dtype, const char* op) {
  const DtypeLimits lim = limits_of(dtype);
  const auto in = [&](int64_t v) {
    return static_cast<double>(v) >= lim.lowest && static_cast<double>(v) <= lim.max;
  };
  EMBER_CHECK(in(from), op, "from is out of bounds for ", dtype, ": expected a value in [",
              lim.lowest, ", ", lim.max, "], got from=", from);
  EMBER_CHECK(in(to_inc), op, "to - 1 is out of bounds for ", dtype, ": expected a value in [",
              lim.lowest, ", ", lim.max, "], got to - 1=", to_inc);
}

// Integers on [from, to), or [from, the dtype's top] when `to` is absent (top: the largest
// integer for integral dtypes, 1 for bool, 2^digits for floats; from = INT64_MIN: all 64 bits).
void random_into(Tensor& self, int64_t from, std::optional<int64_t> to,
                 std::optional<Generator> gen, const char* op) {
  check_defined(self, op, "self");
  check_same_device(op, {&self});
  const ScalarType dtype = self.scalar_type();
  const bool floating = is_floating_point(dtype);
  const DtypeLimits lim = limits_of(dtype);
  uint64_t range = 0;  // 0 stands for 2^64
  if (to) {
    int64_t hi = *to;
    EMBER_CHECK(from < hi, op, "expected 'from' to be less than 'to', but got from=", from,
                " >= to=", hi);
    if (floating) {
      from = update_from(from, dtype, lim.digits);
      hi = update_to(hi, dtype, lim.digits);
      EMBER_CHECK(from < hi, op,
                  "expected 'from' cast to the dtype to be less than 'to' cast to the dtype, but "
                  "got from=",
                  from, " >= to=", hi);
    }
    check_from_to_in_range(from, hi - 1, dtype, op);
    range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(from);
  } else if (from != std::numeric_limits<int64_t>::min()) {
    int64_t to_inc;
    if (floating) {
      to_inc = int64_t{1} << lim.digits;  // digits <= 53
      from = update_from(from, dtype, lim.digits);
      EMBER_CHECK(from < to_inc, op, "expected 'from' cast to the dtype to be less than ", to_inc,
                  ", but got from=", from);
    } else {
      to_inc = lim.int_max;
    }
    check_from_to_in_range(from, to_inc, dtype, op);
    range = static_cast<uint64_t>(to_inc) - static_cast<uint64_t>(from) + 1;
  } else {
    // PyTorch's kernel dispatches on every dtype but bool and half, and then refuses the
    // narrower ones.
    EMBER_CHECK(dtype != kBool && dtype != kHalf, op, "not implemented for '", dtype,
                "' (the full 64-bit range, from=INT64_MIN, to=None)");
    EMBER_CHECK(dtype == kLong || dtype == kDouble || dtype == kFloat || dtype == kBFloat16, op,
                "the full 64-bit range (from=INT64_MIN, to=None) handles only int64, double, "
                "float and bfloat16, got ",
                dtype);
  }
  Generator& g = generator_or_default(gen);
  fill_in_place(self, [&](const TensorImpl& out) {
    detail::backend_of(out).random_fill(out, from, range, g);
  });
}

Tensor rand_impl(IntArrayRef size, std::optional<Generator> gen, const TensorOptions& options,
                 const char* op) {
  check_floating_random(options.dtype(), op);
  Tensor t = random_output(size, options, op);
  uniform_into(t, 0, 1, std::move(gen), op);
  return finish_random(t, options);
}

Tensor randn_impl(IntArrayRef size, std::optional<Generator> gen, const TensorOptions& options,
                  const char* op) {
  check_floating_random(options.dtype(), op);
  Tensor t = random_output(size, options, op);
  normal_into(t, 0, 1, std::move(gen), op);
  return finish_random(t, options);
}

Tensor randint_impl(int64_t low, int64_t high, IntArrayRef size, std::optional<Generator> gen,
                    const TensorOptions& options, const char* op) {
  const TensorOptions o = options.has_dtype() ? options : options.dtype(kLong);
  Tensor t = random_output(size, o, op);
  random_into(t, low, high, std::move(gen), op);
  return finish_random(t, o);
}

// PyTorch's check_supported_max_int_with_precision, plus bfloat16 (see ember/ops/random.h).
void check_randperm_n(int64_t n, ScalarType dtype) {
  EMBER_CHECK(n >= 0, "randperm", "trying to create tensor with negative dimension ", n, ": [", n,
              "]");
  EMBER_CHECK(dtype != kBool, "randperm", "expected a numeric dtype: not implemented for 'Bool'");
  const DtypeLimits lim = limits_of(dtype);
  if (lim.digits == 0) {
    EMBER_CHECK(static_cast<double>(n > 0 ? n - 1 : n) <= lim.max, "randperm", "value ", n - 1,
                " cannot be converted to type ", dtype, " without overflow (n=", n,
                " is too large for result tensor type ", dtype, ")");
  } else if (lim.digits < 63) {
    const int64_t top = (int64_t{1} << lim.digits) + 1;
    EMBER_CHECK(n <= top, "randperm", "n cannot be greater than ", top, " for ", dtype,
                " type (every value must be exact), got n=", n);
  }
}

}  // namespace
}  // namespace detail

using detail::finish_random;
using detail::generator_or_default;

// ---- Factories ---------------------------------------------------------------------------------

Tensor rand(IntArrayRef size, const TensorOptions& options) {
  return detail::rand_impl(size, std::nullopt, options, "rand");
}
Tensor rand(IntArrayRef size, std::optional<Generator> generator, const TensorOptions& options) {
  return detail::rand_impl(size, std::move(generator), options, "rand");
}
Tensor rand_like(const Tensor& self, std::optional<TensorOptions> options) {
  detail::check_defined(self, "rand_like");
  return detail::rand_impl(self.sizes(), std::nullopt, detail::like_options(self, options),
                           "rand_like");
}

Tensor randn(IntArrayRef size, const TensorOptions& options) {
  return detail::randn_impl(size, std::nullopt, options, "randn");
}
Tensor randn(IntArrayRef size, std::optional<Generator> generator, const TensorOptions& options) {
  return detail::randn_impl(size, std::move(generator), options, "randn");
}
Tensor randn_like(const Tensor& self, std::optional<TensorOptions> options) {
  detail::check_defined(self, "randn_like");
  return detail::randn_impl(self.sizes(), std::nullopt, detail::like_options(self, options),
                            "randn_like");
}

Tensor randint(int64_t high, IntArrayRef size, const TensorOptions& options) {
  return detail::randint_impl(0, high, size, std::nullopt, options, "randint");
}
Tensor randint(int64_t high, IntArrayRef size, std::optional<Generator> generator,
               const TensorOptions& options) {
  return detail::randint_impl(0, high, size, std::move(generator), options, "randint");
}
Tensor randint(int64_t low, int64_t high, IntArrayRef size, const TensorOptions& options) {
  return detail::randint_impl(low, high, size, std::nullopt, options, "randint");
}
Tensor randint(int64_t low, int64_t high, IntArrayRef size, std::optional<Generator> generator,
               const TensorOptions& options) {
  return detail::randint_impl(low, high, size, std::move(generator), options, "randint");
}
Tensor randint_like(const Tensor& self, int64_t high, std::optional<TensorOptions> options) {
  return randint_like(self, 0, high, options);
}
Tensor randint_like(const Tensor& self, int64_t low, int64_t high,
                    std::optional<TensorOptions> options) {
  detail::check_defined(self, "randint_like");
  return detail::randint_impl(low, high, self.sizes(), std::nullopt,
                              detail::like_options(self, options), "randint_like");
}

Tensor randperm(int64_t n, const TensorOptions& options) {
  return randperm(n, std::nullopt, options);
}
Tensor randperm(int64_t n, std::optional<Generator> generator, const TensorOptions& options) {
  const TensorOptions o = options.has_dtype() ? options : options.dtype(kLong);
  detail::check_randperm_n(n, o.dtype());
  Tensor t = detail::random_output({n}, o, "randperm");
  detail::backend_of(t).randperm_fill(*t.unsafeGetTensorImpl(), generator_or_default(generator));
  return finish_random(t, o);
}

// ---- In place ----------------------------------------------------------------------------------

Tensor& Tensor::uniform_(double from, double to, std::optional<Generator> gen) {
  detail::uniform_into(*this, from, to, std::move(gen), "uniform_");
  return *this;
}

Tensor& Tensor::normal_(double mean, double std, std::optional<Generator> gen) {
  detail::normal_into(*this, mean, std, std::move(gen), "normal_");
  return *this;
}

Tensor& Tensor::random_(int64_t from, std::optional<int64_t> to, std::optional<Generator> gen) {
  detail::random_into(*this, from, to, std::move(gen), "random_");
  return *this;
}
Tensor& Tensor::random_(int64_t to, std::optional<Generator> gen) {
  detail::random_into(*this, 0, to, std::move(gen), "random_");
  return *this;
}
Tensor& Tensor::random_(std::optional<Generator> gen) {
  // PyTorch's random_(): [0, 2^digits] for floats, [0, max] for integers, {0, 1} for bool,
  // which is exactly random_(0, None).
  detail::random_into(*this, 0, std::nullopt, std::move(gen), "random_");
  return *this;
}

Tensor& Tensor::bernoulli_(double p, std::optional<Generator> gen) {
  detail::check_defined(*this, "bernoulli_", "self");
  detail::check_same_device("bernoulli_", {this});
  EMBER_CHECK(p >= 0 && p <= 1, "bernoulli_", "expected p in [0, 1], but got p=", p);
  Generator& g = generator_or_default(gen);
  return detail::fill_in_place(*this, [&](const detail::TensorImpl& out) {
    detail::backend_of(out).bernoulli_fill(out, p, g);
  });
}

}  // namespace ember
