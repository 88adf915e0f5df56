// Gradient cases of the indexing ops: advanced indexing and index_put_, index_select, gather,
// the scatter family, index_add, masked_fill/masked_select/masked_scatter and take. Index and mask
// arguments are constants captured by each case; repeated indices (which must accumulate) are
// used wherever the op reads, never where it writes by assignment (the written value is then
// unspecified, and so is its gradient).
#include <gtest/gtest.h>

#include "autograd/grad_cases.h"
#include "support/errors.h"

namespace ember::testing {
namespace {

using indexing::None;
using indexing::Slice;

// An int64 index tensor of `sizes`.
Tensor idx_of(std::vector<int64_t> values, IntArrayRef sizes) {
  return idx(std::move(values)).view(sizes);
}
// A 0-d int64 index.
Tensor idx0(int64_t v) {
  return idx({v}).view(IntArrayRef{});
}
// A bool mask of `sizes` from 0/1 values.
Tensor mask_of(std::vector<int64_t> bits, IntArrayRef sizes) {
  return idx(std::move(bits)).view(sizes).to(kBool);
}
// A float64 tensor of `sizes` with the given values.
Tensor vals(std::vector<double> values, IntArrayRef sizes) {
  return tensor(values, TensorOptions().dtype(kDouble)).view(sizes);
}

void index_cases(GradCaseList& c) {
  c.push_back({"index", "repeated rows", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index({idx({0, 2, 0})});
               }});
  c.push_back({"index", "two indices broadcast", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index({idx_of({0, 2}, {2, 1}), idx({1, 3, 1})});
               }});
  c.push_back({"index", "separated indices go first", {rnd({2, 3, 2})}, [](const Inputs& x) {
                 return x[0].index({idx({1, 0, 1}), Slice(), idx({0, 1, 1})});
               }});
  c.push_back({"index", "slice then index", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index({Slice(1, None), idx({0, 3, 3})});
               }});
  c.push_back({"index", "bool mask", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index({mask_of({1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1}, {3, 4})});
               }});
  c.push_back({"index", "mask on one dim", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index({"...", mask_of({0, 1, 1, 0}, {4})});
               }});
  c.push_back({"index", "0-d self, bool index", {rnd({})}, [](const Inputs& x) {
                 return x[0].index({true});
               }});
  c.push_back({"index", "empty index", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index({idx({})});
               }});
}

void index_put_cases(GradCaseList& c) {
  c.push_back({"index_put_", "rows, value broadcast", {rnd({3, 4}), rnd({4})}, [](const Inputs& x) {
                 return x[0].clone().index_put_({idx({0, 2})}, x[1]);
               }});
  c.push_back(
      {"index_put_", "value with leading 1s", {rnd({3, 4}), rnd({1, 4})}, [](const Inputs& x) {
         return x[0].clone().index_put_({idx({2, 1})}, x[1]);
       }});
  c.push_back({"index_put_", "elements", {rnd({3, 4}), rnd({3})}, [](const Inputs& x) {
                 return x[0].clone().index_put_({idx({0, 1, 2}), idx({3, 0, 3})}, x[1]);
               }});
  c.push_back({"index_put_", "basic indices only", {rnd({3, 4}), rnd({4})}, [](const Inputs& x) {
                 return x[0].clone().index_put_({1}, x[1]);
               }});
  c.push_back({"index_put_", "bool mask, 0-d value", {rnd({3, 4}), rnd({})}, [](const Inputs& x) {
                 return x[0].clone().index_put_(
                     {mask_of({1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0}, {3, 4})}, x[1]);
               }});
  c.push_back({"index_put_", "only values require grad", {rnd({2, 3})}, [](const Inputs& x) {
                 return zeros({3, 4}, kDouble).index_put_({idx({2, 0}), Slice(1)}, x[0]);
               }});
  c.push_back({"index_put_", "number value", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].clone().index_put_({idx({1}), idx({2})}, 0.5);
               }});
  c.push_back({"index_put_", "0-d self", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return x[0].clone().index_put_({true}, x[1]);
               }});
  c.push_back({"index_put_", "empty index", {rnd({3, 4}), rnd({})}, [](const Inputs& x) {
                 return x[0].clone().index_put_({idx({})}, x[1]);
               }});
}

void select_gather_cases(GradCaseList& c) {
  c.push_back({"index_select", "repeated rows", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index_select(0, idx({2, 0, 2}));
               }});
  c.push_back({"index_select", "last dim", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index_select(-1, idx({3, 1}));
               }});
  c.push_back({"index_select", "0-d index", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index_select(1, idx0(2));
               }});
  c.push_back({"index_select", "0-d", {rnd({})}, [](const Inputs& x) {
                 return x[0].index_select(0, idx({0}));
               }});
  c.push_back({"index_select", "empty", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index_select(1, idx({}));
               }});

  c.push_back({"gather", "repeats along dim", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].gather(1, idx_of({0, 3, 1, 1, 2, 0}, {3, 2}));
               }});
  c.push_back({"gather", "index smaller than self", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].gather(0, idx_of({2, 0, 2}, {1, 3}));
               }});
  c.push_back(
      {"gather", "0-d", {rnd({})}, [](const Inputs& x) { return x[0].gather(0, idx0(0)); }});
  c.push_back({"gather", "empty", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].gather(1, idx({}).view({3, 0}));
               }});
}

// Index [2, 4] along dim 0 of a [3, 4] self with no repeat within a column (scatter assigns).
Tensor distinct_rows() {
  return idx_of({0, 1, 2, 0, 2, 0, 1, 1}, {2, 4});
}

void scatter_cases(GradCaseList& c) {
  c.push_back({"scatter", "src", {rnd({3, 4}), rnd({2, 4})}, [](const Inputs& x) {
                 return x[0].scatter(0, distinct_rows(), x[1]);
               }});
  c.push_back({"scatter", "src larger than index", {rnd({3, 4}), rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].scatter(0, idx_of({2, 0, 1}, {1, 3}), x[1]);
               }});
  c.push_back({"scatter", "number", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].scatter(1, idx_of({3, 0, 1}, {3, 1}), 2.5);
               }});
  c.push_back({"scatter", "0-d", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return x[0].scatter(0, idx0(0), x[1]);
               }});
  c.push_back({"scatter", "empty index", {rnd({3, 4}), rnd({2, 4})}, [](const Inputs& x) {
                 return x[0].scatter(0, idx({}).view({0, 4}), x[1]);
               }});
  c.push_back({"scatter", "in place", {rnd({3, 4}), rnd({2, 4})}, [](const Inputs& x) {
                 return x[0].clone().scatter_(0, distinct_rows(), x[1]);
               }});
  c.push_back({"scatter", "in place, number", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].clone().scatter_(1, idx_of({3, 0, 1}, {3, 1}), -1.0);
               }});
  c.push_back({"scatter", "in place into a constant", {rnd({2, 4})}, [](const Inputs& x) {
                 return zeros({3, 4}, kDouble).scatter_(0, distinct_rows(), x[0]);
               }});

  const Tensor repeats = idx_of({0, 2, 2, 0, 2, 0, 1, 1, 0, 0, 0, 2}, {3, 4});
  c.push_back(
      {"scatter_add", "repeated index", {rnd({3, 4}), rnd({3, 4})}, [repeats](const Inputs& x) {
         return x[0].scatter_add(0, repeats, x[1]);
       }});
  c.push_back(
      {"scatter_add", "src larger than index", {rnd({3, 4}), rnd({3, 4})}, [](const Inputs& x) {
         return x[0].scatter_add(1, idx_of({3, 3, 0, 1}, {2, 2}), x[1]);
       }});
  c.push_back({"scatter_add", "0-d", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return x[0].scatter_add(0, idx0(0), x[1]);
               }});
  c.push_back({"scatter_add", "empty index", {rnd({3, 4}), rnd({2, 4})}, [](const Inputs& x) {
                 return x[0].scatter_add(0, idx({}).view({0, 4}), x[1]);
               }});
  c.push_back({"scatter_add", "in place", {rnd({3, 4}), rnd({3, 4})}, [repeats](const Inputs& x) {
                 return x[0].clone().scatter_add_(0, repeats, x[1]);
               }});
}

void scatter_reduce_cases(GradCaseList& c) {
  // Row i of self receives src elements 0..2 (dim 1, repeated targets).
  const Tensor index = idx_of({0, 2, 0, 1, 1, 1, 3, 0, 3}, {3, 3});
  for (const char* reduce : {"sum", "mean", "prod", "amax", "amin"}) {
    for (bool include_self : {true, false}) {
      const std::string label = std::string(reduce) + (include_self ? "" : ", without self");
      c.push_back({"scatter_reduce",
                   label,
                   {rnd({3, 4}, 0.5, 2), rnd({3, 3}, 0.5, 2)},
                   [index, reduce, include_self](const Inputs& x) {
                     return x[0].scatter_reduce(1, index, x[1], reduce, include_self);
                   }});
    }
  }
  c.push_back({"scatter_reduce",
               "mean, src larger than index",
               {rnd({3, 4}), rnd({3, 4})},
               [](const Inputs& x) {
                 return x[0].scatter_reduce(0, idx_of({1, 1, 0}, {1, 3}), x[1], "mean", false);
               }});
  c.push_back({"scatter_reduce",
               "amax, src larger than index",
               {rnd({3, 4}), rnd({3, 4})},
               [](const Inputs& x) {
                 return x[0].scatter_reduce(0, idx_of({1, 1, 0, 2, 0, 2}, {2, 3}), x[1], "amax");
               }});
  // prod is exact at zeros: one zero in self, one zero of src alone in its slot, two zeros of
  // src in one slot (first order only: as PyTorch, its double backward raises).
  const Tensor self = vals({0.5, 0, 1.5, -1, 2, 0.7, -0.3, 1.1, 0.9, 1.2, -0.8, 0.6}, {3, 4});
  const Tensor one_zero = vals({0.5, 0, 1.5, -1.2, 0.8, 0.4, 2, 0.3, -0.7}, {3, 3});
  const Tensor two_zeros = vals({0.5, 0, 0, -1.2, 0.8, 0.4, 2, 0.3, -0.7}, {3, 3});
  const Tensor to_one_slot = idx_of({0, 1, 1, 2, 3, 2, 0, 0, 1}, {3, 3});
  c.push_back(
      {"scatter_reduce", "prod with zeros", {self, one_zero}, [to_one_slot](const Inputs& x) {
         return x[0].scatter_reduce(1, to_one_slot, x[1], "prod");
       }});
  c.push_back({"scatter_reduce",
               "prod, two zeros in a slot",
               {self, two_zeros},
               [to_one_slot](const Inputs& x) {
                 return x[0].scatter_reduce(1, to_one_slot, x[1], "prod", false);
               },
               /*second_order=*/false});
  c.push_back({"scatter_reduce", "0-d", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return x[0].scatter_reduce(0, idx0(0), x[1], "amin", true);
               }});
  c.push_back({"scatter_reduce", "empty index", {rnd({3, 4}), rnd({2, 4})}, [](const Inputs& x) {
                 return x[0].scatter_reduce(0, idx({}).view({0, 4}), x[1], "prod");
               }});
  c.push_back({"scatter_reduce",
               "in place",
               {rnd({3, 4}, 0.5, 2), rnd({3, 3}, 0.5, 2)},
               [index](const Inputs& x) {
                 return x[0].clone().scatter_reduce_(1, index, x[1], "prod", true);
               }});
}

void index_add_cases(GradCaseList& c) {
  c.push_back({"index_add", "repeated index", {rnd({3, 4}), rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].index_add(0, idx({0, 2, 0}), x[1]);
               }});
  c.push_back({"index_add", "alpha, last dim", {rnd({3, 4}), rnd({3, 2})}, [](const Inputs& x) {
                 return x[0].index_add(-1, idx({3, 1}), x[1], 2.5);
               }});
  c.push_back({"index_add", "0-d", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return x[0].index_add(0, idx({0}), x[1]);
               }});
  c.push_back({"index_add", "empty", {rnd({3, 4}), rnd({0, 4})}, [](const Inputs& x) {
                 return x[0].index_add(0, idx({}), x[1]);
               }});
  c.push_back({"index_add", "in place", {rnd({3, 4}), rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].clone().index_add_(0, idx({1, 1, 2}), x[1], -0.5);
               }});
}

void mask_cases(GradCaseList& c) {
  const Tensor m34 = mask_of({1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1}, {3, 4});
  c.push_back({"masked_fill", "number", {rnd({3, 4})}, [m34](const Inputs& x) {
                 return x[0].masked_fill(m34, 0.5);
               }});
  c.push_back({"masked_fill", "0-d tensor value", {rnd({3, 4}), rnd({})}, [m34](const Inputs& x) {
                 return x[0].masked_fill(m34, x[1]);
               }});
  c.push_back({"masked_fill", "mask broadcast", {rnd({3, 4}), rnd({})}, [](const Inputs& x) {
                 return x[0].masked_fill(mask_of({0, 1, 1, 0}, {4}), x[1]);
               }});
  c.push_back({"masked_fill", "self broadcast", {rnd({4})}, [m34](const Inputs& x) {
                 return x[0].masked_fill(m34, -1.0);
               }});
  c.push_back({"masked_fill", "0-d", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return x[0].masked_fill(mask_of({1}, {}), x[1]);
               }});
  c.push_back({"masked_fill", "empty", {rnd({0, 4})}, [](const Inputs& x) {
                 return x[0].masked_fill(zeros({0, 4}, kBool), 2.0);
               }});
  c.push_back({"masked_fill", "in place", {rnd({3, 4}), rnd({})}, [m34](const Inputs& x) {
                 return x[0].clone().masked_fill_(m34, x[1]);
               }});
  c.push_back({"masked_select", "same shape", {rnd({3, 4})}, [m34](const Inputs& x) {
                 return x[0].masked_select(m34);
               }});
  c.push_back({"masked_select", "mask broadcast", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].masked_select(mask_of({0, 1, 1, 0}, {4}));
               }});
  c.push_back({"masked_select", "self broadcast", {rnd({4})}, [m34](const Inputs& x) {
                 return x[0].masked_select(m34);
               }});
  c.push_back({"masked_select", "0-d", {rnd({})}, [](const Inputs& x) {
                 return x[0].masked_select(mask_of({1}, {}));
               }});
  c.push_back({"masked_select", "nothing selected", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].masked_select(zeros({3, 4}, kBool));
               }});

  c.push_back({"masked_scatter",
               "source larger than needed",
               {rnd({3, 4}), rnd({2, 4})},
               [m34](const Inputs& x) { return x[0].masked_scatter(m34, x[1]); }});
  c.push_back({"masked_scatter", "self broadcast", {rnd({4}), rnd({7})}, [m34](const Inputs& x) {
                 return x[0].masked_scatter(m34, x[1]);
               }});
  c.push_back({"masked_scatter", "mask broadcast", {rnd({3, 4}), rnd({6})}, [](const Inputs& x) {
                 return x[0].masked_scatter(mask_of({1, 0, 0, 1}, {4}), x[1]);
               }});
  c.push_back({"masked_scatter", "0-d", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return x[0].masked_scatter(mask_of({1}, {}), x[1]);
               }});
  c.push_back({"masked_scatter", "empty", {rnd({0, 4}), rnd({3})}, [](const Inputs& x) {
                 return x[0].masked_scatter(zeros({0, 4}, kBool), x[1]);
               }});
  c.push_back({"masked_scatter", "in place", {rnd({3, 4}), rnd({7})}, [m34](const Inputs& x) {
                 return x[0].clone().masked_scatter_(m34, x[1]);
               }});

  c.push_back({"take", "repeated and negative", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].take(idx_of({0, 11, -1, 5}, {2, 2}));
               }});
  c.push_back({"take", "0-d", {rnd({})}, [](const Inputs& x) { return x[0].take(idx({0, 0})); }});
  c.push_back({"take", "empty", {rnd({3, 4})}, [](const Inputs& x) { return x[0].take(idx({})); }});
}

}  // namespace

EMBER_GRAD_CASES(indexing) {
  GradCaseList c;
  index_cases(c);
  index_put_cases(c);
  select_gather_cases(c);
  scatter_cases(c);
  scatter_reduce_cases(c);
  index_add_cases(c);
  mask_cases(c);
  return c;
}

// Each op records one node with PyTorch's name (in-place forms: the out-of-place node, as self's
// new history), straight onto the leaf: nothing inside it records as well.
TEST(GradNodes, Indexing) {
  Tensor x = rnd({3, 4}).requires_grad_();
  const Tensor s = rnd({3, 4}).requires_grad_();
  const Tensor rows = idx_of({0, 2, 0, 1, 1, 2, 0, 0}, {2, 4});
  auto node_of = [](const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : "(none)"; };
  auto leaf_edge = [](const Tensor& t) { return t.grad_fn()->next_edge(0).function->name(); };
  EXPECT_EQ(node_of(x.index({idx({0, 2, 0})})), "IndexBackward0");
  EXPECT_EQ(leaf_edge(x.index({idx({0, 2, 0})})), "AccumulateGrad");
  EXPECT_EQ(node_of(x.clone().index_put_({idx({1})}, s.select(0, 0))), "IndexPutBackward0");
  EXPECT_EQ(node_of(x.index_select(0, idx({1}))), "IndexSelectBackward0");
  EXPECT_EQ(node_of(x.gather(0, rows)), "GatherBackward0");
  EXPECT_EQ(node_of(x.scatter(0, distinct_rows(), s)), "ScatterBackward0");
  EXPECT_EQ(node_of(x.scatter(0, rows, 1.0)), "ScatterBackward1");
  EXPECT_EQ(node_of(x.clone().scatter_(0, distinct_rows(), s)), "ScatterBackward0");
  EXPECT_EQ(node_of(x.scatter_add(0, rows, s)), "ScatterAddBackward0");
  EXPECT_EQ(node_of(x.scatter_reduce(0, rows, s, "amax")), "ScatterReduceBackward0");
  EXPECT_EQ(node_of(x.index_add(0, idx({0, 0, 1}), s)), "IndexAddBackward0");
  EXPECT_EQ(node_of(x.masked_select(x.gt(0))), "MaskedSelectBackward0");
  EXPECT_EQ(node_of(x.masked_scatter(x.gt(0), s)), "MaskedScatterBackward0");
  EXPECT_EQ(node_of(x.take(idx({3}))), "TakeBackward0");
  EXPECT_EQ(leaf_edge(x.take(idx({3}))), "AccumulateGrad");
  // A leaf that requires grad cannot be written in place.
  EXPECT_EMBER_ERROR(x.scatter_(0, rows, 0.0),
                     "a leaf Variable that requires grad is being used in an in-place operation");
  EXPECT_EMBER_ERROR(x.index_add_(0, idx({0}), s.narrow(0, 0, 1)),
                     "a leaf Variable that requires grad is being used in an in-place operation");
}

// The gradient of a prod reduction whose src has two zeros in one slot is right, but its own
// derivative is not computed: differentiating it raises rather than returning a wrong value.
TEST(GradNodes, ScatterReduceProdDoubleBackwardWithTwoZerosRaises) {
  const Tensor self = vals({1.5, 2, -1}, {3}).requires_grad_();
  const Tensor src = vals({0, 0, 3}, {3}).requires_grad_();
  const Tensor out = self.scatter_reduce(0, idx({1, 1, 2}), src, "prod");
  const auto grads = autograd::grad({out.sum()}, {src}, {}, /*retain_graph=*/true,
                                    /*create_graph=*/true);
  EXPECT_EQ(grads[0].sub(vals({0, 0, -1}, {3})).abs().max().item<double>(), 0.0);
  EXPECT_EMBER_ERROR(autograd::grad({grads[0].sum()}, {self}, {}, true, false, true),
                     "Double backward is unsupported for src when >1 zeros in src are scattered "
                     "to the same position");
}

}  // namespace ember::testing
