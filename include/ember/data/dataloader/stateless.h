#pragma once
/// `StatelessDataLoader`: loads a dataset through a sampler (libtorch's
/// `torch::data::StatelessDataLoader`). Each worker thread gets its own copy of the dataset, as in
/// libtorch, so `get_batch` need not be thread-safe (copies of a `TensorDataset` or `MNIST`
/// share their tensors, which are only read).
#include <memory>
#include <optional>
#include <utility>

#include "ember/data/dataloader/base.h"

namespace ember::data {

template <class Dataset, class Sampler>
class StatelessDataLoader
    : public DataLoaderBase<typename Dataset::BatchType, typename Sampler::BatchRequestType> {
 public:
  using super = DataLoaderBase<typename Dataset::BatchType, typename Sampler::BatchRequestType>;
  using typename super::BatchRequestType;
  using typename super::BatchType;

  StatelessDataLoader(Dataset dataset, Sampler sampler, DataLoaderOptions options)
      : super(std::move(options)), sampler_(std::move(sampler)) {
    auto fetch_from = [](std::shared_ptr<Dataset> ds) {
      return [ds](BatchRequestType& request) -> std::optional<BatchType> {
        return ds->get_batch(request);
      };
    };
    auto main = std::make_shared<Dataset>(std::move(dataset));
    // make_fetch is kept (non-persistent workers call it again each epoch): capture by value.
    this->start(fetch_from(main), [main, fetch_from](size_t) {
      return fetch_from(std::make_shared<Dataset>(*main));
    });
  }
  ~StatelessDataLoader() override { this->stop_workers(); }

 private:
  void reset_source() override { sampler_.reset(); }

  std::optional<BatchRequestType> get_batch_request() override {
    auto request = sampler_.next(this->options_.batch_size);
    if (!request || (request->size() < this->options_.batch_size && this->options_.drop_last)) {
      return std::nullopt;
    }
    return request;
  }

  samplers::SamplerState sampler_state() const override { return sampler_.state(); }
  void load_sampler_state(const samplers::SamplerState& state) override {
    sampler_.load_state(state);
  }
  bool can_resume() const override { return true; }

  Sampler sampler_;
};

}  // namespace ember::data
