#pragma once
/// `MapDataset`: a dataset whose batches pass through a transform (libtorch's
/// `torch::data::datasets::MapDataset`), made by `dataset.map(transform)` or `datasets::map`.
#include <concepts>
#include <optional>
#include <type_traits>
#include <utility>

#include "ember/data/datasets/base.h"

namespace ember::data::datasets {

namespace detail {
template <bool C, class T>
using optional_if_t = std::conditional_t<C, std::optional<T>, T>;
template <class T>
struct unwrap_optional {
  using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
  using type = T;
};
/// A per-example transform (it has `apply`) over a request of sample indices.
template <class T, class Request>
concept per_example = requires(T& t, typename T::InputType input, const Request& r) {
  t.apply(std::move(input));
  { r[0] } -> std::convertible_to<size_t>;
  r.size();
};
}  // namespace detail

/// Applies `AppliedTransform::apply_batch` to every batch of `SourceDataset`; stateful sources
/// stay stateful (an empty batch passes through untransformed). A per-example transform
/// (`transforms::Transform`) over a batch requested by indices is applied example by example,
/// each inside its sample's random stream (Note [Per-sample randomness]).
template <class SourceDataset, class AppliedTransform>
class MapDataset
    : public BatchDataset<MapDataset<SourceDataset, AppliedTransform>,
                          detail::optional_if_t<SourceDataset::is_stateful,
                                                typename AppliedTransform::OutputBatchType>,
                          typename SourceDataset::BatchRequestType> {
 public:
  using DatasetType = SourceDataset;
  using TransformType = AppliedTransform;
  using BatchRequestType = typename SourceDataset::BatchRequestType;
  using OutputBatchType =
      detail::optional_if_t<SourceDataset::is_stateful, typename AppliedTransform::OutputBatchType>;

  MapDataset(DatasetType dataset, TransformType transform)
      : dataset_(std::move(dataset)), transform_(std::move(transform)) {}

  OutputBatchType get_batch(BatchRequestType request) override {
    if constexpr (SourceDataset::is_stateful) {
      if (auto batch = dataset_.get_batch(std::move(request))) {
        return transform_.apply_batch(std::move(*batch));
      }
      return std::nullopt;
    } else if constexpr (detail::per_example<AppliedTransform, BatchRequestType>) {
      const auto indices = request;
      auto batch = dataset_.get_batch(std::move(request));
      typename AppliedTransform::OutputBatchType out;
      out.reserve(batch.size());
      size_t k = 0;
      for (auto& example : batch) {
        const size_t index = k < indices.size() ? indices[k] : k;
        ++k;
        ember::data::detail::SampleScope scope(index);
        out.push_back(transform_.apply(std::move(example)));
      }
      return out;
    } else {
      return transform_.apply_batch(dataset_.get_batch(std::move(request)));
    }
  }

  std::optional<size_t> size() const override { return dataset_.size(); }

  /// Resets the source (stateful sources only).
  void reset() { dataset_.reset(); }

  const SourceDataset& dataset() const noexcept { return dataset_; }
  const AppliedTransform& transform() const noexcept { return transform_; }

 private:
  SourceDataset dataset_;
  AppliedTransform transform_;
};

/// `dataset.map(transform)` as a free function.
template <class DatasetType, class TransformType>
MapDataset<DatasetType, TransformType> map(DatasetType dataset, TransformType transform) {
  using SourceBatch = typename detail::unwrap_optional<typename DatasetType::BatchType>::type;
  static_assert(std::is_same_v<SourceBatch, typename TransformType::InputBatchType>,
                "the dataset's batch type does not match the transform's input batch type");
  return {std::move(dataset), std::move(transform)};
}

}  // namespace ember::data::datasets
