#pragma once
/// `AnyValue` and `AnyModule`: type erasure for containers that hold modules of different types
/// (libtorch's). An `AnyModule` stores any module with a single, non-template `forward` and
/// calls it with arguments checked at run time; the result comes back as an `AnyValue`.
///
///     nn::AnyModule any(nn::Linear(4, 2));
///     Tensor y = any.forward(x);             // or any.any_forward(x).get<Tensor>()
#include <any>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "ember/demangle.h"
#include "ember/error.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

/// A value of any copyable type, with checked access.
class AnyValue {
 public:
  template <class T>
  explicit AnyValue(T&& value) : value_(std::forward<T>(value)) {}

  /// The value as `T`; raises if it holds another type.
  template <class T>
  T get() const {
    const T* v = try_get<T>();
    EMBER_CHECK(v != nullptr, "AnyValue", "attempted to cast a value of type ", type_name(), " to ",
                ember::detail::demangled_name(typeid(T)));
    return *v;
  }
  /// A pointer to the value as `T`, or null if it holds another type.
  template <class T>
  const T* try_get() const noexcept {
    return std::any_cast<T>(&value_);
  }
  const std::type_info& type_info() const noexcept { return value_.type(); }
  std::string type_name() const { return ember::detail::demangled_name(value_.type()); }

 private:
  std::any value_;
};

namespace detail {

template <class T>
struct ForwardSignature;
template <class C, class R, class... A>
struct ForwardSignature<R (C::*)(A...)> {
  using Result = R;
  using Args = std::tuple<std::decay_t<A>...>;
};
template <class C, class R, class... A>
struct ForwardSignature<R (C::*)(A...) const> : ForwardSignature<R (C::*)(A...)> {};

}  // namespace detail

class AnyModule {
 public:
  AnyModule() = default;
  /// From a module (`std::make_shared<LinearImpl>(...)`) or a holder (`nn::Linear(...)`).
  template <class ModuleType>
  explicit AnyModule(std::shared_ptr<ModuleType> module) {
    set(std::move(module));
  }
  template <class Holder, class = typename Holder::ContainedType>
  explicit AnyModule(const Holder& holder) {
    set(holder.ptr());
  }

  /// Calls the module's forward (with its hooks), giving its result as `Result` (libtorch's
  /// default, Tensor); raises on a wrong argument count or type.
  template <class Result = Tensor, class... Args>
  Result forward(Args&&... args) {
    return any_forward(std::forward<Args>(args)...).template get<Result>();
  }
  /// The same, with the result type-erased.
  template <class... Args>
  AnyValue any_forward(Args&&... args) {
    EMBER_CHECK(module_ != nullptr, "AnyModule", "calling forward on an empty AnyModule");
    std::vector<AnyValue> values;
    values.reserve(sizeof...(Args));
    (values.emplace_back(std::decay_t<Args>(std::forward<Args>(args))), ...);
    return call_(std::move(values));
  }
  /// Calls forward with already type-erased arguments (how Sequential chains modules).
  AnyValue forward_values(std::vector<AnyValue> args) {
    EMBER_CHECK(module_ != nullptr, "AnyModule", "calling forward on an empty AnyModule");
    return call_(std::move(args));
  }

  const std::shared_ptr<Module>& ptr() const noexcept { return module_; }
  /// The module as `T`; raises if it is another type.
  template <class T>
  std::shared_ptr<T> ptr() const {
    auto cast = std::dynamic_pointer_cast<T>(module_);
    EMBER_CHECK(cast != nullptr, "AnyModule", "attempted to cast module of type ",
                module_ ? module_->name() : std::string("(empty)"), " to type ",
                ember::detail::demangled_name(typeid(T)));
    return cast;
  }
  bool is_empty() const noexcept { return module_ == nullptr; }
  /// A deep copy (the module must be Cloneable).
  AnyModule clone(const std::optional<Device>& device = std::nullopt) const;

 private:
  template <class ModuleType>
  void set(std::shared_ptr<ModuleType> module) {
    module_ = module;
    if constexpr (requires { &ModuleType::forward; }) {
      using Signature = detail::ForwardSignature<decltype(&ModuleType::forward)>;
      call_ = [module](std::vector<AnyValue>&& args) {
        return call_with(*module, args, static_cast<typename Signature::Args*>(nullptr),
                         std::make_index_sequence<std::tuple_size_v<typename Signature::Args>>{});
      };
    } else {
      // A templated forward (a nested Sequential): one tensor in, one tensor out.
      call_ = [module](std::vector<AnyValue>&& args) {
        EMBER_CHECK(args.size() == 1, "AnyModule", module->name(),
                    "'s forward expected 1 argument(s), got ", args.size());
        return AnyValue(detail::call_forward(*module, args[0].template get<Tensor>()));
      };
    }
    rewrap_ = [](std::shared_ptr<Module> m) {
      return AnyModule(std::dynamic_pointer_cast<ModuleType>(std::move(m)));
    };
  }

  // A module whose forward has trailing defaulted parameters declares how many are required
  // (`static constexpr size_t kForwardRequiredArgs`); the missing ones are value-initialised,
  // which is what those defaults are (libtorch's FORWARD_HAS_DEFAULT_ARGS).
  template <class ModuleType, class... A, size_t... I>
  static AnyValue call_with(ModuleType& module, std::vector<AnyValue>& args, std::tuple<A...>*,
                            std::index_sequence<I...>) {
    size_t required = sizeof...(A);
    if constexpr (requires { ModuleType::kForwardRequiredArgs; }) {
      required = ModuleType::kForwardRequiredArgs;
    }
    EMBER_CHECK(args.size() >= required && args.size() <= sizeof...(A), "AnyModule", module.name(),
                "'s forward expected ", required == sizeof...(A) ? "" : "at least ", required,
                " argument(s), got ", args.size());
    return AnyValue(
        detail::call_forward(module, (I < args.size() ? args[I].template get<A>() : A{})...));
  }

  std::shared_ptr<Module> module_;
  std::function<AnyValue(std::vector<AnyValue>&&)> call_;
  std::function<AnyModule(std::shared_ptr<Module>)> rewrap_;
};

inline AnyModule AnyModule::clone(const std::optional<Device>& device) const {
  EMBER_CHECK(module_ != nullptr, "AnyModule", "cloning an empty AnyModule");
  return rewrap_(module_->clone(device));
}

}  // namespace ember::nn
