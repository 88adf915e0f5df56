#pragma once
/// The optimizer base, as libtorch's `torch::optim::Optimizer`: parameter groups, each with its
/// own copy of the options, per-parameter state, `zero_grad` and `step`.
///
///     ember::optim::SGD opt(model->parameters(), ember::optim::SGDOptions(0.1).momentum(0.9));
///     opt.zero_grad();
///     loss.backward();
///     opt.step();
///
/// `state_dict()` / `load_state_dict()` use the flat tensor dict of STATE_FORMAT.md, PyTorch's
/// `optimizer.state_dict()` flattened with dots (docs/optim.md):
///   state.<i>.<name>            per-parameter state of the i-th parameter over all groups
///   param_groups.<g>.<option>   the options of group g (doubles 0-d kDouble, ints 0-d kLong,
///                               bools 0-d kBool, betas 1-d kDouble)
///   param_groups.<g>.params     1-d kLong: the indices of the group's parameters
/// Options and state describe their fields once, in `visit_fields` (Note [Optimizer fields]),
/// and the base saves, validates and loads every optimizer through that one description.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "ember/arg.h"
#include "ember/ordered_dict.h"
#include "ember/tensor.h"

namespace ember::optim {

// Note [Optimizer fields]
// An options struct or a per-parameter state lists its fields once, by name, in `visit_fields`:
//
//     void visit_fields(OptimizerFieldVisitor& v) override {
//       v.field("lr", lr_);
//       v.field("betas", betas_);
//     }
//
// The base walks that list with a writer (state_dict) or a reader (load_state_dict), so saving,
// loading and validation exist once for every optimizer. Names are PyTorch's keys.

/// Visits the named fields of an options struct or a per-parameter state (Note [Optimizer
/// fields]). Absent optionals and undefined tensors are left out of a state dict.
class OptimizerFieldVisitor {
 public:
  virtual ~OptimizerFieldVisitor() = default;
  virtual void field(const char* name, double& value) = 0;
  virtual void field(const char* name, int64_t& value) = 0;
  virtual void field(const char* name, bool& value) = 0;
  /// A pair such as `betas`: a 1-d kDouble of two values.
  virtual void field(const char* name, std::tuple<double, double>& value) = 0;
  virtual void field(const char* name, std::optional<double>& value) = 0;
  virtual void field(const char* name, std::optional<int64_t>& value) = 0;
  /// A string option (`line_search_fn`): a 1-d kByte of its characters.
  virtual void field(const char* name, std::optional<std::string>& value) = 0;
  /// A state tensor. `like_param`: it has the parameter's shape, and loading casts it to the
  /// parameter's dtype; otherwise any shape and dtype load as saved.
  virtual void field(const char* name, Tensor& value, bool like_param = true) = 0;
  /// A list of state tensors (LBFGS's history): keys `<name>.<k>`.
  virtual void field(const char* name, std::vector<Tensor>& value) = 0;
  virtual void field(const char* name, std::deque<Tensor>& value) = 0;
};

/// Per-parameter state of an optimizer (libtorch's `OptimizerParamState`).
class OptimizerParamState {
 public:
  OptimizerParamState() = default;
  OptimizerParamState(const OptimizerParamState&) = default;
  OptimizerParamState& operator=(const OptimizerParamState&) = default;
  OptimizerParamState(OptimizerParamState&&) noexcept = default;
  OptimizerParamState& operator=(OptimizerParamState&&) noexcept = default;
  virtual ~OptimizerParamState() = default;
  virtual std::unique_ptr<OptimizerParamState> clone() const;
  /// Lists the state's fields (Note [Optimizer fields]); the base has none.
  virtual void visit_fields(OptimizerFieldVisitor& visitor);
};

/// CRTP helper that gives a state struct its `clone()`.
template <class Derived>
class OptimizerCloneableParamState : public OptimizerParamState {
 public:
  std::unique_ptr<OptimizerParamState> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

/// Options of an optimizer (one copy per parameter group), as libtorch's `OptimizerOptions`.
class OptimizerOptions {
 public:
  OptimizerOptions() = default;
  OptimizerOptions(const OptimizerOptions&) = default;
  OptimizerOptions& operator=(const OptimizerOptions&) = default;
  OptimizerOptions(OptimizerOptions&&) noexcept = default;
  OptimizerOptions& operator=(OptimizerOptions&&) noexcept = default;
  virtual ~OptimizerOptions() = default;
  virtual std::unique_ptr<OptimizerOptions> clone() const;
  /// The learning rate (what LR schedulers read and write); raises unless overridden.
  virtual double get_lr() const;
  virtual void set_lr(double lr);
  /// Lists the options' fields (Note [Optimizer fields]); the base has none.
  virtual void visit_fields(OptimizerFieldVisitor& visitor);
};

/// CRTP helper that gives an options struct its `clone()`.
template <class Derived>
class OptimizerCloneableOptions : public OptimizerOptions {
 public:
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

/// A group of parameters sharing one set of options. A group built without options takes the
/// optimizer's defaults when added.
class OptimizerParamGroup {
 public:
  OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {}  // NOLINT
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options)
      : params_(std::move(params)), options_(std::move(options)) {}
  OptimizerParamGroup(const OptimizerParamGroup& other);
  OptimizerParamGroup& operator=(const OptimizerParamGroup& other);
  OptimizerParamGroup(OptimizerParamGroup&&) noexcept = default;
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) noexcept = default;

  bool has_options() const { return options_ != nullptr; }
  /// The group's options; raises if it has none.
  OptimizerOptions& options();
  const OptimizerOptions& options() const;
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  std::vector<Tensor>& params() { return params_; }
  const std::vector<Tensor>& params() const { return params_; }

 protected:
  std::vector<Tensor> params_;
  std::unique_ptr<OptimizerOptions> options_;
};

/// Base of every optimizer (libtorch's `torch::optim::Optimizer`).
class Optimizer {
 public:
  /// A function that reevaluates the model and returns the loss (for `step(closure)`).
  using LossClosure = std::function<Tensor()>;

  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;
  Optimizer(Optimizer&&) = default;
  Optimizer& operator=(Optimizer&&) = default;
  virtual ~Optimizer() = default;

  /// Adds each group (groups without options get a copy of `defaults`).
  Optimizer(const std::vector<OptimizerParamGroup>& param_groups,
            std::unique_ptr<OptimizerOptions> defaults);
  /// One group of `parameters` with the defaults.
  Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults);

  /// Adds a group; its parameters must be leaves not already in a group. A group without
  /// options gets a copy of the defaults.
  void add_param_group(const OptimizerParamGroup& param_group);
  /// Appends `parameters` to the first group (libtorch's `add_parameters`).
  void add_parameters(const std::vector<Tensor>& parameters);

  /// Performs one optimization step. `closure`, if given, is called once under grad mode to
  /// recompute the loss, which is returned (an undefined tensor without a closure).
  virtual Tensor step(LossClosure closure = nullptr) = 0;

  /// Resets the gradients of all parameters: to undefined (`set_to_none`), or to zero.
  void zero_grad(bool set_to_none = true);

  /// The parameters of the first group (libtorch's `parameters()`); raises without groups.
  const std::vector<Tensor>& parameters() const;
  std::vector<Tensor>& parameters();
  /// Number of parameters over all groups.
  size_t size() const noexcept;

  OptimizerOptions& defaults() noexcept { return *defaults_; }
  const OptimizerOptions& defaults() const noexcept { return *defaults_; }
  std::vector<OptimizerParamGroup>& param_groups() noexcept { return param_groups_; }
  const std::vector<OptimizerParamGroup>& param_groups() const noexcept { return param_groups_; }
  /// Per-parameter state, keyed by the parameter's `unsafeGetTensorImpl()`.
  std::unordered_map<void*, std::unique_ptr<OptimizerParamState>>& state() noexcept {
    return state_;
  }
  const std::unordered_map<void*, std::unique_ptr<OptimizerParamState>>& state() const noexcept {
    return state_;
  }

  /// The optimizer's state and groups' options as a flat tensor dict (see the file comment).
  OrderedDict<std::string, Tensor> state_dict() const;
  /// Restores `state_dict()`'s output into an optimizer with groups of the same sizes. Keys,
  /// dtypes and shapes are validated first; on error nothing is changed.
  void load_state_dict(const OrderedDict<std::string, Tensor>& state_dict);

  /// The optimizer's name in error messages ("SGD", "Adam", ...). Errors raised while the base
  /// constructor runs say "Optimizer".
  virtual const char* name() const { return "Optimizer"; }

 protected:
  /// A fresh, empty state of this optimizer's kind (what `load_state_dict` fills; its fields
  /// are overwritten by the loaded values, tensors left out of the dict stay undefined).
  virtual std::unique_ptr<OptimizerParamState> make_param_state() const = 0;
  /// The state of `param`, or null.
  OptimizerParamState* find_state(const Tensor& param) const;
  /// The state of `param`, made with `make_param_state()` on first use.
  template <class State>
  State& state_of(const Tensor& param) {
    auto& slot = state_[param.unsafeGetTensorImpl()];
    if (!slot) slot = std::make_unique<State>();
    return static_cast<State&>(*slot);
  }
  /// Raises unless every parameter is a defined leaf that no group holds yet.
  void check_new_params(const std::vector<Tensor>& params) const;
  /// Calls `closure` (if any) under grad mode and returns its loss.
  static Tensor evaluate_closure(const LossClosure& closure);

  std::vector<OptimizerParamGroup> param_groups_;
  std::unordered_map<void*, std::unique_ptr<OptimizerParamState>> state_;
  std::unique_ptr<OptimizerOptions> defaults_;
};

}  // namespace ember::optim
