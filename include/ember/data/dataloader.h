#pragma once
/// `make_data_loader`, as libtorch's `torch::data::make_data_loader`:
///
///     auto loader = make_data_loader(std::move(dataset), 64);                  // RandomSampler
///     auto loader = make_data_loader<SequentialSampler>(dataset, options);
///     auto loader = make_data_loader(dataset, RandomSampler(n, Generator(7)), options);
///     auto loader = make_data_loader(stateful_dataset, options);               // stateful
///     auto loader = make_data_loader(dataset, DataLoaderOptions(64).shuffle(false));
///     auto loader = make_data_loader(dataset, options, [](std::vector<Example<>> b) {...});
#include <memory>
#include <type_traits>
#include <utility>

#include "ember/data/dataloader/stateful.h"
#include "ember/data/dataloader/stateless.h"
#include "ember/data/dataloader_options.h"
#include "ember/data/datasets/map.h"
#include "ember/data/samplers/auto.h"
#include "ember/data/transforms/lambda.h"
#include "ember/error.h"

namespace ember::data {

/// A loader of `dataset` through `sampler`.
/// Raises `ember::Error` when `options.shuffle()` is set (PyTorch: "sampler option is mutually
/// exclusive with shuffle").
template <class Dataset, class Sampler>
requires(!Dataset::is_stateful)
    std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(
        Dataset dataset, Sampler sampler, DataLoaderOptions options) {
  EMBER_CHECK(!options.shuffle().has_value(), "DataLoader",
              "expected no shuffle option with an explicit sampler (they are mutually "
              "exclusive), got shuffle = ",
              *options.shuffle());
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(
      std::move(dataset), std::move(sampler), std::move(options));
}

/// A loader of `dataset` through `Sampler(dataset.size())`. The default `AutoSampler` is a
/// `RandomSampler` (as libtorch), or a `SequentialSampler` with `options.shuffle(false)`; an
/// explicit `Sampler` type cannot be combined with `shuffle`. Raises `ember::Error` for a
/// dataset of unknown size.
template <class Sampler = samplers::AutoSampler, class Dataset>
requires(!Dataset::is_stateful && std::is_constructible_v<Sampler, size_t>)
    std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(
        Dataset dataset, DataLoaderOptions options = DataLoaderOptions()) {
  const std::optional<size_t> size = dataset.size();
  EMBER_CHECK(size.has_value(), "make_data_loader",
              "expected a sized dataset to construct the sampler, got one of unknown size");
  if constexpr (std::is_same_v<Sampler, samplers::AutoSampler>) {
    Sampler sampler(*size, options.shuffle().value_or(true));
    options.shuffle(std::nullopt);
    return make_data_loader(std::move(dataset), std::move(sampler), std::move(options));
  } else {
    Sampler sampler(*size);
    return make_data_loader(std::move(dataset), std::move(sampler), std::move(options));
  }
}

/// Python's `collate_fn`: a loader whose batches are `collate(examples)`, for a dataset whose
/// batches are vectors of examples (the same as `dataset.map(transforms::Collate<...>(collate))`
/// with the default sampler). `shuffle` applies as above.
template <class Dataset, class CollateFn>
requires(
    !Dataset::is_stateful &&
    std::is_invocable_v<
        CollateFn, typename Dataset::BatchType>) auto make_data_loader(Dataset dataset,
                                                                       DataLoaderOptions options,
                                                                       CollateFn collate) {
  using Output = std::invoke_result_t<CollateFn, typename Dataset::BatchType>;
  using Collation = transforms::BatchLambda<typename Dataset::BatchType, Output>;
  return make_data_loader(
      datasets::map(std::move(dataset), Collation(typename Collation::FunctionType(collate))),
      std::move(options));
}

/// A loader of a stateful dataset.
template <class Dataset>
requires(Dataset::is_stateful) std::unique_ptr<StatefulDataLoader<Dataset>> make_data_loader(
    Dataset dataset, DataLoaderOptions options = DataLoaderOptions()) {
  return std::make_unique<StatefulDataLoader<Dataset>>(std::move(dataset), std::move(options));
}

}  // namespace ember::data
