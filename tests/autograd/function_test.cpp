// Custom functions (Function<T>): forward/backward, saved tensors and data, several outputs,
// mark_dirty, mark_non_differentiable, needs_input_grad, and gradcheck on a user function.
#include <gtest/gtest.h>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember {
namespace {

using autograd::AutogradContext;
using autograd::variable_list;
using testing::error_of;

// y = x * exp(x) with a scale k, saving x and the scale.
struct XExpX : public autograd::Function<XExpX> {
  static Tensor forward(AutogradContext* ctx, Tensor x, double k) {
    ctx->saved_data["k"] = k;
    ctx->save_for_backward({x});
    return x * x.exp() * k;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    Tensor x = ctx->get_saved_variables()[0];
    double k = ctx->saved_data["k"].toDouble();
    return {grads[0] * (x + 1) * x.exp() * k, Tensor()};
  }
};

TEST(CustomFunction, ForwardBackwardAndName) {
  Tensor x = tensor({0.5, -1.0}, kDouble).requires_grad_();
  Tensor y = XExpX::apply(x, 2.0);
  EXPECT_EQ(y.grad_fn()->name().find("XExpXBackward") != std::string::npos, true)
      << y.grad_fn()->name();
  y.sum().backward();
  Tensor expected = (x.detach() + 1) * x.detach().exp() * 2;
  EXPECT_TRUE(x.grad().allclose(expected));
}

TEST(CustomFunction, PassesGradcheckAndGradgradcheck) {
  auto fn = [](const variable_list& in) { return variable_list{XExpX::apply(in[0], 1.5)}; };
  Tensor x = randn({4}, kDouble).requires_grad_();
  EXPECT_TRUE(autograd::gradcheck(fn, {x}));
  EXPECT_TRUE(autograd::gradgradcheck(fn, {x}));
}

// Two outputs, one of them non-differentiable; checks needs_input_grad.
struct SplitSign : public autograd::Function<SplitSign> {
  static variable_list forward(AutogradContext* ctx, Tensor a, Tensor b) {
    Tensor mask = a.gt(0);
    ctx->mark_non_differentiable({mask});
    ctx->saved_data["needs_b"] = ctx->needs_input_grad(1);
    return {a * b, mask};
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    EXPECT_TRUE(ctx->needs_input_grad(0));
    EXPECT_FALSE(ctx->needs_input_grad(1));
    return {grads[0] * 3, Tensor()};
  }
};

TEST(CustomFunction, SeveralOutputsAndNonDifferentiable) {
  Tensor a = tensor({1.0, -2.0}, kDouble).requires_grad_();
  Tensor b = full({2}, 3.0, kDouble);
  variable_list out = SplitSign::apply(a, b);
  EXPECT_TRUE(out[0].requires_grad());
  EXPECT_FALSE(out[1].requires_grad());
  out[0].sum().backward();
  EXPECT_TRUE(a.grad().allclose(full({2}, 3.0, kDouble)));
}

// An in-place forward: doubles x and returns it.
struct DoubleInPlace : public autograd::Function<DoubleInPlace> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    x.mul_(2);
    ctx->mark_dirty({x});
    return x;
  }
  static variable_list backward(AutogradContext*, variable_list grads) { return {grads[0] * 2}; }
};

TEST(CustomFunction, MarkDirty) {
  Tensor leaf = tensor({1.0, 2.0}, kDouble).requires_grad_();
  Tensor y = leaf * 1;
  Tensor z = DoubleInPlace::apply(y);
  EXPECT_TRUE(z.is_same(y));
  EXPECT_NE(y.grad_fn()->name().find("DoubleInPlace"), std::string::npos);
  z.sum().backward();
  EXPECT_TRUE(leaf.grad().allclose(full({2}, 2.0, kDouble)));
  EXPECT_NE(error_of([&] { DoubleInPlace::apply(leaf); }).find("leaf Variable"), std::string::npos);
}

struct WrongCount : public autograd::Function<WrongCount> {
  static Tensor forward(AutogradContext*, Tensor x, double) { return x * 2; }
  static variable_list backward(AutogradContext*, variable_list grads) { return {grads[0]}; }
};

TEST(CustomFunction, WrongNumberOfGradientsRaises) {
  Tensor x = tensor({1.0}, kDouble).requires_grad_();
  const std::string e = error_of([&] { WrongCount::apply(x, 1.0).sum().backward(); });
  EXPECT_NE(e.find("incorrect number of gradients (expected 2, got 1)"), std::string::npos) << e;
}

TEST(CustomFunction, SavedInputModifiedInPlaceRaises) {
  Tensor x = tensor({1.0}, kDouble).requires_grad_();
  Tensor y = x * 1;
  Tensor z = XExpX::apply(y, 1.0);
  y.add_(1);
  EXPECT_NE(error_of([&] { z.sum().backward(); }).find("modified by an inplace operation"),
            std::string::npos);
}

TEST(CustomFunction, SavedDataHoldsScalarsStringsAndTensors) {
  AutogradContext ctx;
  ctx.saved_data["i"] = 3;
  ctx.saved_data["s"] = "name";
  ctx.saved_data["t"] = ones({2});
  EXPECT_EQ(ctx.saved_data["i"].toInt(), 3);
  EXPECT_EQ(ctx.saved_data["s"].toStringRef(), "name");
  EXPECT_EQ(ctx.saved_data["t"].toTensor().numel(), 2);
  EXPECT_NE(error_of([&] { ctx.saved_data["s"].toInt(); }).find("expected Int"), std::string::npos);
}

}  // namespace
}  // namespace ember
