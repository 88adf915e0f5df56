// Gradient cases of the reductions, scans and sorts. Values are distinct (no ties) so that
// finite differences are meaningful; the tie rules are covered by the golden cases.
#include <limits>

#include "autograd/grad_cases.h"

namespace ember::testing {
namespace {

// Distinct values (a permutation of 0..n-1 scaled, plus noise smaller than the gaps).
Tensor distinct(IntArrayRef sizes) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  Tensor base = randperm(n, TensorOptions().dtype(kDouble)).reshape(sizes) * 0.3;
  return base + rnd(sizes, 0, 0.05);
}

}  // namespace

EMBER_GRAD_CASES(reduction) {
  using I = const Inputs&;
  return {
      {"sum", "all", {rnd({2, 3})}, [](I x) { return x[0].sum(); }},
      {"sum",
       "dims keepdim",
       {rnd({2, 3, 2})},
       [](I x) {
         return x[0].sum({0, 2}, true);
       }},
      {"sum", "0-d", {rnd({})}, [](I x) { return x[0].sum(); }},
      {"sum", "empty", {rnd({0, 3})}, [](I x) { return x[0].sum(0); }},
      {"nansum", "dim", {rnd({2, 3})}, [](I x) { return x[0].nansum(1); }},
      {"mean", "all", {rnd({2, 3})}, [](I x) { return x[0].mean(); }},
      {"mean", "dim", {rnd({2, 3})}, [](I x) { return x[0].mean(-1); }},
      {"nanmean", "dim", {rnd({2, 3})}, [](I x) { return x[0].nanmean(0); }},
      {"prod", "all", {rnd({2, 3}, 0.5, 1.5)}, [](I x) { return x[0].prod(); }},
      {"prod", "dim", {rnd({2, 3}, 0.5, 1.5)}, [](I x) { return x[0].prod(1); }},
      {"prod",
       "with a zero",
       {rnd({2, 3}, 0.5, 1.5)},
       [](I x) {
         return (x[0] * tensor({1.0, 0.0, 1.0}, kDouble)).prod(1);
       }},
      {"max", "all", {distinct({2, 3})}, [](I x) { return x[0].max(); }},
      {"max", "dim", {distinct({2, 3})}, [](I x) { return std::get<0>(x[0].max(1)); }},
      {"min", "all", {distinct({2, 3})}, [](I x) { return x[0].min(); }},
      {"min",
       "dim keepdim",
       {distinct({2, 3})},
       [](I x) { return std::get<0>(x[0].min(0, true)); }},
      {"amax",
       "dims",
       {distinct({2, 3, 2})},
       [](I x) {
         return x[0].amax({0, 2});
       }},
      {"amin", "dim", {distinct({2, 3})}, [](I x) { return x[0].amin(1); }},
      {"var", "dim", {rnd({2, 3})}, [](I x) { return x[0].var(IntArrayRef{1}); }},
      {"var", "all, correction 0", {rnd({2, 3})}, [](I x) { return x[0].var(std::nullopt, 0); }},
      {"std",
       "dim keepdim",
       {rnd({2, 3})},
       [](I x) { return x[0].std(IntArrayRef{0}, true, true); }},
      {"var_mean",
       "both outputs",
       {rnd({2, 3})},
       [](I x) {
         auto [v, m] = var_mean(x[0], IntArrayRef{1});
         return v + m * 3;
       }},
      {"std_mean",
       "both outputs",
       {rnd({2, 3})},
       [](I x) {
         auto [s, m] = std_mean(x[0], IntArrayRef{0});
         return s * 2 + m;
       }},
      {"norm", "2", {rnd({2, 3})}, [](I x) { return x[0].norm(); }},
      {"norm", "1 over dim", {rnd({2, 3}, 0.2, 1)}, [](I x) { return x[0].norm(1, {1}); }},
      {"norm", "3", {rnd({2, 3}, 0.2, 1)}, [](I x) { return x[0].norm(3); }},
      {"norm",
       "inf",
       {distinct({2, 3})},
       [](I x) { return x[0].norm(std::numeric_limits<double>::infinity(), {1}); }},
      {"logsumexp", "dim", {rnd({2, 3})}, [](I x) { return x[0].logsumexp({1}); }},
      {"logsumexp", "keepdim", {rnd({2, 3})}, [](I x) { return x[0].logsumexp({0}, true); }},
      {"cumsum", "dim 1", {rnd({2, 3})}, [](I x) { return x[0].cumsum(1); }},
      {"cumsum", "0-d", {rnd({})}, [](I x) { return x[0].cumsum(0); }},
      {"cumprod", "dim 1", {rnd({2, 3}, 0.5, 1.5)}, [](I x) { return x[0].cumprod(1); }},
      {"cumprod",
       "with a zero",
       {rnd({2, 4}, 0.5, 1.5)},
       [](I x) {
         return (x[0] * tensor({1.0, 0.0, 1.0, 1.0}, kDouble)).cumprod(1);
       }},
      {"cummax", "dim 0", {distinct({3, 2})}, [](I x) { return std::get<0>(x[0].cummax(0)); }},
      {"cummin", "dim 1", {distinct({2, 3})}, [](I x) { return std::get<0>(x[0].cummin(1)); }},
      {"logcumsumexp", "dim 1", {rnd({2, 3})}, [](I x) { return x[0].logcumsumexp(1); }},
      {"sort",
       "descending",
       {distinct({2, 3})},
       [](I x) { return std::get<0>(x[0].sort(1, true)); }},
      {"topk", "k=2", {distinct({2, 4})}, [](I x) { return std::get<0>(x[0].topk(2)); }},
      {"kthvalue", "k=2", {distinct({2, 4})}, [](I x) { return std::get<0>(x[0].kthvalue(2)); }},
      {"median", "all", {distinct({2, 3})}, [](I x) { return x[0].median(); }},
      {"median", "dim", {distinct({2, 3})}, [](I x) { return std::get<0>(x[0].median(1)); }},
      {"mode", "dim", {distinct({2, 3})}, [](I x) { return std::get<0>(x[0].mode(1)); }},
  };
}

}  // namespace ember::testing
