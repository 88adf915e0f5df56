// libtorch spelling of the data API through <ember/torch.h>.
#include <gtest/gtest.h>

#include "ember/data.h"
#include "ember/torch.h"

namespace {

struct Squares : torch::data::datasets::Dataset<Squares> {
  torch::data::Example<> get(size_t index) override {
    const auto i = static_cast<double>(index);
    return {torch::full({1}, i * i),
            torch::scalar_tensor(static_cast<int64_t>(index), torch::kLong)};
  }
  torch::optional<size_t> size() const override { return 6; }
};

TEST(DataTorchCompat, LibtorchStyleLoop) {
  auto dataset = Squares()
                     .map(torch::data::transforms::Normalize<>(0.0, 1.0))
                     .map(torch::data::transforms::Stack<>());
  auto loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      std::move(dataset), torch::data::DataLoaderOptions().batch_size(4).workers(1));
  std::vector<int64_t> sizes;
  for (torch::data::Example<>& batch : *loader) sizes.push_back(batch.data.size(0));
  EXPECT_EQ(sizes, (std::vector<int64_t>{4, 2}));
  auto random = torch::data::make_data_loader(Squares().map(torch::data::transforms::Stack<>()), 3);
  int batches = 0;
  for (auto& batch : *random) batches += batch.target.numel() == 3 ? 1 : 0;
  EXPECT_EQ(batches, 2);
  using Mode = torch::data::datasets::MNIST::Mode;
  EXPECT_NE(Mode::kTrain, Mode::kTest);
}

}  // namespace
