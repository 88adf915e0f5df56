#include "backend/cpu/random_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <vector>

#include "core/dispatch.h"
#include "core/parallel.h"
#include "core/philox.h"

namespace ember::cpu {
namespace {

using detail::compute_t;
using detail::for_each_draw;
using detail::philox_blocks;
using detail::PhiloxStream;

PhiloxStream reserve(Generator& gen, uint64_t blocks) {
  const Generator::Slice s = gen.reserve(blocks);
  return {s.seed, s.offset};
}

template <class T>
T* data_of(const detail::TensorImpl& t) {
  return reinterpret_cast<T*>(t.data());
}

// v rounded to T. Past float's range a plain double -> float cast is UB; round as IEEE does:
// past max + half an ulp is infinite, in between is max.
template <class T>
T from_double(double v) {
  if constexpr (std::is_same_v<compute_t<T>, float>) {
    constexpr double kMax = std::numeric_limits<float>::max();
    constexpr double kInfinite = kMax + 0x1.0p103;  // max + half an ulp (ulp at max: 2^104)
    constexpr float kInf = std::numeric_limits<float>::infinity();
    if (v >= kInfinite) return static_cast<T>(kInf);
    if (v <= -kInfinite) return static_cast<T>(-kInf);
    if (v > kMax) return static_cast<T>(static_cast<float>(kMax));
    if (v < -kMax) return static_cast<T>(static_cast<float>(-kMax));
  }
  return static_cast<T>(static_cast<compute_t<T>>(v));
}

// Mantissa bits of T (with the implicit bit): a uniform with this many bits is exact in T.
template <class T>
constexpr int kDigits = std::is_same_v<T, Half>       ? 11
                        : std::is_same_v<T, BFloat16> ? 8
                        : std::is_same_v<T, float>    ? 24
                                                      : 53;

// The largest T strictly below `to` (which T may not represent exactly).
template <class T>
T below(double to) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    T t = static_cast<T>(to);
    while (static_cast<double>(t) >= to) t = std::nextafter(t, -std::numeric_limits<T>::infinity());
    return t;
  } else {
    T t = from_double<T>(to);
    while (static_cast<double>(static_cast<float>(t)) >= to) {
      // Sign-magnitude: step the magnitude towards -inf.
      const bool negative = (t.bits & 0x8000u) != 0;
      const uint16_t magnitude = t.bits & 0x7fffu;
      t = T::from_bits(negative         ? static_cast<uint16_t>(t.bits + 1)
                       : magnitude == 0 ? static_cast<uint16_t>(0x8001u)
                                        : static_cast<uint16_t>(t.bits - 1));
    }
    return t;
  }
}

// Number of 32-bit words behind one uniform of T.
template <class T>
constexpr int kUniformWords = std::is_same_v<T, double> ? 2 : 1;

template <class T>
double uniform01(const uint32_t* w) {
  if constexpr (kUniformWords<T> == 2) {
    return detail::uniform_double(w);
  } else {
    return static_cast<double>(w[0] >> (32 - kDigits<T>)) * std::ldexp(1.0, -kDigits<T>);
  }
}

template <class F>
void parallel(int64_t n, const F& f) {
  detail::parallel_for(0, n, detail::kGrainSize, f);
}

}  // namespace

void uniform_fill(const detail::TensorImpl& out, double from, double to, Generator& gen) {
  const int64_t n = out.numel();
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    if constexpr (detail::is_floating_v<T>) {
      constexpr int kWords = kUniformWords<T>;
      const PhiloxStream stream = reserve(gen, philox_blocks(n, kWords));
      if (n == 0) return;
      T* o = data_of<T>(out);
      const double span = to - from;
      const T top = from < to ? below<T>(to) : from_double<T>(to);
      parallel(n, [&](int64_t b, int64_t e) {
        for_each_draw<kWords>(stream, b, e, [&](int64_t i, const uint32_t* w) {
          const T v = from_double<T>(from + uniform01<T>(w) * span);
          o[i] = static_cast<double>(static_cast<compute_t<T>>(v)) >= to && from < to ? top : v;
        });
      });
    } else {
      EMBER_FAIL("uniform_", "not implemented for '", out.dtype(), "'");
    }
  });
}

void normal_fill(const detail::TensorImpl& out, double mean, double std, Generator& gen) {
  const int64_t n = out.numel();
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    if constexpr (detail::is_floating_v<T>) {
      // A pair (2j, 2j + 1) reads two uniforms: 2 words, or 4 for float64.
      constexpr int kWords = 2 * kUniformWords<T>;
      const int64_t pairs = (n + 1) / 2;
      const PhiloxStream stream = reserve(gen, philox_blocks(pairs, kWords));
      if (n == 0) return;
      T* o = data_of<T>(out);
      parallel(pairs, [&](int64_t b, int64_t e) {
        for_each_draw<kWords>(stream, b, e, [&](int64_t j, const uint32_t* w) {
          double u1, u2;  // u1 in (0, 1) so that log(u1) is finite
          if constexpr (kUniformWords<T> == 2) {
            u1 = detail::uniform_double_open(w);
            u2 = detail::uniform_double(w + 2);
          } else {
            u1 = (static_cast<double>(w[0]) + 0.5) * 0x1.0p-32;
            u2 = static_cast<double>(w[1]) * 0x1.0p-32;
          }
          const double r = std::sqrt(-2.0 * std::log(u1));
          const double theta = 2.0 * std::numbers::pi * u2;
          o[2 * j] = from_double<T>(mean + std * (r * std::cos(theta)));
          if (2 * j + 1 < n) o[2 * j + 1] = from_double<T>(mean + std * (r * std::sin(theta)));
        });
      });
    } else {
      EMBER_FAIL("normal_", "not implemented for '", out.dtype(), "'");
    }
  });
}

void random_fill(const detail::TensorImpl& out, int64_t from, uint64_t range, Generator& gen) {
  const int64_t n = out.numel();
  const PhiloxStream stream = reserve(gen, philox_blocks(n, 2));
  if (n == 0) return;
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    T* o = data_of<T>(out);
    parallel(n, [&](int64_t b, int64_t e) {
      for_each_draw<2>(stream, b, e, [&](int64_t i, const uint32_t* w) {
        const uint64_t x = detail::bits64(w);
        // Modular arithmetic in uint64, then the (C++20: well-defined) conversion to int64.
        const auto v = static_cast<int64_t>(static_cast<uint64_t>(from) + (range ? x % range : x));
        if constexpr (std::is_same_v<T, bool>) {
          o[i] = v != 0;
        } else if constexpr (detail::is_floating_v<T>) {
          o[i] = from_double<T>(static_cast<double>(v));
        } else {
          o[i] = static_cast<T>(v);
        }
      });
    });
  });
}

void bernoulli_fill(const detail::TensorImpl& out, double p, Generator& gen) {
  const int64_t n = out.numel();
  const PhiloxStream stream = reserve(gen, philox_blocks(n, 2));
  if (n == 0) return;
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    T* o = data_of<T>(out);
    parallel(n, [&](int64_t b, int64_t e) {
      for_each_draw<2>(stream, b, e, [&](int64_t i, const uint32_t* w) {
        o[i] = static_cast<T>(static_cast<compute_t<T>>(detail::uniform_double(w) < p ? 1 : 0));
      });
    });
  });
}

void bernoulli_tensor_fill(const detail::TensorImpl& out, const detail::TensorImpl& p,
                           Generator& gen) {
  const int64_t n = out.numel();
  const PhiloxStream stream = reserve(gen, philox_blocks(n, 2));
  if (n == 0) return;
  const double* prob = data_of<double>(p);
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    T* o = data_of<T>(out);
    parallel(n, [&](int64_t b, int64_t e) {
      for_each_draw<2>(stream, b, e, [&](int64_t i, const uint32_t* w) {
        o[i] =
            static_cast<T>(static_cast<compute_t<T>>(detail::uniform_double(w) < prob[i] ? 1 : 0));
      });
    });
  });
}

void randperm_fill(const detail::TensorImpl& out, Generator& gen) {
  const int64_t n = out.numel();
  const int64_t steps = std::max<int64_t>(n - 1, 0);
  const PhiloxStream stream = reserve(gen, philox_blocks(steps, 2));
  std::vector<int64_t> perm(static_cast<size_t>(n));
  std::iota(perm.begin(), perm.end(), int64_t{0});
  // Fisher-Yates is sequential by nature; step s swaps position n-1-s with one at or below it.
  for_each_draw<2>(stream, 0, steps, [&](int64_t s, const uint32_t* w) {
    const int64_t i = n - 1 - s;
    const auto j = static_cast<int64_t>(detail::bits64(w) % static_cast<uint64_t>(i + 1));
    std::swap(perm[i], perm[j]);
  });
  detail::visit_dtype(out.dtype(), [&]<class T>(TypeTag<T>) {
    T* o = data_of<T>(out);
    for (int64_t i = 0; i < n; ++i) {
      if constexpr (std::is_same_v<T, bool>) {
        o[i] = perm[i] != 0;
      } else {
        o[i] = static_cast<T>(static_cast<compute_t<T>>(perm[i]));
      }
    }
  });
}

void multinomial(const detail::TensorImpl& out, const detail::TensorImpl& probs, int64_t n_sample,
                 bool replacement, Generator& gen) {
  const int64_t rows = probs.sizes()[0], cats = probs.sizes()[1];
  const bool race = !replacement || n_sample == 1;
  const int64_t draws_per_row = race ? cats : n_sample;
  const PhiloxStream stream = reserve(gen, philox_blocks(rows * draws_per_row, 2));
  if (out.numel() == 0) return;
  const double* p = data_of<double>(probs);
  int64_t* o = data_of<int64_t>(out);
  const int64_t grain = std::max<int64_t>(1, detail::kGrainSize / std::max<int64_t>(1, cats));
  detail::parallel_for(0, rows, grain, [&](int64_t rb, int64_t re) {
    std::vector<double> work(static_cast<size_t>(cats));
    std::vector<int64_t> index(static_cast<size_t>(cats));
    for (int64_t r = rb; r < re; ++r) {
      const double* row = p + r * cats;
      int64_t* dst = o + r * n_sample;
      const int64_t first = r * draws_per_row;
      if (race) {
        // key_j = p_j / q_j with q_j ~ Exp(1): the order of the keys is the order in which
        // categories are drawn without replacement.
        for_each_draw<2>(stream, first, first + cats, [&](int64_t i, const uint32_t* w) {
          work[i - first] = row[i - first] / -std::log(detail::uniform_double_open(w));
        });
        std::iota(index.begin(), index.end(), int64_t{0});
        std::partial_sort(index.begin(), index.begin() + n_sample, index.end(),
                          [&](int64_t a, int64_t b) {
                            return work[a] > work[b] || (work[a] == work[b] && a < b);
                          });
        std::copy(index.begin(), index.begin() + n_sample, dst);
      } else {
        double sum = 0;
        int64_t last_positive = 0;
        for (int64_t j = 0; j < cats; ++j) {
          sum += row[j];
          work[j] = sum;
          if (row[j] > 0) last_positive = j;
        }
        for_each_draw<2>(stream, first, first + n_sample, [&](int64_t i, const uint32_t* w) {
          const double target = detail::uniform_double(w) * sum;
          const auto j = std::upper_bound(work.begin(), work.end(), target) - work.begin();
          // u * sum can round up to sum itself: that draw belongs to the last live category.
          dst[i - first] = j < cats ? j : last_positive;
        });
      }
    }
  });
}

}  // namespace ember::cpu
