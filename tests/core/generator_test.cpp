// Philox4x32-10 known answers and the Generator's state (seed, offset, sharing, thread safety).
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <utility>
#include <vector>

#include "core/philox.h"
#include "ember/generator.h"

namespace ember {
namespace {

using detail::PhiloxCounter;
using detail::PhiloxKey;

struct Kat {
  PhiloxCounter ctr;
  PhiloxKey key;
  PhiloxCounter expected;
};

// Known-answer vectors published with Random123 (D. E. Shaw Research), file tests/kat_vectors,
// lines "philox4x32 7 ..." and "philox4x32 10 ...": counter (4 words), key (2 words), expected
// output (4 words). Quoted as in github.com/DEShawResearch/random123 (also reproduced verbatim in
// other implementations' tests, e.g. a pure-Python Philox's TEST_CASES, where we looked them up).
// The third vector is the hexadecimal digits of pi.
constexpr Kat kKat10[] = {
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};
constexpr Kat kKat7[] = {
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x5207ddc2, 0x45165e59, 0x4d8ee751, 0x8c52f662}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a}},
};

TEST(Philox, Random123KnownAnswers10Rounds) {
  for (const Kat& k : kKat10) EXPECT_EQ(detail::philox4x32<10>(k.ctr, k.key), k.expected);
}

TEST(Philox, Random123KnownAnswers7Rounds) {
  // The same round function with another count: checks the key schedule round by round.
  for (const Kat& k : kKat7) EXPECT_EQ(detail::philox4x32<7>(k.ctr, k.key), k.expected);
}

TEST(Philox, IsConstexpr) {
  static_assert(detail::philox4x32<10>({0, 0, 0, 0}, {0, 0})[0] == 0x6627e8d5u);
}

TEST(Philox, StreamBlockIsCounterOffsetPlusIndexUnderSeedKey) {
  const detail::PhiloxStream s{0x299f31d0a4093822ull, 0xfffffffffull};
  const uint64_t c = 0xfffffffffull + 3;
  EXPECT_EQ(s.block(3),
            detail::philox4x32<10>({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0, 0},
                                   {0xa4093822u, 0x299f31d0u}));
  EXPECT_EQ((detail::PhiloxStream{0, 0}.block(0)), kKat10[0].expected);
}

template <int Words>
std::vector<uint32_t> draws(const detail::PhiloxStream& s, int64_t begin, int64_t end) {
  std::vector<uint32_t> out;
  detail::for_each_draw<Words>(s, begin, end, [&](int64_t i, const uint32_t* w) {
    EXPECT_EQ(static_cast<int64_t>(out.size()), (i - begin) * Words);
    out.insert(out.end(), w, w + Words);
  });
  return out;
}

TEST(Philox, DrawsReadConsecutiveWordsWhateverTheSplit) {
  const detail::PhiloxStream s{42, 7};
  std::vector<uint32_t> words;
  for (uint64_t b = 0; b < 6; ++b) {
    const auto blk = s.block(b);
    words.insert(words.end(), blk.begin(), blk.end());
  }
  EXPECT_EQ(draws<1>(s, 0, 24), words);
  EXPECT_EQ(draws<2>(s, 0, 12), words);
  EXPECT_EQ(draws<4>(s, 0, 6), words);
  // A draw range starting mid-block reads the same words as the whole range does.
  std::vector<uint32_t> split = draws<1>(s, 0, 5);
  const auto rest = draws<1>(s, 5, 24);
  split.insert(split.end(), rest.begin(), rest.end());
  EXPECT_EQ(split, words);
  EXPECT_EQ(draws<2>(s, 3, 7), std::vector<uint32_t>(words.begin() + 6, words.begin() + 14));
}

TEST(Philox, BlockCounts) {
  EXPECT_EQ(detail::philox_blocks(0, 1), 0u);
  EXPECT_EQ(detail::philox_blocks(1, 1), 1u);
  EXPECT_EQ(detail::philox_blocks(4, 1), 1u);
  EXPECT_EQ(detail::philox_blocks(5, 1), 2u);
  EXPECT_EQ(detail::philox_blocks(5, 2), 3u);
}

TEST(Philox, UniformDoublesStayInRange) {
  const uint32_t zeros[2] = {0, 0}, ones[2] = {0xffffffffu, 0xffffffffu};
  EXPECT_EQ(detail::uniform_double(zeros), 0.0);
  EXPECT_LT(detail::uniform_double(ones), 1.0);
  EXPECT_GT(detail::uniform_double_open(zeros), 0.0);
  EXPECT_LT(detail::uniform_double_open(ones), 1.0);
  EXPECT_EQ(detail::bits64(ones), ~uint64_t{0});
}

TEST(Generator, SeedAndOffset) {
  Generator g(123);
  EXPECT_EQ(g.current_seed(), 123u);
  EXPECT_EQ(g.offset(), 0u);
  EXPECT_EQ(g.advance(5), 0u);
  EXPECT_EQ(g.advance(2), 5u);
  EXPECT_EQ(g.offset(), 7u);
  const Generator::Slice s = g.reserve(3);
  EXPECT_EQ(s.seed, 123u);
  EXPECT_EQ(s.offset, 7u);
  g.set_offset(100);
  EXPECT_EQ(g.advance(1), 100u);
  g.set_current_seed(9);  // reseeding restarts the stream
  EXPECT_EQ(g.current_seed(), 9u);
  EXPECT_EQ(g.offset(), 0u);
  EXPECT_EQ(Generator().current_seed(), 67280421310721ull);  // PyTorch's default seed
}

TEST(Generator, CopiesShareStateClonesDoNot) {
  Generator a(5);
  Generator b = a;
  b.advance(10);
  EXPECT_EQ(a.offset(), 10u);
  Generator c = a.clone();
  EXPECT_EQ(c.current_seed(), 5u);
  EXPECT_EQ(c.offset(), 10u);
  c.advance(1);
  EXPECT_EQ(a.offset(), 10u);
  a.set_current_seed(6);
  EXPECT_EQ(b.current_seed(), 6u);
  EXPECT_EQ(c.current_seed(), 5u);
}

TEST(Generator, ManualSeedResetsTheDefault) {
  manual_seed(77);
  EXPECT_EQ(Generator::default_cpu().current_seed(), 77u);
  EXPECT_EQ(Generator::default_cpu().offset(), 0u);
  Generator::default_cpu().advance(3);
  manual_seed(77);
  EXPECT_EQ(Generator::default_cpu().offset(), 0u);
}

TEST(Generator, ConcurrentReservationsAreDisjoint) {
  Generator g(1);
  constexpr int kThreads = 8, kEach = 2000;
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const uint64_t n = 1 + (i + t) % 5;
        got[t].emplace_back(g.advance(n), n);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<std::pair<uint64_t, uint64_t>> all;
  uint64_t total = 0;
  for (const auto& v : got) {
    all.insert(all.end(), v.begin(), v.end());
    for (const auto& [start, n] : v) total += n;
  }
  std::sort(all.begin(), all.end());
  // The reserved ranges tile [0, total) exactly: no overlap, no gap.
  uint64_t next = 0;
  for (const auto& [start, n] : all) {
    EXPECT_EQ(start, next);
    next = start + n;
  }
  EXPECT_EQ(next, total);
  EXPECT_EQ(g.offset(), total);
}

}  // namespace
}  // namespace ember
