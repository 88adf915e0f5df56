#pragma once
/// `make_data_loader`, as libtorch's `torch::data::make_data_loader`:
///
///     auto loader = make_data_loader(std::move(dataset), 64);                  // RandomSampler
///     auto loader = make_data_loader<SequentialSampler>(dataset, options);
///     auto loader = make_data_loader(dataset, RandomSampler(n, Generator(7)), options);
///     auto loader = make_data_loader(stateful_dataset, options);               // stateful
#include <memory>
#include <type_traits>
#include <utility>

#include "ember/data/dataloader/stateful.h"
#include "ember/data/dataloader/stateless.h"
#include "ember/data/dataloader_options.h"
#include "ember/data/samplers/random.h"
#include "ember/error.h"

namespace ember::data {

/// A loader of `dataset` through `sampler`.
template <class Dataset, class Sampler>
requires(!Dataset::is_stateful)
    std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(
        Dataset dataset, Sampler sampler, DataLoaderOptions options) {
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(
      std::move(dataset), std::move(sampler), std::move(options));
}

/// A loader of `dataset` through `Sampler(dataset.size())` (a `RandomSampler` by default).
/// Raises `ember::Error` for a dataset of unknown size.
template <class Sampler = samplers::RandomSampler, class Dataset>
requires(!Dataset::is_stateful && std::is_constructible_v<Sampler, size_t>)
    std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(
        Dataset dataset, DataLoaderOptions options = DataLoaderOptions()) {
  const std::optional<size_t> size = dataset.size();
  EMBER_CHECK(size.has_value(), "make_data_loader",
              "expected a sized dataset to construct the sampler, got one of unknown size");
  Sampler sampler(*size);
  return make_data_loader(std::move(dataset), std::move(sampler), std::move(options));
}

/// A loader of a stateful dataset.
template <class Dataset>
requires(Dataset::is_stateful) std::unique_ptr<StatefulDataLoader<Dataset>> make_data_loader(
    Dataset dataset, DataLoaderOptions options = DataLoaderOptions()) {
  return std::make_unique<StatefulDataLoader<Dataset>>(std::move(dataset), std::move(options));
}

}  // namespace ember::data
