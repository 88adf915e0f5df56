#pragma once
/// `nn::Cloneable<Derived>`: the base that gives a module a deep `clone()`. `Derived` implements
/// `reset()`, which (re)creates its parameters, buffers and children by registering them; the
/// constructor calls it too. Every built-in layer derives from it, and so can user modules.
#include <memory>
#include <optional>

#include "ember/autograd/grad_mode.h"
#include "ember/error.h"
#include "ember/nn/module.h"

namespace ember::nn {

template <class Derived>
class Cloneable : public Module {
 public:
  using Module::Module;

  /// (Re)creates the module's parameters, buffers and children.
  virtual void reset() = 0;

  /// A copy of `Derived` whose parameters and buffers are fresh copies of this module's (on
  /// `device` when given), with children cloned the same way. The copy starts without hooks.
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    ember::NoGradGuard no_grad;
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    copy->parameters_.clear();
    copy->buffers_.clear();
    copy->children_.clear();
    copy->non_persistent_buffers_.clear();
    copy->hooks_.reset();
    copy->reset();
    copy_tensors(parameters_, copy->parameters_, "parameters", device);
    copy_tensors(buffers_, copy->buffers_, "buffers", device);
    EMBER_CHECK(copy->children_.size() == children_.size(), "clone", "the clone of ", name(),
                " has ", copy->children_.size(), " submodules after reset(), expected ",
                children_.size(), ": reset() must register every submodule");
    for (const auto& child : children_) {
      copy->children_[child.key()]->clone_(*child.value(), device);
    }
    return copy;
  }

 private:
  // Makes this module (a child of a fresh copy) a clone of `other`, keeping this object: the
  // copy's members that hold it stay valid.
  void clone_(Module& other, const std::optional<Device>& device) final {
    auto cloned = std::dynamic_pointer_cast<Derived>(other.clone(device));
    EMBER_CHECK(cloned != nullptr, "clone", "submodule ", other.name(),
                " is of a different type than the one reset() registered in its place");
    static_cast<Derived&>(*this) = *cloned;
  }

  void copy_tensors(const OrderedDict<std::string, Tensor>& from,
                    OrderedDict<std::string, Tensor>& to, const char* what,
                    const std::optional<Device>& device) const {
    EMBER_CHECK(to.size() == from.size(), "clone", "the clone of ", name(), " has ", to.size(), " ",
                what, " after reset(), expected ", from.size(),
                ": reset() must register every one");
    for (const auto& item : from) {
      Tensor& target = to[item.key()];
      if (!item.value().defined()) {
        target = Tensor();
        continue;
      }
      Tensor data = device ? item.value().to(*device) : item.value();
      target.set_data(data.clone());
      target.set_requires_grad(item.value().requires_grad());
    }
  }
};

}  // namespace ember::nn
