#pragma once
/// `StreamSampler`: asks a stream dataset for batch sizes until `epoch_size` examples are out.
#include <cstddef>

#include "ember/data/samplers/base.h"

namespace ember::data::samplers {

/// A request for `size` examples (what stream datasets receive).
struct BatchSize {
  explicit BatchSize(size_t size) : size_(size) {}
  size_t size() const noexcept { return size_; }
  operator size_t() const noexcept { return size_; }  // NOLINT: implicit as libtorch
  size_t size_;
};

class StreamSampler : public Sampler<BatchSize> {
 public:
  explicit StreamSampler(size_t epoch_size);

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  /// `BatchSize(min(batch_size, examples left))`, nullopt once `epoch_size` are out.
  std::optional<BatchSize> next(size_t batch_size) override;
  SamplerState state() const override;
  void load_state(const SamplerState& state) override;

 private:
  size_t examples_retrieved_so_far_ = 0;
  size_t epoch_size_;
};

}  // namespace ember::data::samplers
