#pragma once
/// The holder pattern of libtorch: `nn::Linear` is a shared handle to an `nn::LinearImpl`.
/// Copying a holder aliases the module; `->` reaches the module's members; calling the holder
/// runs the module's `forward` (and its forward hooks). `EMBER_MODULE(Net)` makes the holder
/// `Net` for a user module `NetImpl` (`<ember/torch.h>` maps `TORCH_MODULE` onto it).
///
///     nn::Linear fc(4, 2);              // make_shared<LinearImpl>(4, 2)
///     nn::Linear empty{nullptr};        // no module yet; assign one later
///     Tensor y = fc(x);                 // fc->forward(x), hooks included
#include <memory>
#include <ostream>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/error.h"
#include "ember/nn/module.h"

namespace ember::nn {
namespace detail {

template <class Impl, size_t... I>
auto forward_with(Impl& impl, const std::vector<Tensor>& inputs, std::index_sequence<I...>) {
  return impl.forward(inputs[I]...);
}

/// Calls `impl.forward(args...)`. When the module has forward hooks and the call is tensors in,
/// tensor out, the pre-hooks see (and may replace) the inputs and the hooks see (and may
/// replace) the output. Without hooks this is a plain call.
template <class Impl, class... Args>
auto call_forward(Impl& impl, Args&&... args)
    -> decltype(impl.forward(std::forward<Args>(args)...)) {
  using Result = decltype(impl.forward(std::forward<Args>(args)...));
  if constexpr ((std::is_same_v<std::decay_t<Args>, Tensor> && ...) &&
                std::is_same_v<std::decay_t<Result>, Tensor>) {
    if (impl.has_forward_hooks()) {
      std::vector<Tensor> inputs{Tensor(args)...};
      impl.run_forward_pre_hooks(inputs);
      Tensor out = forward_with(impl, inputs, std::index_sequence_for<Args...>{});
      impl.run_forward_hooks(inputs, out);
      return out;
    }
  }
  return impl.forward(std::forward<Args>(args)...);
}

}  // namespace detail

template <class Contained>
class ModuleHolder {
 public:
  using ContainedType = Contained;

  /// Default-constructs the module (only for modules that have a default constructor; use
  /// `{nullptr}` for an empty holder).
  ModuleHolder() requires std::is_default_constructible_v<Contained>
      : impl_(std::make_shared<Contained>()) {}
  /// An empty holder, to be assigned later.
  ModuleHolder(std::nullptr_t) {}  // NOLINT: implicit like libtorch
  /// Constructs the module from `args` (`nn::Linear(4, 2)`, `nn::Linear(LinearOptions(4, 2))`).
  template <class Head, class... Tail>
  requires(!(std::is_same_v<std::decay_t<Head>, std::nullptr_t> && sizeof...(Tail) == 0) &&
           !(std::is_base_of_v<ModuleHolder, std::decay_t<Head>> &&
             sizeof...(Tail) == 0)) explicit ModuleHolder(Head&& head, Tail&&... tail)
      : impl_(std::make_shared<Contained>(std::forward<Head>(head), std::forward<Tail>(tail)...)) {}
  /// Wraps an existing module.
  ModuleHolder(std::shared_ptr<Contained> module) : impl_(std::move(module)) {}  // NOLINT

  bool is_empty() const noexcept { return impl_ == nullptr; }
  explicit operator bool() const noexcept { return !is_empty(); }

  Contained* operator->() { return get(); }
  const Contained* operator->() const { return get(); }
  Contained& operator*() { return *get(); }
  const Contained& operator*() const { return *get(); }
  const std::shared_ptr<Contained>& ptr() const {
    check_not_empty();
    return impl_;
  }
  Contained* get() {
    check_not_empty();
    return impl_.get();
  }
  const Contained* get() const {
    check_not_empty();
    return impl_.get();
  }

  /// Runs the module's forward, with its hooks.
  template <class... Args>
  decltype(auto) operator()(Args&&... args) {
    return detail::call_forward(*get(), std::forward<Args>(args)...);
  }
  /// Indexing for containers (`sequential[0]`).
  template <class Arg>
  decltype(auto) operator[](Arg&& arg) {
    return (*get())[std::forward<Arg>(arg)];
  }

 protected:
  void check_not_empty() const {
    EMBER_CHECK(impl_ != nullptr, "ModuleHolder",
                "accessing an empty module holder; construct it or assign a module first");
  }
  std::shared_ptr<Contained> impl_;
};

template <class Contained>
std::ostream& operator<<(std::ostream& stream, const ModuleHolder<Contained>& holder) {
  return stream << *holder;
}

}  // namespace ember::nn

/// Declares `Name` as the holder of module class `Impl`.
#define EMBER_MODULE_IMPL(Name, Impl)                    \
  class Name : public ::ember::nn::ModuleHolder<Impl> {  \
   public:                                               \
    using ::ember::nn::ModuleHolder<Impl>::ModuleHolder; \
    using ::ember::nn::ModuleHolder<Impl>::get;          \
  }

/// Declares `Name` as the holder of the user module class `Name##Impl`.
#define EMBER_MODULE(Name) EMBER_MODULE_IMPL(Name, Name##Impl)
