#pragma once
/// Random sampling: factories (rand, randn, randint, randperm, normal), sampling from tensors
/// (bernoulli, normal, multinomial), and the in-place fills declared on Tensor (uniform_,
/// normal_, random_, bernoulli_).
///
/// Every op draws from `generator` when one is given, else from `Generator::default_cpu()`
/// (reseed with `manual_seed`). The streams are Philox4x32-10 and counter-based (Note [Random
/// streams] in ember/generator.h): results depend only on the seed and the generator's offset,
/// never on the thread count. They are not PyTorch's streams (PyTorch's CPU generator is an
/// mt19937), so the same seed gives different numbers than PyTorch; shapes, dtypes, ranges,
/// distributions and errors follow PyTorch.
///
/// Dtype rules: without a dtype, factories make the default float, except randint and randperm
/// (int64, as in Python PyTorch; libtorch's `at::randint` would give float). Uniform and normal
/// draws need a floating dtype and raise "not implemented for 'Long'" otherwise. float16 and
/// bfloat16 values are computed in double and rounded.
#include <optional>

#include "ember/generator.h"
#include "ember/tensor.h"

namespace ember {

/// Uniform on [0, 1), shape `size`. Raises for a non-floating dtype or a negative size.
Tensor rand(IntArrayRef size, const TensorOptions& options = {});
Tensor rand(IntArrayRef size, std::optional<Generator> generator,
            const TensorOptions& options = {});
/// `rand(self.sizes())` with self's dtype unless `options` gives one.
Tensor rand_like(const Tensor& self, std::optional<TensorOptions> options = std::nullopt);

/// Standard normal, shape `size`. Raises for a non-floating dtype.
Tensor randn(IntArrayRef size, const TensorOptions& options = {});
Tensor randn(IntArrayRef size, std::optional<Generator> generator,
             const TensorOptions& options = {});
Tensor randn_like(const Tensor& self, std::optional<TensorOptions> options = std::nullopt);

/// Integers uniform on [low, high) (low defaults to 0), int64 unless `options` gives a dtype
/// (any dtype but: values must fit it). Raises unless low < high, or when low or high - 1 is
/// out of the dtype's range.
Tensor randint(int64_t high, IntArrayRef size, const TensorOptions& options = {});
Tensor randint(int64_t high, IntArrayRef size, std::optional<Generator> generator,
               const TensorOptions& options = {});
Tensor randint(int64_t low, int64_t high, IntArrayRef size, const TensorOptions& options = {});
Tensor randint(int64_t low, int64_t high, IntArrayRef size, std::optional<Generator> generator,
               const TensorOptions& options = {});
/// `randint` with self's shape, and self's dtype unless `options` gives one.
Tensor randint_like(const Tensor& self, int64_t high,
                    std::optional<TensorOptions> options = std::nullopt);
Tensor randint_like(const Tensor& self, int64_t low, int64_t high,
                    std::optional<TensorOptions> options = std::nullopt);

/// A random permutation of 0..n-1, int64 unless `options` gives a dtype (Fisher-Yates driven by
/// the Philox stream). Raises for n < 0, bool, or n too large for the dtype to hold every value
/// exactly (int8: 128, uint8: 256, float16: 2049, bfloat16: 257, float32: 2^24 + 1). PyTorch
/// accepts any n for bfloat16 and then repeats values; Ember refuses instead.
Tensor randperm(int64_t n, const TensorOptions& options = {});
Tensor randperm(int64_t n, std::optional<Generator> generator, const TensorOptions& options = {});

/// 1 with probability p[i], else 0; same shape and dtype as `p`, which must be floating with
/// every value in [0, 1].
Tensor bernoulli(const Tensor& p, std::optional<Generator> generator = std::nullopt);
/// 1 with probability `p`, else 0; shape and dtype of `self` (any dtype). Raises unless
/// 0 <= p <= 1.
Tensor bernoulli(const Tensor& self, double p, std::optional<Generator> generator = std::nullopt);

/// Normal samples with elementwise means and standard deviations. With two tensors the shapes
/// broadcast and the result has mean's dtype; with one tensor, its shape and dtype. The tensor
/// that sets the dtype must be floating. Raises for a negative (or NaN) std.
Tensor normal(const Tensor& mean, double std = 1,
              std::optional<Generator> generator = std::nullopt);
Tensor normal(double mean, const Tensor& std, std::optional<Generator> generator = std::nullopt);
Tensor normal(const Tensor& mean, const Tensor& std,
              std::optional<Generator> generator = std::nullopt);
/// Normal samples of shape `size` (default float dtype).
Tensor normal(double mean, double std, IntArrayRef size,
              std::optional<Generator> generator = std::nullopt, const TensorOptions& options = {});

/// `num_samples` category indices (int64) per row of `probs` (1-d: [num_samples]; 2-d [rows, C]:
/// [rows, num_samples]); probabilities need not sum to 1. Without replacement every index
/// appears at most once per row (a category of probability 0 only once the others run out).
/// Raises, as PyTorch does, for: probs not 1-d or 2-d, not floating, num_samples <= 0,
/// num_samples > C without replacement, C > 2^24, an entry that is negative, inf or NaN, and a
/// row summing to 0.
Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement = false,
                   std::optional<Generator> generator = std::nullopt);

}  // namespace ember
