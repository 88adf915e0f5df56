// Examples, datasets and transforms (ember/data/datasets, ember/data/transforms).
#include <gtest/gtest.h>

#include "ember/data.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data {
namespace {

using testing::error_of;
using testing::expect_error_names;

// A dataset whose example i is {[i, i + 0.5], i}; get(bad) raises.
struct Counting : datasets::Dataset<Counting> {
  explicit Counting(size_t count, size_t broken = SIZE_MAX) : n(count), bad(broken) {}
  Example<> get(size_t index) override {
    EMBER_CHECK(index != bad, "Counting", "sample ", index, " is broken");
    const auto i = static_cast<double>(index);
    return {tensor(std::vector<double>{i, i + 0.5}, kFloat32),
            scalar_tensor(static_cast<int64_t>(index), kInt64)};
  }
  std::optional<size_t> size() const override { return n; }
  size_t n, bad;
};

TEST(DataExample, HoldsDataAndTarget) {
  Example<> e(ones({2}), zeros({}, kInt64));
  EXPECT_EQ(e.data.size(0), 2);
  EXPECT_EQ(e.target.scalar_type(), kInt64);
  TensorExample t(ones({3}));
  const Tensor& as_tensor = t;
  EXPECT_EQ(as_tensor.size(0), 3);
  static_assert(std::is_same_v<TensorExample::TargetType, example::NoTarget>);
  static_assert(std::is_same_v<Example<int, double>::DataType, int>);
}

TEST(DataDataset, GetBatchCallsGetPerIndex) {
  Counting ds(5);
  EXPECT_FALSE(Counting::is_stateful);
  auto batch = ds.get_batch(std::vector<size_t>{4, 1});
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].target.item<int64_t>(), 4);
  EXPECT_EQ(batch[1].data[1].item<float>(), 1.5f);
  EXPECT_EQ(*ds.size(), 5u);
}

TEST(DataDataset, FailedSampleIsNamed) {
  Counting ds(5, /*bad=*/3);
  const std::string message = error_of([&] { ds.get_batch(std::vector<size_t>{1, 3}); });
  EXPECT_EQ(message.rfind("[Dataset] failed to load sample 3: [Counting] sample 3 is broken", 0),
            0u)
      << message;
}

TEST(DataTensorDataset, RowsAreExamples) {
  datasets::TensorDataset ds(arange(12, kFloat32).view({4, 3}));
  EXPECT_EQ(*ds.size(), 4u);
  EXPECT_TRUE(ds.get(2).data.equal(tensor(std::vector<float>{6, 7, 8})));
  datasets::TensorDataset stacked(std::vector<Tensor>{ones({2}), zeros({2})});
  EXPECT_EQ(*stacked.size(), 2u);
  EXPECT_TRUE(stacked.get(1).data.equal(zeros({2})));
  expect_error_names([&] { ds.get(4); }, "TensorDataset");
  expect_error_names([] { datasets::TensorDataset bad(scalar_tensor(1.0)); }, "TensorDataset");
  expect_error_names([] { datasets::TensorDataset bad(Tensor{}); }, "TensorDataset");
}

TEST(DataTransforms, StackCollatesExamples) {
  auto ds = Counting(4).map(transforms::Stack<>());
  static_assert(std::is_same_v<decltype(ds)::BatchType, Example<>>);
  Example<> batch = ds.get_batch(std::vector<size_t>{2, 0, 3});
  EXPECT_EQ(batch.data.sizes(), (std::vector<int64_t>{3, 2}));
  EXPECT_TRUE(batch.target.equal(tensor(std::vector<int64_t>{2, 0, 3})));
  EXPECT_EQ(*ds.size(), 4u);

  auto tds = datasets::TensorDataset(arange(6, kFloat32).view({3, 2}))
                 .map(transforms::Stack<TensorExample>());
  TensorExample t = tds.get_batch(std::vector<size_t>{1, 2});
  EXPECT_TRUE(t.data.equal(tensor(std::vector<float>{2, 3, 4, 5}).view({2, 2})));
}

TEST(DataTransforms, StackOfMismatchedShapesRaises) {
  std::vector<Example<>> examples{{ones({2}), zeros({})}, {ones({3}), zeros({})}};
  expect_error_names([&] { transforms::Stack<>().apply_batch(examples); }, "stack");
}

TEST(DataTransforms, NormalizePerChannel) {
  // (x - mean) / stddev per channel; values from PyTorch 1.13.
  const Tensor x = tensor(std::vector<float>{0, 0.5, 1, 0.25, 0.2, 0.4, 0.6, 0.8}).view({2, 2, 2});
  transforms::Normalize<> normalize({0.5, 0.1}, {0.25, 0.2});
  EXPECT_EQ(normalize.mean.sizes(), (std::vector<int64_t>{2, 1, 1}));
  EXPECT_EQ(normalize.mean.scalar_type(), kFloat32);
  const Tensor expected =
      tensor(std::vector<float>{-2, 0, 2, -1, 0.5, 1.5, 2.5, 3.5}).view({2, 2, 2});
  EXPECT_TRUE(normalize(x).allclose(expected, 1e-6, 1e-6));
  // One value for all channels, applied through a mapped dataset (targets untouched).
  auto ds = Counting(3).map(transforms::Normalize<>(0.5, 2.0)).map(transforms::Stack<>());
  Example<> batch = ds.get_batch(std::vector<size_t>{2});
  EXPECT_TRUE(batch.data.allclose(tensor(std::vector<float>{0.75f, 1.0f}).view({1, 1, 1, 2})));
  EXPECT_EQ(batch.target.item<int64_t>(), 2);
  expect_error_names([] { transforms::Normalize<>(std::vector<double>{}, {1.0}); }, "Normalize");
}

TEST(DataTransforms, LambdasMapExamplesTensorsAndBatches) {
  auto ds = Counting(4)
                .map(transforms::Lambda<Example<>>([](Example<> e) {
                  e.target = e.target * 10;
                  return e;
                }))
                .map(transforms::TensorLambda<>([](Tensor t) { return t * 2; }))
                .map(transforms::Stack<>())
                .map(transforms::BatchLambda<Example<>, Tensor>(
                    [](Example<> b) { return b.data.sum() + b.target.sum(); }));
  // data: 2 * ([1, 1.5] + [3, 3.5]) = 18; targets 10 + 30 = 40.
  EXPECT_DOUBLE_EQ(ds.get_batch(std::vector<size_t>{1, 3}).item<double>(), 58.0);

  // Collate: a BatchLambda from a vector of examples to one.
  auto counted = Counting(3).map(transforms::Collate<Example<>>([](std::vector<Example<>> v) {
    return Example<>(scalar_tensor(static_cast<int64_t>(v.size())), v.back().target);
  }));
  EXPECT_EQ(counted.get_batch(std::vector<size_t>{0, 1, 2}).data.item<int64_t>(), 3);
}

// A stream dataset: batch request = number of examples.
struct Stream : datasets::StreamDataset<Stream> {
  std::vector<Example<>> get_batch(size_t n) override {
    std::vector<Example<>> out;
    for (size_t i = 0; i < n; ++i)
      out.push_back({ones({1}) * static_cast<double>(next++), zeros({})});
    return out;
  }
  std::optional<size_t> size() const override { return std::nullopt; }
  size_t next = 0;
};

TEST(DataDataset, StreamDatasetMaps) {
  auto ds = Stream().map(transforms::Stack<>());
  static_assert(std::is_same_v<decltype(ds)::BatchRequestType, size_t>);
  EXPECT_EQ(ds.get_batch(3).data.size(0), 3);
  EXPECT_EQ(ds.get_batch(2).data[1].item<float>(), 4.0f);
  EXPECT_FALSE(ds.size().has_value());
}

}  // namespace
}  // namespace ember::data
