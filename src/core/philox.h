#pragma once
// Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011), the counter-based generator behind every Ember random op.
//
// Philox maps a 128-bit counter and a 64-bit key to 128 random bits through 10 rounds of
// multiply / xor with a key schedule (a Weyl sequence). It keeps no state: block c of a stream is
// a pure function of (key, c), so any thread can compute any part of a stream on its own. See
// Note [Random streams] in include/ember/generator.h for how ops lay their draws onto blocks.
#include <array>
#include <cstdint>

namespace ember::detail {

using PhiloxCounter = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

/// The Philox4x32 bijection with `Rounds` rounds (10 is the standard, crush-resistant choice;
/// other counts exist only so the published 7-round known answers can be checked too).
template <int Rounds = 10>
constexpr PhiloxCounter philox4x32(PhiloxCounter ctr, PhiloxKey key) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;  // round multipliers
  constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;  // key bumps: golden ratio, sqrt(3)-1
  for (int r = 0; r < Rounds; ++r) {
    if (r > 0) {
      key[0] += kW0;
      key[1] += kW1;
    }
    const uint64_t p0 = static_cast<uint64_t>(kM0) * ctr[0];
    const uint64_t p1 = static_cast<uint64_t>(kM1) * ctr[2];
    ctr = {static_cast<uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<uint32_t>(p1),
           static_cast<uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<uint32_t>(p0)};
  }
  return ctr;
}

/// One op's slice of a generator's stream: block `b` of the slice is Philox4x32-10 of the counter
/// (offset + b) (as a 128-bit little-endian number) under the key `seed`.
struct PhiloxStream {
  uint64_t seed = 0;
  uint64_t offset = 0;

  PhiloxCounter block(uint64_t b) const {
    const uint64_t c = offset + b;  // wraps after 2^64 blocks, long after anyone can ask for them
    return philox4x32<10>({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0u, 0u},
                          {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)});
  }
};

/// Blocks needed for `draws` draws of `words` 32-bit words each.
constexpr uint64_t philox_blocks(uint64_t draws, uint64_t words) {
  return (draws * words + 3) / 4;
}

/// Calls `f(i, w)` for draws i in [begin, end), where `w` points to the `Words` words of draw i:
/// words [i * Words, (i + 1) * Words) of the stream. Words is 1, 2 or 4, so a draw never spans
/// two blocks; each block is computed once per call.
template <int Words, class F>
void for_each_draw(const PhiloxStream& stream, int64_t begin, int64_t end, const F& f) {
  static_assert(Words == 1 || Words == 2 || Words == 4);
  uint64_t cached = ~uint64_t{0};
  PhiloxCounter block{};
  for (int64_t i = begin; i < end; ++i) {
    const uint64_t w = static_cast<uint64_t>(i) * Words;
    if (w / 4 != cached) {
      cached = w / 4;
      block = stream.block(cached);
    }
    f(i, block.data() + w % 4);
  }
}

/// A uniform double in [0, 1) from the top 53 of 64 bits (two words).
inline double uniform_double(const uint32_t* w) {
  const uint64_t x = (static_cast<uint64_t>(w[0]) << 32) | w[1];
  return static_cast<double>(x >> 11) * 0x1.0p-53;
}
/// A uniform double in (0, 1) (never 0 or 1: safe under log) from two words: the midpoints
/// (k + 1/2) 2^-52, which double holds exactly (with 53 bits, the top one would round to 1).
inline double uniform_double_open(const uint32_t* w) {
  const uint64_t x = (static_cast<uint64_t>(w[0]) << 32) | w[1];
  return (static_cast<double>(x >> 12) + 0.5) * 0x1.0p-52;
}
/// 64 random bits from two words.
inline uint64_t bits64(const uint32_t* w) {
  return (static_cast<uint64_t>(w[0]) << 32) | w[1];
}

}  // namespace ember::detail
