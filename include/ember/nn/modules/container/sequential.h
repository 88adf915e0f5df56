#pragma once
/// `nn::Sequential`: modules called one after another, each on the previous one's output; a
/// module itself, so `.to()`, `parameters()` and printing cover its contents. Children are
/// named "0", "1", ... unless named explicitly.
///
///     nn::Sequential net(nn::Linear(784, 256), nn::ReLU(), nn::Linear(256, 10));
///     nn::Sequential named({{"fc", nn::Linear(4, 2)}, {"act", nn::Tanh()}});
///     Tensor y = net->forward(x);      // or net(x)
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/modules/container/any.h"

namespace ember::nn {

/// A name and a module, for `Sequential({{"name", module}, ...})`.
class NamedAnyModule {
 public:
  template <class ModuleType>
  NamedAnyModule(std::string name, std::shared_ptr<ModuleType> module)  // NOLINT
      : name_(std::move(name)), module_(std::move(module)) {}
  template <class Holder, class = typename Holder::ContainedType>
  NamedAnyModule(std::string name, const Holder& holder)  // NOLINT
      : name_(std::move(name)), module_(holder) {}
  NamedAnyModule(std::string name, AnyModule module)  // NOLINT
      : name_(std::move(name)), module_(std::move(module)) {}
  const std::string& name() const noexcept { return name_; }
  const AnyModule& module() const noexcept { return module_; }

 private:
  std::string name_;
  AnyModule module_;
};

class SequentialImpl : public Cloneable<SequentialImpl> {
 public:
  using Iterator = std::vector<AnyModule>::iterator;
  using ConstIterator = std::vector<AnyModule>::const_iterator;

  SequentialImpl() = default;
  template <class... Modules>
  explicit SequentialImpl(Modules&&... modules) {
    (push_back(std::forward<Modules>(modules)), ...);
  }
  explicit SequentialImpl(std::initializer_list<NamedAnyModule> named_modules);

  void reset() override {}
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

  /// Runs the modules in order: the first gets `inputs`, each next one the previous output.
  template <class Result = Tensor, class... Inputs>
  Result forward(Inputs&&... inputs) {
    EMBER_CHECK(!modules_.empty(), "Sequential", "cannot call forward() on an empty Sequential");
    AnyValue value = modules_.front().any_forward(std::forward<Inputs>(inputs)...);
    for (size_t i = 1; i < modules_.size(); ++i) {
      std::vector<AnyValue> args;
      args.push_back(std::move(value));
      value = modules_[i].forward_values(std::move(args));
    }
    return value.get<Result>();
  }

  /// Appends a module named by its position, or by `name`.
  template <class M>
  void push_back(M&& module) {
    push_back(std::to_string(modules_.size()), std::forward<M>(module));
  }
  template <class ModuleType>
  void push_back(std::string name, std::shared_ptr<ModuleType> module) {
    push_back(std::move(name), AnyModule(std::move(module)));
  }
  template <class Holder, class = typename std::decay_t<Holder>::ContainedType>
  void push_back(std::string name, Holder&& holder) {
    push_back(std::move(name), AnyModule(holder.ptr()));
  }
  void push_back(std::string name, AnyModule module);
  /// Appends every module of `other` (a Sequential or any range of modules).
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

  /// The module at `index`, as a base pointer or as `T`.
  std::shared_ptr<Module> ptr(size_t index) const;
  template <class T>
  std::shared_ptr<T> ptr(size_t index) const {
    return checked(index).template ptr<T>();
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }
  template <class T>
  T& at(size_t index) {
    return *ptr<T>(index);
  }

 private:
  const AnyModule& checked(size_t index) const;
  std::vector<AnyModule> modules_;
};

class Sequential : public ModuleHolder<SequentialImpl> {
 public:
  using ModuleHolder::ModuleHolder;
  Sequential() : ModuleHolder() {}
  /// `Sequential({{"conv", nn::Conv2d(...)}, {"act", nn::ReLU()}})`.
  Sequential(std::initializer_list<NamedAnyModule> named_modules)
      : ModuleHolder(std::make_shared<SequentialImpl>(named_modules)) {}
};

}  // namespace ember::nn
