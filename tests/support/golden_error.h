#pragma once
// Error cases of the golden fixtures: PyTorch's message for the case, and Ember's compared with it.
//
// Note [Golden errors]
// An error case's expectation is {"error": MESSAGE}, the first line of the message PyTorch
// raised for the same inputs (tests/reference/common.py: outcome). Raising some error is not
// enough, since an op that throws for the wrong reason ("not implemented", a shape check that
// fires too early) would pass. Ember's message must
// - be an ember::Error naming the op that raised it: it starts with "[name] ";
// - say what PyTorch says: after the name, it shares a run of at least four words with
//   PyTorch's message (all of it, when that is shorter), and contains every number PyTorch's
//   message contains (the sizes, dims and indices that tell one reason from another).
// Words compare without case and without the punctuation around them, so "dimension 1." and
// "dimension 1" are the same words, but "[-2, 1]" must still hold -2 and 1.
// Where Ember's wording cannot follow PyTorch's (a Python-only message, such as an argument's
// Python type), the generator writes the words Ember's message must contain instead, as
// {"error": MESSAGE, "ember": WORDS}, with the reason beside it in the generator.
#include <functional>
#include <string>

#include "support/golden.h"

namespace ember::testing {

/// Why Ember's error `message` does not say what `pytorch` says (Note [Golden errors]), or an
/// empty string when it does.
std::string compare_error_messages(const std::string& message, const std::string& pytorch);

/// Runs `run` and checks that it raises the error the fixture expectation {"error": ...}
/// describes; returns a description of the mismatch, or an empty string.
std::string compare_error_to_json(const std::function<void()>& run, const Json& expected);

}  // namespace ember::testing

/// EXPECT that `expr` raises the error the fixture expectation `expected` describes.
#define EXPECT_GOLDEN_ERROR(expr, expected)                                       \
  do {                                                                            \
    std::string mismatch_ =                                                       \
        ::ember::testing::compare_error_to_json([&] { (void)(expr); }, expected); \
    EXPECT_TRUE(mismatch_.empty()) << mismatch_;                                  \
  } while (false)
