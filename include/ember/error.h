#pragma once
/// Ember's one error type and the checks that raise it.
///
/// Every invalid input raises `ember::Error`; its message starts with the op name in brackets and
/// says what was expected and what was given: `[matmul] mat1 and mat2 shapes cannot be multiplied
/// (2x3 and 4x5)`.
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace ember {

/// The exception every Ember op raises for bad input.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

namespace detail {

/// Streams every argument into one string (anything with an `operator<<`).
template <class... Args>
std::string str_cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

[[noreturn]] void throw_error(const char* op, const std::string& message);

}  // namespace detail
}  // namespace ember

/// Raises `ember::Error("[op] ...")` when `cond` is false; the message parts are streamed.
#define EMBER_CHECK(cond, op, ...)                                             \
  do {                                                                         \
    if (!(cond)) [[unlikely]] {                                                \
      ::ember::detail::throw_error(op, ::ember::detail::str_cat(__VA_ARGS__)); \
    }                                                                          \
  } while (false)

/// Raises `ember::Error("[op] ...")` unconditionally.
#define EMBER_FAIL(op, ...) ::ember::detail::throw_error(op, ::ember::detail::str_cat(__VA_ARGS__))
