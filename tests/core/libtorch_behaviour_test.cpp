// Behaviour a libtorch program relies on, found different when real programs were tried with only
// the include changed (the parity issue, part 3). Each expectation is what libtorch 1.13 does for
// the same code.
#include <gtest/gtest.h>

#include <ember/torch.h>

#include <string>
#include <vector>

#include "support/errors.h"

namespace {

TEST(LibtorchBehaviour, VarAndStdOfAnIntReduceThatDim) {
  // An int converts to bool before IntArrayRef; libtorch's int overloads make it a dim.
  const torch::Tensor x = torch::arange(6, torch::kFloat).view({2, 3});
  EXPECT_EQ(x.var(0).sizes(), (std::vector<int64_t>{3}));
  EXPECT_EQ(x.std(1).sizes(), (std::vector<int64_t>{2}));
  EXPECT_TRUE(x.var(0).allclose(x.var(torch::IntArrayRef{0})));
  EXPECT_EQ(x.var(false).dim(), 0);  // the bool overload is still there
}

TEST(LibtorchBehaviour, TensorFromValuesTakesLibtorchsDtype) {
  std::vector<int> ints{1, 2};
  std::vector<double> doubles{1.5, 2};
  std::vector<int16_t> shorts{1, 2};
  EXPECT_EQ(torch::tensor(ints).scalar_type(), torch::kLong);
  EXPECT_EQ(torch::tensor(torch::ArrayRef<int>(ints)).scalar_type(), torch::kLong);
  EXPECT_EQ(torch::tensor(std::vector<int64_t>{1}).scalar_type(), torch::kLong);
  EXPECT_EQ(torch::tensor(doubles).scalar_type(), torch::kFloat);
  EXPECT_EQ(torch::tensor(torch::ArrayRef<double>(doubles)).scalar_type(), torch::kFloat);
  EXPECT_EQ(torch::tensor(shorts).scalar_type(), torch::kShort);
  EXPECT_EQ(torch::tensor(doubles, torch::kDouble).scalar_type(), torch::kDouble);
  // The default dtype decides, as for braces.
  torch::set_default_dtype(torch::kDouble);
  EXPECT_EQ(torch::tensor(std::vector<float>{1}).scalar_type(), torch::kDouble);
  torch::set_default_dtype(torch::kFloat);
  EXPECT_EQ(torch::tensor(doubles)[0].item<float>(), 1.5f);
}

TEST(LibtorchBehaviour, ParameterDictKeepsRequiresGrad) {
  torch::nn::ParameterDict dict;
  dict->insert("frozen", torch::ones({2}).requires_grad_(false));
  dict->insert("trained", torch::ones({2}).requires_grad_(true));
  EXPECT_FALSE(dict["frozen"].requires_grad());
  EXPECT_TRUE(dict["trained"].requires_grad());
  dict->insert("trained", torch::zeros({2}));  // replacing keeps the new tensor's flag
  EXPECT_FALSE(dict["trained"].requires_grad());
}

TEST(LibtorchBehaviour, AViewMadeWithoutGradModeRequiresGradAsItsBase) {
  const torch::Tensor leaf = torch::ones({3}, torch::requires_grad());
  torch::Tensor view;
  {
    torch::NoGradGuard no_grad;
    view = leaf.view({3});
    view.mul_(1);  // in-place without grad mode is allowed
  }
  EXPECT_TRUE(view.requires_grad());
  EXPECT_TRUE(view.is_leaf());
  EXPECT_FALSE(view.grad_fn());
  // Ops on it record history, and their backward reaches neither the view nor the base.
  const torch::Tensor y = (view * 2).sum();
  EXPECT_TRUE(y.requires_grad());
  y.backward();
  EXPECT_FALSE(leaf.grad().defined());
  EXPECT_FALSE(view.grad().defined());
  EXPECT_EMBER_ERROR(view.mul_(2),
                     "A view was created in no_grad mode and is being modified "
                     "inplace with grad mode enabled");
  // A view of a tensor that does not require grad still does not.
  torch::NoGradGuard no_grad;
  EXPECT_FALSE(torch::ones({3}).view({3}).requires_grad());
}

TEST(LibtorchBehaviour, OrderedDictUpdateRejectsAKeyAlreadyThere) {
  torch::OrderedDict<std::string, int> a, b, c;
  a.insert("x", 1);
  b.insert("x", 2);
  c.insert("y", 3);
  EXPECT_EMBER_ERROR(a.update(b), "Key 'x' already defined");
  EXPECT_EQ(a["x"], 1);
  a.update(c);
  EXPECT_EQ(a.keys(), (std::vector<std::string>{"x", "y"}));
}

TEST(LibtorchBehaviour, AnEmptyIndexListRaises) {
  torch::Tensor x = torch::zeros({2, 3});
  EXPECT_EMBER_ERROR(x.index({}),
                     "Passing an empty index list to Tensor::index() is not valid syntax");
  EXPECT_EMBER_ERROR(x.index_put_({}, 1.0),
                     "Passing an empty index list to Tensor::index_put_() is not valid syntax");
  EXPECT_EMBER_ERROR(x.index_put_({}, torch::ones({2, 3})),
                     "Passing an empty index list to Tensor::index_put_() is not valid syntax");
}

}  // namespace
