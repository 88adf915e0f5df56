#pragma once
/// `RandomSampler`: a random permutation of 0 .. size - 1 per epoch.
#include <cstdint>

#include "ember/data/samplers/base.h"
#include "ember/dtype.h"
#include "ember/generator.h"
#include "ember/tensor.h"

namespace ember::data::samplers {

/// Each epoch (the constructor and every `reset()`) draws `randperm(size)` from the generator:
/// by default the global one (`ember::manual_seed` makes the order reproducible, as
/// `torch::manual_seed` does for libtorch), or a generator of its own, e.g.
/// `RandomSampler(n, ember::Generator(seed))`. Permutations follow Note [Random streams], so
/// the order depends only on the seed and the generator's offset, never on the loader's workers.
class RandomSampler : public Sampler<> {
 public:
  /// Raises `ember::Error` for a negative size.
  explicit RandomSampler(int64_t size, Dtype index_dtype = kInt64);
  RandomSampler(int64_t size, Generator generator, Dtype index_dtype = kInt64);

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  /// Position, permutation and the generator's seed and offset (Note [Sampler state]). Loading
  /// a state sets the sampler's generator (the global one by default) to the saved seed and
  /// offset, so that the epochs after it repeat too.
  SamplerState state() const override;
  void load_state(const SamplerState& state) override;

  /// The number of indices returned so far this epoch.
  size_t index() const noexcept { return static_cast<size_t>(index_); }

 private:
  Generator generator_;
  Tensor indices_;
  int64_t index_ = 0;
};

}  // namespace ember::data::samplers
