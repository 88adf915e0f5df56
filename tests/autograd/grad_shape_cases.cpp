// Gradient cases of the view ops and of copies and conversions.
#include "autograd/grad_cases.h"

namespace ember::testing {

EMBER_GRAD_CASES(shape) {
  using I = const Inputs&;
  return {
      {"view",
       "2x3 to 3x2",
       {rnd({2, 3})},
       [](I x) {
         return x[0].view({3, 2}) * 2;
       }},
      {"view", "0-d to [1]", {rnd({})}, [](I x) { return x[0].view({1}); }},
      {"view",
       "empty",
       {rnd({0, 3})},
       [](I x) {
         return x[0].view({3, 0});
       }},
      {"reshape", "copying", {rnd({2, 3})}, [](I x) { return x[0].t().reshape({6}); }},
      {"reshape", "viewing", {rnd({2, 3})}, [](I x) { return x[0].reshape({-1}); }},
      {"flatten", "3-d", {rnd({2, 1, 3})}, [](I x) { return x[0].flatten(); }},
      {"unflatten",
       "dim 1",
       {rnd({2, 6})},
       [](I x) {
         return x[0].unflatten(1, {2, 3});
       }},
      {"squeeze", "all", {rnd({2, 1, 3})}, [](I x) { return x[0].squeeze(); }},
      {"squeeze", "dim", {rnd({2, 1, 3})}, [](I x) { return x[0].squeeze(1); }},
      {"unsqueeze", "middle", {rnd({2, 3})}, [](I x) { return x[0].unsqueeze(1); }},
      {"unsqueeze", "0-d", {rnd({})}, [](I x) { return x[0].unsqueeze(0); }},
      {"transpose", "2-d", {rnd({2, 3})}, [](I x) { return x[0].transpose(0, 1); }},
      {"transpose", "0-d", {rnd({})}, [](I x) { return x[0].transpose(0, 0); }},
      {"t", "2-d", {rnd({2, 3})}, [](I x) { return x[0].t(); }},
      {"t", "1-d", {rnd({3})}, [](I x) { return x[0].t(); }},
      {"permute",
       "3-d",
       {rnd({2, 1, 3})},
       [](I x) {
         return x[0].permute({2, 0, 1});
       }},
      {"expand",
       "broadcast",
       {rnd({3, 1})},
       [](I x) {
         return x[0].expand({2, 3, 4});
       }},
      {"expand", "0-d", {rnd({})}, [](I x) { return x[0].expand({3}); }},
      {"narrow", "middle", {rnd({4, 3})}, [](I x) { return x[0].narrow(0, 1, 2); }},
      {"slice", "step", {rnd({5, 2})}, [](I x) { return x[0].slice(0, 1, 5, 2); }},
      {"slice", "empty", {rnd({3, 2})}, [](I x) { return x[0].slice(0, 2, 2); }},
      {"select", "row", {rnd({3, 2})}, [](I x) { return x[0].select(0, -1); }},
      {"unbind",
       "weighted",
       {rnd({3, 2})},
       [](I x) {
         auto rows = x[0].unbind(0);
         return rows[0] * 1 + rows[1] * 2 + rows[2] * 3;
       }},
      {"split",
       "uneven",
       {rnd({5, 2})},
       [](I x) {
         auto parts = x[0].split(2, 0);
         return parts[0].sum() + parts[2].sum() * 3;
       }},
      {"split_with_sizes",
       "sizes",
       {rnd({5, 2})},
       [](I x) {
         auto parts = x[0].split_with_sizes({1, 4}, 0);
         return parts[0] * parts[1].sum(0, true);
       }},
      {"chunk",
       "three",
       {rnd({2, 5})},
       [](I x) {
         auto parts = x[0].chunk(3, 1);
         return parts[0].sum() * parts[1].sum() + parts[2].sum();
       }},
      {"diagonal", "offset", {rnd({3, 4})}, [](I x) { return x[0].diagonal(1); }},
      {"diagonal", "3-d", {rnd({2, 3, 3})}, [](I x) { return x[0].diagonal(0, 1, 2); }},
      {"movedim", "2-d", {rnd({2, 3, 1})}, [](I x) { return x[0].movedim(0, 2); }},
      {"as_strided",
       "overlapping windows",
       {rnd({6})},
       [](I x) {
         return x[0].as_strided({3, 3}, {1, 1}) * 1;
       }},
      {"unfold", "overlapping", {rnd({2, 5})}, [](I x) { return x[0].unfold(1, 3, 1); }},
      {"unfold", "strided", {rnd({7})}, [](I x) { return x[0].unfold(0, 2, 3); }},
      {"contiguous", "transposed", {rnd({2, 3})}, [](I x) { return x[0].t().contiguous(); }},
      {"clone", "2x3", {rnd({2, 3})}, [](I x) { return x[0].clone(); }},
      {"to",
       "copying",
       {rnd({2, 3})},
       [](I x) { return x[0].to(kDouble, /*non_blocking=*/false, /*copy=*/true); }},
      {"copy_",
       "broadcast into a non-leaf",
       {rnd({2, 3}), rnd({3})},
       [](I x) {
         Tensor y = x[0] * 2;
         y.copy_(x[1]);
         return y;
       }},
      {"copy_",
       "into a view",
       {rnd({2, 3}), rnd({3})},
       [](I x) {
         Tensor y = x[0] * 2;
         y.select(0, 1).copy_(x[1]);
         return y * y;
       }},
  };
}

}  // namespace ember::testing
