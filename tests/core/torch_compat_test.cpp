// A libtorch-style program, written with torch::/at::/c10:: names only, compiles against
// <ember/torch.h> and computes what libtorch would.
#include <gtest/gtest.h>

#include <ember/torch.h>

#include <sstream>
#include <type_traits>
#include <vector>

#include "support/errors.h"

namespace {

// What a ported libtorch function looks like: only libtorch spellings below.
torch::Tensor normalise_rows(const torch::Tensor& x) {
  torch::Tensor centred = x - x.select(1, 0).unsqueeze(1);
  return centred * 0.5;
}

// A libtorch model definition, unchanged but for the include line.
struct TinyNetImpl : torch::nn::Module {
  TinyNetImpl()
      : fc1(register_module("fc1", torch::nn::Linear(4, 8))),
        fc2(register_module("fc2", torch::nn::Linear(torch::nn::LinearOptions(8, 3).bias(false)))),
        body(register_module("body", torch::nn::Sequential(torch::nn::Linear(3, 3)))) {}
  torch::Tensor forward(torch::Tensor x) {
    x = torch::tanh(fc1->forward(x));
    x = torch::nn::functional::dropout(x, torch::nn::functional::DropoutFuncOptions().p(0.0));
    return body->forward(fc2->forward(x));
  }
  torch::nn::Linear fc1, fc2;
  torch::nn::Sequential body;
};
TORCH_MODULE(TinyNet);

struct ScaleOptions {
  TORCH_ARG(double, factor) = 2.0;
};

std::vector<int64_t> shape_of(const at::Tensor& t) {
  c10::IntArrayRef sizes = t.sizes();
  return std::vector<int64_t>(sizes.begin(), sizes.end());
}

TEST(TorchCompat, NamesResolveToEmber) {
  static_assert(std::is_same_v<torch::Tensor, ember::Tensor>);
  static_assert(std::is_same_v<at::Tensor, ember::Tensor>);
  static_assert(std::is_same_v<c10::ScalarType, ember::ScalarType>);
  static_assert(std::is_same_v<torch::Dtype, ember::ScalarType>);
  static_assert(std::is_same_v<c10::IntArrayRef, ember::IntArrayRef>);
  static_assert(std::is_same_v<at::IntArrayRef, ember::IntArrayRef>);
  static_assert(std::is_same_v<torch::TensorOptions, ember::TensorOptions>);
  static_assert(std::is_same_v<c10::Scalar, ember::Scalar>);
  static_assert(std::is_same_v<c10::Device, ember::Device>);
  static_assert(std::is_same_v<c10::Half, ember::Half>);
  static_assert(std::is_same_v<c10::BFloat16, ember::BFloat16>);
  static_assert(std::is_same_v<c10::Error, ember::Error>);
  static_assert(std::is_same_v<c10::optional<int64_t>, std::optional<int64_t>>);
  static_assert(std::is_same_v<torch::indexing::Slice, ember::indexing::Slice>);
  static_assert(torch::kFloat32 == ember::kFloat && torch::kFloat64 == ember::kDouble);
  static_assert(torch::kInt64 == ember::kLong && at::kInt == ember::kInt);
  static_assert(c10::ScalarType::Half == torch::kHalf && torch::kBFloat16 == ember::kBFloat16);
  static_assert(torch::kCPU == ember::kCPU && c10::DeviceType::CUDA == torch::kCUDA);
  torch::indexing::Slice s(1, c10::nullopt, 2);
  EXPECT_EQ(s.start(), 1);
  EXPECT_EQ(s.step(), 2);
}

// libtorch's autograd spellings: torch::autograd::Function, AutogradContext, variable_list,
// torch::NoGradGuard, torch::autograd::grad.
struct Square : public torch::autograd::Function<Square> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x) {
    ctx->save_for_backward({x});
    return x * x;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    return {grads[0] * 2 * ctx->get_saved_variables()[0]};
  }
};

TEST(TorchCompat, LibtorchStyleAutograd) {
  torch::Tensor w = torch::ones({2}, torch::requires_grad());
  torch::Tensor loss = Square::apply(w * 3).sum();
  loss.backward();
  EXPECT_TRUE(w.grad().allclose(torch::full({2}, 18.0f)));  // d/dw 9 w^2
  {
    torch::NoGradGuard no_grad;
    w.sub_(w.grad() * 0.1);
  }
  EXPECT_TRUE(w.requires_grad() && w.is_leaf());
  auto g = torch::autograd::grad({(w * w).sum()}, {w});
  EXPECT_TRUE(g[0].allclose(w.detach() * 2));
}

TEST(TorchCompat, LibtorchStyleProgramComputesTheRightValues) {
  torch::Tensor a = torch::zeros({2, 3});
  torch::Tensor b = torch::ones({2, 3}, torch::kFloat32);
  torch::Tensor r = torch::arange(6, torch::TensorOptions().dtype(torch::kFloat)).view({2, 3});
  EXPECT_EQ(shape_of(r), (std::vector<int64_t>{2, 3}));

  torch::Tensor sum = a + b * 2 + r;  // {{2, 3, 4}, {5, 6, 7}}
  EXPECT_EQ(sum[1][2].item<float>(), 7.0f);
  EXPECT_EQ(sum.sizes(), c10::IntArrayRef({2, 3}));

  torch::Tensor n = normalise_rows(sum);  // {{0, .5, 1}, {0, .5, 1}}
  EXPECT_EQ(n[1][1].item<float>(), 0.5f);

  torch::Tensor d = n.t().to(torch::kDouble);
  EXPECT_EQ(d.scalar_type(), torch::kFloat64);
  EXPECT_EQ(shape_of(d), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(d[2][0].item<double>(), 1.0);

  torch::Tensor lit = torch::tensor({{1, 2}, {3, 4}});
  EXPECT_EQ(lit.dtype(), torch::kLong);
  EXPECT_EQ(lit.flatten()[3].item<int64_t>(), 4);
  auto acc = lit.accessor<int64_t, 2>();
  EXPECT_EQ(acc[1][0], 3);

  std::vector<float> raw = {1, 2, 3, 4, 5, 6};
  torch::Tensor blob = torch::from_blob(raw.data(), {3, 2}, torch::kFloat);
  blob.mul_(10);
  EXPECT_EQ(raw[5], 60.0f);                             // from_blob views the caller's memory
  torch::Tensor mid = blob.narrow(0, 1, 1).squeeze(0);  // {30, 40}
  EXPECT_EQ(mid.sizes(), c10::IntArrayRef({2}));
  EXPECT_EQ(mid[1].item<float>(), 40.0f);
}

TEST(TorchCompat, ErrorsAndChecksUseLibtorchSpellings) {
  bool caught = false;
  try {
    torch::zeros({2, 3}).view({4});
  } catch (const c10::Error& e) {
    caught = true;
    EXPECT_EQ(std::string(e.what()).rfind("[view]", 0), 0u) << e.what();
  }
  EXPECT_TRUE(caught);
  const int64_t batch = 3;
  EXPECT_NO_THROW(TORCH_CHECK(batch > 0, "batch must be positive"));
  // libtorch's words without a message; the message parts alone with one.
  EXPECT_EQ(ember::testing::error_of([&] { TORCH_CHECK(batch > 5); }),
            "[TORCH_CHECK] Expected batch > 5 to be true, but got false.");
  EXPECT_EQ(ember::testing::error_of([&] { TORCH_CHECK(batch > 5, "batch ", batch, " is small"); }),
            "[TORCH_CHECK] batch 3 is small");
  std::ostringstream out;
  out << torch::ones({2}, torch::kInt32);
  EXPECT_EQ(out.str(), " 1\n 1\n[ CPUIntType{2} ]");
}

TEST(TorchCompat, LibtorchStyleModules) {
  TinyNet net;
  torch::Tensor x = torch::randn({5, 4});
  torch::Tensor loss = torch::nn::functional::mse_loss(net->forward(x), torch::zeros({5, 3}));
  loss.backward();
  EXPECT_EQ(net->parameters().size(), 5u);
  for (const auto& p : net->named_parameters()) {
    EXPECT_TRUE(p.value().grad().defined()) << p.key();
  }
  EXPECT_EQ(net->named_parameters().keys(),
            (std::vector<std::string>{"fc1.weight", "fc1.bias", "fc2.weight", "body.0.weight",
                                      "body.0.bias"}));
  torch::OrderedDict<std::string, torch::Tensor> state = net->state_dict();
  TinyNet copy;
  copy->load_state_dict(state);
  EXPECT_TRUE(torch::allclose(copy->forward(x), net->forward(x)));
  EXPECT_EQ(ScaleOptions().factor(3.0).factor(), 3.0);
}

}  // namespace
