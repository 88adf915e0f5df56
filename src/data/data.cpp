// The non-template parts of ember/data: error wrapping, collation, Normalize's constants,
// TensorDataset and the loader position's text form.
#include <istream>
#include <ostream>
#include <string>

#include "ember/data/dataloader/base.h"
#include "ember/data/datasets/base.h"
#include "ember/data/datasets/tensor.h"
#include "ember/data/transforms/stack.h"
#include "ember/data/transforms/tensor.h"
#include "ember/ops/creation.h"
#include "ember/ops/rearrange.h"

namespace ember::data {
namespace {

std::string message_of(std::exception_ptr error) {
  try {
    std::rethrow_exception(std::move(error));
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

namespace datasets::detail {
void rethrow_sample_error(size_t index, std::exception_ptr error) {
  EMBER_FAIL("Dataset", "failed to load sample ", index, ": ", message_of(std::move(error)));
}
}  // namespace datasets::detail

namespace detail {
void rethrow_batch_error(size_t batch, size_t epoch, std::exception_ptr error) {
  EMBER_FAIL("DataLoader", "batch ", batch, " of epoch ", epoch,
             " failed: ", message_of(std::move(error)));
}

uint64_t draw_loader_seed() {
  // The global generator's seed, not a draw: building a loader leaves the global stream (and so
  // a default RandomSampler's permutations) untouched.
  return Generator::default_cpu().current_seed();
}
}  // namespace detail

// "ember-data-loader-state 2 <epoch> <batch_index> <has seed> <seed> <n> <sampler state...>";
// version 1 (still read) had no seed fields.
void DataLoaderState::save(std::ostream& out) const {
  out << "ember-data-loader-state 2 " << epoch << ' ' << batch_index << ' ' << (seed ? 1 : 0) << ' '
      << seed.value_or(0) << ' ' << sampler_state.size();
  for (const uint64_t v : sampler_state) out << ' ' << v;
  out << '\n';
}

DataLoaderState DataLoaderState::load(std::istream& in) {
  std::string tag;
  int version = 0;
  DataLoaderState state;
  size_t n = 0;
  in >> tag >> version >> state.epoch >> state.batch_index;
  if (version == 2) {
    int has_seed = 0;
    uint64_t seed = 0;
    in >> has_seed >> seed;
    if (has_seed != 0) state.seed = seed;
  }
  in >> n;
  EMBER_CHECK(in && tag == "ember-data-loader-state" && (version == 1 || version == 2),
              "DataLoaderState",
              "expected a header 'ember-data-loader-state 2 <epoch> <batch> <has seed> <seed> "
              "<count>', got '",
              tag, "'");
  // Reading value by value bounds memory by the stream's real length, not by a corrupt count.
  for (size_t i = 0; i < n; ++i) {
    uint64_t v = 0;
    EMBER_CHECK(static_cast<bool>(in >> v), "DataLoaderState", "expected ", n,
                " sampler values, got ", i);
    state.sampler_state.push_back(v);
  }
  return state;
}

namespace transforms {

Example<> Stack<Example<>>::apply_batch(std::vector<Example<>> examples) {
  std::vector<Tensor> data, targets;
  data.reserve(examples.size());
  targets.reserve(examples.size());
  for (auto& example : examples) {
    data.push_back(std::move(example.data));
    targets.push_back(std::move(example.target));
  }
  return {stack(data), stack(targets)};
}

TensorExample Stack<TensorExample>::apply_batch(std::vector<TensorExample> examples) {
  std::vector<Tensor> data;
  data.reserve(examples.size());
  for (auto& example : examples) data.push_back(std::move(example.data));
  return stack(data);
}

namespace detail {
Tensor channel_tensor(ArrayRef<double> values, const char* what) {
  EMBER_CHECK(!values.empty(), "Normalize", "expected at least one ", what, " value, got none");
  return tensor(values, kFloat32).unsqueeze(1).unsqueeze(2);
}
}  // namespace detail

}  // namespace transforms

namespace datasets {

TensorDataset::TensorDataset(const std::vector<Tensor>& tensors) : TensorDataset(stack(tensors)) {}

TensorDataset::TensorDataset(Tensor t) : tensor(std::move(t)) {
  EMBER_CHECK(this->tensor.defined() && this->tensor.dim() > 0, "TensorDataset",
              "expected a tensor with at least one dimension, got ",
              this->tensor.defined() ? "a 0-d tensor" : "an undefined tensor");
}

TensorExample TensorDataset::get(size_t index) {
  EMBER_CHECK(index < static_cast<size_t>(tensor.size(0)), "TensorDataset", "index ", index,
              " is out of range for a dataset of size ", tensor.size(0));
  return tensor[static_cast<int64_t>(index)];
}

std::optional<size_t> TensorDataset::size() const {
  return static_cast<size_t>(tensor.size(0));
}

}  // namespace datasets
}  // namespace ember::data
