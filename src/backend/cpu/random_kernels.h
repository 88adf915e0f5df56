#pragma once
// Random fills. Each kernel reserves its slice of `gen`'s stream and lays its draws onto it as
// Note [Random streams] (include/ember/generator.h) says; outputs are contiguous (ops fill a
// fresh contiguous tensor and copy it into a strided one), elements in row-major order.
#include <cstdint>

#include "core/tensor_impl.h"
#include "ember/generator.h"

namespace ember::cpu {

/// out[i] = from + u * (to - from), u uniform in [0, 1), kept below `to` when from < to.
/// Floating dtypes only; from <= to.
void uniform_fill(const detail::TensorImpl& out, double from, double to, Generator& gen);
/// out[i] = mean + std * z, z standard normal (Box-Muller). Floating dtypes only.
void normal_fill(const detail::TensorImpl& out, double mean, double std, Generator& gen);
/// out[i] = from + bits % range over 64 random bits; range 0 stands for 2^64. The caller checks
/// that every value fits the dtype.
void random_fill(const detail::TensorImpl& out, int64_t from, uint64_t range, Generator& gen);
/// out[i] = (u < p) with u uniform in [0, 1); any dtype.
void bernoulli_fill(const detail::TensorImpl& out, double p, Generator& gen);
/// out[i] = (u_i < p[i]); `p` is float64 and contiguous with out's numel.
void bernoulli_tensor_fill(const detail::TensorImpl& out, const detail::TensorImpl& p,
                           Generator& gen);
/// out (1-d, n elements) = a random permutation of 0..n-1 (Fisher-Yates).
void randperm_fill(const detail::TensorImpl& out, Generator& gen);
/// out (int64, [rows, n_sample]) = category indices drawn from each row of `probs` (float64,
/// contiguous [rows, categories], already validated: finite, >= 0, positive row sums).
/// With replacement: inverse CDF of one uniform per sample. Without (or for one sample): the
/// n_sample largest p / q, q ~ Exp(1) per category (the exponential-race form of the Gumbel
/// top-k trick), ties to the lower index.
void multinomial(const detail::TensorImpl& out, const detail::TensorImpl& probs, int64_t n_sample,
                 bool replacement, Generator& gen);

}  // namespace ember::cpu
