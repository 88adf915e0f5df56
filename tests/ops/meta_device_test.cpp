// The meta device (Note [Meta device] in ember/device.h): factories and ops give the shapes and
// dtypes the CPU gives, allocate nothing, run the same argument checks, and raise where values
// are needed; tensors on two devices in one op raise PyTorch's error.
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember {
namespace {

Tensor on_meta(const Tensor& t) {
  return t.to(kMeta);
}

// Runs `op` on CPU inputs and on the same inputs moved to meta: the meta result is on meta and
// has the CPU result's sizes and dtype.
void expect_meta_matches_cpu(const std::vector<Tensor>& cpu_inputs,
                             const std::function<Tensor(const std::vector<Tensor>&)>& op) {
  std::vector<Tensor> meta_inputs;
  for (const Tensor& t : cpu_inputs) meta_inputs.push_back(on_meta(t));
  const Tensor expected = op(cpu_inputs);
  const int64_t cpu_before = memory_allocated(kCPU);
  const Tensor actual = op(meta_inputs);
  EXPECT_EQ(memory_allocated(kCPU), cpu_before) << "an op on meta allocated CPU memory";
  EXPECT_TRUE(actual.is_meta());
  EXPECT_EQ(actual.sizes(), expected.sizes());
  EXPECT_EQ(actual.scalar_type(), expected.scalar_type());
}

TEST(MetaDevice, ParsesAndPrints) {
  const Device meta("meta");
  EXPECT_TRUE(meta.is_meta());
  EXPECT_EQ(meta.type(), kMeta);
  EXPECT_EQ(meta.str(), "meta");
  EXPECT_EMBER_ERROR(Device("gpu"), "\"cpu\", \"cuda:0\" or \"meta\"");
}

TEST(MetaDevice, TensorsOnCpuZeroReportCpu) {
  EXPECT_EQ(zeros({2}, TensorOptions().device(Device("cpu:0"))).device(), Device(kCPU));
}

TEST(MetaDevice, FactoriesAllocateNothingButCountBytes) {
  const int64_t cpu_before = memory_allocated(kCPU);
  const int64_t meta_before = memory_allocated(kMeta);
  {
    const Tensor t = empty({1000, 1000}, TensorOptions().device(kMeta));
    EXPECT_TRUE(t.is_meta());
    EXPECT_EQ(t.sizes(), IntArrayRef({1000, 1000}));
    EXPECT_EQ(t.scalar_type(), kFloat);
    EXPECT_EQ(memory_allocated(kMeta) - meta_before, 4000000);  // a multiple of 64 already
    EXPECT_EQ(memory_allocated(kCPU), cpu_before);
  }
  EXPECT_EQ(memory_allocated(kMeta), meta_before);
  EXPECT_GE(max_memory_allocated(kMeta), meta_before + 4000000);
}

TEST(MetaDevice, EveryFactoryMakesMetaTensors) {
  const TensorOptions meta = TensorOptions().device(kMeta);
  const std::vector<Tensor> made = {
      zeros({2, 3}, meta),
      ones({2, 3}, meta.dtype(kLong)),
      full({4}, 2.5, meta),
      arange(5, meta),
      linspace(0, 1, 7, meta),
      eye(3, meta),
      rand({2, 2}, meta),
      randn({2, 2}, meta),
      randint(0, 10, {3}, meta),
      tensor({1.0, 2.0, 3.0}, meta),
      empty_strided({2, 3}, {1, 2}, meta),
      zeros_like(zeros({2, 3}, meta)),
  };
  for (const Tensor& t : made) EXPECT_TRUE(t.is_meta()) << t.sizes();
  EXPECT_EQ(arange(5, meta).sizes(), IntArrayRef({5}));
  EXPECT_EQ(arange(5, meta).scalar_type(), kLong);
  EXPECT_EQ(empty_strided({2, 3}, {1, 2}, meta).strides(), IntArrayRef({1, 2}));
}

TEST(MetaDevice, DefaultDeviceBuildsOnMeta) {
  set_default_device(kMeta);
  const Tensor t = zeros({3});
  const Tensor explicit_cpu = zeros({3}, TensorOptions().device(kCPU));
  set_default_device(kCPU);
  EXPECT_TRUE(t.is_meta());
  EXPECT_TRUE(explicit_cpu.is_cpu());
  EXPECT_TRUE(zeros({3}).is_cpu());
}

TEST(MetaDevice, ElementwiseShapesAndPromotion) {
  expect_meta_matches_cpu({ones({2, 1, 3}), ones({4, 1}, kInt)},
                          [](const auto& x) { return x[0] + x[1]; });
  expect_meta_matches_cpu({ones({3}, kInt)}, [](const auto& x) { return x[0].exp(); });
  expect_meta_matches_cpu({ones({3}, kInt)}, [](const auto& x) { return x[0] / 2; });
  expect_meta_matches_cpu({ones({2, 3})}, [](const auto& x) { return x[0].lt(0.5); });
  expect_meta_matches_cpu({ones({2, 3}), ones({3}), ones({2, 1})},
                          [](const auto& x) { return where(x[0].gt(0), x[1], x[2]); });
  expect_meta_matches_cpu({ones({2, 3})},
                          [](const auto& x) { return x[0].clamp(0.1, 0.9).relu().sigmoid(); });
}

TEST(MetaDevice, ReductionsRearrangingAndLinearAlgebra) {
  expect_meta_matches_cpu({ones({2, 3, 4})}, [](const auto& x) { return x[0].sum(1, true); });
  expect_meta_matches_cpu({ones({2, 3, 4}, kInt)}, [](const auto& x) { return x[0].sum(); });
  expect_meta_matches_cpu({ones({2, 3, 4})}, [](const auto& x) { return x[0].argmax(2); });
  expect_meta_matches_cpu({ones({2, 3, 4})},
                          [](const auto& x) { return std::get<0>(x[0].max(1)); });
  expect_meta_matches_cpu({ones({2, 3, 4})}, [](const auto& x) { return x[0].softmax(-1); });
  expect_meta_matches_cpu({ones({2, 3, 4})}, [](const auto& x) { return x[0].cumsum(0); });
  expect_meta_matches_cpu({ones({5, 3})}, [](const auto& x) { return std::get<0>(x[0].sort(0)); });
  expect_meta_matches_cpu({ones({2, 3}), ones({4, 3})}, [](const auto& x) {
    return cat({x[0], x[1]}, 0);
  });
  expect_meta_matches_cpu({ones({2, 3})}, [](const auto& x) { return x[0].t().contiguous(); });
  expect_meta_matches_cpu({ones({2, 3})}, [](const auto& x) { return x[0].repeat({2, 2}); });
  expect_meta_matches_cpu({ones({5, 2, 3}), ones({5, 3, 4})},
                          [](const auto& x) { return matmul(x[0], x[1]); });
  expect_meta_matches_cpu({ones({4, 3}), zeros({2}, kLong)},
                          [](const auto& x) { return x[0].index_select(0, x[1]); });
  expect_meta_matches_cpu({ones({4, 3}), zeros({4, 1}, kLong)},
                          [](const auto& x) { return x[0].gather(1, x[1]); });
  expect_meta_matches_cpu({ones({1, 2, 8, 8}), ones({4, 2, 3, 3})},
                          [](const auto& x) { return conv2d(x[0], x[1], {}, 2, 1); });
  expect_meta_matches_cpu({ones({1, 2, 8, 8})}, [](const auto& x) {
    return max_pool2d(x[0], {2, 2});
  });
}

TEST(MetaDevice, BackwardGivesGradientsOnMeta) {
  const Tensor w = randn({3, 4}, TensorOptions().device(kMeta).requires_grad(true));
  const Tensor x = randn({5, 3}, TensorOptions().device(kMeta));
  matmul(x, w).tanh().sum().backward();
  ASSERT_TRUE(w.grad().defined());
  EXPECT_TRUE(w.grad().is_meta());
  EXPECT_EQ(w.grad().sizes(), w.sizes());
}

TEST(MetaDevice, ChecksRunAsOnTheCpu) {
  const TensorOptions meta = TensorOptions().device(kMeta);
  const std::string cpu_message = testing::error_of([] {
    (void)matmul(ones({2, 3}), ones({4, 5}));
  });
  ASSERT_FALSE(cpu_message.empty());
  EXPECT_EQ(testing::error_of([&] {
              (void)matmul(ones({2, 3}, meta), ones({4, 5}, meta));
            }),
            cpu_message);
  EXPECT_EMBER_ERROR(ones({2, 3}, meta) + ones({4}, meta), "[add]");
  EXPECT_EMBER_ERROR(ones({2}, meta).sum(3), "[sum]");
}

TEST(MetaDevice, MixingDevicesRaisesPyTorchsError) {
  const Tensor cpu = ones({2});
  const Tensor meta = ones({2}, TensorOptions().device(kMeta));
  EXPECT_EMBER_ERROR(cpu + meta,
                     "[add] Expected all tensors to be on the same device, but found at least two "
                     "devices, cpu and meta!");
  EXPECT_EMBER_ERROR(matmul(meta.reshape({1, 2}), cpu.reshape({2, 1})), "meta and cpu!");
  EXPECT_EMBER_ERROR(cat({cpu, meta}), "at least two devices");
}

TEST(MetaDevice, ValuesAreNotThere) {
  const Tensor meta = ones({2}, TensorOptions().device(kMeta));
  EXPECT_EMBER_ERROR(meta.sum().item(), "[item] Tensor.item() cannot be called on meta tensors");
  EXPECT_EMBER_ERROR(meta.to(kCPU), "Cannot copy out of meta tensor; no data!");
  EXPECT_EMBER_ERROR(ones({2}).copy_(meta), "Cannot copy out of meta tensor; no data!");
  EXPECT_EMBER_ERROR(meta.data_ptr<float>(), "[data_ptr] a meta tensor has no data");
  EXPECT_EMBER_ERROR(meta.nonzero(), "cannot run on meta tensors: its result depends on the data");
  EXPECT_EMBER_ERROR(meta.masked_select(meta.gt(0)), "its result depends on the data");
  // Copies into meta need no data.
  Tensor target = empty({2}, TensorOptions().device(kMeta));
  target.copy_(ones({2}));
  EXPECT_TRUE(target.is_meta());
}

TEST(MetaDevice, DevicesWithoutBackendRaise) {
  EXPECT_EMBER_ERROR(zeros({2}, TensorOptions().device(kCUDA)),
                     "[zeros] no backend for device cuda in this build");
  EXPECT_EMBER_ERROR(ones({2}).to(kCUDA), "[to] no backend for device cuda");
  EXPECT_EMBER_ERROR(memory_allocated(kCUDA), "[memory_stats] no backend for device cuda");
}

}  // namespace
}  // namespace ember
