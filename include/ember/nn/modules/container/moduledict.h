#pragma once
/// `nn::ModuleDict`: submodules registered under chosen names, in insertion order.
///
///     nn::ModuleDict heads({{"cls", nn::Linear(8, 10).ptr()}, {"box", nn::Linear(8, 4).ptr()}});
///     Tensor logits = heads["cls"]->as<nn::Linear>()->forward(x);
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

class ModuleDictImpl : public Cloneable<ModuleDictImpl> {
 public:
  ModuleDictImpl() = default;
  explicit ModuleDictImpl(
      const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules);
  explicit ModuleDictImpl(const OrderedDict<std::string, std::shared_ptr<Module>>& modules);

  void reset() override {}
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

  /// Adds (or replaces) the module `key`.
  void insert(const std::string& key, std::shared_ptr<Module> module);
  template <class Holder, class = typename std::decay_t<Holder>::ContainedType>
  void insert(const std::string& key, Holder&& holder) {
    insert(key, std::shared_ptr<Module>(holder.ptr()));
  }
  void update(const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules);
  /// Removes and returns the module `key`.
  std::shared_ptr<Module> pop(const std::string& key);
  void clear();

  bool contains(const std::string& key) const { return children_.contains(key); }
  std::shared_ptr<Module> operator[](const std::string& key) const;
  template <class T>
  T& at(const std::string& key) {
    auto* cast = (*this)[key]->template as<T>();
    EMBER_CHECK(cast != nullptr, "ModuleDict", "module '", key, "' is not of the requested type");
    return *cast;
  }
  std::vector<std::string> keys() const { return children_.keys(); }
  std::vector<std::shared_ptr<Module>> values() const { return children_.values(); }
  const std::vector<OrderedDict<std::string, std::shared_ptr<Module>>::Item>& items() const {
    return children_.items();
  }
  auto begin() const { return children_.begin(); }
  auto end() const { return children_.end(); }
  size_t size() const noexcept { return children_.size(); }
  bool empty() const noexcept { return children_.is_empty(); }
};

class ModuleDict : public ModuleHolder<ModuleDictImpl> {
 public:
  using ModuleHolder::ModuleHolder;
  ModuleDict() : ModuleHolder() {}
  /// `ModuleDict({{"a", nn::Linear(2, 2).ptr()}, ...})`.
  ModuleDict(const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules)
      : ModuleHolder(std::make_shared<ModuleDictImpl>(modules)) {}
};

}  // namespace ember::nn
