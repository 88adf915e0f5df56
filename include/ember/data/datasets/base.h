#pragma once
/// Dataset base classes, as libtorch's `torch::data::datasets`:
/// - `BatchDataset<Self, Batch, BatchRequest>`: `get_batch(request)` and `size()`;
/// - `Dataset<Self, Example>`: `get(index)`, with `get_batch(indices)` calling it per index;
/// - `StreamDataset<Self, Batch>`: a batch dataset asked for a batch size.
/// Any of them becomes a `MapDataset` through `.map(transform)`.
#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/array_ref.h"
#include "ember/data/example.h"
#include "ember/data/sample_random.h"
#include "ember/error.h"

namespace ember::data::datasets {

template <class S, class T>
class MapDataset;
template <class D, class T>
MapDataset<D, T> map(D dataset, T transform);

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

/// Raises an `ember::Error` naming the sample that failed to load, with the original message.
[[noreturn]] void rethrow_sample_error(size_t index, std::exception_ptr error);
}  // namespace detail

/// A dataset that returns a whole batch per request; `Batch` is `std::optional<...>` for
/// stateful datasets (an empty optional ends the epoch).
template <class Self, class Batch = std::vector<Example<>>, class BatchRequest = ArrayRef<size_t>>
class BatchDataset {
 public:
  using SelfType = Self;
  using BatchType = Batch;
  using BatchRequestType = BatchRequest;
  constexpr static bool is_stateful = detail::is_optional<BatchType>::value;

  virtual ~BatchDataset() = default;

  /// The batch for `request` (indices for map-style datasets, a batch size for streams).
  virtual Batch get_batch(BatchRequest request) = 0;

  /// The number of examples, or nullopt for a dataset of unknown size.
  virtual std::optional<size_t> size() const = 0;

  /// A dataset that applies `transform` to every batch of this one.
  template <class TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) & {
    return datasets::map(static_cast<Self&>(*this), std::move(transform));
  }
  template <class TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) && {
    return datasets::map(std::move(static_cast<Self&>(*this)), std::move(transform));
  }
};

/// A map-style dataset: `get(index)` returns one example.
template <class Self, class SingleExample = Example<>>
class Dataset : public BatchDataset<Self, std::vector<SingleExample>> {
 public:
  using ExampleType = SingleExample;

  /// The example at `index`.
  virtual ExampleType get(size_t index) = 0;

  /// Calls `get()` for every index, each inside its sample's random stream (Note [Per-sample
  /// randomness]). An exception from `get(i)` is raised again as an `ember::Error` "[Dataset]
  /// failed to load sample i: <original message>".
  std::vector<ExampleType> get_batch(ArrayRef<size_t> indices) override {
    std::vector<ExampleType> batch;
    batch.reserve(indices.size());
    for (const size_t i : indices) {
      try {
        ember::data::detail::SampleScope scope(i);
        batch.push_back(get(i));
      } catch (...) {
        detail::rethrow_sample_error(i, std::current_exception());
      }
    }
    return batch;
  }
};

/// A dataset asked for a number of examples rather than for indices.
template <class Self, class Batch = std::vector<Example<>>>
using StreamDataset = BatchDataset<Self, Batch, /*BatchRequest=*/size_t>;

}  // namespace ember::data::datasets
