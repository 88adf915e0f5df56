#pragma once
/// `nn::Module`: the base of every layer and model, with libtorch's API. A module owns named
/// parameters (tensors that require grad), buffers (state such as running means) and child
/// modules, each in registration order; recursive accessors give PyTorch's dotted names
/// (`features.0.weight`). Beyond libtorch: forward pre-hooks and forward hooks, and
/// `state_dict()` / `load_state_dict()` with PyTorch's names, order and error messages.
///
///     struct NetImpl : ember::nn::Module {
///       NetImpl() { fc = register_module("fc", ember::nn::Linear(4, 2)); }
///       ember::Tensor forward(const ember::Tensor& x) { return fc(x); }
///       ember::nn::Linear fc{nullptr};
///     };
///     EMBER_MODULE(Net);
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/device.h"
#include "ember/dtype.h"
#include "ember/ordered_dict.h"
#include "ember/tensor.h"

namespace ember::nn {

class Module;

/// A forward pre-hook sees the module and its tensor inputs; returning tensors replaces the
/// inputs (same count), returning nothing keeps them.
using ForwardPreHook =
    std::function<std::optional<std::vector<Tensor>>(Module&, const std::vector<Tensor>&)>;
/// A forward hook sees the module, its inputs and its output; returning a tensor replaces the
/// output.
using ForwardHook =
    std::function<std::optional<Tensor>(Module&, const std::vector<Tensor>&, const Tensor&)>;

/// Returned by `register_forward_pre_hook` / `register_forward_hook`; `remove()` unregisters
/// the hook (a no-op once the module is gone or the hook already removed).
class RemovableHandle {
 public:
  RemovableHandle() = default;
  RemovableHandle(std::weak_ptr<void> owner, std::function<void()> remove)
      : owner_(std::move(owner)), remove_(std::move(remove)) {}
  void remove();

 private:
  std::weak_ptr<void> owner_;
  std::function<void()> remove_;
};

/// What `load_state_dict(dict, strict = false)` could not match, as PyTorch's return value.
struct LoadStateDictResult {
  std::vector<std::string> missing_keys;
  std::vector<std::string> unexpected_keys;
};

class Module : public std::enable_shared_from_this<Module> {
 public:
  using ModuleApplyFunction = std::function<void(Module&)>;
  using ConstModuleApplyFunction = std::function<void(const Module&)>;
  using NamedModuleApplyFunction = std::function<void(const std::string&, Module&)>;
  using ModulePointerApplyFunction = std::function<void(const std::shared_ptr<Module>&)>;

  /// `name` overrides the type name used in printing and error messages.
  explicit Module(std::string name);
  Module();
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;
  virtual ~Module() = default;

  /// The module's name: the one given to the constructor, else its demangled type name.
  const std::string& name() const noexcept;

  /// A deep copy (parameters, buffers and children copied), optionally onto `device`. Modules
  /// inherit this from `nn::Cloneable<Derived>`; a plain `Module` subclass raises.
  virtual std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const;

  // ---- Registration -------------------------------------------------------------------------
  /// Registers `tensor` as parameter `name` and sets its requires_grad; an undefined tensor
  /// registers an absent parameter (skipped by `parameters()`, as a PyTorch `None`).
  Tensor& register_parameter(std::string name, Tensor tensor, bool requires_grad = true);
  /// Registers a buffer; a non-persistent one is left out of `state_dict()`.
  Tensor& register_buffer(std::string name, Tensor tensor, bool persistent = true);
  template <class ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name,
                                              std::shared_ptr<ModuleType> module) {
    return std::dynamic_pointer_cast<ModuleType>(
        register_module_impl(std::move(name), std::move(module)));
  }
  /// Holder overload: `fc = register_module("fc", nn::Linear(4, 2))`.
  template <class Holder, class = typename Holder::ContainedType>
  Holder register_module(std::string name, Holder holder) {
    register_module_impl(std::move(name), holder.ptr());
    return holder;
  }
  /// Replaces the child `name` (which must exist) with `module`.
  template <class ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name,
                                             std::shared_ptr<ModuleType> module) {
    return std::dynamic_pointer_cast<ModuleType>(replace_module_impl(name, std::move(module)));
  }
  template <class Holder, class = typename Holder::ContainedType>
  Holder replace_module(const std::string& name, Holder holder) {
    replace_module_impl(name, holder.ptr());
    return holder;
  }
  void unregister_module(const std::string& name);

  // ---- Traversal (pre-order, registration order) --------------------------------------------
  /// Parameters of this module and, with `recurse`, of its descendants; a tensor shared by two
  /// modules appears once (as in PyTorch).
  std::vector<Tensor> parameters(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_parameters(bool recurse = true) const;
  std::vector<Tensor> buffers(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_buffers(bool recurse = true) const;
  std::vector<std::shared_ptr<Module>> children() const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_children() const;
  /// This module (unless `include_self` is false) and every descendant.
  std::vector<std::shared_ptr<Module>> modules(bool include_self = true) const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_modules(
      const std::string& name_prefix = std::string(), bool include_self = true) const;
  /// Calls `fn` on this module and every descendant, parents before children.
  void apply(const ModuleApplyFunction& fn);
  void apply(const ConstModuleApplyFunction& fn) const;
  void apply(const NamedModuleApplyFunction& fn, const std::string& name_prefix = std::string());
  void apply(const ModulePointerApplyFunction& fn) const;

  // ---- Mode, gradients, conversion -----------------------------------------------------------
  /// Sets training mode on this module and its descendants (Dropout, BatchNorm depend on it).
  virtual void train(bool on = true);
  void eval() { train(false); }
  virtual bool is_training() const noexcept { return is_training_; }
  /// Resets every parameter's gradient: to undefined (`set_to_none`, PyTorch 2's default) or
  /// to zeros.
  virtual void zero_grad(bool set_to_none = true);
  /// Converts floating-point parameters and buffers (and their gradients) in place: the
  /// tensors stay the same objects, so optimizers holding them see the change.
  virtual void to(ScalarType dtype, bool non_blocking = false);
  virtual void to(Device device, bool non_blocking = false);
  virtual void to(Device device, ScalarType dtype, bool non_blocking = false);

  /// `module.as<nn::Linear>()` / `as<nn::LinearImpl>()`: this module as that type, or null.
  template <class ModuleType>
  auto* as() noexcept {
    if constexpr (requires { typename ModuleType::ContainedType; }) {
      return dynamic_cast<typename ModuleType::ContainedType*>(this);
    } else {
      return dynamic_cast<ModuleType*>(this);
    }
  }
  template <class ModuleType>
  const auto* as() const noexcept {
    return const_cast<Module*>(this)->as<ModuleType>();  // NOLINT: same cast, const result
  }

  // ---- State dict ----------------------------------------------------------------------------
  /// Parameters and persistent buffers under PyTorch's names and order (each module's own
  /// parameters, then its buffers, then its children's entries), detached from the graph.
  OrderedDict<std::string, Tensor> state_dict() const;
  /// Copies `state_dict` into the parameters and buffers, without recording gradients. Shape
  /// mismatches always raise; missing or unexpected keys raise when `strict`, and are returned
  /// otherwise. The error lists every problem, in PyTorch's wording.
  LoadStateDictResult load_state_dict(const OrderedDict<std::string, Tensor>& state_dict,
                                      bool strict = true);

  // ---- Hooks (PyTorch's, which libtorch lacks) -----------------------------------------------
  /// Runs before every call through the module's holder (`model(x)`, or a container calling
  /// it), for forwards whose arguments are tensors and whose result is a tensor.
  RemovableHandle register_forward_pre_hook(ForwardPreHook hook);
  /// Runs after every such call.
  RemovableHandle register_forward_hook(ForwardHook hook);
  bool has_forward_hooks() const noexcept {
    return hooks_ && (!hooks_->pre.empty() || !hooks_->post.empty());
  }
  /// Runs the pre-hooks over `inputs` (in place) — the first step of a hooked call.
  void run_forward_pre_hooks(std::vector<Tensor>& inputs);
  /// Runs the forward hooks over `output` (in place) — the last step of a hooked call.
  void run_forward_hooks(const std::vector<Tensor>& inputs, Tensor& output);

  // ---- Printing ------------------------------------------------------------------------------
  /// Writes this module's one-line description (not its children), e.g.
  /// `ember::nn::Linear(in_features=4, out_features=2, bias=true)`; by default its name.
  virtual void pretty_print(std::ostream& stream) const;
  /// This module and, indented below it, its children: libtorch's `operator<<` format.
  void pretty_print_recursive(std::ostream& stream, const std::string& indentation) const;

 protected:
  /// Used by Cloneable: makes this module's registered state a deep copy of `other`'s.
  virtual void clone_(Module& other, const std::optional<Device>& device);
  /// Raw access for subclasses that manage their registered tensors themselves.
  OrderedDict<std::string, Tensor> parameters_{"Parameter"};
  OrderedDict<std::string, Tensor> buffers_{"Buffer"};
  OrderedDict<std::string, std::shared_ptr<Module>> children_{"Submodule"};
  std::set<std::string> non_persistent_buffers_;

 private:
  template <class Derived>
  friend class Cloneable;

  struct Hooks {
    unsigned next_id = 0;
    std::vector<std::pair<unsigned, ForwardPreHook>> pre;
    std::vector<std::pair<unsigned, ForwardHook>> post;
  };

  std::shared_ptr<Module> register_module_impl(std::string name, std::shared_ptr<Module> module);
  std::shared_ptr<Module> replace_module_impl(const std::string& name,
                                              std::shared_ptr<Module> module);
  /// Parameters and persistent buffers under their state-dict names, detached or as registered.
  void collect_state(const std::string& prefix, OrderedDict<std::string, Tensor>& out,
                     bool detached) const;
  void convert(const std::function<Tensor(const Tensor&)>& fn);

  mutable std::optional<std::string> name_;
  bool is_training_ = true;
  // Shared so that handles can outlive the module; copied modules (clone) start without hooks.
  std::shared_ptr<Hooks> hooks_;
};

/// Prints `module` and its children in libtorch's format.
std::ostream& operator<<(std::ostream& stream, const Module& module);

}  // namespace ember::nn
