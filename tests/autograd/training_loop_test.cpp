// A long training loop keeps a flat resident memory: every graph is freed with its loss.
#include <gtest/gtest.h>

#include <fstream>

#include "core/sanitizers.h"
#include "ember/ember.h"

namespace ember {
namespace {

// Resident set size in bytes (Linux /proc/self/statm: pages).
int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t total = 0, resident = 0;
  statm >> total >> resident;
  return resident * 4096;
}

TEST(TrainingLoop, TenThousandStepsKeepAFlatResidentMemory) {
  manual_seed(0);
  Tensor w1 = (randn({16, 32}) * 0.1).requires_grad_();
  Tensor b1 = zeros({32}, requires_grad());
  Tensor w2 = (randn({32, 4}) * 0.1).requires_grad_();
  Tensor x = randn({8, 16});
  Tensor target = randn({8, 4});
  auto step = [&] {
    Tensor h = (x.matmul(w1) + b1).tanh();
    Tensor loss = (h.matmul(w2) - target).square().mean();
    loss.backward();
    NoGradGuard no_grad;
    for (Tensor* p : {&w1, &b1, &w2}) {
      p->sub_(p->grad() * 0.01);
      p->mutable_grad().zero_();
    }
    return loss.item<float>();
  };
  const float first = step();
  for (int i = 0; i < 500; ++i) step();  // let the allocator reach its steady state
  const int64_t before = resident_bytes();
  float last = 0;
  for (int i = 0; i < 10000; ++i) last = step();
  const int64_t growth = resident_bytes() - before;
  EXPECT_LT(last, first);  // it did train
#ifdef EMBER_ASAN
  (void)growth;  // ASan holds freed memory in quarantine: resident size says nothing here
#else
  EXPECT_LT(growth, int64_t{1} << 20) << "resident memory grew by " << growth << " bytes";
#endif
}

}  // namespace
}  // namespace ember
