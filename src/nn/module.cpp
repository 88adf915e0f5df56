#include "ember/nn/module.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <ostream>
#include <sstream>
#include <typeinfo>
#include <unordered_set>

#include "ember/demangle.h"
#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn {
namespace {

std::string join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

// `what` is "Parameter", "Buffer" or "Submodule": names are path components, so no dots.
void check_name(const std::string& name, const char* what, const char* op) {
  EMBER_CHECK(!name.empty(), op, what, " name must not be empty");
  EMBER_CHECK(name.find('.') == std::string::npos, op, what, " name must not contain a dot (got '",
              name, "')");
}

// The defined tensors of `own(m)` over this module (or, with `recurse`, every module of the
// tree), under dotted names; a tensor reachable twice is listed once, as in PyTorch.
template <class Own>
OrderedDict<std::string, Tensor> named_tensors(const Module& root, bool recurse, Own own) {
  OrderedDict<std::string, Tensor> out;
  std::unordered_set<const void*> seen;
  auto add = [&](const std::string& prefix, const Module& m) {
    for (const auto& item : own(m)) {
      if (item.value().defined() && seen.insert(item.value().unsafeGetTensorImpl()).second) {
        out.insert(join(prefix, item.key()), item.value());
      }
    }
  };
  if (!recurse) {
    add("", root);
    return out;
  }
  for (const auto& m : root.named_modules()) add(m.key(), *m.value());
  return out;
}

std::string shape_str(const Tensor& t) {
  std::ostringstream os;
  os << t.sizes();
  return os.str();
}

}  // namespace

void RemovableHandle::remove() {
  if (owner_.lock() && remove_) remove_();
  remove_ = nullptr;
}

Module::Module(std::string name) : name_(std::move(name)) {}
Module::Module() = default;

const std::string& Module::name() const noexcept {
  if (!name_) name_ = ember::detail::demangled_name(typeid(*this));
  return *name_;
}

std::shared_ptr<Module> Module::clone(const std::optional<Device>&) const {
  EMBER_FAIL("clone", "clone() has not been implemented for ", name(),
             ". Subclass ember::nn::Cloneable<", name(),
             "> instead of ember::nn::Module to inherit the ability to clone.");
}

void Module::clone_(Module&, const std::optional<Device>&) {
  EMBER_FAIL("clone", "clone() has not been implemented for ", name(),
             ". Subclass ember::nn::Cloneable<", name(),
             "> instead of ember::nn::Module to inherit the ability to clone.");
}

// ---- Registration ------------------------------------------------------------------------------

Tensor& Module::register_parameter(std::string name, Tensor tensor, bool requires_grad) {
  check_name(name, "Parameter", "register_parameter");
  if (tensor.defined()) tensor.set_requires_grad(requires_grad);
  return parameters_.insert(std::move(name), std::move(tensor));
}

Tensor& Module::register_buffer(std::string name, Tensor tensor, bool persistent) {
  check_name(name, "Buffer", "register_buffer");
  if (!persistent) non_persistent_buffers_.insert(name);
  return buffers_.insert(std::move(name), std::move(tensor));
}

std::shared_ptr<Module> Module::register_module_impl(std::string name,
                                                     std::shared_ptr<Module> module) {
  check_name(name, "Submodule", "register_module");
  EMBER_CHECK(module != nullptr, "register_module", "expected a module for '", name,
              "', got an empty one");
  return children_.insert(std::move(name), std::move(module));
}

std::shared_ptr<Module> Module::replace_module_impl(const std::string& name,
                                                    std::shared_ptr<Module> module) {
  EMBER_CHECK(children_.contains(name), "replace_module", "no submodule named '", name, "'");
  EMBER_CHECK(module != nullptr, "replace_module", "expected a module for '", name,
              "', got an empty one");
  return children_[name] = std::move(module);
}

void Module::unregister_module(const std::string& name) {
  EMBER_CHECK(children_.contains(name), "unregister_module", "No Module with name `", name,
              "` is registered");
  children_.erase(name);
}

// ---- Traversal ---------------------------------------------------------------------------------

OrderedDict<std::string, Tensor> Module::named_parameters(bool recurse) const {
  return named_tensors(
      *this, recurse, [](const Module& m) -> const auto& { return m.parameters_; });
}

std::vector<Tensor> Module::parameters(bool recurse) const {
  return named_parameters(recurse).values();
}

OrderedDict<std::string, Tensor> Module::named_buffers(bool recurse) const {
  return named_tensors(
      *this, recurse, [](const Module& m) -> const auto& { return m.buffers_; });
}

std::vector<Tensor> Module::buffers(bool recurse) const {
  return named_buffers(recurse).values();
}

std::vector<std::shared_ptr<Module>> Module::children() const {
  return children_.values();
}

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_children() const {
  return children_;
}

std::vector<std::shared_ptr<Module>> Module::modules(bool include_self) const {
  return named_modules("", include_self).values();
}

// PyTorch lists a module reachable along two paths once, under the first name met.
OrderedDict<std::string, std::shared_ptr<Module>> Module::named_modules(
    const std::string& name_prefix, bool include_self) const {
  OrderedDict<std::string, std::shared_ptr<Module>> out;
  std::unordered_set<const Module*> seen;
  // Pre-order walk with an explicit stack, children pushed in reverse to pop in order.
  std::vector<std::pair<std::string, const Module*>> stack{{name_prefix, this}};
  while (!stack.empty()) {
    auto [name, m] = stack.back();
    stack.pop_back();
    if (!seen.insert(m).second) continue;
    if (m != this || include_self) {
      // shared_from_this needs the module to be owned by a shared_ptr (as modules made through
      // holders, make_shared or register_module are); a stack-allocated root is listed by alias.
      std::shared_ptr<Module> ptr = std::const_pointer_cast<Module>(m->weak_from_this().lock());
      if (!ptr) ptr = std::shared_ptr<Module>(std::shared_ptr<Module>(), const_cast<Module*>(m));
      out.insert(name, std::move(ptr));
    }
    for (size_t i = m->children_.size(); i-- > 0;) {
      const auto& child = m->children_[i];
      stack.emplace_back(join(name, child.key()), child.value().get());
    }
  }
  return out;
}

void Module::apply(const ModuleApplyFunction& fn) {
  for (const auto& m : named_modules()) fn(*m.value());
}

void Module::apply(const ConstModuleApplyFunction& fn) const {
  for (const auto& m : named_modules()) fn(*m.value());
}

void Module::apply(const NamedModuleApplyFunction& fn, const std::string& name_prefix) {
  for (const auto& m : named_modules(name_prefix)) fn(m.key(), *m.value());
}

void Module::apply(const ModulePointerApplyFunction& fn) const {
  for (const auto& m : named_modules()) fn(m.value());
}

// ---- Mode, gradients, conversion ---------------------------------------------------------------

void Module::train(bool on) {
  is_training_ = on;
  for (const auto& child : children_) child.value()->train(on);
}

void Module::zero_grad(bool set_to_none) {
  for (const Tensor& p : parameters()) {
    Tensor& grad = p.mutable_grad();
    if (!grad.defined()) continue;
    if (set_to_none) {
      grad = Tensor();
    } else {
      grad = grad.detach();
      grad.zero_();
    }
  }
}

// Converts every floating-point parameter and buffer of the tree (and gradients) in place.
void Module::convert(const std::function<Tensor(const Tensor&)>& fn) {
  ember::NoGradGuard no_grad;
  auto convert_tensor = [&](const Tensor& t) {
    if (!t.defined()) return;
    t.set_data(fn(t));
    Tensor& grad = t.mutable_grad();
    if (grad.defined()) grad = fn(grad);
  };
  for (const auto& m : named_modules()) {
    for (const auto& p : m.value()->parameters_) convert_tensor(p.value());
    for (const auto& b : m.value()->buffers_) convert_tensor(b.value());
  }
}

void Module::to(ScalarType dtype, bool non_blocking) {
  // As PyTorch: a dtype applies to floating-point tensors only (num_batches_tracked stays int64).
  convert([&](const Tensor& t) { return t.is_floating_point() ? t.to(dtype, non_blocking) : t; });
}

void Module::to(Device device, bool non_blocking) {
  convert([&](const Tensor& t) { return t.to(device, non_blocking); });
}

void Module::to(Device device, ScalarType dtype, bool non_blocking) {
  convert([&](const Tensor& t) {
    return t.is_floating_point() ? t.to(device, dtype, non_blocking) : t.to(device, non_blocking);
  });
}

// ---- State dict --------------------------------------------------------------------------------

void Module::collect_state(const std::string& prefix, OrderedDict<std::string, Tensor>& out,
                           bool detached) const {
  auto add = [&](const std::string& name, const Tensor& t) {
    out.insert(prefix + name, detached ? t.detach() : t);
  };
  for (const auto& p : parameters_) {
    if (p.value().defined()) add(p.key(), p.value());
  }
  for (const auto& b : buffers_) {
    if (b.value().defined() && non_persistent_buffers_.count(b.key()) == 0) add(b.key(), b.value());
  }
  for (const auto& child : children_) {
    child.value()->collect_state(prefix + child.key() + ".", out, detached);
  }
}

OrderedDict<std::string, Tensor> Module::state_dict() const {
  OrderedDict<std::string, Tensor> out;
  collect_state("", out, /*detached=*/true);
  return out;
}

LoadStateDictResult Module::load_state_dict(const OrderedDict<std::string, Tensor>& state_dict,
                                            bool strict) {
  // The registered tensors themselves: the copy must land in them.
  OrderedDict<std::string, Tensor> targets;
  collect_state("", targets, /*detached=*/false);
  LoadStateDictResult result;
  std::vector<std::string> mismatches;
  for (const auto& target : targets) {
    const Tensor* source = state_dict.find(target.key());
    if (source == nullptr) {
      result.missing_keys.push_back(target.key());
    } else if (!source->defined() || source->sizes() != target.value().sizes()) {
      mismatches.push_back("size mismatch for " + target.key() + ": copying a param with shape " +
                           (source->defined() ? shape_str(*source) : "(undefined)") +
                           " from checkpoint, the shape in current model is " +
                           shape_str(target.value()) + ".");
    }
  }
  for (const auto& item : state_dict) {
    if (!targets.contains(item.key())) result.unexpected_keys.push_back(item.key());
  }

  auto quoted_list = [](const std::vector<std::string>& keys) {
    std::string s;
    for (size_t i = 0; i < keys.size(); ++i) s += (i ? ", \"" : "\"") + keys[i] + "\"";
    return s;
  };
  // PyTorch's order: missing keys, unexpected keys, then size mismatches.
  std::vector<std::string> errors;
  if (strict && !result.missing_keys.empty()) {
    errors.push_back("Missing key(s) in state_dict: " + quoted_list(result.missing_keys) + ".");
  }
  if (strict && !result.unexpected_keys.empty()) {
    errors.push_back("Unexpected key(s) in state_dict: " + quoted_list(result.unexpected_keys) +
                     ".");
  }
  errors.insert(errors.end(), mismatches.begin(), mismatches.end());
  if (!errors.empty()) {
    std::string message = "Error(s) in loading state_dict for " + name() + ":";
    for (const auto& e : errors) message += "\n\t" + e;
    EMBER_FAIL("load_state_dict", message);
  }

  // All checks passed: nothing is written unless everything can be.
  ember::NoGradGuard no_grad;
  for (auto& target : targets) {
    if (const Tensor* source = state_dict.find(target.key())) target.value().copy_(*source);
  }
  return result;
}

// ---- Hooks -------------------------------------------------------------------------------------

RemovableHandle Module::register_forward_pre_hook(ForwardPreHook hook) {
  EMBER_CHECK(hook != nullptr, "register_forward_pre_hook", "expected a callable hook");
  if (!hooks_) hooks_ = std::make_shared<Hooks>();
  unsigned id = hooks_->next_id++;
  hooks_->pre.emplace_back(id, std::move(hook));
  std::weak_ptr<Hooks> weak = hooks_;
  return RemovableHandle(hooks_, [weak, id] {
    if (auto hooks = weak.lock()) {
      std::erase_if(hooks->pre, [id](const auto& entry) { return entry.first == id; });
    }
  });
}

RemovableHandle Module::register_forward_hook(ForwardHook hook) {
  EMBER_CHECK(hook != nullptr, "register_forward_hook", "expected a callable hook");
  if (!hooks_) hooks_ = std::make_shared<Hooks>();
  unsigned id = hooks_->next_id++;
  hooks_->post.emplace_back(id, std::move(hook));
  std::weak_ptr<Hooks> weak = hooks_;
  return RemovableHandle(hooks_, [weak, id] {
    if (auto hooks = weak.lock()) {
      std::erase_if(hooks->post, [id](const auto& entry) { return entry.first == id; });
    }
  });
}

void Module::run_forward_pre_hooks(std::vector<Tensor>& inputs) {
  if (!hooks_) return;
  // A copy: a hook may remove itself (or others) while running.
  auto pre = hooks_->pre;
  for (auto& [id, hook] : pre) {
    if (auto replaced = hook(*this, inputs)) {
      EMBER_CHECK(replaced->size() == inputs.size(), "forward_pre_hook", "expected ", inputs.size(),
                  " replacement input(s) for ", name(), ", got ", replaced->size());
      inputs = std::move(*replaced);
    }
  }
}

void Module::run_forward_hooks(const std::vector<Tensor>& inputs, Tensor& output) {
  if (!hooks_) return;
  auto post = hooks_->post;
  for (auto& [id, hook] : post) {
    if (auto replaced = hook(*this, inputs, output)) output = std::move(*replaced);
  }
}

// ---- Printing ----------------------------------------------------------------------------------

void Module::pretty_print(std::ostream& stream) const {
  stream << name();
}

void Module::pretty_print_recursive(std::ostream& stream, const std::string& indentation) const {
  pretty_print(stream);
  if (children_.is_empty()) return;
  stream << "(\n";
  const std::string next = indentation + "  ";
  for (const auto& child : children_) {
    stream << next << "(" << child.key() << "): ";
    child.value()->pretty_print_recursive(stream, next);
    stream << '\n';
  }
  stream << indentation << ")";
}

std::ostream& operator<<(std::ostream& stream, const Module& module) {
  module.pretty_print_recursive(stream, "");
  return stream;
}

}  // namespace ember::nn
