#pragma once
// Note [Vectorised math]
// The compiler vectorises plain arithmetic by itself, but not calls to exp, log, tanh and friends.
// A functor may therefore offer `__m256 vec8(__m256...) const`, eight float32 lanes at a time,
// built on SLEEF's 1-ulp (u10) functions: the same ones PyTorch's CPU kernels use, so results
// match PyTorch's bit for bit where it takes that path. The AVX2 variants are called directly
// (`Sleef_expf8_u10avx2`), since this code is compiled for AVX2 only, which saves SLEEF's
// runtime dispatch on every call. The elementwise loop uses vec8 on dense
// float32 runs and the scalar form for the tail and everything else. Without AVX2 or SLEEF
// (EMBER_HAVE_VEC8 == 0) only the scalar forms exist.
#if defined(__AVX2__) && defined(EMBER_HAVE_SLEEF)
#include <immintrin.h>
#include <sleef.h>
#define EMBER_HAVE_VEC8 1
#else
#define EMBER_HAVE_VEC8 0
#endif

#include <cstddef>

namespace ember::cpu {

#if EMBER_HAVE_VEC8
template <class F, size_t N>
concept HasVec8 = (N == 1 && requires(const F& f, __m256 a) { f.vec8(a); }) ||
                  (N == 2 && requires(const F& f, __m256 a) { f.vec8(a, a); });
#endif

}  // namespace ember::cpu
