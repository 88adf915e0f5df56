// The version is written once (include/ember/version.h); the numbers, the string and the library
// must agree.
#include <gtest/gtest.h>

#include <string>

#include "ember/version.h"

namespace ember {
namespace {

TEST(Version, LibraryMatchesHeaders) {
  EXPECT_STREQ(version(), EMBER_VERSION);
}

TEST(Version, StringSpellsTheNumbers) {
  const std::string expected = std::to_string(EMBER_VERSION_MAJOR) + "." +
                               std::to_string(EMBER_VERSION_MINOR) + "." +
                               std::to_string(EMBER_VERSION_PATCH);
  EXPECT_EQ(std::string(EMBER_VERSION), expected);
}

}  // namespace
}  // namespace ember
