#pragma once
/// `nn::ParameterList` and `nn::ParameterDict`: parameters registered under positions ("0",
/// "1", ...) or chosen names.
///
///     nn::ParameterList params(ember::randn({3}), ember::randn({4}));
///     nn::ParameterDict named({{"scale", ember::ones({1})}});
#include <string>
#include <utility>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

class ParameterListImpl : public Cloneable<ParameterListImpl> {
 public:
  ParameterListImpl() = default;
  template <class... Tensors>
  explicit ParameterListImpl(Tensors&&... params) {
    (append(std::forward<Tensors>(params)), ...);
  }

  void reset() override {}
  void pretty_print(std::ostream& stream) const override;

  /// Registers `param`, with its requires_grad, under the next position.
  void append(const Tensor& param);
  template <class Container>
  void extend(const Container& params) {
    for (const auto& p : params) append(p);
  }
  Tensor& operator[](size_t index);
  const Tensor& operator[](size_t index) const;
  Tensor& at(size_t index) { return (*this)[index]; }
  auto begin() { return parameters_.begin(); }
  auto end() { return parameters_.end(); }
  auto begin() const { return parameters_.begin(); }
  auto end() const { return parameters_.end(); }
  size_t size() const noexcept { return parameters_.size(); }
  bool is_empty() const noexcept { return parameters_.is_empty(); }
};

class ParameterDictImpl : public Cloneable<ParameterDictImpl> {
 public:
  ParameterDictImpl() = default;
  explicit ParameterDictImpl(const OrderedDict<std::string, Tensor>& params);

  void reset() override {}
  void pretty_print(std::ostream& stream) const override;

  /// Registers (or replaces) the parameter `key`, with its requires_grad.
  Tensor& insert(const std::string& key, const Tensor& param);
  void update(const OrderedDict<std::string, Tensor>& params);
  /// Removes and returns the parameter `key`.
  Tensor pop(const std::string& key);
  void clear() { parameters_.clear(); }
  bool contains(const std::string& key) const { return parameters_.contains(key); }
  Tensor& operator[](const std::string& key) { return parameters_[key]; }
  const Tensor& operator[](const std::string& key) const { return parameters_[key]; }
  Tensor get(const std::string& key) const { return parameters_[key]; }
  std::vector<std::string> keys() const { return parameters_.keys(); }
  std::vector<Tensor> values() const { return parameters_.values(); }
  auto begin() { return parameters_.begin(); }
  auto end() { return parameters_.end(); }
  auto begin() const { return parameters_.begin(); }
  auto end() const { return parameters_.end(); }
  size_t size() const noexcept { return parameters_.size(); }
  bool empty() const noexcept { return parameters_.is_empty(); }
};

EMBER_MODULE_IMPL(ParameterList, ParameterListImpl);
EMBER_MODULE_IMPL(ParameterDict, ParameterDictImpl);

}  // namespace ember::nn
