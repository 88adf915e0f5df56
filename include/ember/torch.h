#pragma once
/// Opt-in libtorch source compatibility: `#include <ember/torch.h>` instead of
/// `<torch/torch.h>`, and code written against libtorch's `torch::`, `at::` and `c10::` names
/// compiles against Ember:
///
///     torch::Tensor x = torch::arange(6, torch::kFloat32).view({2, 3});
///     at::Tensor y = x.t().to(torch::kDouble);
///     c10::ScalarType s = y.scalar_type();
///     auto row = x.index({torch::indexing::Slice(), 0});
///
/// The three namespaces nest as in libtorch (`torch` sees `at`, `at` sees `c10`) and all of them
/// see `ember`, so every Ember name is reachable under each; the few names libtorch spells
/// differently are added below. Never include this next to the real libtorch headers.
#include <optional>

#include "ember/ember.h"

namespace c10 {
using namespace ::ember;
/// libtorch's own optional predates std::optional; today it is the same type.
template <class T>
using optional = std::optional<T>;
using std::make_optional;
using std::nullopt;
using std::nullopt_t;
}  // namespace c10

namespace at {
using namespace ::c10;
}  // namespace at

namespace torch {
using namespace ::at;
}  // namespace torch

namespace ember::detail {
/// TORCH_CHECK's message: the parts given, streamed, or libtorch's own words without any.
inline std::string torch_check_message(const char* unmet) {
  return str_cat("Expected ", unmet, " to be true, but got false.");
}
template <class... Parts>
std::string torch_check_message(const char* /*unmet*/, const Parts&... parts) {
  return str_cat(parts...);
}
}  // namespace ember::detail

/// libtorch's check macro: raises `ember::Error` ("[TORCH_CHECK] ...") when `cond` is false, with
/// the message parts streamed as in libtorch, or libtorch's "Expected COND to be true, but got
/// false." without any.
#ifndef TORCH_CHECK
#define TORCH_CHECK(cond, ...)     \
  EMBER_CHECK(cond, "TORCH_CHECK", \
              ::ember::detail::torch_check_message(#cond __VA_OPT__(, ) __VA_ARGS__))
#endif

/// libtorch's module macros: `TORCH_MODULE(Net)` declares the holder of `NetImpl`, and option
/// structs declare fields with `TORCH_ARG`.
#ifndef TORCH_MODULE
#define TORCH_MODULE(Name) EMBER_MODULE(Name)
#endif
#ifndef TORCH_MODULE_IMPL
#define TORCH_MODULE_IMPL(Name, Impl) EMBER_MODULE_IMPL(Name, Impl)
#endif
#ifndef TORCH_ARG
#define TORCH_ARG(T, name) EMBER_ARG(T, name)
#endif
