// Every op in src/ops/op_list.def has golden-value cases from PyTorch: an op added without a
// test fails here.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/golden.h"

namespace ember {
namespace {

TEST(OpCoverage, EveryOpHasGoldenCases) {
  std::set<std::string> tested;
  for (const std::string& family : testing::fixture_families()) {
    for (const auto& c : testing::fixture(family)) tested.insert(c.at("op").get<std::string>());
  }
  const char* ops[] = {
#define EMBER_OP(name) #name,
#include "ops/op_list.def"
#undef EMBER_OP
  };
  for (const char* op : ops) {
    EXPECT_TRUE(tested.count(op))
        << "op '" << op << "' has no golden-value case in "
        << "tests/reference/fixtures (add one in tests/reference/families)";
  }
}

}  // namespace
}  // namespace ember
