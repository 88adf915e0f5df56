#pragma once
// The elementwise engine: plans a walk over several broadcast-compatible strided tensors and runs a
// per-element functor over it, with fast paths for contiguous and scalar-broadcast operands.
//
// Note [Elementwise loops]
// Ops hand the backend an output and inputs that broadcast to its shape, the inputs already in
// the dtype the kernel computes in. The planner (0) gives broadcast dimensions stride 0,
// (1) orders dimensions so the output's smallest stride is innermost, (2) merges dimensions that
// are contiguous with each other in every operand, and (3) walks the result as runs along the
// innermost dimension. A kernel only ever sees `(pointers, inner strides in bytes, length)`.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <utility>

#include "backend/cpu/vec8.h"
#include "core/dim_vector.h"
#include "core/dispatch.h"
#include "core/parallel.h"
#include "core/tensor_impl.h"

namespace ember::cpu {

using detail::compute_t;
using detail::DimVector;
using detail::TensorImpl;

inline constexpr int kMaxOperands = 5;

/// A walk over `shape` (innermost dimension first) for up to kMaxOperands operands.
struct LoopPlan {
  int count = 0;                                // operands; the outputs come first
  std::array<char*, kMaxOperands> data{};       // first element of each operand
  DimVector shape;                              // innermost first
  std::array<DimVector, kMaxOperands> strides;  // in bytes, innermost first
  int64_t numel = 1;

  /// Plans over `operands`; the first (the output) sets the shape, the others must broadcast to
  /// it (they may have fewer or size-1 dimensions, walked with stride 0).
  static LoopPlan build(std::initializer_list<const TensorImpl*> operands);

  /// Calls `run(ptrs, inner_strides, n)` for every innermost run of elements in [begin, end).
  template <class Run>
  void for_each_run(int64_t begin, int64_t end, const Run& run) const;
  /// The same over all elements, split across threads.
  template <class Run>
  void parallel_for_each(const Run& run, int64_t grain = detail::kGrainSize) const {
    detail::parallel_for(0, numel, grain, [&](int64_t b, int64_t e) { for_each_run(b, e, run); });
  }
};

template <class Run>
void LoopPlan::for_each_run(int64_t begin, int64_t end, const Run& run) const {
  const size_t nd = shape.size();
  std::array<char*, kMaxOperands> ptr = data;
  std::array<int64_t, kMaxOperands> inner{};
  if (nd == 0) {
    if (begin < end) run(ptr.data(), inner.data(), int64_t{1});
    return;
  }
  for (int k = 0; k < count; ++k) inner[k] = strides[k][0];
  DimVector index(nd);
  int64_t rem = begin;
  for (size_t d = 0; d < nd; ++d) {
    index[d] = rem % shape[d];
    rem /= shape[d];
    for (int k = 0; k < count; ++k) ptr[k] += index[d] * strides[k][d];
  }
  for (int64_t pos = begin; pos < end;) {
    const int64_t n = std::min(shape[0] - index[0], end - pos);
    run(ptr.data(), inner.data(), n);
    pos += n;
    index[0] += n;
    for (int k = 0; k < count; ++k) ptr[k] += n * strides[k][0];
    for (size_t d = 0; d + 1 < nd && index[d] == shape[d]; ++d) {
      index[d] = 0;
      ++index[d + 1];
      for (int k = 0; k < count; ++k) ptr[k] += strides[k][d + 1] - shape[d] * strides[k][d];
    }
  }
}

namespace loop_detail {

// out[i] = f(in0[i], in1[i], ...) with every operand at its own byte stride.
template <class Out, class... In, class F, size_t... I>
inline void strided(char** p, const int64_t* s, int64_t n, const F& f, std::index_sequence<I...>) {
  for (int64_t i = 0; i < n; ++i) {
    *reinterpret_cast<Out*>(p[0] + i * s[0]) = static_cast<Out>(
        f(static_cast<compute_t<In>>(*reinterpret_cast<const In*>(p[I + 1] + i * s[I + 1]))...));
  }
}

// The same when every operand is contiguous, or input `Scalar` (if any) is broadcast: written
// so the compiler vectorises it.
template <int ScalarInput, class Out, class... In, class F, size_t... I>
inline void dense(char** p, int64_t n, const F& f, std::index_sequence<I...>) {
  Out* out = reinterpret_cast<Out*>(p[0]);
  [[maybe_unused]] std::tuple<const In*...> in{reinterpret_cast<const In*>(p[I + 1])...};
  [[maybe_unused]] auto load = [&]<size_t K>(std::integral_constant<size_t, K>, int64_t i) {
    using T = std::tuple_element_t<K, std::tuple<In...>>;
    if constexpr (static_cast<int>(K) == ScalarInput) {
      return static_cast<compute_t<T>>(std::get<K>(in)[0]);
    } else {
      return static_cast<compute_t<T>>(std::get<K>(in)[i]);
    }
  };
  for (int64_t i = 0; i < n; ++i) {
    out[i] = static_cast<Out>(f(load(std::integral_constant<size_t, I>{}, i)...));
  }
}

#if EMBER_HAVE_VEC8
// Functors with a SIMD form (Note [Vectorised math]) compute every float32 element through it,
// eight lanes at a time: directly on contiguous runs, through a small buffer for strided runs and
// tails. So an element's value never depends on its tensor's layout or its position in a run.
template <class F, size_t... I>
inline void vec8_run(char** p, const int64_t* s, int64_t n, const F& f, std::index_sequence<I...>) {
  const bool contiguous = ((s[I] == 4) && ...) && s[sizeof...(I)] == 4;
  int64_t i = 0;
  if (contiguous) {
    float* out = reinterpret_cast<float*>(p[0]);
    for (; i + 8 <= n; i += 8) {
      _mm256_storeu_ps(out + i,
                       f.vec8(_mm256_loadu_ps(reinterpret_cast<const float*>(p[I + 1]) + i)...));
    }
  }
  for (; i < n; i += 8) {
    const int64_t lanes = std::min<int64_t>(8, n - i);
    alignas(32) float in[sizeof...(I)][8] = {};
    alignas(32) float result[8];
    for (int64_t j = 0; j < lanes; ++j) {
      ((in[I][j] = *reinterpret_cast<const float*>(p[I + 1] + (i + j) * s[I + 1])), ...);
    }
    _mm256_store_ps(result, f.vec8(_mm256_load_ps(in[I])...));
    for (int64_t j = 0; j < lanes; ++j)
      *reinterpret_cast<float*>(p[0] + (i + j) * s[0]) = result[j];
  }
}
#endif

template <class Out, class... In, size_t... I>
inline bool is_dense(const int64_t* s, int skip, std::index_sequence<I...>) {
  return s[0] == sizeof(Out) &&
         ((static_cast<int>(I) == skip || s[I + 1] == static_cast<int64_t>(sizeof(In))) && ...);
}

template <class Out, class... In, class F, size_t... I>
inline void run(char** p, const int64_t* s, int64_t n, const F& f, std::index_sequence<I...> seq) {
#if EMBER_HAVE_VEC8
  if constexpr (HasVec8<F, sizeof...(In)> && std::is_same_v<Out, float> &&
                (std::is_same_v<In, float> && ...)) {
    return vec8_run(p, s, n, f, seq);
  }
#endif
  if (is_dense<Out, In...>(s, -1, seq)) return dense<-1, Out, In...>(p, n, f, seq);
  if constexpr (sizeof...(In) >= 1) {
    if (s[1] == 0 && is_dense<Out, In...>(s, 0, seq)) return dense<0, Out, In...>(p, n, f, seq);
  }
  if constexpr (sizeof...(In) >= 2) {
    if (s[2] == 0 && is_dense<Out, In...>(s, 1, seq)) return dense<1, Out, In...>(p, n, f, seq);
  }
  strided<Out, In...>(p, s, n, f, seq);
}

}  // namespace loop_detail

/// Runs `out = f(inputs...)` elementwise over a plan whose operand 0 is the output. Inputs are
/// converted to their compute type (float for 16-bit floats) before `f` sees them.
template <class Out, class... In, class F>
void elementwise(const LoopPlan& plan, const F& f) {
  plan.parallel_for_each([&](char** p, const int64_t* s, int64_t n) {
    loop_detail::run<Out, In...>(p, s, n, f, std::index_sequence_for<In...>{});
  });
}

}  // namespace ember::cpu
