// Reduction kernels: the per-op folds of Note [Reduction engine] (backend/cpu/reduce.h).
#include "backend/cpu/reduce_kernels.h"

#include <cmath>
#include <limits>
#include <type_traits>

#ifdef __AVX2__
#include <immintrin.h>
#endif

#include "backend/cpu/binary_functors.h"
#include "backend/cpu/reduce.h"
#include "backend/cpu/transpose8.h"

namespace ember::cpu {

using detail::ReduceOp;
namespace {

using detail::compute_t;

template <class T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::isnan(v);
  } else {
    return false;
  }
}

// Sums of bool and integers accumulate (wrapping) in int64; 16-bit floats in float.
template <class T>
using sum_acc_t = std::conditional_t<detail::is_floating_v<T>, compute_t<T>, int64_t>;

template <class Out, class V>
void store(char* p, const V& v) {
  *reinterpret_cast<Out*>(p) = static_cast<Out>(v);
}

template <class T, class Out, bool kSkipNan>
struct SumOp {
  using In = T;
  using Acc = sum_acc_t<T>;
  // Plain float sums fold into 32 accumulators (four 8-wide registers), so they vectorise.
  static constexpr int kLanes = std::is_same_v<Acc, float> && !kSkipNan ? 32 : kReduceLanes;
  Acc identity() const { return Acc(0); }
  void step(Acc& a, compute_t<T> x, int64_t) const {
    if constexpr (kSkipNan && std::is_floating_point_v<Acc>) {
      a += is_nan(x) ? Acc(0) : static_cast<Acc>(x);
    } else {
      a = wrapping_add(a, static_cast<Acc>(x));
    }
  }
  Acc combine(Acc a, Acc b) const { return wrapping_add(a, b); }
  void write(char* const* out, Acc a, int64_t) const { store<Out>(out[0], a); }
#ifdef __AVX2__
  // kFoldBlocks whole contiguous float blocks in registers, in exactly the portable order
  // (reduce_block, then the cascade over the blocks): lane l (= i mod 32) of a block lives in
  // register l / 8 and the four registers add pairwise down to eight lanes. The eight-lane
  // partials of the eight blocks are transposed, so that one register holds lane j of every
  // block; the lanes halve (j with j + 4) and the last four add left to right, giving all eight
  // block sums at once, which then combine as the cascade's binary tree. Results are bitwise
  // those of the block-by-block fold, without a horizontal sum and a cascade push per block.
  static constexpr int64_t kFoldBlocks = 8;
  Acc fold_blocks(const float* p) const requires(std::is_same_v<T, float> && !kSkipNan) {
    __m256 eight[kFoldBlocks];
    for (int64_t b = 0; b < kFoldBlocks; ++b, p += kReduceBlock) {
      __m256 v0 = _mm256_setzero_ps(), v1 = v0, v2 = v0, v3 = v0;
      for (int64_t i = 0; i < kReduceBlock; i += 32) {
        v0 = _mm256_add_ps(v0, _mm256_loadu_ps(p + i));
        v1 = _mm256_add_ps(v1, _mm256_loadu_ps(p + i + 8));
        v2 = _mm256_add_ps(v2, _mm256_loadu_ps(p + i + 16));
        v3 = _mm256_add_ps(v3, _mm256_loadu_ps(p + i + 24));
      }
      eight[b] = _mm256_add_ps(_mm256_add_ps(v0, v2), _mm256_add_ps(v1, v3));
    }
    transpose8(eight);  // eight[j] = lane j of blocks 0..7
    const __m256 block_sums = _mm256_add_ps(
        _mm256_add_ps(
            _mm256_add_ps(_mm256_add_ps(eight[0], eight[4]), _mm256_add_ps(eight[1], eight[5])),
            _mm256_add_ps(eight[2], eight[6])),
        _mm256_add_ps(eight[3], eight[7]));
    // The cascade over the eight blocks: neighbours, then pairs of pairs, then the two halves.
    const __m256 pairs = _mm256_add_ps(block_sums, _mm256_permute_ps(block_sums, 0b10110001));
    const __m256 quads = _mm256_add_ps(pairs, _mm256_permute_ps(pairs, 0b01001110));
    return _mm_cvtss_f32(
        _mm_add_ss(_mm256_castps256_ps128(quads), _mm256_extractf128_ps(quads, 1)));
  }
#endif
};

template <class T, class Out>
struct ProdOp {
  using In = T;
  using Acc = sum_acc_t<T>;
  Acc identity() const { return Acc(1); }
  void step(Acc& a, compute_t<T> x, int64_t) const { a = wrapping_mul(a, static_cast<Acc>(x)); }
  Acc combine(Acc a, Acc b) const { return wrapping_mul(a, b); }
  void write(char* const* out, Acc a, int64_t) const { store<Out>(out[0], a); }
};

// mean is sum / n with the sum rounded to the input dtype first, as PyTorch's CPU mean
// (sum_out(...).div_(n)) does; nanmean divides the NaN-skipping sum by the non-NaN count.
template <class T>
compute_t<T> divide_rounded_sum(compute_t<T> sum, int64_t n) {
  using C = compute_t<T>;
  return static_cast<C>(static_cast<T>(sum)) / static_cast<C>(n);
}

template <class T>
struct MeanOp : SumOp<T, T, false> {
  void write(char* const* out, compute_t<T> a, int64_t n) const {
    store<T>(out[0], divide_rounded_sum<T>(a, n));
  }
};

template <class T>
struct NanMeanOp {
  using In = T;
  using C = compute_t<T>;
  struct Acc {
    C sum = 0;
    int64_t count = 0;
  };
  Acc identity() const { return {}; }
  void step(Acc& a, C x, int64_t) const {
    if (!is_nan(x)) {
      a.sum += x;
      ++a.count;
    }
  }
  Acc combine(const Acc& a, const Acc& b) const { return {a.sum + b.sum, a.count + b.count}; }
  void write(char* const* out, const Acc& a, int64_t) const {
    store<T>(out[0], divide_rounded_sum<T>(a.sum, a.count));
  }
};

// True when `x` should replace `y` as the max (or min): larger (smaller), or the first NaN.
template <bool kMax, class C>
bool beats(C x, C y) {
  if constexpr (std::is_floating_point_v<C>) {
    if (std::isnan(x)) return !std::isnan(y);
  }
  return kMax ? x > y : x < y;
}

template <bool kMax, class C>
C extreme_identity() {
  if constexpr (std::is_floating_point_v<C>) {
    return kMax ? -std::numeric_limits<C>::infinity() : std::numeric_limits<C>::infinity();
  } else {
    return kMax ? std::numeric_limits<C>::lowest() : std::numeric_limits<C>::max();
  }
}

template <class T, bool kMax>
struct ExtremeOp {
  using In = T;
  using Acc = compute_t<T>;
  Acc identity() const { return extreme_identity<kMax, Acc>(); }
  void step(Acc& a, Acc x, int64_t) const { a = beats<kMax>(x, a) ? x : a; }
  Acc combine(Acc a, Acc b) const { return beats<kMax>(b, a) ? b : a; }
  void write(char* const* out, Acc a, int64_t) const { store<T>(out[0], a); }
};

template <class T, class Out, bool kAll>
struct AllAnyOp {
  using In = T;
  using Acc = bool;
  Acc identity() const { return kAll; }
  void step(Acc& a, compute_t<T> x, int64_t) const {
    const bool nonzero = x != compute_t<T>(0);
    a = kAll ? (a && nonzero) : (a || nonzero);
  }
  Acc combine(Acc a, Acc b) const { return kAll ? (a && b) : (a || b); }
  void write(char* const* out, Acc a, int64_t) const { store<Out>(out[0], a); }
};

template <class T>
struct CountNonzeroOp {
  using In = T;
  using Acc = int64_t;
  Acc identity() const { return 0; }
  void step(Acc& a, compute_t<T> x, int64_t) const { a += x != compute_t<T>(0) ? 1 : 0; }
  Acc combine(Acc a, Acc b) const { return a + b; }
  void write(char* const* out, Acc a, int64_t) const { store<int64_t>(out[0], a); }
};

// max/min with the index of the first occurrence. Partials may cover interleaved indices (the
// engine's lanes), so ties are broken by comparing indices, not by position.
template <class T, bool kMax>
struct ArgOp {
  using In = T;
  using C = compute_t<T>;
  struct Acc {
    C value{};
    int64_t index = -1;
  };
  bool with_values = true;
  Acc identity() const { return {}; }
  void step(Acc& a, C x, int64_t i) const {
    if (a.index < 0 || beats<kMax>(x, a.value)) a = {x, i};
  }
  Acc combine(const Acc& a, const Acc& b) const {
    if (a.index < 0) return b;
    if (b.index < 0) return a;
    if (beats<kMax>(b.value, a.value)) return b;
    if (beats<kMax>(a.value, b.value)) return a;
    return b.index < a.index ? b : a;
  }
  void write(char* const* out, const Acc& a, int64_t) const {
    if (with_values) {
      store<T>(out[0], a.value);
      store<int64_t>(out[1], a.index);
    } else {
      store<int64_t>(out[0], a.index);
    }
  }
};

// Welford's running mean and sum of squared deviations, in double, merged with Chan's formula.
template <class T>
struct VarOp {
  using In = T;
  struct Acc {
    double mean = 0;
    double m2 = 0;
    int64_t n = 0;
  };
  bool has_var = true;
  bool has_mean = true;
  double correction = 1;
  bool take_sqrt = false;
  Acc identity() const { return {}; }
  void step(Acc& a, compute_t<T> x, int64_t) const {
    const double v = static_cast<double>(x);
    ++a.n;
    const double delta = v - a.mean;
    a.mean += delta / static_cast<double>(a.n);
    a.m2 += delta * (v - a.mean);
  }
  Acc combine(const Acc& a, const Acc& b) const {
    if (a.n == 0) return b;
    if (b.n == 0) return a;
    const double n = static_cast<double>(a.n + b.n);
    const double delta = b.mean - a.mean;
    const double wb = static_cast<double>(b.n) / n;
    return {a.mean + delta * wb, a.m2 + b.m2 + delta * delta * static_cast<double>(a.n) * wb,
            a.n + b.n};
  }
  void write(char* const* out, const Acc& a, int64_t) const {
    int k = 0;
    if (has_var) {
      const double divisor = std::max(0.0, static_cast<double>(a.n) - correction);
      const double var = a.m2 / divisor;
      store<T>(out[k++], take_sqrt ? std::sqrt(var) : var);
    }
    if (has_mean) {
      store<T>(out[k], a.n == 0 ? std::numeric_limits<double>::quiet_NaN() : a.mean);
    }
  }
};

enum class NormKind { zero, one, two, inf, neg_inf, general };

template <class T, NormKind kKind>
struct NormOp {
  using In = T;
  using Acc = compute_t<T>;
  Acc p = 2;
  Acc identity() const {
    return kKind == NormKind::neg_inf ? std::numeric_limits<Acc>::infinity() : Acc(0);
  }
  void step(Acc& a, Acc x, int64_t) const {
    const Acc ax = std::abs(x);
    if constexpr (kKind == NormKind::zero) {
      a += x != Acc(0) ? Acc(1) : Acc(0);
    } else if constexpr (kKind == NormKind::one) {
      a += ax;
    } else if constexpr (kKind == NormKind::two) {
      a += x * x;
    } else if constexpr (kKind == NormKind::inf) {
      a = beats<true>(ax, a) ? ax : a;
    } else if constexpr (kKind == NormKind::neg_inf) {
      a = beats<false>(ax, a) ? ax : a;
    } else {
      a += std::pow(ax, p);
    }
  }
  Acc combine(Acc a, Acc b) const {
    if constexpr (kKind == NormKind::inf) {
      return beats<true>(b, a) ? b : a;
    } else if constexpr (kKind == NormKind::neg_inf) {
      return beats<false>(b, a) ? b : a;
    } else {
      return a + b;
    }
  }
  void write(char* const* out, Acc a, int64_t) const {
    if constexpr (kKind == NormKind::two) {
      a = std::sqrt(a);
    } else if constexpr (kKind == NormKind::general) {
      a = std::pow(a, Acc(1) / p);
    }
    store<T>(out[0], a);
  }
};

// Online log-sum-exp: (m, s) stands for m + log(s), s the sum of exp(x - m) over the elements
// seen. An empty or all -inf range is s == 0; a NaN makes m NaN.
template <class T>
struct LogSumExpOp {
  using In = T;
  using C = compute_t<T>;
  struct Acc {
    C m = -std::numeric_limits<C>::infinity();
    C s = 0;
  };
  Acc identity() const { return {}; }
  static Acc merge(const Acc& a, const Acc& b) {
    if (std::isnan(a.m) || std::isnan(b.m)) return {std::numeric_limits<C>::quiet_NaN(), 1};
    if (b.s == C(0)) return a;
    if (a.s == C(0)) return b;
    if (a.m == b.m) return {a.m, a.s + b.s};
    if (a.m > b.m) return {a.m, a.s + b.s * std::exp(b.m - a.m)};
    return {b.m, b.s + a.s * std::exp(a.m - b.m)};
  }
  void step(Acc& a, C x, int64_t) const {
    if (x == -std::numeric_limits<C>::infinity()) return;
    a = merge(a, Acc{x, C(1)});
  }
  Acc combine(const Acc& a, const Acc& b) const { return merge(a, b); }
  void write(char* const* out, const Acc& a, int64_t) const {
    if (a.s == C(0)) return store<T>(out[0], -std::numeric_limits<C>::infinity());
    store<T>(out[0], a.m + std::log(a.s));
  }
};

template <class F>
void visit_floating(ScalarType dtype, const char* name, F&& f) {
  detail::visit_dtype(dtype, [&]<class T>(TypeTag<T>) {
    if constexpr (detail::is_floating_v<T>) {
      f(TypeTag<T>{});
    } else {
      EMBER_FAIL(name, "not implemented for '", dtype, "'");
    }
  });
}

}  // namespace

void reduce(ReduceOp op, const TensorImpl& out, const TensorImpl& in) {
  detail::visit_dtype(in.dtype(), [&]<class T>(TypeTag<T>) {
    using Sum = std::conditional_t<detail::is_floating_v<T>, T, int64_t>;
    switch (op) {
      case ReduceOp::sum:
        return cpu::reduce(SumOp<T, Sum, false>{}, {&out}, in);
      case ReduceOp::nansum:
        return cpu::reduce(SumOp<T, Sum, true>{}, {&out}, in);
      case ReduceOp::prod:
        return cpu::reduce(ProdOp<T, Sum>{}, {&out}, in);
      case ReduceOp::mean:
      case ReduceOp::nanmean:
        if constexpr (detail::is_floating_v<T>) {
          if (op == ReduceOp::mean) return cpu::reduce(MeanOp<T>{}, {&out}, in);
          return cpu::reduce(NanMeanOp<T>{}, {&out}, in);
        } else {
          EMBER_FAIL("mean", "not implemented for '", in.dtype(), "'");
        }
      case ReduceOp::amax:
        return cpu::reduce(ExtremeOp<T, true>{}, {&out}, in);
      case ReduceOp::amin:
        return cpu::reduce(ExtremeOp<T, false>{}, {&out}, in);
      case ReduceOp::all:
      case ReduceOp::any:
        if (out.dtype() == kByte) {
          if (op == ReduceOp::all) return cpu::reduce(AllAnyOp<T, uint8_t, true>{}, {&out}, in);
          return cpu::reduce(AllAnyOp<T, uint8_t, false>{}, {&out}, in);
        }
        if (op == ReduceOp::all) return cpu::reduce(AllAnyOp<T, bool, true>{}, {&out}, in);
        return cpu::reduce(AllAnyOp<T, bool, false>{}, {&out}, in);
      case ReduceOp::count_nonzero:
        return cpu::reduce(CountNonzeroOp<T>{}, {&out}, in);
    }
  });
}

void arg_reduce(bool is_max, const TensorImpl* values, const TensorImpl& indices,
                const TensorImpl& in) {
  detail::visit_dtype(in.dtype(), [&]<class T>(TypeTag<T>) {
    auto run = [&](auto op) {
      op.with_values = values != nullptr;
      if (values) return cpu::reduce(op, {values, &indices}, in);
      cpu::reduce(op, {&indices}, in);
    };
    if (is_max) return run(ArgOp<T, true>{});
    run(ArgOp<T, false>{});
  });
}

void var_mean(const TensorImpl* var, const TensorImpl* mean, const TensorImpl& in,
              double correction, bool take_sqrt) {
  visit_floating(in.dtype(), "var", [&]<class T>(TypeTag<T>) {
    VarOp<T> op;
    op.has_var = var != nullptr;
    op.has_mean = mean != nullptr;
    op.correction = correction;
    op.take_sqrt = take_sqrt;
    if (var && mean) return cpu::reduce(op, {var, mean}, in);
    cpu::reduce(op, {var ? var : mean}, in);
  });
}

void norm(const TensorImpl& out, const TensorImpl& in, double p) {
  visit_floating(in.dtype(), "norm", [&]<class T>(TypeTag<T>) {
    if (p == 0) return cpu::reduce(NormOp<T, NormKind::zero>{}, {&out}, in);
    if (p == 1) return cpu::reduce(NormOp<T, NormKind::one>{}, {&out}, in);
    if (p == 2) return cpu::reduce(NormOp<T, NormKind::two>{}, {&out}, in);
    if (std::isinf(p) && p > 0) return cpu::reduce(NormOp<T, NormKind::inf>{}, {&out}, in);
    if (std::isinf(p)) return cpu::reduce(NormOp<T, NormKind::neg_inf>{}, {&out}, in);
    NormOp<T, NormKind::general> op;
    op.p = static_cast<compute_t<T>>(p);
    cpu::reduce(op, {&out}, in);
  });
}

void logsumexp(const TensorImpl& out, const TensorImpl& in) {
  visit_floating(in.dtype(), "logsumexp",
                 [&]<class T>(TypeTag<T>) { cpu::reduce(LogSumExpOp<T>{}, {&out}, in); });
}

}  // namespace ember::cpu
