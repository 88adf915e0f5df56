// Gradient cases of the pooling ops. Random continuous values have no ties, so a max window's
// winner does not change under the finite-difference step. Second order runs everywhere: the
// max-pool backward is a recorded scatter whose own gradient gathers through the indices, and
// the average-pool backward is a recorded adjoint whose gradient is the pooling again.
#include "autograd/grad_cases.h"
#include "ember/ops/pooling.h"

namespace ember::testing {
namespace {

void max_cases(GradCaseList& c) {
  using I = const Inputs&;
  c.push_back(
      {"max_pool1d", "k3 s2 p1", {rnd({2, 2, 7})}, [](I x) { return max_pool1d(x[0], 3, 2, 1); }});
  c.push_back({"max_pool1d_with_indices", "dilation ceil", {rnd({2, 6})}, [](I x) {
                 return std::get<0>(max_pool1d_with_indices(x[0], 2, 2, 1, 2, true));
               }});
  c.push_back({"max_pool2d", "2x2", {rnd({2, 2, 4, 6})}, [](I x) { return max_pool2d(x[0], 2); }});
  c.push_back({"max_pool2d", "overlapping padded", {rnd({1, 2, 5, 5})}, [](I x) {
                 return max_pool2d(x[0], 3, 1, 1);
               }});
  c.push_back(
      {"max_pool2d", "zero batch", {rnd({0, 2, 4, 4})}, [](I x) { return max_pool2d(x[0], 2); }});
  c.push_back({"max_pool2d_with_indices", "mixed ceil unbatched", {rnd({2, 5, 6})}, [](I x) {
                 return std::get<0>(max_pool2d_with_indices(x[0], {3, 2}, {2, 1}, {1, 0}, 1, true));
               }});
  c.push_back({"max_pool3d", "2x2x2", {rnd({1, 2, 4, 4, 3})}, [](I x) {
                 return max_pool3d(x[0], 2, {}, 0, 1, true);
               }});
  c.push_back({"max_pool3d_with_indices", "dilation", {rnd({1, 1, 5, 4, 4})}, [](I x) {
                 return std::get<0>(max_pool3d_with_indices(x[0], 2, 1, 1, 2));
               }});
}

void avg_cases(GradCaseList& c) {
  using I = const Inputs&;
  c.push_back({"avg_pool1d", "k3 s2 p1 exclude pad", {rnd({2, 2, 7})}, [](I x) {
                 return avg_pool1d(x[0], 3, 2, 1, true, false);
               }});
  c.push_back({"avg_pool2d", "2x2", {rnd({2, 2, 4, 4})}, [](I x) { return avg_pool2d(x[0], 2); }});
  c.push_back({"avg_pool2d", "ceil pad", {rnd({1, 2, 5, 6})}, [](I x) {
                 return avg_pool2d(x[0], 3, 2, 1, true, true);
               }});
  c.push_back({"avg_pool2d", "divisor override unbatched", {rnd({2, 5, 5})}, [](I x) {
                 return avg_pool2d(x[0], 2, 1, 1, false, false, 3);
               }});
  c.push_back({"avg_pool3d", "k2", {rnd({1, 2, 4, 3, 4})}, [](I x) {
                 return avg_pool3d(x[0], 2, 1, 1, true, false);
               }});
}

void adaptive_cases(GradCaseList& c) {
  using I = const Inputs&;
  c.push_back({"adaptive_avg_pool1d", "7 -> 3", {rnd({2, 2, 7})}, [](I x) {
                 return adaptive_avg_pool1d(x[0], 3);
               }});
  c.push_back({"adaptive_avg_pool2d", "uneven", {rnd({2, 2, 5, 7})}, [](I x) {
                 return adaptive_avg_pool2d(x[0], {3, 4});
               }});
  c.push_back({"adaptive_avg_pool2d", "larger unbatched", {rnd({2, 3, 2})}, [](I x) {
                 return adaptive_avg_pool2d(x[0], {4, 3});
               }});
  c.push_back({"adaptive_avg_pool3d", "uneven", {rnd({1, 2, 3, 4, 5})}, [](I x) {
                 return adaptive_avg_pool3d(x[0], {2, 3, 2});
               }});
  c.push_back({"adaptive_max_pool1d", "7 -> 3", {rnd({2, 2, 7})}, [](I x) {
                 return std::get<0>(adaptive_max_pool1d(x[0], 3));
               }});
  c.push_back({"adaptive_max_pool2d", "uneven", {rnd({2, 2, 5, 7})}, [](I x) {
                 return std::get<0>(adaptive_max_pool2d(x[0], {3, 4}));
               }});
  c.push_back({"adaptive_max_pool3d", "uneven", {rnd({1, 2, 3, 4, 5})}, [](I x) {
                 return std::get<0>(adaptive_max_pool3d(x[0], {2, 3, 2}));
               }});
}

void unpool_cases(GradCaseList& c) {
  using I = const Inputs&;
  const Tensor i1 = std::get<1>(max_pool1d_with_indices(rnd({2, 2, 6}), 2));
  c.push_back(
      {"max_unpool1d", "k2", {rnd({2, 2, 3})}, [i1](I x) { return max_unpool1d(x[0], i1, 7); }});
  const Tensor i2 = std::get<1>(max_pool2d_with_indices(rnd({2, 2, 4, 4}), 2));
  c.push_back({"max_unpool2d", "k2", {rnd({2, 2, 2, 2})}, [i2](I x) {
                 return max_unpool2d(x[0], i2, {4, 4});
               }});
  const Tensor i3 = std::get<1>(max_pool3d_with_indices(rnd({1, 2, 4, 4, 2}), 2));
  c.push_back({"max_unpool3d", "k2", {rnd({1, 2, 2, 2, 1})}, [i3](I x) {
                 return max_unpool3d(x[0], i3, {4, 4, 2}, {2, 2, 2}, {0, 0, 0});
               }});
}

}  // namespace

EMBER_GRAD_CASES(pooling) {
  GradCaseList c;
  max_cases(c);
  avg_cases(c);
  adaptive_cases(c);
  unpool_cases(c);
  return c;
}

}  // namespace ember::testing
