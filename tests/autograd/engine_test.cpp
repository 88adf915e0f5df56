// The engine and the Tensor autograd API: accumulation, retain_graph, create_graph, grad(),
// hooks, in-place and view semantics, error cases, deep graphs and threads.
#include <gtest/gtest.h>

#include <thread>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember {
namespace {

using testing::error_of;

Tensor leaf(std::vector<double> values) {
  return tensor(values, kDouble).requires_grad_();
}

TEST(AutogradEngine, TinyGraphGradients) {
  Tensor w = leaf({2.0});
  Tensor x = leaf({3.0});
  Tensor b = leaf({1.0});
  Tensor y = (w * x + b).sum();
  EXPECT_EQ(y.grad_fn()->name(), "SumBackward0");
  y.backward();
  EXPECT_DOUBLE_EQ(w.grad().item<double>(), 3.0);
  EXPECT_DOUBLE_EQ(x.grad().item<double>(), 2.0);
  EXPECT_DOUBLE_EQ(b.grad().item<double>(), 1.0);
}

TEST(AutogradEngine, GradientsAccumulateAcrossCalls) {
  Tensor x = leaf({1.0, 2.0});
  (x * x).sum().backward();
  (x * 3).sum().backward();
  EXPECT_TRUE(x.grad().allclose(tensor({5.0, 7.0}, kDouble)));
}

TEST(AutogradEngine, BroadcastGradientsSumBackToInputShape) {
  Tensor a = leaf({1.0, 2.0, 3.0}).reshape({1, 3}).detach().requires_grad_();
  Tensor b = leaf({1.0, 2.0}).reshape({2, 1}).detach().requires_grad_();
  (a * b).sum().backward();
  EXPECT_EQ(a.grad().sizes(), IntArrayRef({1, 3}));
  EXPECT_TRUE(a.grad().allclose(tensor({3.0, 3.0, 3.0}, kDouble).reshape({1, 3})));
  EXPECT_TRUE(b.grad().allclose(tensor({6.0, 6.0}, kDouble).reshape({2, 1})));
}

TEST(AutogradEngine, BackwardTwiceWithoutRetainGraphRaises) {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = (x * x).sum();
  y.backward({}, /*retain_graph=*/true);
  y.backward();
  EXPECT_TRUE(x.grad().allclose(tensor({4.0, 8.0}, kDouble)));
  EXPECT_NE(error_of([&] { y.backward(); }).find("backward through the graph a second time"),
            std::string::npos);
}

TEST(AutogradEngine, NonScalarBackwardNeedsAGradient) {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = x * 2;
  EXPECT_NE(error_of([&] { y.backward(); }).find("only for scalar outputs"), std::string::npos);
  y.backward(ones_like(y));
  EXPECT_TRUE(x.grad().allclose(tensor({2.0, 2.0}, kDouble)));
  EXPECT_NE(error_of([&] { tensor({1.0}).backward(); }).find("does not require grad"),
            std::string::npos);
}

TEST(AutogradEngine, GradReturnsGradientsWithoutAccumulating) {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = leaf({3.0});
  Tensor z = (x * y).sum();
  auto g = autograd::grad({z}, {x, y});
  EXPECT_TRUE(g[0].allclose(tensor({3.0, 3.0}, kDouble)));
  EXPECT_TRUE(g[1].allclose(tensor({3.0}, kDouble)));
  EXPECT_FALSE(x.grad().defined());
  Tensor unused = leaf({1.0});
  Tensor z2 = (x * 2).sum();
  EXPECT_NE(error_of([&] { autograd::grad({z2}, {unused}, {}, true); }).find("allow_unused"),
            std::string::npos);
  auto g2 = autograd::grad({z2}, {unused, x}, {}, std::nullopt, false, /*allow_unused=*/true);
  EXPECT_FALSE(g2[0].defined());
  EXPECT_TRUE(g2[1].allclose(tensor({2.0, 2.0}, kDouble)));
}

TEST(AutogradEngine, CreateGraphGivesSecondDerivatives) {
  Tensor x = leaf({2.0});
  Tensor y = x.pow(3).sum();
  auto g = autograd::grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true);
  EXPECT_TRUE(g[0].requires_grad());
  EXPECT_DOUBLE_EQ(g[0].item<double>(), 12.0);
  g[0].sum().backward();
  EXPECT_DOUBLE_EQ(x.grad().item<double>(), 12.0);  // d/dx 3x^2 = 6x
}

TEST(AutogradEngine, LeafAndGradFnQueries) {
  Tensor x = leaf({1.0});
  EXPECT_TRUE(x.is_leaf());
  Tensor y = x.exp();
  EXPECT_FALSE(y.is_leaf());
  EXPECT_EQ(y.grad_fn()->name(), "ExpBackward0");
  EXPECT_EQ(y.grad_fn()->next_edges().size(), 1u);
  EXPECT_EQ(y.grad_fn()->next_edge(0).function->name(), "AccumulateGrad");
  EXPECT_TRUE(tensor({1.0}).is_leaf());
  Tensor d = y.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(d.is_alias_of(y));
  EXPECT_NE(error_of([&] { y.requires_grad_(false); }).find("leaf variables"), std::string::npos);
  EXPECT_NE(error_of([&] { tensor({1}).requires_grad_(); }).find("floating point"),
            std::string::npos);
}

TEST(AutogradEngine, RetainGrad) {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = x * 2;
  y.retain_grad();
  Tensor z = (y * y).sum();
  z.backward();
  EXPECT_TRUE(y.retains_grad());
  EXPECT_TRUE(y.grad().allclose(tensor({4.0, 8.0}, kDouble)));
}

TEST(AutogradEngine, NoGradAndInferenceMode) {
  Tensor x = leaf({1.0});
  {
    NoGradGuard no_grad;
    EXPECT_FALSE(GradMode::is_enabled());
    Tensor y = x * 2;
    EXPECT_FALSE(y.requires_grad());
    {
      EnableGradGuard enable;
      EXPECT_TRUE((x * 2).requires_grad());
    }
  }
  EXPECT_TRUE(GradMode::is_enabled());
  {
    InferenceMode inference;
    Tensor y = x * 2;
    EXPECT_FALSE(y.requires_grad());
    EXPECT_TRUE(y.is_inference());
    const uint32_t before = y._version();
    y.add_(1);
    EXPECT_EQ(y._version(), before);
  }
}

TEST(AutogradEngine, HooksCanReplaceAndBeRemoved) {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = x * 3;
  unsigned h = y.register_hook([](Tensor g) { return g * 2; });
  int seen = 0;
  x.register_hook([&](const Tensor&) { ++seen; });
  y.sum().backward();
  EXPECT_TRUE(x.grad().allclose(tensor({6.0, 6.0}, kDouble)));
  EXPECT_EQ(seen, 1);
  Tensor y2 = x * 3;
  unsigned h2 = y2.register_hook([](Tensor g) { return g * 10; });
  y2.remove_hook(h2);
  x.mutable_grad() = Tensor();
  y2.sum().backward();
  EXPECT_TRUE(x.grad().allclose(tensor({3.0, 3.0}, kDouble)));
  (void)h;
  EXPECT_NE(error_of([&] {
              tensor({1.0}).register_hook([](Tensor g) { return g; });
            }).find("doesn't require gradient"),
            std::string::npos);
}

TEST(AutogradEngine, InPlaceOnLeafRaises) {
  Tensor x = leaf({1.0});
  EXPECT_NE(error_of([&] { x.add_(1); }).find("leaf Variable that requires grad"),
            std::string::npos);
  EXPECT_NE(error_of([&] { x.view({1}).mul_(2); }).find("view of a leaf Variable"),
            std::string::npos);
  NoGradGuard no_grad;
  x.add_(1);  // allowed without recording, as an optimizer step
  EXPECT_DOUBLE_EQ(x.item<double>(), 2.0);
}

TEST(AutogradEngine, SavedTensorModifiedInPlaceRaises) {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = x.exp();
  Tensor z = y * 1;
  y.add_(1);  // ExpBackward0 saved y
  const std::string e = error_of([&] { (z + y).sum().backward(); });
  EXPECT_NE(e.find("modified by an inplace operation"), std::string::npos) << e;
  EXPECT_NE(e.find("is at version 1; expected version 0"), std::string::npos) << e;
}

TEST(AutogradEngine, InPlaceOnNonLeaf) {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = x * 2;
  y.mul_(y);
  EXPECT_EQ(y.grad_fn()->name(), "MulBackward0");
  y.sum().backward();
  EXPECT_TRUE(x.grad().allclose(tensor({8.0, 16.0}, kDouble)));  // d/dx (2x)^2 = 8x
}

TEST(AutogradEngine, InPlaceOnViewReachesTheBase) {
  Tensor x = leaf({1.0, 2.0, 3.0});
  Tensor y = x * 1;
  Tensor v = y.narrow(0, 1, 2);
  v.mul_(10);
  EXPECT_EQ(y.grad_fn()->name(), "CopySlices");
  EXPECT_EQ(v.grad_fn()->name(), "AsStridedBackward0");
  (y * y).sum().backward();
  // y = [x0, 10 x1, 10 x2]: d/dx sum(y^2) = [2 x0, 200 x1, 200 x2]
  EXPECT_TRUE(x.grad().allclose(tensor({2.0, 400.0, 600.0}, kDouble)));
}

TEST(AutogradEngine, OtherViewsSeeAnInPlaceWrite) {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = x * 1;
  Tensor first = y.select(0, 0);
  y.mul_(3);
  first.backward();
  EXPECT_TRUE(x.grad().allclose(tensor({3.0, 0.0}, kDouble)));
}

TEST(AutogradEngine, CopyIntoAViewOfAPlainTensor) {
  Tensor w = leaf({5.0, 6.0});
  Tensor buf = zeros({4}, kDouble);
  buf.narrow(0, 1, 2).copy_(w);
  EXPECT_TRUE(buf.requires_grad());
  (buf * tensor({1.0, 2.0, 3.0, 4.0}, kDouble)).sum().backward();
  EXPECT_TRUE(w.grad().allclose(tensor({2.0, 3.0}, kDouble)));
}

TEST(AutogradEngine, DeepChainNeitherOverflowsNorLeaks) {
  Tensor x = leaf({1.0});
  Tensor y = x;
  for (int i = 0; i < 100000; ++i) y = y * 1.0;
  y.backward();
  EXPECT_DOUBLE_EQ(x.grad().item<double>(), 1.0);
  y = Tensor();  // frees the 100,000 nodes without recursion
}

TEST(AutogradEngine, IndependentGraphsOnSeveralThreads) {
  std::vector<std::thread> threads;
  std::vector<double> results(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&results, t] {
      Tensor x = tensor({static_cast<double>(t)}, kDouble).requires_grad_();
      for (int i = 0; i < 200; ++i) {
        x.mutable_grad() = Tensor();
        (x * x * 3).sum().backward();
      }
      results[t] = x.grad().item<double>();
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_DOUBLE_EQ(results[t], 6.0 * t);
}

TEST(AutogradEngine, SharedLeafAcrossThreadsAccumulatesEverything) {
  Tensor w = leaf({1.0});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([w] {
      for (int i = 0; i < 100; ++i) (w * 2).sum().backward();
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_DOUBLE_EQ(w.grad().item<double>(), 800.0);
}

TEST(AutogradEngine, DeterministicGradients) {
  Tensor x = randn({64, 32}, kDouble).requires_grad_();
  Tensor w = randn({32, 16}, kDouble).requires_grad_();
  auto run = [&] {
    x.mutable_grad() = Tensor();
    (x.matmul(w).tanh() * x.sum(1, true)).sum().backward();
    return x.grad().clone();
  };
  Tensor first = run();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(run().equal(first));
}

TEST(AutogradEngine, AnomalyModeNamesTheForwardOp) {
  autograd::DetectAnomalyGuard anomaly;
  Tensor x = leaf({0.0});
  Tensor y = x.sqrt() * 0;  // sqrt'(0) = inf, times 0 = nan
  const std::string e = error_of([&] { y.sum().backward(); });
  EXPECT_NE(e.find("SqrtBackward0"), std::string::npos) << e;
  EXPECT_NE(e.find("returned nan or inf"), std::string::npos) << e;
  EXPECT_NE(e.find("sqrt"), std::string::npos) << e;
}

}  // namespace
}  // namespace ember

namespace ember {
namespace {

TEST(AutogradEngine, CopyIntoAViewOfANonLeaf) {
  Tensor x = tensor({1.0, 2.0, 3.0, 4.0}, kDouble).reshape({2, 2}).detach().requires_grad_();
  Tensor v = tensor({5.0, 6.0}, kDouble).requires_grad_();
  Tensor y = x * 2;
  y.select(0, 1).copy_(v);
  (y * y).sum().backward();
  // y = [[2 x00, 2 x01], [v0, v1]]: d/dx00 sum(y^2) = 8 x00, rows overwritten get nothing.
  EXPECT_TRUE(x.grad().allclose(tensor({8.0, 16.0, 0.0, 0.0}, kDouble).reshape({2, 2})))
      << x.grad();
  EXPECT_TRUE(v.grad().allclose(tensor({10.0, 12.0}, kDouble))) << v.grad();
}

}  // namespace
}  // namespace ember

namespace ember {
namespace {

TEST(AutogradEngine, BackwardWithInputsAccumulatesOnlyThere) {
  Tensor a = tensor({1.0, 2.0}, kDouble).requires_grad_();
  Tensor b = tensor({3.0}, kDouble).requires_grad_();
  Tensor mid = a * b;
  Tensor y = (mid * mid).sum();
  y.backward({}, std::nullopt, false, std::vector<Tensor>{b, mid});
  EXPECT_FALSE(a.grad().defined());
  EXPECT_TRUE(b.grad().allclose(tensor({30.0}, kDouble)));         // 2 b (a0^2 + a1^2)
  EXPECT_TRUE(mid.grad().allclose(tensor({6.0, 12.0}, kDouble)));  // 2 mid
}

TEST(AutogradEngine, BackwardOnSeveralTensors) {
  Tensor x = tensor({1.0, 2.0}, kDouble).requires_grad_();
  Tensor y1 = x * 2;
  Tensor y2 = x.exp();
  autograd::backward({y1, y2}, {ones_like(y1), full({2}, 2.0, kDouble)});
  EXPECT_TRUE(x.grad().allclose(2 + 2 * x.detach().exp()));
  EXPECT_NE(testing::error_of([&] {
              autograd::backward({x * 2}, {ones({3}, kDouble)});
            }).find("mismatch in shape"),
            std::string::npos);
}

TEST(AutogradEngine, DataAndDetachShareStorageButNotHistory) {
  Tensor x = tensor({1.0}, kDouble).requires_grad_();
  Tensor y = x * 3;
  Tensor d = y.data();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(d.is_alias_of(y));
  Tensor z = y * 1;
  EXPECT_NE(testing::error_of([&] { y.select(0, 0).detach_(); }).find("views"), std::string::npos);
  z.detach_();
  EXPECT_FALSE(z.requires_grad());
  EXPECT_TRUE(z.is_leaf());
}

TEST(AutogradEngine, GradModeIsThreadLocal) {
  NoGradGuard no_grad;
  bool other_thread_enabled = false;
  std::thread([&] { other_thread_enabled = GradMode::is_enabled(); }).join();
  EXPECT_TRUE(other_thread_enabled);
  EXPECT_FALSE(GradMode::is_enabled());
}

}  // namespace
}  // namespace ember
