// The module system: registration, traversal and dotted names, modes, gradients, conversion,
// cloning, holders, hooks, printing and the state dict.
#include <gtest/gtest.h>

#include <sstream>

#include "ember/ember.h"
#include "support/errors.h"

// Test modules live at global scope, so their names print as a user's would ("TestNetImpl").
struct TestBlockImpl : ember::nn::Module {
  TestBlockImpl() {
    fc = register_module("fc", ember::nn::Linear(3, 2));
    scale = register_parameter("scale", ember::ones({2}));
    register_buffer("count", ember::zeros({1}, ember::kLong));
  }
  ember::Tensor forward(const ember::Tensor& x) { return fc(x) * scale; }
  ember::nn::Linear fc{nullptr};
  ember::Tensor scale;
};
EMBER_MODULE(TestBlock);

struct TestNetImpl : ember::nn::Module {
  TestNetImpl() {
    features = register_module(
        "features",
        ember::nn::Sequential(ember::nn::Linear(4, 3), ember::nn::Functional(ember::tanh)));
    block = register_module("block", TestBlock());
  }
  ember::Tensor forward(const ember::Tensor& x) { return block(features->forward(x)); }
  ember::nn::Sequential features{nullptr};
  TestBlock block{nullptr};
};
EMBER_MODULE(TestNet);

namespace ember::nn {
namespace {

std::vector<std::string> keys_of(const OrderedDict<std::string, Tensor>& dict) {
  return dict.keys();
}

TEST(Module, DottedNamesInRegistrationOrder) {
  TestNet net;
  EXPECT_EQ(keys_of(net->named_parameters()),
            (std::vector<std::string>{"features.0.weight", "features.0.bias", "block.scale",
                                      "block.fc.weight", "block.fc.bias"}));
  EXPECT_EQ(keys_of(net->named_parameters(/*recurse=*/false)), std::vector<std::string>{});
  EXPECT_EQ(keys_of(net->named_buffers()), std::vector<std::string>{"block.count"});
  EXPECT_EQ(net->named_children().keys(), (std::vector<std::string>{"features", "block"}));
  EXPECT_EQ(
      net->named_modules().keys(),
      (std::vector<std::string>{"", "features", "features.0", "features.1", "block", "block.fc"}));
  EXPECT_EQ(net->named_modules("net", /*include_self=*/false).keys(),
            (std::vector<std::string>{"net.features", "net.features.0", "net.features.1",
                                      "net.block", "net.block.fc"}));
  EXPECT_EQ(net->modules().size(), 6u);
  EXPECT_EQ(net->parameters().size(), 5u);
  for (const Tensor& p : net->parameters()) EXPECT_TRUE(p.requires_grad());
  EXPECT_FALSE(net->buffers()[0].requires_grad());
}

TEST(Module, StateDictFollowsPyTorchOrder) {
  // PyTorch: each module's parameters, then its buffers, then its children.
  TestNet net;
  EXPECT_EQ(keys_of(net->state_dict()),
            (std::vector<std::string>{"features.0.weight", "features.0.bias", "block.scale",
                                      "block.count", "block.fc.weight", "block.fc.bias"}));
  for (const auto& item : net->state_dict()) EXPECT_FALSE(item.value().requires_grad());
}

TEST(Module, SharedParametersAreListedOnce) {
  struct TiedImpl : Module {
    TiedImpl() {
      a = register_module("a", Linear(2, 2));
      b = register_module("b", a);
    }
    Linear a{nullptr}, b{nullptr};
  };
  auto tied = std::make_shared<TiedImpl>();
  EXPECT_EQ(keys_of(tied->named_parameters()), (std::vector<std::string>{"a.weight", "a.bias"}));
  EXPECT_EQ(tied->named_modules().keys(), (std::vector<std::string>{"", "a"}));
  // The state dict, like PyTorch's, lists both paths.
  EXPECT_EQ(tied->state_dict().size(), 4u);
  tied->load_state_dict(tied->state_dict());
}

TEST(Module, RegistrationErrors) {
  Module m;
  m.register_parameter("w", ember::ones({1}));
  EXPECT_EMBER_ERROR(m.register_parameter("w", ember::ones({1})), "Parameter 'w' already defined");
  EXPECT_EMBER_ERROR(m.register_parameter("a.b", ember::ones({1})), "must not contain a dot");
  EXPECT_EMBER_ERROR(m.register_buffer("", ember::ones({1})), "must not be empty");
  EXPECT_EMBER_ERROR(m.register_module("x.y", Linear(1, 1)), "must not contain a dot");
  EXPECT_EMBER_ERROR(m.register_module("", Linear(1, 1)), "must not be empty");
  EXPECT_EMBER_ERROR(m.register_module("empty", Linear(nullptr)), "empty module holder");
  EXPECT_EMBER_ERROR(m.replace_module("nope", Linear(1, 1)), "no submodule named 'nope'");
  EXPECT_EMBER_ERROR(m.unregister_module("nope"), "No Module with name `nope`");
  EXPECT_EMBER_ERROR(m.register_parameter("i", ember::ones({1}, kLong)), "requires_grad_");
}

TEST(Module, ReplaceAndUnregister) {
  TestNet net;
  auto replacement = Linear(3, 2);
  net->block->replace_module("fc", replacement);
  EXPECT_TRUE(net->block->named_children()["fc"].get() == replacement.get());
  net->block->unregister_module("fc");
  EXPECT_EQ(net->block->children().size(), 0u);
}

TEST(Module, TrainEvalRecurse) {
  TestNet net;
  EXPECT_TRUE(net->is_training());
  net->eval();
  for (const auto& m : net->modules()) EXPECT_FALSE(m->is_training());
  net->train();
  for (const auto& m : net->modules()) EXPECT_TRUE(m->is_training());
}

TEST(Module, ApplyVisitsParentsFirst) {
  TestNet net;
  std::vector<std::string> seen;
  net->apply([&](const std::string& name, Module&) { seen.push_back(name); }, "root");
  EXPECT_EQ(seen, (std::vector<std::string>{"root", "root.features", "root.features.0",
                                            "root.features.1", "root.block", "root.block.fc"}));
  int count = 0;
  net->apply([&](Module&) { ++count; });
  EXPECT_EQ(count, 6);
}

TEST(Module, ZeroGrad) {
  TestNet net;
  net->forward(ember::randn({5, 4})).sum().backward();
  for (const Tensor& p : net->parameters()) ASSERT_TRUE(p.grad().defined());
  net->zero_grad(/*set_to_none=*/false);
  for (const Tensor& p : net->parameters()) {
    ASSERT_TRUE(p.grad().defined());
    EXPECT_EQ(p.grad().abs().sum().item<float>(), 0.0f);
  }
  net->zero_grad();
  for (const Tensor& p : net->parameters()) EXPECT_FALSE(p.grad().defined());
}

TEST(Module, ToDtypeKeepsTensorIdentity) {
  TestNet net;
  Tensor w = net->block->fc->weight;
  net->forward(ember::randn({2, 4})).sum().backward();
  net->to(kDouble);
  EXPECT_EQ(w.scalar_type(), kDouble);  // the same tensor object, converted
  EXPECT_TRUE(w.requires_grad());
  EXPECT_EQ(w.grad().scalar_type(), kDouble);
  EXPECT_EQ(net->block->named_buffers()["count"].scalar_type(), kLong);  // integers untouched
  Tensor y = net->forward(ember::randn({2, 4}, kDouble));
  EXPECT_EQ(y.scalar_type(), kDouble);
}

TEST(Module, CloneIsDeep) {
  Linear fc(3, 2);
  auto copy = std::dynamic_pointer_cast<LinearImpl>(fc->clone());
  ASSERT_TRUE(copy);
  EXPECT_TRUE(ember::equal(copy->weight, fc->weight));
  EXPECT_FALSE(copy->weight.is_alias_of(fc->weight));
  EXPECT_TRUE(copy->weight.requires_grad());
  EXPECT_TRUE(copy->named_parameters()["weight"].is_same(copy->weight));
  fc->weight.detach().fill_(7);
  EXPECT_NE(copy->weight.sum().item<float>(), fc->weight.sum().item<float>());

  Sequential seq(Linear(2, 2), Functional(ember::sigmoid));
  auto seq_copy = std::dynamic_pointer_cast<SequentialImpl>(seq->clone());
  ASSERT_EQ(seq_copy->size(), 2u);
  EXPECT_FALSE(seq_copy->ptr<LinearImpl>(0)->weight.is_alias_of(seq->ptr<LinearImpl>(0)->weight));
  Tensor x = ember::randn({3, 2});
  EXPECT_TRUE(ember::equal(seq_copy->forward(x), seq->forward(x)));

  TestNet net;  // a plain Module subclass cannot be cloned
  EXPECT_EMBER_ERROR(net->clone(), "Subclass ember::nn::Cloneable");
}

TEST(Module, UserCloneableModuleClonesChildren) {
  struct TwoImpl : Cloneable<TwoImpl> {
    TwoImpl() { reset(); }
    void reset() override {
      first = register_module("first", Linear(2, 3));
      second = register_module("second", Linear(3, 1));
    }
    Tensor forward(const Tensor& x) { return second(first(x)); }
    Linear first{nullptr}, second{nullptr};
  };
  auto original = std::make_shared<TwoImpl>();
  auto copy = std::dynamic_pointer_cast<TwoImpl>(original->clone());
  ASSERT_TRUE(copy);
  Tensor x = ember::randn({4, 2});
  EXPECT_TRUE(ember::equal(copy->forward(x), original->forward(x)));
  // The copy's members point at the copy's own children.
  EXPECT_TRUE(copy->first.get() == copy->named_children()["first"].get());
  EXPECT_FALSE(copy->first->weight.is_alias_of(original->first->weight));
}

TEST(ModuleHolder, EmptyAndAccess) {
  Linear empty{nullptr};
  EXPECT_TRUE(empty.is_empty());
  EXPECT_FALSE(static_cast<bool>(empty));
  EXPECT_EMBER_ERROR(empty->forward(ember::ones({1, 1})), "empty module holder");
  Linear fc(LinearOptions(2, 3).bias(false));
  EXPECT_FALSE(fc->bias.defined());
  EXPECT_EQ(fc->named_parameters().keys(), std::vector<std::string>{"weight"});
  Linear alias = fc;
  EXPECT_EQ(alias.get(), fc.get());
  EXPECT_NE(fc->as<Linear>(), nullptr);
  EXPECT_EQ(fc->as<Identity>(), nullptr);
}

TEST(Hooks, PreHookReplacesInputAndForwardHookReplacesOutput) {
  Linear fc(2, 2);
  std::vector<std::string> calls;
  auto pre = fc->register_forward_pre_hook(
      [&](Module& m, const std::vector<Tensor>& in) -> std::optional<std::vector<Tensor>> {
        calls.push_back("pre:" + m.name());
        return std::vector<Tensor>{in[0] * 0};
      });
  auto post = fc->register_forward_hook(
      [&](Module&, const std::vector<Tensor>& in, const Tensor& out) -> std::optional<Tensor> {
        calls.push_back("post");
        EXPECT_EQ(in[0].abs().sum().item<float>(), 0.0f);  // sees the replaced input
        return out + 1;
      });
  Tensor y = fc(ember::ones({1, 2}));
  EXPECT_TRUE(ember::allclose(y, fc->bias.detach().unsqueeze(0) + 1));
  EXPECT_EQ(calls, (std::vector<std::string>{"pre:ember::nn::LinearImpl", "post"}));

  // Calling forward directly skips hooks, as in PyTorch.
  calls.clear();
  fc->forward(ember::ones({1, 2}));
  EXPECT_TRUE(calls.empty());

  pre.remove();
  post.remove();
  post.remove();  // removing twice is harmless
  Tensor x = ember::ones({1, 2});
  EXPECT_TRUE(ember::equal(fc(x), fc->forward(x)));
}

TEST(Hooks, RunInsideContainers) {
  Sequential seq(Linear(2, 2), Linear(2, 1));
  int count = 0;
  seq->ptr(1)->register_forward_hook(
      [&](Module&, const std::vector<Tensor>&, const Tensor&) -> std::optional<Tensor> {
        ++count;
        return std::nullopt;
      });
  seq->forward(ember::ones({3, 2}));
  EXPECT_EQ(count, 1);
}

TEST(Hooks, WrongReplacementCountRaises) {
  Linear fc(2, 2);
  fc->register_forward_pre_hook(
      [](Module&, const std::vector<Tensor>&) -> std::optional<std::vector<Tensor>> {
        return std::vector<Tensor>{};
      });
  EXPECT_EMBER_ERROR(fc(ember::ones({1, 2})), "expected 1 replacement input(s)");
}

TEST(StateDict, LoadRoundTrip) {
  TestNet a, b;
  b->load_state_dict(a->state_dict());
  Tensor x = ember::randn({2, 4});
  EXPECT_TRUE(ember::equal(a->forward(x), b->forward(x)));
  // Loading copies into the registered tensors: they stay leaves that require grad.
  EXPECT_TRUE(b->block->fc->weight.requires_grad());
  EXPECT_TRUE(b->block->fc->weight.is_leaf());
  EXPECT_FALSE(b->block->fc->weight.is_alias_of(a->block->fc->weight));
}

TEST(StateDict, ErrorsListEveryProblem) {
  TestNet net;
  auto dict = net->state_dict();
  dict.erase("block.scale");
  dict.insert("block.extra", ember::ones({1}));
  dict["features.0.bias"] = ember::zeros({5});
  try {
    net->load_state_dict(dict);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("[load_state_dict] Error(s) in loading state_dict for TestNetImpl"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("Missing key(s) in state_dict: \"block.scale\"."), std::string::npos);
    EXPECT_NE(msg.find("Unexpected key(s) in state_dict: \"block.extra\"."), std::string::npos);
    EXPECT_NE(msg.find("size mismatch for features.0.bias: copying a param with shape [5] from "
                       "checkpoint, the shape in current model is [3]."),
              std::string::npos);
    EXPECT_LT(msg.find("Missing"), msg.find("Unexpected"));
  }
  // Nothing was written by the failed load.
  EXPECT_FALSE(ember::equal(net->features->ptr<LinearImpl>(0)->bias, ember::zeros({3})));
}

TEST(StateDict, NonStrictReportsKeys) {
  TestNet net;
  auto dict = net->state_dict();
  dict.erase("block.count");
  dict.insert("stray", ember::ones({1}));
  LoadStateDictResult result = net->load_state_dict(dict, /*strict=*/false);
  EXPECT_EQ(result.missing_keys, std::vector<std::string>{"block.count"});
  EXPECT_EQ(result.unexpected_keys, std::vector<std::string>{"stray"});
  dict["block.scale"] = ember::ones({7});
  EXPECT_EMBER_ERROR(net->load_state_dict(dict, /*strict=*/false), "size mismatch");
}

TEST(StateDict, NonPersistentBuffersAreLeftOut) {
  Module m;
  m.register_buffer("kept", ember::ones({1}));
  m.register_buffer("scratch", ember::ones({1}), /*persistent=*/false);
  EXPECT_EQ(m.state_dict().keys(), std::vector<std::string>{"kept"});
  EXPECT_EQ(m.named_buffers().size(), 2u);
}

TEST(Printing, NestedModulesInLibtorchFormat) {
  TestNet net;
  std::ostringstream os;
  os << *net;
  EXPECT_EQ(os.str(),
            "TestNetImpl(\n"
            "  (features): ember::nn::Sequential(\n"
            "    (0): ember::nn::Linear(in_features=4, out_features=3, bias=true)\n"
            "    (1): ember::nn::Functional()\n"
            "  )\n"
            "  (block): TestBlockImpl(\n"
            "    (fc): ember::nn::Linear(in_features=3, out_features=2, bias=true)\n"
            "  )\n"
            ")");
}

}  // namespace
}  // namespace ember::nn
