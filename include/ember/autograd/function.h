#pragma once
/// Custom autograd functions, as in libtorch: a forward computed with any ops (not recorded)
/// and a hand-written backward.
///
///     struct MulConstant : public ember::autograd::Function<MulConstant> {
///       static ember::Tensor forward(ember::autograd::AutogradContext* ctx, ember::Tensor x,
///                                    double k) {
///         ctx->saved_data["k"] = k;
///         return x * k;
///       }
///       static ember::autograd::variable_list backward(ember::autograd::AutogradContext* ctx,
///                                                      ember::autograd::variable_list grads) {
///         // one gradient per forward argument; undefined for the non-tensor ones
///         return {grads[0] * ctx->saved_data["k"].toDouble(), ember::Tensor()};
///       }
///     };
///     ember::Tensor y = MulConstant::apply(x, 2.0);
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "ember/autograd/grad_mode.h"
#include "ember/autograd/node.h"
#include "ember/demangle.h"
#include "ember/ivalue.h"

namespace ember::autograd {

namespace detail {
class CustomNode;
struct SavedTensors;
}  // namespace detail

/// What forward leaves for backward.
class AutogradContext {
 public:
  AutogradContext();
  ~AutogradContext();
  AutogradContext(const AutogradContext&) = delete;
  AutogradContext& operator=(const AutogradContext&) = delete;

  /// Non-tensor state (and tensors that need no version check), by name.
  std::unordered_map<std::string, IValue> saved_data;

  /// Tensors backward needs (inputs or outputs of forward); called once, in forward. They are
  /// checked for in-place modification when backward reads them.
  void save_for_backward(variable_list to_save);
  /// The tensors given to save_for_backward (raises if one was modified in place since).
  variable_list get_saved_variables() const;
  /// Declares inputs that forward modified in place (and returns as outputs).
  void mark_dirty(const variable_list& inputs);
  /// Declares outputs that take no gradient (indices, masks).
  void mark_non_differentiable(const variable_list& outputs);
  /// Whether backward receives zeros (default) or undefined tensors for outputs nobody used.
  void set_materialize_grads(bool value) { materialize_grads_ = value; }
  /// Whether forward argument `index` (counting every argument) needs a gradient.
  bool needs_input_grad(size_t index) const;

 private:
  friend class detail::CustomNode;
  variable_list to_save_;
  std::unique_ptr<detail::SavedTensors> saved_;
  std::unordered_set<const void*> dirty_;
  std::unordered_set<const void*> non_differentiable_;
  bool materialize_grads_ = true;
  std::weak_ptr<detail::CustomNode> node_;
  std::vector<bool> needs_input_grad_;
};

namespace detail {

/// The node of a custom function: runs the user's backward.
class CustomNode final : public Node {
 public:
  using Backward = std::function<variable_list(AutogradContext*, variable_list)>;
  CustomNode(std::string name, Backward backward);
  std::string name() const override { return name_; }
  void release_variables() override;
  AutogradContext ctx;

  /// Records the call: `inputs` are forward's arguments (undefined for non-tensor ones), and
  /// `outputs` forward's results, which get this node as history (or are returned aliased
  /// when forward passed an input through).
  static void wire(const std::shared_ptr<CustomNode>& node, const variable_list& inputs,
                   variable_list& outputs);

 protected:
  variable_list apply(variable_list&& grads) override;

 private:
  std::string name_;
  Backward backward_;
  std::vector<size_t> tensor_args_;  // positions of the tensor arguments among forward's
  size_t num_args_ = 0;
};

template <class A>
Tensor as_input(const A& arg) {
  if constexpr (std::is_convertible_v<const A&, const Tensor&>) {
    return arg;
  } else {
    return Tensor();
  }
}

inline variable_list to_list(const Tensor& t) {
  return {t};
}
inline variable_list to_list(variable_list v) {
  return v;
}

}  // namespace detail

/// Base of a custom function `T` with static `T::forward(AutogradContext*, args...)` (returning
/// a Tensor or a variable_list) and `T::backward(AutogradContext*, variable_list)`.
template <class T>
struct Function {
  template <class... Args>
  static auto apply(Args&&... args) {
    auto node =
        std::make_shared<detail::CustomNode>(ember::detail::demangled_name(typeid(T)) + "Backward",
                                             [](AutogradContext* ctx, variable_list grads) {
                                               return T::backward(ctx, std::move(grads));
                                             });
    variable_list inputs{detail::as_input(args)...};
    using Result = decltype(T::forward(&node->ctx, std::forward<Args>(args)...));
    Result result;
    {
      AutoGradMode no_grad(false);
      result = T::forward(&node->ctx, std::forward<Args>(args)...);
    }
    variable_list outputs = detail::to_list(result);
    detail::CustomNode::wire(node, inputs, outputs);
    if constexpr (std::is_same_v<std::decay_t<Result>, Tensor>) {
      return outputs[0];
    } else {
      return outputs;
    }
  }
};

}  // namespace ember::autograd
