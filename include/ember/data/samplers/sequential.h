#pragma once
/// `SequentialSampler`: indices 0, 1, ..., size - 1 in order.
#include "ember/data/samplers/base.h"

namespace ember::data::samplers {

class SequentialSampler : public Sampler<> {
 public:
  explicit SequentialSampler(size_t size);

  /// Back to index 0 (over `new_size` indices when given).
  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  SamplerState state() const override;
  void load_state(const SamplerState& state) override;

  /// The next index to be returned.
  size_t index() const noexcept { return index_; }

 private:
  size_t size_;
  size_t index_ = 0;
};

}  // namespace ember::data::samplers
