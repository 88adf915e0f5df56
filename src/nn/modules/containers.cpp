// The non-template parts of the containers: Sequential, ModuleList, ModuleDict, ParameterList,
// ParameterDict and Functional.
#include <ostream>

#include "ember/nn/modules/container/functional.h"
#include "ember/nn/modules/container/moduledict.h"
#include "ember/nn/modules/container/modulelist.h"
#include "ember/nn/modules/container/parameterlist.h"
#include "ember/nn/modules/container/sequential.h"

namespace ember::nn {
namespace {

void print_parameters(std::ostream& stream, const char* kind,
                      const OrderedDict<std::string, Tensor>& params) {
  stream << "ember::nn::" << kind << "(\n";
  for (const auto& p : params) {
    stream << "(" << p.key() << "): Parameter containing: [" << p.value().scalar_type()
           << " of size " << p.value().sizes() << "]\n";
  }
  stream << ")";
}

void check_index(size_t index, size_t size, const char* container) {
  EMBER_CHECK(index < size, container, "index ", index, " is out of range for ", size,
              " module(s)");
}

}  // namespace

// ---- Sequential --------------------------------------------------------------------------------

SequentialImpl::SequentialImpl(std::initializer_list<NamedAnyModule> named_modules) {
  for (const auto& named : named_modules) push_back(named.name(), named.module());
}

void SequentialImpl::push_back(std::string name, AnyModule module) {
  EMBER_CHECK(!module.is_empty(), "Sequential", "cannot add an empty module");
  register_module(std::move(name), module.ptr());
  modules_.push_back(std::move(module));
}

std::shared_ptr<Module> SequentialImpl::clone(const std::optional<Device>& device) const {
  auto copy = std::make_shared<SequentialImpl>();
  // children_ and modules_ are filled together, so they are in the same order.
  for (size_t i = 0; i < modules_.size(); ++i) {
    copy->push_back(children_[i].key(), modules_[i].clone(device));
  }
  return copy;
}

void SequentialImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Sequential";
}

const AnyModule& SequentialImpl::checked(size_t index) const {
  check_index(index, modules_.size(), "Sequential");
  return modules_[index];
}

std::shared_ptr<Module> SequentialImpl::ptr(size_t index) const {
  return checked(index).ptr();
}

// ---- ModuleList --------------------------------------------------------------------------------

void ModuleListImpl::push_back(std::shared_ptr<Module> module) {
  register_module(std::to_string(modules_.size()), module);
  modules_.push_back(std::move(module));
}

void ModuleListImpl::insert(size_t index, std::shared_ptr<Module> module) {
  EMBER_CHECK(index <= modules_.size(), "ModuleList", "insert position ", index,
              " is out of range for ", modules_.size(), " module(s)");
  EMBER_CHECK(module != nullptr, "ModuleList", "cannot insert an empty module");
  modules_.insert(modules_.begin() + static_cast<std::ptrdiff_t>(index), std::move(module));
  // Positions are names: re-register everything in the new order.
  children_.clear();
  for (size_t i = 0; i < modules_.size(); ++i) register_module(std::to_string(i), modules_[i]);
}

std::shared_ptr<Module> ModuleListImpl::clone(const std::optional<Device>& device) const {
  auto copy = std::make_shared<ModuleListImpl>();
  for (const auto& module : modules_) copy->push_back(module->clone(device));
  return copy;
}

void ModuleListImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::ModuleList";
}

std::shared_ptr<Module> ModuleListImpl::ptr(size_t index) const {
  check_index(index, modules_.size(), "ModuleList");
  return modules_[index];
}

// ---- ModuleDict --------------------------------------------------------------------------------

ModuleDictImpl::ModuleDictImpl(
    const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules) {
  update(modules);
}

ModuleDictImpl::ModuleDictImpl(const OrderedDict<std::string, std::shared_ptr<Module>>& modules) {
  update(modules.pairs());
}

void ModuleDictImpl::insert(const std::string& key, std::shared_ptr<Module> module) {
  if (children_.contains(key)) {
    replace_module(key, std::move(module));
  } else {
    register_module(key, std::move(module));
  }
}

void ModuleDictImpl::update(
    const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules) {
  for (const auto& [key, module] : modules) insert(key, module);
}

std::shared_ptr<Module> ModuleDictImpl::pop(const std::string& key) {
  std::shared_ptr<Module> module = (*this)[key];
  children_.erase(key);
  return module;
}

void ModuleDictImpl::clear() {
  children_.clear();
}

std::shared_ptr<Module> ModuleDictImpl::operator[](const std::string& key) const {
  const auto* module = children_.find(key);
  EMBER_CHECK(module != nullptr, "ModuleDict", "no module named '", key, "'");
  return *module;
}

std::shared_ptr<Module> ModuleDictImpl::clone(const std::optional<Device>& device) const {
  auto copy = std::make_shared<ModuleDictImpl>();
  for (const auto& child : children_) copy->insert(child.key(), child.value()->clone(device));
  return copy;
}

void ModuleDictImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::ModuleDict";
}

// ---- ParameterList / ParameterDict -------------------------------------------------------------

void ParameterListImpl::append(const Tensor& param) {
  // The parameter keeps its requires_grad, as libtorch's ParameterList::append does.
  register_parameter(std::to_string(parameters_.size()), param, param.requires_grad());
}

Tensor& ParameterListImpl::operator[](size_t index) {
  EMBER_CHECK(index < parameters_.size(), "ParameterList", "index ", index, " is out of range for ",
              parameters_.size(), " parameter(s)");
  return parameters_[index].value();
}

const Tensor& ParameterListImpl::operator[](size_t index) const {
  return const_cast<ParameterListImpl&>(*this)[index];  // NOLINT: same lookup, const result
}

void ParameterListImpl::pretty_print(std::ostream& stream) const {
  print_parameters(stream, "ParameterList", parameters_);
}

ParameterDictImpl::ParameterDictImpl(const OrderedDict<std::string, Tensor>& params) {
  update(params);
}

Tensor& ParameterDictImpl::insert(const std::string& key, const Tensor& param) {
  // The parameter keeps its requires_grad, as libtorch's ParameterDict::insert does.
  if (Tensor* existing = parameters_.find(key)) {
    *existing = param;
    existing->set_requires_grad(param.requires_grad());
    return *existing;
  }
  return register_parameter(key, param, param.requires_grad());
}

void ParameterDictImpl::update(const OrderedDict<std::string, Tensor>& params) {
  for (const auto& p : params) insert(p.key(), p.value());
}

Tensor ParameterDictImpl::pop(const std::string& key) {
  Tensor param = parameters_[key];
  parameters_.erase(key);
  return param;
}

void ParameterDictImpl::pretty_print(std::ostream& stream) const {
  print_parameters(stream, "ParameterDict", parameters_);
}

// ---- Functional --------------------------------------------------------------------------------

FunctionalImpl::FunctionalImpl(Function function) : function_(std::move(function)) {
  EMBER_CHECK(function_ != nullptr, "Functional", "expected a callable, got an empty function");
}

Tensor FunctionalImpl::forward(Tensor input) {
  return function_(std::move(input));
}

void FunctionalImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Functional()";
}

}  // namespace ember::nn
