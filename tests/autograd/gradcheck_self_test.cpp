// gradcheck and gradgradcheck themselves: each must catch a wrong derivative, or every gradient
// case that passes through them proves nothing.
#include <gtest/gtest.h>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember {
namespace {

using autograd::AutogradContext;
using autograd::variable_list;

// y = x^2 with a chosen backward: right (2x), wrong by a factor (x), or right in value but cut
// off from x (2 x.detach()), so that its own derivative, the second derivative of y, is lost.
enum class Backward { kRight, kWrongFactor, kDetached };

template <Backward kKind>
struct Square : public autograd::Function<Square<kKind>> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    ctx->save_for_backward({x});
    return x * x;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    Tensor x = ctx->get_saved_variables()[0];
    if constexpr (kKind == Backward::kRight) return {grads[0] * 2 * x};
    if constexpr (kKind == Backward::kWrongFactor) return {grads[0] * x};
    return {grads[0] * 2 * x.detach()};
  }
};

template <Backward kKind>
variable_list square(const variable_list& in) {
  return {Square<kKind>::apply(in[0])};
}

Tensor input() {
  manual_seed(3);
  return (randn({5}, kDouble) + 2).requires_grad_();  // away from 0, where x and 2x agree
}

TEST(GradcheckSelfTest, AcceptsTheRightDerivatives) {
  EXPECT_TRUE(autograd::gradcheck(square<Backward::kRight>, {input()}));
  EXPECT_TRUE(autograd::gradgradcheck(square<Backward::kRight>, {input()}));
}

TEST(GradcheckSelfTest, RejectsAWrongFirstDerivative) {
  autograd::GradcheckOptions quiet;
  quiet.raise_exception = false;
  EXPECT_FALSE(autograd::gradcheck(square<Backward::kWrongFactor>, {input()}, quiet));
  EXPECT_EMBER_ERROR(autograd::gradcheck(square<Backward::kWrongFactor>, {input()}),
                     "[gradcheck] Jacobian mismatch for output element 0 with respect to input 0");
}

TEST(GradcheckSelfTest, RejectsAWrongSecondDerivative) {
  // The first derivative is right, so gradcheck passes; only gradgradcheck can see the cut.
  EXPECT_TRUE(autograd::gradcheck(square<Backward::kDetached>, {input()}));
  autograd::GradcheckOptions quiet;
  quiet.raise_exception = false;
  EXPECT_FALSE(autograd::gradgradcheck(square<Backward::kDetached>, {input()}, quiet));
  EXPECT_EMBER_ERROR(autograd::gradgradcheck(square<Backward::kDetached>, {input()}),
                     "Jacobian mismatch");
}

TEST(GradcheckSelfTest, RejectsAnErrorJustOutsideTheTolerance) {
  // d(x^2)/dx = 2x is checked within atol + rtol * |2x|; a backward scaled by (1 + 2 rtol) is
  // outside that bound for every element, one scaled by (1 + rtol / 2) inside it.
  autograd::GradcheckOptions quiet;
  quiet.raise_exception = false;
  auto scaled = [](double factor) {
    return [factor](const variable_list& in) {
      // The value stays x^2 (y - y.detach() is zero); the gradient becomes 2x * factor.
      Tensor y = in[0] * in[0];
      Tensor corrected = y.detach() + (y - y.detach()) * factor;
      return variable_list{corrected};
    };
  };
  EXPECT_FALSE(autograd::gradcheck(scaled(1 + 2 * quiet.rtol), {input()}, quiet));
  EXPECT_TRUE(autograd::gradcheck(scaled(1 + quiet.rtol / 2), {input()}, quiet));
}

}  // namespace
}  // namespace ember
