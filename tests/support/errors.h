#pragma once
// Checking that bad input raises ember::Error with a message that names the op.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "ember/error.h"

namespace ember::testing {

/// The message of the ember::Error `f` raises, or "" when it raises none.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// Expects `f` to raise an ember::Error whose message starts with "[op]".
inline void expect_error_names(const std::function<void()>& f, const std::string& op) {
  const std::string message = error_of(f);
  EXPECT_EQ(message.rfind("[" + op + "]", 0), 0u)
      << "expected an ember::Error starting with [" << op << "], got: \"" << message << "\"";
}

/// Expects `f` to raise an ember::Error whose message contains `text`.
inline void expect_error_containing(const std::function<void()>& f, const std::string& text) {
  const std::string message = error_of(f);
  EXPECT_NE(message.find(text), std::string::npos)
      << "expected an ember::Error containing \"" << text << "\", got: \"" << message << "\"";
}

}  // namespace ember::testing

/// Expects `expr` to raise an ember::Error whose message contains `text`.
#define EXPECT_EMBER_ERROR(expr, text) \
  ::ember::testing::expect_error_containing([&] { (void)(expr); }, text)
