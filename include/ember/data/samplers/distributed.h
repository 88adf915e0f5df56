#pragma once
/// Samplers that give each of `num_replicas` processes its own share of a dataset.
///
/// The index list (0 .. size - 1, padded with repeats of its start up to
/// `ceil(size / num_replicas) * num_replicas` when `allow_duplicates`, else cut to
/// `floor(size / num_replicas)` per replica) is split into `num_replicas` contiguous parts and
/// replica `rank` reads part `rank`, as in libtorch. `DistributedRandomSampler` shuffles the list
/// first with a permutation drawn from `Generator(epoch)` (so every replica that is at the same
/// epoch agrees on it): call `set_epoch(e)` before `reset()` for a new order each epoch.
#include <cstddef>
#include <vector>

#include "ember/data/samplers/base.h"

namespace ember::data::samplers {

namespace detail {
/// Raises `ember::Error` unless num_replicas > 0 and rank < num_replicas.
void check_replicas(size_t num_replicas, size_t rank);
}  // namespace detail

template <class BatchRequest = std::vector<size_t>>
class DistributedSampler : public Sampler<BatchRequest> {
 public:
  DistributedSampler(size_t size, size_t num_replicas = 1, size_t rank = 0,
                     bool allow_duplicates = true)
      : size_(size),
        num_replicas_(num_replicas),
        rank_(rank),
        epoch_(0),
        allow_duplicates_(allow_duplicates) {
    detail::check_replicas(num_replicas, rank);
  }

  /// The epoch the next `reset()` shuffles for.
  void set_epoch(size_t epoch) { epoch_ = epoch; }
  size_t epoch() const { return epoch_; }

 protected:
  size_t local_sample_count() const {
    return allow_duplicates_ ? (size_ + num_replicas_ - 1) / num_replicas_ : size_ / num_replicas_;
  }

  size_t size_;
  size_t num_replicas_;
  size_t rank_;
  size_t epoch_;
  bool allow_duplicates_;
};

/// This replica's share, shuffled per epoch.
class DistributedRandomSampler : public DistributedSampler<> {
 public:
  DistributedRandomSampler(size_t size, size_t num_replicas = 1, size_t rank = 0,
                           bool allow_duplicates = true);

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  SamplerState state() const override;
  void load_state(const SamplerState& state) override;

  /// The position in the shuffled list (from `rank * local count`).
  size_t index() const noexcept { return sample_index_; }

 private:
  void populate_indices();

  size_t begin_index_ = 0;
  size_t end_index_ = 0;
  size_t sample_index_ = 0;
  std::vector<size_t> all_indices_;
};

/// This replica's share, in order.
class DistributedSequentialSampler : public DistributedSampler<> {
 public:
  DistributedSequentialSampler(size_t size, size_t num_replicas = 1, size_t rank = 0,
                               bool allow_duplicates = true);

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  SamplerState state() const override;
  void load_state(const SamplerState& state) override;

  size_t index() const noexcept { return sample_index_; }

 private:
  void populate_indices();

  size_t begin_index_ = 0;
  size_t end_index_ = 0;
  size_t sample_index_ = 0;
};

}  // namespace ember::data::samplers
