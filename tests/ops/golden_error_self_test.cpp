// The error comparator itself (tests/support/golden_error.h, Note [Golden errors]): it must
// reject an error raised for another reason than PyTorch's, a message without the op's name, and
// one that reports other sizes, or every error case that passes through it proves nothing.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "support/golden_error.h"

namespace ember {
namespace {

using testing::compare_error_messages;
using testing::compare_error_to_json;
using testing::Json;

const std::string kBroadcast =
    "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1";

bool agree(const std::string& ours, const std::string& pytorch) {
  return compare_error_messages(ours, pytorch).empty();
}

TEST(GoldenErrorSelfTest, AcceptsPyTorchsWordsAfterTheOpsName) {
  EXPECT_TRUE(agree("[add] " + kBroadcast, kBroadcast));
  // Case and the punctuation around words do not matter; a part of the message is enough.
  EXPECT_TRUE(agree("[sum] dimension out of range (expected to be in range of [-2, 1], but got 2)",
                    "Dimension out of range (expected to be in range of [-2, 1], but got 2)"));
  EXPECT_TRUE(agree("[bitwise_and] not implemented for 'Float'",
                    "\"bitwise_and_cpu\" not implemented for 'Float'"));
}

TEST(GoldenErrorSelfTest, RejectsAMessageWithoutTheOpsName) {
  EXPECT_FALSE(agree(kBroadcast, kBroadcast));
  EXPECT_FALSE(agree("[] " + kBroadcast, kBroadcast));
  EXPECT_FALSE(agree("add: " + kBroadcast, kBroadcast));
}

TEST(GoldenErrorSelfTest, RejectsAnotherReason) {
  EXPECT_FALSE(agree("[add] not implemented for 'Float'", kBroadcast));
  // Three words in a row are not enough, unless PyTorch's message has no more.
  EXPECT_FALSE(agree("[add] the size of tensor was wrong", kBroadcast));
  EXPECT_TRUE(agree("[div] ZeroDivisionError", "ZeroDivisionError"));
  EXPECT_FALSE(agree("[div] division by zero", "ZeroDivisionError"));
}

TEST(GoldenErrorSelfTest, RejectsOtherNumbers) {
  // Another dimension, another operand's size, another dtype in the same words.
  EXPECT_FALSE(
      agree("[add] The size of tensor a (3) must match the size of tensor b (4) at "
            "non-singleton dimension 0",
            kBroadcast));
  EXPECT_FALSE(
      agree("[add] The size of tensor a (3) must match the size of tensor b (5) at "
            "non-singleton dimension 1",
            kBroadcast));
  EXPECT_FALSE(agree("[sum] Dimension out of range (expected to be in range of [-3, 2], but got 2)",
                     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"));
  EXPECT_FALSE(agree("[bitwise_and] not implemented for 'Half'",
                     "\"bitwise_and_cpu\" not implemented for 'Float'"));
}

TEST(GoldenErrorSelfTest, RunsTheCaseAndNamesWhatWentWrong) {
  const Json expected = {{"error", kBroadcast}};
  EXPECT_TRUE(compare_error_to_json([] { EMBER_FAIL("add", kBroadcast); }, expected).empty());
  EXPECT_NE(compare_error_to_json([] {}, expected).find("raised nothing"), std::string::npos);
  EXPECT_NE(compare_error_to_json([] { throw std::runtime_error(kBroadcast); }, expected)
                .find("instead of an ember::Error"),
            std::string::npos);
  // A fixture whose error case holds no message is itself a failure.
  EXPECT_FALSE(compare_error_to_json([] { EMBER_FAIL("add", "x"); }, {{"error", true}}).empty());
}

TEST(GoldenErrorSelfTest, TheEmberWordsReplacePyTorchsWhereGiven) {
  const Json expected = {{"error", "not a sequence"}, {"ember", "expected sequence of length 2"}};
  EXPECT_TRUE(compare_error_to_json(
                  [] { EMBER_FAIL("tensor", "expected sequence of length 2 at dim 1"); }, expected)
                  .empty());
  EXPECT_FALSE(
      compare_error_to_json([] { EMBER_FAIL("tensor", "not a sequence"); }, expected).empty());
  EXPECT_FALSE(
      compare_error_to_json([] { throw Error("expected sequence of length 2 at dim 1"); }, expected)
          .empty());
}

}  // namespace
}  // namespace ember
