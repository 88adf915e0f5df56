#pragma once
/// `StatefulDataLoader`: loads a stateful dataset, which keeps its own position, until it returns
/// an empty batch (libtorch's `torch::data::StatefulDataLoader`). Workers share the one dataset,
/// so its `get_batch` must be thread-safe when `workers > 0`; each epoch calls `reset()` on it.
/// With workers, batches come out in request order, but which examples a request receives depends
/// on the dataset; `drop_last` does not apply and the position cannot be saved.
#include <memory>
#include <optional>
#include <utility>

#include "ember/data/dataloader/base.h"

namespace ember::data {

template <class Dataset>
class StatefulDataLoader : public DataLoaderBase<typename Dataset::BatchType::value_type,
                                                 typename Dataset::BatchRequestType> {
 public:
  using super =
      DataLoaderBase<typename Dataset::BatchType::value_type, typename Dataset::BatchRequestType>;
  using typename super::BatchRequestType;
  using typename super::BatchType;

  StatefulDataLoader(Dataset dataset, DataLoaderOptions options)
      : super(std::move(options)), dataset_(std::make_shared<Dataset>(std::move(dataset))) {
    auto fetch = [ds = dataset_](BatchRequestType& request) { return ds->get_batch(request); };
    this->start(fetch, [fetch](size_t) { return fetch; });
  }
  ~StatefulDataLoader() override { this->stop_workers(); }

 private:
  void reset_source() override { dataset_->reset(); }
  std::optional<BatchRequestType> get_batch_request() override {
    return BatchRequestType(this->options_.batch_size);
  }

  std::shared_ptr<Dataset> dataset_;
};

}  // namespace ember::data
