// Generator state: (seed, offset) behind a mutex, shared by every copy of a handle.
#include "ember/generator.h"

#include <mutex>

namespace ember {
namespace detail {

struct GeneratorState {
  mutable std::mutex mutex;
  uint64_t seed = 0;
  uint64_t offset = 0;
};

}  // namespace detail

Generator::Generator(uint64_t seed) : state_(std::make_shared<detail::GeneratorState>()) {
  state_->seed = seed;
}

void Generator::set_current_seed(uint64_t seed) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->seed = seed;
  state_->offset = 0;
}

uint64_t Generator::current_seed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->seed;
}

uint64_t Generator::offset() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->offset;
}

void Generator::set_offset(uint64_t offset) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->offset = offset;
}

uint64_t Generator::advance(uint64_t blocks) {
  return reserve(blocks).offset;
}

Generator::Slice Generator::reserve(uint64_t blocks) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const Slice slice{state_->seed, state_->offset};
  state_->offset += blocks;  // unsigned: wraps after 2^64 blocks instead of overflowing
  return slice;
}

Generator Generator::clone() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  Generator copy(state_->seed);
  copy.state_->offset = state_->offset;
  return copy;
}

Generator& Generator::default_cpu() {
  static Generator generator;
  return generator;
}

void manual_seed(uint64_t seed) {
  Generator::default_cpu().set_current_seed(seed);
}

}  // namespace ember
