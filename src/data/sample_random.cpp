// The per-sample random streams of Note [Per-sample randomness].
#include "ember/data/sample_random.h"

#include <optional>

namespace ember::data {
namespace {

struct SampleContext {
  bool in_loader = false;
  uint64_t seed = 0;
  uint64_t epoch = 0;
  bool in_sample = false;
  size_t index = 0;
  std::optional<Generator> generator;  // created on first use within a sample
};

SampleContext& context() {
  thread_local SampleContext ctx;
  return ctx;
}

uint64_t splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

uint64_t sample_seed(uint64_t seed, uint64_t epoch, uint64_t index) {
  return splitmix(splitmix(splitmix(seed) ^ epoch) ^ index);
}

Generator& sample_generator() {
  SampleContext& ctx = context();
  if (!ctx.in_loader || !ctx.in_sample) return Generator::default_cpu();
  if (!ctx.generator) ctx.generator.emplace(sample_seed(ctx.seed, ctx.epoch, ctx.index));
  return *ctx.generator;
}

namespace detail {

EpochScope::EpochScope(uint64_t seed, uint64_t epoch) {
  SampleContext& ctx = context();
  had_ = ctx.in_loader;
  seed_ = ctx.seed;
  epoch_ = ctx.epoch;
  ctx.in_loader = true;
  ctx.seed = seed;
  ctx.epoch = epoch;
  ctx.generator.reset();
}

EpochScope::~EpochScope() {
  SampleContext& ctx = context();
  ctx.in_loader = had_;
  ctx.seed = seed_;
  ctx.epoch = epoch_;
  ctx.generator.reset();
}

SampleScope::SampleScope(size_t index) {
  SampleContext& ctx = context();
  had_ = ctx.in_sample;
  index_ = ctx.index;
  ctx.in_sample = true;
  ctx.index = index;
  ctx.generator.reset();
}

SampleScope::~SampleScope() {
  SampleContext& ctx = context();
  ctx.in_sample = had_;
  ctx.index = index_;
  ctx.generator.reset();
}

}  // namespace detail
}  // namespace ember::data
