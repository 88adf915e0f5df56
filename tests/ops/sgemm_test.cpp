// Ember's AVX2 float32 GEMM (backend/cpu/sgemm_avx2.h) against a float64 triple loop: every
// transpose combination, sizes around the register and cache blocks, alpha/beta special values,
// padded leading dimensions, NaN in C with beta == 0, and bitwise equality across thread counts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "backend/cpu/sgemm_avx2.h"
#include "ember/parallel.h"

namespace ember {
namespace {

#if EMBER_HAVE_SGEMM_AVX2

using cpu::Trans;

// Values in [-1, 1) from a fixed linear congruential sequence (the same on every platform).
std::vector<float> random_floats(size_t count, uint64_t seed) {
  std::vector<float> out(count);
  uint64_t s = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  for (auto& x : out) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    x = static_cast<float>(static_cast<double>(s >> 40) / double(uint64_t{1} << 23) - 1.0);
  }
  return out;
}

class ThreadsGuard {
 public:
  ThreadsGuard() : saved_(get_num_threads()) {}
  ~ThreadsGuard() { set_num_threads(saved_); }
  ThreadsGuard(const ThreadsGuard&) = delete;
  ThreadsGuard& operator=(const ThreadsGuard&) = delete;

 private:
  int saved_;
};

struct Case {
  int64_t m, n, k;
  Trans ta, tb;
  float alpha, beta;
  int64_t pad = 3;  // extra elements per row of each stored matrix
};

// Runs sgemm_avx2 on padded operands and checks every element against a float64 reference with
// the float32 error bound: the kernel's k sequential FMAs (one rounding each) plus one rounding
// per kKc-block folded into C, the alpha and beta products and the final store: at most
// gamma_steps = steps * u / (1 - steps * u), u = 2^-24, relative to
// sum |alpha a_ip b_pj| + |beta c_ij|. The padding of C is left untouched.
void check(const Case& t, uint64_t seed) {
  SCOPED_TRACE(::testing::Message()
               << t.m << "x" << t.n << "x" << t.k << " ta=" << int(t.ta) << " tb=" << int(t.tb)
               << " alpha=" << t.alpha << " beta=" << t.beta << " pad=" << t.pad);
  const bool tra = t.ta == Trans::kYes, trb = t.tb == Trans::kYes;
  const int64_t lda = (tra ? t.m : t.k) + t.pad, ldb = (trb ? t.k : t.n) + t.pad;
  const int64_t ldc = t.n + t.pad;
  const auto a = random_floats(static_cast<size_t>((tra ? t.k : t.m) * lda), seed);
  const auto b = random_floats(static_cast<size_t>((trb ? t.n : t.k) * ldb), seed + 1);
  auto c = random_floats(static_cast<size_t>(t.m * ldc), seed + 2);
  if (t.beta == 0.0f) {
    for (int64_t i = 0; i < t.m; ++i) {
      for (int64_t j = 0; j < t.n; ++j) c[i * ldc + j] = std::numeric_limits<float>::quiet_NaN();
    }
  }
  const auto c0 = c;
  cpu::sgemm_avx2(t.ta, t.tb, t.m, t.n, t.k, t.alpha, a.data(), lda, b.data(), ldb, t.beta,
                  c.data(), ldc);
  const double u = std::ldexp(1.0, -24);
  const double blocks = static_cast<double>((t.k + cpu::kSgemmKc - 1) / cpu::kSgemmKc);
  const double steps = static_cast<double>(t.k) + blocks + 3.0;
  const double gamma = steps * u / (1.0 - steps * u);  // Higham's gamma_steps
  for (int64_t i = 0; i < t.m; ++i) {
    for (int64_t j = 0; j < t.n; ++j) {
      double sum = 0, bound = 0;
      for (int64_t p = 0; p < t.k; ++p) {
        const double x = tra ? a[p * lda + i] : a[i * lda + p];
        const double y = trb ? b[j * ldb + p] : b[p * ldb + j];
        sum += x * y;
        bound += std::fabs(x * y);
      }
      double expected = double(t.alpha) * sum;
      bound *= std::fabs(double(t.alpha));
      if (t.beta != 0.0f) {
        const double old = double(t.beta) * double(c0[i * ldc + j]);
        expected += old;
        bound += std::fabs(old);
      }
      const float got = c[i * ldc + j];
      ASSERT_FALSE(std::isnan(got)) << i << "," << j;
      ASSERT_LE(std::fabs(double(got) - expected), gamma * bound) << i << "," << j;
    }
    for (int64_t j = t.n; j < ldc; ++j) {
      ASSERT_EQ(std::memcmp(&c[i * ldc + j], &c0[i * ldc + j], sizeof(float)), 0) << "padding";
    }
  }
}

constexpr Trans kTrans[] = {Trans::kNo, Trans::kYes};
constexpr std::pair<float, float> kScales[] = {
    {1.0f, 0.0f}, {1.0f, 1.0f}, {0.5f, -2.0f}, {-2.0f, 0.5f}, {0.5f, 0.0f}};

TEST(Sgemm, SmallSizesEveryTranspose) {
  ThreadsGuard guard;
  set_num_threads(2);
  uint64_t seed = 1;
  for (Trans ta : kTrans) {
    for (Trans tb : kTrans) {
      for (int64_t m = 1; m <= 20; ++m) {
        for (int64_t n = 1; n <= 20; ++n) {
          for (int64_t k = 1; k <= 20; ++k, ++seed) {
            const auto [alpha, beta] = kScales[seed % std::size(kScales)];
            ASSERT_NO_FATAL_FAILURE(
                check({m, n, k, ta, tb, alpha, beta, static_cast<int64_t>(seed % 3)}, seed));
          }
        }
      }
    }
  }
}

TEST(Sgemm, SizesAroundTheBlocks) {
  ThreadsGuard guard;
  const int64_t kc = cpu::kSgemmKc, mc = cpu::kSgemmMc;
  uint64_t seed = 100;
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    for (Trans ta : kTrans) {
      for (Trans tb : kTrans) {
        for (int64_t m : {int64_t{5}, int64_t{7}, mc - 1, mc + 7}) {
          for (int64_t n : {1, 15, 17, 33}) {
            for (int64_t k : {kc - 1, kc, kc + 1, 2 * kc + 3}) {
              const auto [alpha, beta] = kScales[seed % std::size(kScales)];
              ASSERT_NO_FATAL_FAILURE(check({m, n, k, ta, tb, alpha, beta}, seed++));
            }
          }
        }
      }
    }
  }
}

TEST(Sgemm, ColumnsPastTheColumnBlock) {
  ThreadsGuard guard;
  const int64_t nc = cpu::kSgemmNc;
  uint64_t seed = 500;
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    for (Trans tb : kTrans) {
      ASSERT_NO_FATAL_FAILURE(check({7, nc + 17, 9, Trans::kNo, tb, 1.0f, 0.5f}, seed++));
      ASSERT_NO_FATAL_FAILURE(check({13, 2 * nc + 1, 3, Trans::kYes, tb, 0.5f, 0.0f}, seed++));
    }
  }
}

// Tall-skinny and short-wide shapes, where the two threads split the other dimension.
TEST(Sgemm, SkinnyShapes) {
  ThreadsGuard guard;
  set_num_threads(2);
  uint64_t seed = 700;
  for (Trans ta : kTrans) {
    for (Trans tb : kTrans) {
      ASSERT_NO_FATAL_FAILURE(check({1000, 3, 70, ta, tb, 1.0f, 0.0f}, seed++));
      ASSERT_NO_FATAL_FAILURE(check({2, 1000, 70, ta, tb, 1.0f, 1.0f}, seed++));
      ASSERT_NO_FATAL_FAILURE(check({300, 300, 1, ta, tb, -2.0f, 0.5f}, seed++));
    }
  }
}

// alpha == 0 or k == 0: C = beta * C, A and B not read (NaN there must not leak), and beta == 0
// writes zeros over NaN.
TEST(Sgemm, NoProductScalesC) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> a(20 * 20, nan), b(20 * 20, nan);
  for (float beta : {0.0f, 1.0f, -2.0f}) {
    for (int64_t k : {0, 20}) {
      std::vector<float> c(7 * 9);
      for (size_t i = 0; i < c.size(); ++i) c[i] = beta == 0.0f ? nan : float(i);
      const float alpha = k == 0 ? 1.0f : 0.0f;
      cpu::sgemm_avx2(Trans::kNo, Trans::kYes, 7, 8, k, alpha, a.data(), 20, b.data(), 20, beta,
                      c.data(), 9);
      for (int64_t i = 0; i < 7; ++i) {
        for (int64_t j = 0; j < 9; ++j) {
          const float old = beta == 0.0f ? nan : float(i * 9 + j);
          if (j == 8) {  // padding
            EXPECT_TRUE(beta == 0.0f ? std::isnan(c[i * 9 + j]) : c[i * 9 + j] == old);
          } else {
            EXPECT_EQ(c[i * 9 + j], beta == 0.0f ? 0.0f : beta * old) << i << "," << j;
          }
        }
      }
    }
  }
  // m == 0 or n == 0: nothing is touched.
  std::vector<float> c(4, nan);
  cpu::sgemm_avx2(Trans::kNo, Trans::kNo, 0, 2, 3, 1.0f, a.data(), 3, b.data(), 2, 0.0f, c.data(),
                  2);
  cpu::sgemm_avx2(Trans::kNo, Trans::kNo, 2, 0, 3, 1.0f, a.data(), 3, b.data(), 1, 0.0f, c.data(),
                  1);
  for (float x : c) EXPECT_TRUE(std::isnan(x));
}

// Note [Deterministic SGEMM]: the same bits for 1, 2 and 3 threads, in every transpose
// combination, also with sizes that are not whole blocks.
TEST(Sgemm, BitwiseIdenticalAcrossThreadCounts) {
  ThreadsGuard guard;
  for (auto [m, n, k] : {std::tuple<int64_t, int64_t, int64_t>{300, 300, 300}, {301, 299, 517}}) {
    for (Trans ta : kTrans) {
      for (Trans tb : kTrans) {
        const auto a = random_floats(static_cast<size_t>(m * k), 1);
        const auto b = random_floats(static_cast<size_t>(k * n), 2);
        const auto c0 = random_floats(static_cast<size_t>(m * n), 3);
        std::vector<std::vector<float>> results;
        for (int threads : {1, 2, 3}) {
          set_num_threads(threads);
          auto c = c0;
          cpu::sgemm_avx2(ta, tb, m, n, k, 0.5f, a.data(), ta == Trans::kYes ? m : k, b.data(),
                          tb == Trans::kYes ? k : n, -1.0f, c.data(), n);
          results.push_back(std::move(c));
        }
        for (size_t r = 1; r < results.size(); ++r) {
          EXPECT_EQ(std::memcmp(results[0].data(), results[r].data(), results[0].size() * 4), 0)
              << m << "x" << n << "x" << k << " ta=" << int(ta) << " tb=" << int(tb) << " threads "
              << r + 1;
        }
      }
    }
  }
}

#else

TEST(Sgemm, NotBuilt) {
  GTEST_SKIP() << "this build does not target AVX2+FMA";
}

#endif

}  // namespace
}  // namespace ember
