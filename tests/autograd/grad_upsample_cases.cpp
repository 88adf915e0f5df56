// Gradient cases of the resampling ops. Each op's backward is the recorded adjoint of a linear
// map (Note [Resample taps]), whose own backward is the op again: second order runs too.
#include "autograd/grad_cases.h"
#include "ember/ops/upsample.h"

namespace ember::testing {

EMBER_GRAD_CASES(upsample) {
  using I = const Inputs&;
  return {
      {"upsample_nearest1d",
       "3 -> 5",
       {rnd({2, 2, 3})},
       [](I x) { return upsample_nearest1d(x[0], {5}); }},
      {"upsample_nearest2d",
       "down and up with scales",
       {rnd({1, 2, 4, 3})},
       [](I x) {
         return upsample_nearest2d(x[0], {2, 5}, 0.6, 1.7);
       }},
      {"upsample_nearest3d",
       "2x",
       {rnd({1, 1, 2, 3, 2})},
       [](I x) {
         return upsample_nearest3d(x[0], {4, 6, 4});
       }},
      {"_upsample_nearest_exact1d",
       "3 -> 5",
       {rnd({2, 2, 3})},
       [](I x) { return _upsample_nearest_exact1d(x[0], {5}); }},
      {"_upsample_nearest_exact2d",
       "4x3 -> 3x5",
       {rnd({1, 2, 4, 3})},
       [](I x) {
         return _upsample_nearest_exact2d(x[0], {3, 5});
       }},
      {"_upsample_nearest_exact3d",
       "up",
       {rnd({1, 1, 2, 3, 2})},
       [](I x) {
         return _upsample_nearest_exact3d(x[0], {3, 4, 3});
       }},
      {"upsample_linear1d",
       "align corners",
       {rnd({2, 2, 4})},
       [](I x) { return upsample_linear1d(x[0], {7}, true); }},
      {"upsample_linear1d",
       "scale",
       {rnd({2, 2, 4})},
       [](I x) { return upsample_linear1d(x[0], {6}, false, 1.7); }},
      {"upsample_bilinear2d",
       "up",
       {rnd({1, 2, 3, 4})},
       [](I x) {
         return upsample_bilinear2d(x[0], {5, 7}, false);
       }},
      {"upsample_bilinear2d",
       "down align corners",
       {rnd({1, 2, 5, 4})},
       [](I x) {
         return upsample_bilinear2d(x[0], {3, 2}, true);
       }},
      {"upsample_bicubic2d",
       "up",
       {rnd({1, 2, 3, 4})},
       [](I x) {
         return upsample_bicubic2d(x[0], {5, 6}, false);
       }},
      {"upsample_bicubic2d",
       "align corners",
       {rnd({1, 1, 4, 3})},
       [](I x) {
         return upsample_bicubic2d(x[0], {6, 5}, true);
       }},
      {"upsample_trilinear3d",
       "up",
       {rnd({1, 1, 2, 3, 2})},
       [](I x) {
         return upsample_trilinear3d(x[0], {3, 4, 3}, false);
       }},
  };
}

}  // namespace ember::testing
