#pragma once
/// Random number generators.
///
/// Algorithm (Note [Random streams]): every generator is Philox4x32-10 (Salmon et al., "Parallel
/// random numbers: as easy as 1, 2, 3", SC 2011), keyed by the 64-bit seed. A random op of n
/// elements consumes counters [offset, offset + ceil(n / 4)) and then advances the generator's
/// offset past them; element i is derived from the 32-bit word i of that block. Because each
/// element's bits depend only on (seed, offset, i), results are the same on every platform and
/// for every thread count. Floats: uniform = (word >> 8) * 2^-24 for float32 (53 bits from two
/// words for float64); normal = Box-Muller on two uniforms. See src/core/philox.h.
#include <cstdint>
#include <memory>

namespace ember {

namespace detail {
struct GeneratorState;
}

/// A handle to a random stream; copies share the stream (like libtorch's `at::Generator`).
class Generator {
 public:
  /// A new stream seeded with `seed`.
  explicit Generator(uint64_t seed = 67280421310721ull);

  void set_current_seed(uint64_t seed);
  uint64_t current_seed() const;
  /// The number of 128-bit Philox blocks consumed so far.
  uint64_t offset() const;
  void set_offset(uint64_t offset);
  /// Reserves `blocks` Philox blocks and returns the first one's counter (thread-safe).
  uint64_t advance(uint64_t blocks);

  /// The stream shared by every op that is not given a generator.
  static Generator& default_cpu();

 private:
  std::shared_ptr<detail::GeneratorState> state_;
};

/// Reseeds the default generator (and restarts its stream).
void manual_seed(uint64_t seed);

}  // namespace ember
