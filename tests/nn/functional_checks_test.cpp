// Argument checks of nn functions that no other test reached: scripts/mutate.sh weakened each
// (&& to ||, < to <=) and the suite still passed.
#include <gtest/gtest.h>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember::nn::functional {
namespace {

TEST(FunctionalChecks, PreluTakesA0dOr1dWeightOnly) {
  const Tensor x = ember::ones({2, 3});
  EXPECT_EMBER_ERROR(prelu(x, ember::ones({3, 1})), "expected a 0-d or 1-d weight");
  EXPECT_EMBER_ERROR(prelu(x, Tensor()), "expected a 0-d or 1-d weight");
}

TEST(FunctionalChecks, PairwiseDistanceNeedsBothInputs) {
  const Tensor x = ember::ones({2, 3});
  EXPECT_EMBER_ERROR(pairwise_distance(x, Tensor()), "expected defined inputs");
  EXPECT_EMBER_ERROR(pairwise_distance(Tensor(), x), "expected defined inputs");
}

TEST(FunctionalChecks, CrossEntropyWithProbabilitiesRejectsEveryIgnoreIndex) {
  // Class-probability targets have no class to ignore; 0 is a class like any other.
  const Tensor input = ember::zeros({2, 3});
  const Tensor target = ember::full({2, 3}, 1.0 / 3);
  for (int64_t ignore : {0, 1}) {
    EXPECT_EMBER_ERROR(cross_entropy(input, target, CrossEntropyFuncOptions().ignore_index(ignore)),
                       "ignore_index is not supported for floating point target");
  }
  EXPECT_NO_THROW(cross_entropy(input, target));  // the default, -100, ignores nothing
}

}  // namespace
}  // namespace ember::nn::functional
