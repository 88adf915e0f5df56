// Gradient cases of the convolutions: every backward formula is made of the three bilinear
// convolution primitives (ops/convolution.h), so gradgradcheck runs on every case.
#include <gtest/gtest.h>

#include "autograd/grad_cases.h"
#include "ember/ops/convolution.h"

namespace ember::testing {
namespace {

void conv_cases(GradCaseList& c) {
  c.push_back({"conv1d",
               "stride 2, padding 1, bias",
               {rnd({2, 2, 6}), rnd({3, 2, 3}), rnd({3})},
               [](const Inputs& x) { return conv1d(x[0], x[1], x[2], 2, 1); }});
  c.push_back(
      {"conv1d", "same, even kernel", {rnd({1, 2, 5}), rnd({2, 2, 2})}, [](const Inputs& x) {
         return conv1d(x[0], x[1], {}, 1, "same");
       }});
  c.push_back({"conv2d",
               "padding, bias",
               {rnd({2, 2, 4, 4}), rnd({3, 2, 3, 3}), rnd({3})},
               [](const Inputs& x) { return conv2d(x[0], x[1], x[2], 1, 1); }});
  c.push_back({"conv2d",
               "stride, dilation, groups",
               {rnd({1, 4, 6, 5}), rnd({4, 2, 2, 2})},
               [](const Inputs& x) {
                 return conv2d(x[0], x[1], {}, {2, 1}, {1, 0}, 2, 2);
               }});
  c.push_back({"conv2d", "depthwise", {rnd({2, 2, 4, 4}), rnd({4, 1, 3, 3})}, [](const Inputs& x) {
                 return conv2d(x[0], x[1], {}, 1, 1, 1, 2);
               }});
  c.push_back({"conv2d",
               "pointwise",
               {rnd({2, 3, 3, 3}), rnd({2, 3, 1, 1}), rnd({2})},
               [](const Inputs& x) { return conv2d(x[0], x[1], x[2]); }});
  c.push_back({"conv2d", "unbatched", {rnd({2, 4, 4}), rnd({2, 2, 2, 2})}, [](const Inputs& x) {
                 return conv2d(x[0], x[1]);
               }});
  c.push_back({"conv2d",
               "empty batch",
               {rnd({0, 2, 4, 4}), rnd({2, 2, 2, 2}), rnd({2})},
               [](const Inputs& x) { return conv2d(x[0], x[1], x[2]); }});
  c.push_back({"conv3d",
               "stride, padding",
               {rnd({1, 2, 3, 4, 3}), rnd({2, 2, 2, 2, 2}), rnd({2})},
               [](const Inputs& x) {
                 return conv3d(x[0], x[1], x[2], {1, 2, 1}, 1);
               }});
}

void conv_transpose_cases(GradCaseList& c) {
  c.push_back({"conv_transpose1d",
               "stride, output_padding, bias",
               {rnd({2, 2, 3}), rnd({2, 3, 3}), rnd({3})},
               [](const Inputs& x) { return conv_transpose1d(x[0], x[1], x[2], 2, 1, 1); }});
  c.push_back({"conv_transpose2d",
               "groups, dilation",
               {rnd({1, 4, 3, 3}), rnd({4, 1, 2, 2})},
               [](const Inputs& x) { return conv_transpose2d(x[0], x[1], {}, 2, 0, 1, 2, 2); }});
  c.push_back({"conv_transpose2d",
               "unbatched, bias",
               {rnd({2, 2, 3}), rnd({2, 2, 2, 2}), rnd({2})},
               [](const Inputs& x) { return conv_transpose2d(x[0], x[1], x[2]); }});
  c.push_back({"conv_transpose3d",
               "padding",
               {rnd({1, 2, 2, 3, 2}), rnd({2, 1, 2, 2, 2})},
               [](const Inputs& x) {
                 return conv_transpose3d(x[0], x[1], {}, 1, {0, 1, 0});
               }});
}

void fold_cases(GradCaseList& c) {
  c.push_back({"im2col", "stride, padding, dilation", {rnd({2, 2, 5, 4})}, [](const Inputs& x) {
                 return im2col(x[0], {2, 3}, {2, 1}, 1, {1, 2});
               }});
  c.push_back({"im2col", "unbatched", {rnd({2, 3, 3})}, [](const Inputs& x) {
                 return im2col(x[0], 2, 1, 0, 1);
               }});
  c.push_back({"col2im", "overlapping blocks", {rnd({2, 8, 9})}, [](const Inputs& x) {
                 return col2im(x[0], {4, 4}, 2, 1, 0, 1);
               }});
  c.push_back({"col2im", "stride, padding", {rnd({3, 6})}, [](const Inputs& x) {
                 return col2im(x[0], {3, 3}, {3, 1}, 1, 1, 2);
               }});
}

}  // namespace

EMBER_GRAD_CASES(convolution) {
  GradCaseList c;
  conv_cases(c);
  conv_transpose_cases(c);
  fold_cases(c);
  return c;
}

}  // namespace ember::testing
