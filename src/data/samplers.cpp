// Samplers (ember/data/samplers/*.h).
#include <algorithm>
#include <numeric>

#include "ember/data/samplers.h"
#include "ember/error.h"
#include "ember/ops/creation.h"
#include "ember/ops/random.h"

namespace ember::data::samplers {
namespace {

// The first word of every SamplerState names the sampler kind, so that a state loaded into the
// wrong sampler is an error rather than silent garbage.
enum class Kind : uint64_t {
  kSequential = 1,
  kRandom,
  kDistributedRandom,
  kDistributedSequential,
  kStream
};

void check_state(const SamplerState& state, Kind kind, size_t min_size, const char* name) {
  EMBER_CHECK(state.size() >= min_size && state[0] == static_cast<uint64_t>(kind), name,
              "expected a state saved by a ", name, ", got a state of kind ",
              state.empty() ? 0 : state[0], " with ", state.size(), " values");
}

std::vector<size_t> iota_batch(size_t begin, size_t end) {
  std::vector<size_t> batch(end - begin);
  std::iota(batch.begin(), batch.end(), begin);
  return batch;
}

}  // namespace

namespace detail {
void check_replicas(size_t num_replicas, size_t rank) {
  EMBER_CHECK(num_replicas > 0 && rank < num_replicas, "DistributedSampler",
              "expected num_replicas > 0 and 0 <= rank < num_replicas, got num_replicas = ",
              num_replicas, " and rank = ", rank);
}
}  // namespace detail

// ---- SequentialSampler ------------------------------------------------------------------------

SequentialSampler::SequentialSampler(size_t size) : size_(size) {}

void SequentialSampler::reset(std::optional<size_t> new_size) {
  if (new_size) size_ = *new_size;
  index_ = 0;
}

std::optional<std::vector<size_t>> SequentialSampler::next(size_t batch_size) {
  const size_t end = index_ + std::min(batch_size, size_ - index_);
  if (end == index_) return std::nullopt;
  auto batch = iota_batch(index_, end);
  index_ = end;
  return batch;
}

SamplerState SequentialSampler::state() const {
  return {static_cast<uint64_t>(Kind::kSequential), size_, index_};
}

void SequentialSampler::load_state(const SamplerState& state) {
  check_state(state, Kind::kSequential, 3, "SequentialSampler");
  EMBER_CHECK(state[2] <= state[1], "SequentialSampler",
              "expected index <= size in the state, got ", state[2], " > ", state[1]);
  size_ = state[1];
  index_ = state[2];
}

// ---- RandomSampler ----------------------------------------------------------------------------

RandomSampler::RandomSampler(int64_t size, Dtype index_dtype)
    : RandomSampler(size, Generator::default_cpu(), index_dtype) {}

RandomSampler::RandomSampler(int64_t size, Generator generator, Dtype index_dtype)
    : generator_(std::move(generator)) {
  EMBER_CHECK(size >= 0, "RandomSampler", "expected a non-negative size, got ", size);
  indices_ = randperm(size, generator_, index_dtype);
}

void RandomSampler::reset(std::optional<size_t> new_size) {
  const int64_t size = new_size ? static_cast<int64_t>(*new_size) : indices_.numel();
  indices_ = randperm(size, generator_, indices_.scalar_type());
  index_ = 0;
}

std::optional<std::vector<size_t>> RandomSampler::next(size_t batch_size) {
  const auto remaining = static_cast<size_t>(indices_.numel() - index_);
  if (remaining == 0) return std::nullopt;
  const auto count = static_cast<int64_t>(std::min(batch_size, remaining));
  const Tensor slice = indices_.slice(0, index_, index_ + count).to(kInt64).contiguous();
  const int64_t* data = slice.data_ptr<int64_t>();
  std::vector<size_t> batch(data, data + count);
  index_ += count;
  return batch;
}

// [kind, seed, offset, index, dtype, n, permutation...]
SamplerState RandomSampler::state() const {
  SamplerState state{static_cast<uint64_t>(Kind::kRandom),
                     generator_.current_seed(),
                     generator_.offset(),
                     static_cast<uint64_t>(index_),
                     static_cast<uint64_t>(indices_.scalar_type()),
                     static_cast<uint64_t>(indices_.numel())};
  const Tensor all = indices_.to(kInt64).contiguous();
  const int64_t* data = all.data_ptr<int64_t>();
  state.insert(state.end(), data, data + all.numel());
  return state;
}

void RandomSampler::load_state(const SamplerState& state) {
  check_state(state, Kind::kRandom, 6, "RandomSampler");
  const uint64_t n = state[5];
  EMBER_CHECK(state.size() == 6 + n && state[3] <= n && state[4] < kNumDtypes, "RandomSampler",
              "expected a state of ", 6 + n, " values with index <= ", n, ", got ", state.size(),
              " values and index ", state[3]);
  std::vector<int64_t> perm(state.begin() + 6, state.end());
  generator_.set_current_seed(state[1]);
  generator_.set_offset(state[2]);
  indices_ = tensor(perm, kInt64).to(static_cast<ScalarType>(state[4]));
  index_ = static_cast<int64_t>(state[3]);
}

// ---- DistributedRandomSampler -----------------------------------------------------------------

DistributedRandomSampler::DistributedRandomSampler(size_t size, size_t num_replicas, size_t rank,
                                                   bool allow_duplicates)
    : DistributedSampler(size, num_replicas, rank, allow_duplicates) {
  reset(size_);
}

void DistributedRandomSampler::populate_indices() {
  const size_t local = local_sample_count();
  const size_t count = num_replicas_ == 1 ? size_ : local * num_replicas_;
  all_indices_.resize(count);
  std::iota(all_indices_.begin(), all_indices_.end(), size_t{0});
  // Padding repeats the start of the list, so every replica gets the same number of samples.
  for (size_t i = size_; i < count; ++i) all_indices_[i] = i - size_;
  begin_index_ = rank_ * local;
  end_index_ = begin_index_ + local;
  sample_index_ = begin_index_;
}

void DistributedRandomSampler::reset(std::optional<size_t> new_size) {
  size_ = new_size.value_or(size_);
  populate_indices();
  const Tensor perm =
      randperm(static_cast<int64_t>(all_indices_.size()), Generator(epoch_), kInt64);
  const int64_t* p = perm.data_ptr<int64_t>();
  std::vector<size_t> shuffled(all_indices_.size());
  for (size_t i = 0; i < shuffled.size(); ++i)
    shuffled[i] = all_indices_[static_cast<size_t>(p[i])];
  all_indices_ = std::move(shuffled);
  sample_index_ = begin_index_;
}

std::optional<std::vector<size_t>> DistributedRandomSampler::next(size_t batch_size) {
  if (sample_index_ == end_index_) return std::nullopt;
  const size_t end = sample_index_ + std::min(batch_size, end_index_ - sample_index_);
  std::vector<size_t> batch(all_indices_.begin() + static_cast<std::ptrdiff_t>(sample_index_),
                            all_indices_.begin() + static_cast<std::ptrdiff_t>(end));
  sample_index_ = end;
  return batch;
}

// [kind, size, epoch, sample_index]: the order is a function of (size, epoch).
SamplerState DistributedRandomSampler::state() const {
  return {static_cast<uint64_t>(Kind::kDistributedRandom), size_, epoch_, sample_index_};
}

void DistributedRandomSampler::load_state(const SamplerState& state) {
  check_state(state, Kind::kDistributedRandom, 4, "DistributedRandomSampler");
  epoch_ = state[2];
  reset(state[1]);
  EMBER_CHECK(state[3] >= begin_index_ && state[3] <= end_index_, "DistributedRandomSampler",
              "expected an index in [", begin_index_, ", ", end_index_, "] in the state, got ",
              state[3]);
  sample_index_ = state[3];
}

// ---- DistributedSequentialSampler -------------------------------------------------------------

DistributedSequentialSampler::DistributedSequentialSampler(size_t size, size_t num_replicas,
                                                           size_t rank, bool allow_duplicates)
    : DistributedSampler(size, num_replicas, rank, allow_duplicates) {
  populate_indices();
}

void DistributedSequentialSampler::populate_indices() {
  begin_index_ = rank_ * local_sample_count();
  end_index_ = begin_index_ + local_sample_count();
  sample_index_ = begin_index_;
}

void DistributedSequentialSampler::reset(std::optional<size_t> new_size) {
  size_ = new_size.value_or(size_);
  populate_indices();
}

std::optional<std::vector<size_t>> DistributedSequentialSampler::next(size_t batch_size) {
  if (sample_index_ == end_index_) return std::nullopt;
  const size_t end = sample_index_ + std::min(batch_size, end_index_ - sample_index_);
  auto batch = iota_batch(sample_index_, end);
  // Padded positions wrap around to the start of the dataset.
  if (end > size_) {
    for (size_t& index : batch) index %= size_;
  }
  sample_index_ = end;
  return batch;
}

SamplerState DistributedSequentialSampler::state() const {
  return {static_cast<uint64_t>(Kind::kDistributedSequential), size_, sample_index_};
}

void DistributedSequentialSampler::load_state(const SamplerState& state) {
  check_state(state, Kind::kDistributedSequential, 3, "DistributedSequentialSampler");
  reset(state[1]);
  EMBER_CHECK(state[2] >= begin_index_ && state[2] <= end_index_, "DistributedSequentialSampler",
              "expected an index in [", begin_index_, ", ", end_index_, "] in the state, got ",
              state[2]);
  sample_index_ = state[2];
}

// ---- StreamSampler ----------------------------------------------------------------------------

StreamSampler::StreamSampler(size_t epoch_size) : epoch_size_(epoch_size) {}

void StreamSampler::reset(std::optional<size_t> new_size) {
  if (new_size) epoch_size_ = *new_size;
  examples_retrieved_so_far_ = 0;
}

std::optional<BatchSize> StreamSampler::next(size_t batch_size) {
  const size_t left = epoch_size_ - examples_retrieved_so_far_;
  if (left == 0) return std::nullopt;
  batch_size = std::min(batch_size, left);
  examples_retrieved_so_far_ += batch_size;
  return BatchSize(batch_size);
}

SamplerState StreamSampler::state() const {
  return {static_cast<uint64_t>(Kind::kStream), epoch_size_, examples_retrieved_so_far_};
}

void StreamSampler::load_state(const SamplerState& state) {
  check_state(state, Kind::kStream, 3, "StreamSampler");
  EMBER_CHECK(state[2] <= state[1], "StreamSampler", "expected retrieved <= epoch size, got ",
              state[2], " > ", state[1]);
  epoch_size_ = state[1];
  examples_retrieved_so_far_ = state[2];
}

}  // namespace ember::data::samplers

// ---- AutoSampler ------------------------------------------------------------------------------

namespace ember::data::samplers {

namespace {
std::variant<RandomSampler, SequentialSampler> make_auto(size_t size, bool shuffle) {
  if (shuffle) return RandomSampler(static_cast<int64_t>(size));
  return SequentialSampler(size);
}
}  // namespace

AutoSampler::AutoSampler(size_t size, bool shuffle) : sampler_(make_auto(size, shuffle)) {}

void AutoSampler::reset(std::optional<size_t> new_size) {
  std::visit([&](auto& s) { s.reset(new_size); }, sampler_);
}

std::optional<std::vector<size_t>> AutoSampler::next(size_t batch_size) {
  return std::visit([&](auto& s) { return s.next(batch_size); }, sampler_);
}

SamplerState AutoSampler::state() const {
  return std::visit([](const auto& s) { return s.state(); }, sampler_);
}

void AutoSampler::load_state(const SamplerState& state) {
  std::visit([&](auto& s) { s.load_state(state); }, sampler_);
}

}  // namespace ember::data::samplers
