#pragma once
/// Random number generators.
///
/// Note [Random streams]
/// Every generator is Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2,
/// 3", SC 2011) keyed by its 64-bit seed; its state is (seed, offset), the offset counting the
/// 128-bit blocks (four 32-bit words) used so far. A random op reserves all the blocks it needs
/// at once with `reserve()` and its draw i reads words [i * k, (i + 1) * k) of its slice, with k
/// words per draw fixed by the op and dtype (1, 2 or 4). An element's bits therefore depend only
/// on (seed, starting offset, i): results are the same for every thread count and platform (up to
/// the C library's log/sin/cos in normal). Elements are numbered in row-major order of the
/// result, whatever its strides. Per op:
/// - uniform (rand, uniform_): one word, the top 24 / 11 / 8 bits times 2^-bits for float32 /
///   float16 / bfloat16 (so [0, 1) is exact in the dtype); float64 uses 53 bits of two words.
///   `from + u * (to - from)` is computed in double, rounded to the dtype, and kept below `to`.
/// - normal (randn, normal, normal_): Box-Muller on element pairs (2j, 2j + 1), which share two
///   uniforms (one word each; two each for float64) and take the cosine and sine branch.
/// - integers (randint, random_): two words as 64 bits, `from + bits % range` (unbiased for
///   powers of two; bias below range / 2^64 otherwise).
/// - bernoulli: two words as a uniform double u in [0, 1); the result is u < p.
/// - randperm: Fisher-Yates over the stream, step s (swapping position n-1-s) using two words.
/// - multinomial: two words per (row, category) or (row, sample); see ember/ops/random.h.
/// See src/core/philox.h.
#include <cstdint>
#include <memory>

namespace ember {

namespace detail {
struct GeneratorState;
}

/// A handle to a random stream; copies share the stream (like libtorch's `at::Generator`), and
/// every method is thread-safe.
class Generator {
 public:
  /// A new stream seeded with `seed` (the default is PyTorch's default seed).
  explicit Generator(uint64_t seed = 67280421310721ull);

  /// Reseeds and restarts the stream (offset 0).
  void set_current_seed(uint64_t seed);
  uint64_t current_seed() const;
  /// The number of 128-bit Philox blocks consumed so far.
  uint64_t offset() const;
  void set_offset(uint64_t offset);
  /// Reserves `blocks` Philox blocks and returns the first one's counter (thread-safe).
  uint64_t advance(uint64_t blocks);

  /// What one op reads: the seed and the first of `blocks` newly reserved blocks, taken together
  /// under the generator's lock (so a concurrent reseed cannot split them).
  struct Slice {
    uint64_t seed;
    uint64_t offset;
  };
  Slice reserve(uint64_t blocks);

  /// An independent generator with the same seed and offset (copies, by contrast, share).
  Generator clone() const;

  /// The stream shared by every op that is not given a generator.
  static Generator& default_cpu();

 private:
  std::shared_ptr<detail::GeneratorState> state_;
};

/// Reseeds the default generator (and restarts its stream).
void manual_seed(uint64_t seed);

}  // namespace ember
