#pragma once
/// `AutoSampler`: the sampler `make_data_loader(dataset, options)` builds, a `RandomSampler` over
/// the global generator (libtorch's default) or, with `DataLoaderOptions::shuffle(false)`, a
/// `SequentialSampler` (Python PyTorch's `shuffle` argument).
#include <cstddef>
#include <optional>
#include <variant>
#include <vector>

#include "ember/data/samplers/random.h"
#include "ember/data/samplers/sequential.h"

namespace ember::data::samplers {

class AutoSampler : public Sampler<> {
 public:
  /// A `RandomSampler(size)`.
  explicit AutoSampler(size_t size) : AutoSampler(size, true) {}
  /// A `RandomSampler(size)` when `shuffle`, else a `SequentialSampler(size)`.
  AutoSampler(size_t size, bool shuffle);

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  /// The state of the sampler inside (so it loads into a plain sampler of that kind, too).
  SamplerState state() const override;
  void load_state(const SamplerState& state) override;

  bool shuffle() const noexcept { return std::holds_alternative<RandomSampler>(sampler_); }

 private:
  std::variant<RandomSampler, SequentialSampler> sampler_;
};

}  // namespace ember::data::samplers
