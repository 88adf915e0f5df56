#pragma once
/// `nn::ModuleList`: a list of registered submodules (named "0", "1", ...) without a forward
/// of its own: a model iterates it.
///
///     nn::ModuleList layers(nn::Linear(4, 4), nn::Linear(4, 2));
///     for (const auto& layer : *layers) x = layer->as<nn::Linear>()->forward(x);
#include <memory>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

class ModuleListImpl : public Cloneable<ModuleListImpl> {
 public:
  using Iterator = std::vector<std::shared_ptr<Module>>::iterator;
  using ConstIterator = std::vector<std::shared_ptr<Module>>::const_iterator;

  ModuleListImpl() = default;
  template <class... Modules>
  explicit ModuleListImpl(Modules&&... modules) {
    (push_back(std::forward<Modules>(modules)), ...);
  }

  void reset() override {}
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

  void push_back(std::shared_ptr<Module> module);
  template <class Holder, class = typename std::decay_t<Holder>::ContainedType>
  void push_back(Holder&& holder) {
    push_back(std::shared_ptr<Module>(holder.ptr()));
  }
  template <class ModuleType>
  void push_back(std::shared_ptr<ModuleType> module) {
    push_back(std::shared_ptr<Module>(std::move(module)));
  }
  /// Inserts before position `index` (0 <= index <= size()); later modules are renamed.
  void insert(size_t index, std::shared_ptr<Module> module);
  template <class Holder, class = typename std::decay_t<Holder>::ContainedType>
  void insert(size_t index, Holder&& holder) {
    insert(index, std::shared_ptr<Module>(holder.ptr()));
  }
  template <class Container>
  void extend(const Container& other) {
    for (const auto& module : other) push_back(module);
  }

  Iterator begin() { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator begin() const { return modules_.begin(); }
  ConstIterator end() const { return modules_.end(); }
  size_t size() const noexcept { return modules_.size(); }
  bool is_empty() const noexcept { return modules_.empty(); }

  std::shared_ptr<Module> ptr(size_t index) const;
  template <class T>
  std::shared_ptr<T> ptr(size_t index) const {
    auto cast = std::dynamic_pointer_cast<T>(ptr(index));
    EMBER_CHECK(cast != nullptr, "ModuleList", "module ", index, " is not of the requested type");
    return cast;
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }
  template <class T>
  T& at(size_t index) {
    return *ptr<T>(index);
  }

 private:
  std::vector<std::shared_ptr<Module>> modules_;
};

EMBER_MODULE_IMPL(ModuleList, ModuleListImpl);

}  // namespace ember::nn
