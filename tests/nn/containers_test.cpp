// Containers: Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict, Functional and
// the type erasure under them (AnyModule / AnyValue).
#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember::nn {
namespace {

template <class M>
std::string printed(const M& module) {
  std::ostringstream os;
  os << module;
  return os.str();
}

TEST(Sequential, ChainsNamesAndIndexes) {
  Sequential seq(Linear(4, 3), ReLU(), Linear(3, 2));
  EXPECT_EQ(seq->size(), 3u);
  EXPECT_EQ(seq->named_children().keys(), (std::vector<std::string>{"0", "1", "2"}));
  Tensor x = ember::randn({5, 4});
  Tensor expected = seq->ptr<LinearImpl>(2)->forward(seq->ptr<LinearImpl>(0)->forward(x).relu());
  EXPECT_TRUE(ember::allclose(seq->forward(x), expected));
  EXPECT_TRUE(ember::allclose(seq(x), expected));
  EXPECT_EQ(seq[1]->name(), "ember::nn::ReLUImpl");
  EXPECT_EQ(seq->at<LinearImpl>(2).options.out_features(), 2);
  EXPECT_EMBER_ERROR(seq->ptr(3), "index 3 is out of range for 3 module(s)");
  EXPECT_EMBER_ERROR(seq->ptr<ReLUImpl>(0), "attempted to cast module");
  EXPECT_EMBER_ERROR(Sequential()->forward(x), "cannot call forward() on an empty Sequential");
}

TEST(Sequential, NamedNestedPushBackAndExtend) {
  Sequential named({{"encoder", Linear(4, 3)}, {"act", Tanh()}});
  EXPECT_EQ(named->named_children().keys(), (std::vector<std::string>{"encoder", "act"}));
  Sequential outer;
  outer->push_back(named);
  outer->push_back("head", Linear(3, 1));
  EXPECT_EQ(
      outer->named_parameters().keys(),
      (std::vector<std::string>{"0.encoder.weight", "0.encoder.bias", "head.weight", "head.bias"}));
  EXPECT_EQ(outer->forward(ember::randn({2, 4})).sizes(), IntArrayRef({2, 1}));
  Sequential more(Linear(1, 1));
  outer->extend(*more);
  EXPECT_EQ(outer->size(), 3u);
  EXPECT_EQ(printed(Sequential(Linear(2, 2), ReLU())),
            "ember::nn::Sequential(\n"
            "  (0): ember::nn::Linear(in_features=2, out_features=2, bias=true)\n"
            "  (1): ember::nn::ReLU()\n"
            ")");
  EXPECT_EMBER_ERROR(outer->push_back("head", Linear(1, 1)), "Submodule 'head' already defined");
}

TEST(AnyModule, ChecksArgumentsAndFillsDefaults) {
  AnyModule any(Linear(2, 3));
  EXPECT_EQ(any.forward<Tensor>(ember::ones({1, 2})).sizes(), IntArrayRef({1, 3}));
  EXPECT_EMBER_ERROR(any.forward(ember::ones({1, 2}), ember::ones({1})),
                     "forward expected 1 argument(s), got 2");
  EXPECT_EMBER_ERROR(any.any_forward(1.5), "attempted to cast a value of type double");
  EXPECT_EMBER_ERROR(any.any_forward(ember::ones({1, 2})).get<int>(), "attempted to cast");
  // EmbeddingBag's forward(input, offsets = {}, per_sample_weights = {}): trailing ones optional.
  AnyModule bag(EmbeddingBag(5, 2));
  Tensor idx = ember::tensor(std::vector<int64_t>{1, 2, 3, 4}).view({2, 2});
  EXPECT_EQ(bag.forward<Tensor>(idx).sizes(), IntArrayRef({2, 2}));
  Sequential seq(ConvTranspose1d(1, 1, 2), Flatten());
  EXPECT_EQ(seq->forward(ember::ones({1, 1, 3})).sizes(), IntArrayRef({1, 4}));
  AnyModule copy = any.clone();
  EXPECT_FALSE(copy.ptr<LinearImpl>()->weight.is_alias_of(any.ptr<LinearImpl>()->weight));
}

TEST(ModuleList, HoldsAndRenamesOnInsert) {
  ModuleList list(Linear(2, 2), ReLU());
  list->push_back(Tanh());
  list->insert(1, Sigmoid());
  EXPECT_EQ(list->size(), 4u);
  EXPECT_EQ(list->named_children().keys(), (std::vector<std::string>{"0", "1", "2", "3"}));
  EXPECT_NE(list[1]->as<Sigmoid>(), nullptr);
  EXPECT_NE(list->ptr<ReLUImpl>(2), nullptr);
  int count = 0;
  for (const auto& m : *list) count += m ? 1 : 0;
  EXPECT_EQ(count, 4);
  EXPECT_EQ(printed(ModuleList(ReLU())), "ember::nn::ModuleList(\n  (0): ember::nn::ReLU()\n)");
  auto copy = std::dynamic_pointer_cast<ModuleListImpl>(list->clone());
  ASSERT_TRUE(copy);
  EXPECT_FALSE(copy->ptr<LinearImpl>(0)->weight.is_alias_of(list->ptr<LinearImpl>(0)->weight));
  EXPECT_EMBER_ERROR(list->insert(9, ReLU()), "insert position 9 is out of range");
}

TEST(ModuleDict, KeysUpdatePop) {
  ModuleDict dict({{"a", Linear(2, 2).ptr()}, {"b", ReLU().ptr()}});
  EXPECT_EQ(dict->keys(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(dict->contains("a"));
  dict->insert("b", Tanh());  // replaces, keeping the position
  EXPECT_NE(dict["b"]->as<Tanh>(), nullptr);
  dict->update({{"c", Sigmoid().ptr()}});
  EXPECT_EQ(dict->named_children().keys(), (std::vector<std::string>{"a", "b", "c"}));
  auto popped = dict->pop("a");
  EXPECT_NE(popped->as<Linear>(), nullptr);
  EXPECT_EQ(dict->size(), 2u);
  EXPECT_EMBER_ERROR(dict["zz"], "no module named 'zz'");
  EXPECT_EQ(dict->at<TanhImpl>("b").name(), "ember::nn::TanhImpl");
}

TEST(ParameterContainers, RegisterAndPrint) {
  ParameterList list(ember::ones({2}), ember::zeros({3}).requires_grad_());
  list->append(ember::ones({1, 2}));
  EXPECT_EQ(list->size(), 3u);
  EXPECT_EQ(list->named_parameters().keys(), (std::vector<std::string>{"0", "1", "2"}));
  // Each keeps its requires_grad, as in libtorch.
  EXPECT_FALSE(list[0].requires_grad());
  EXPECT_TRUE(list[1].requires_grad());
  EXPECT_EQ(printed(list),
            "ember::nn::ParameterList(\n"
            "(0): Parameter containing: [Float of size [2]]\n"
            "(1): Parameter containing: [Float of size [3]]\n"
            "(2): Parameter containing: [Float of size [1, 2]]\n"
            ")");
  ParameterDict dict;
  dict->insert("scale", ember::ones({1}).requires_grad_());
  dict->insert("shift", ember::zeros({1}));
  EXPECT_EQ(dict->keys(), (std::vector<std::string>{"scale", "shift"}));
  EXPECT_TRUE(dict["scale"].requires_grad());
  EXPECT_FALSE(dict["shift"].requires_grad());
  Tensor popped = dict->pop("scale");
  EXPECT_EQ(dict->size(), 1u);
  EXPECT_EMBER_ERROR(dict["scale"], "Parameter 'scale' is not defined");
  struct Holder : Module {
    Holder() { params = register_module("params", ParameterList(ember::ones({2}))); }
    ParameterList params{nullptr};
  };
  Holder h;
  EXPECT_EQ(h.named_parameters().keys(), std::vector<std::string>{"params.0"});
}

TEST(Functional, WrapsFunctionsWithBoundArguments) {
  Functional relu(ember::relu);
  Tensor x = ember::tensor(std::vector<float>{-1, 2});
  EXPECT_TRUE(ember::equal(relu(x), ember::tensor(std::vector<float>{0, 2})));
  Functional scaled([](const Tensor& t, double k) { return t * k; }, 3.0);
  EXPECT_TRUE(ember::equal(scaled(x), x * 3));
  EXPECT_EQ(printed(relu), "ember::nn::Functional()");
}

TEST(Utils, ParametersToVectorAndBack) {
  Linear fc(2, 3);
  std::vector<Tensor> params = fc->parameters();
  Tensor vec = utils::parameters_to_vector(params);
  EXPECT_EQ(vec.numel(), 9);
  EXPECT_TRUE(ember::equal(vec.narrow(0, 0, 6), fc->weight.detach().reshape({-1})));
  Tensor replacement = ember::arange(9, kFloat);
  utils::vector_to_parameters(replacement, params);
  EXPECT_TRUE(ember::equal(fc->weight, ember::arange(6, kFloat).view({3, 2})));
  EXPECT_TRUE(fc->weight.requires_grad());
  EXPECT_EMBER_ERROR(utils::vector_to_parameters(ember::zeros({4}), params),
                     "expected a vector of 9 elements");
  fc->weight.mutable_grad() = ember::full({3, 2}, std::numeric_limits<float>::quiet_NaN());
  EXPECT_EMBER_ERROR(utils::clip_grad_norm_(params, 1.0, 2.0, /*error_if_nonfinite=*/true),
                     "non-finite");
}

}  // namespace
}  // namespace ember::nn
