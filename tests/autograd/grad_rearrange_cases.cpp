// Gradient cases of the rearranging ops: joins, flips and rolls, repeats, padding. Many are
// composites (stack is unsqueeze + cat, rot90 is flip + transpose, repeat is expand + clone);
// their cases check that the composite records each step once.
#include <gtest/gtest.h>

#include "autograd/grad_cases.h"

namespace ember::testing {
namespace {

// A multi-output op's results joined into one tensor for the table.
Tensor joined(const std::vector<Tensor>& results) {
  return stack(results, 0);
}

void join_cases(GradCaseList& c) {
  c.push_back({"cat", "dim 0", {rnd({2, 3}), rnd({1, 3})}, [](const Inputs& x) {
                 return cat({x[0], x[1]}, 0);
               }});
  c.push_back({"cat",
               "last dim, three inputs",
               {rnd({2, 1}), rnd({2, 3}), rnd({2, 2})},
               [](const Inputs& x) {
                 return cat({x[0], x[1], x[2]}, -1);
               }});
  c.push_back({"cat", "same input twice", {rnd({2, 3})}, [](const Inputs& x) {
                 return cat({x[0], x[0]}, 1);
               }});
  c.push_back({"cat", "legacy empty input skipped", {rnd({0}), rnd({2, 3})}, [](const Inputs& x) {
                 return cat({x[0], x[1]}, 1);
               }});
  c.push_back({"cat", "empty", {rnd({0, 3}), rnd({2, 3})}, [](const Inputs& x) {
                 return cat({x[0], x[1]}, 0);
               }});
  c.push_back({"concat", "dim 1", {rnd({2, 3}), rnd({2, 1})}, [](const Inputs& x) {
                 return concat({x[0], x[1]}, 1);
               }});

  c.push_back({"stack", "dim 0", {rnd({2, 3}), rnd({2, 3})}, [](const Inputs& x) {
                 return stack({x[0], x[1]}, 0);
               }});
  c.push_back({"stack", "last dim", {rnd({2, 3}), rnd({2, 3})}, [](const Inputs& x) {
                 return stack({x[0], x[1]}, -1);
               }});
  c.push_back({"stack", "0-d", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return stack({x[0], x[1]});
               }});
  c.push_back({"stack", "empty", {rnd({0, 3}), rnd({0, 3})}, [](const Inputs& x) {
                 return stack({x[0], x[1]}, 1);
               }});
  c.push_back({"hstack", "1-d", {rnd({2}), rnd({3})}, [](const Inputs& x) {
                 return hstack({x[0], x[1]});
               }});
  c.push_back({"hstack", "2-d", {rnd({2, 1}), rnd({2, 3})}, [](const Inputs& x) {
                 return hstack({x[0], x[1]});
               }});
  c.push_back({"hstack", "0-d", {rnd({}), rnd({2})}, [](const Inputs& x) {
                 return hstack({x[0], x[1]});
               }});
  c.push_back({"vstack", "1-d and 2-d", {rnd({3}), rnd({2, 3})}, [](const Inputs& x) {
                 return vstack({x[0], x[1]});
               }});
  c.push_back({"vstack", "0-d", {rnd({}), rnd({})}, [](const Inputs& x) {
                 return vstack({x[0], x[1]});
               }});
  c.push_back({"dstack", "2-d", {rnd({2, 2}), rnd({2, 2})}, [](const Inputs& x) {
                 return dstack({x[0], x[1]});
               }});
  c.push_back({"dstack", "1-d", {rnd({3}), rnd({3})}, [](const Inputs& x) {
                 return dstack({x[0], x[1]});
               }});

  c.push_back({"meshgrid", "ij", {rnd({2}), rnd({3})}, [](const Inputs& x) {
                 return joined(meshgrid({x[0], x[1]}, "ij"));
               }});
  c.push_back({"meshgrid", "xy, three inputs", {rnd({2}), rnd({3}), rnd({2})}, [](const Inputs& x) {
                 return joined(meshgrid({x[0], x[1], x[2]}, "xy"));
               }});
  c.push_back({"meshgrid", "0-d", {rnd({}), rnd({3})}, [](const Inputs& x) {
                 return joined(meshgrid({x[0], x[1]}));
               }});
  c.push_back({"meshgrid", "empty", {rnd({0}), rnd({3})}, [](const Inputs& x) {
                 return joined(meshgrid({x[0], x[1]}));
               }});
  c.push_back({"cartesian_prod", "two inputs", {rnd({2}), rnd({3})}, [](const Inputs& x) {
                 return cartesian_prod({x[0], x[1]});
               }});
  c.push_back(
      {"cartesian_prod", "three inputs", {rnd({2}), rnd({2}), rnd({3})}, [](const Inputs& x) {
         return cartesian_prod({x[0], x[1], x[2]});
       }});
  c.push_back({"cartesian_prod", "one input", {rnd({3})}, [](const Inputs& x) {
                 return cartesian_prod({x[0]});
               }});
  c.push_back({"cartesian_prod", "empty", {rnd({0}), rnd({3})}, [](const Inputs& x) {
                 return cartesian_prod({x[0], x[1]});
               }});
}

void reorder_cases(GradCaseList& c) {
  c.push_back({"flip", "two dims", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].flip({0, 1});
               }});
  c.push_back(
      {"flip", "last dim", {rnd({2, 3, 2})}, [](const Inputs& x) { return x[0].flip({-1}); }});
  c.push_back({"flip", "0-d", {rnd({})}, [](const Inputs& x) { return x[0].flip({}); }});
  c.push_back({"flip", "empty", {rnd({0, 3})}, [](const Inputs& x) { return x[0].flip({1}); }});
  c.push_back({"fliplr", "2-d", {rnd({3, 4})}, [](const Inputs& x) { return fliplr(x[0]); }});
  c.push_back({"flipud", "1-d", {rnd({5})}, [](const Inputs& x) { return flipud(x[0]); }});
  c.push_back({"flipud", "2-d", {rnd({3, 4})}, [](const Inputs& x) { return flipud(x[0]); }});

  c.push_back(
      {"roll", "one dim", {rnd({3, 4})}, [](const Inputs& x) { return x[0].roll({1}, {1}); }});
  c.push_back({"roll", "two dims, negative shift", {rnd({3, 4})}, [](const Inputs& x) {
                 return x[0].roll({-1, 5}, {0, -1});
               }});
  c.push_back({"roll", "flattened", {rnd({3, 4})}, [](const Inputs& x) { return x[0].roll({5}); }});
  c.push_back({"roll", "0-d", {rnd({})}, [](const Inputs& x) { return x[0].roll({2}); }});
  c.push_back(
      {"roll", "empty", {rnd({0, 3})}, [](const Inputs& x) { return x[0].roll({1}, {0}); }});

  for (int64_t k : {1, 2, 3, 4, -1}) {
    c.push_back({"rot90", "k = " + std::to_string(k), {rnd({3, 4})}, [k](const Inputs& x) {
                   return x[0].rot90(k, {0, 1});
                 }});
  }
  c.push_back({"rot90", "batched, reversed dims", {rnd({2, 2, 3})}, [](const Inputs& x) {
                 return x[0].rot90(1, {2, 1});
               }});
  c.push_back({"rot90", "empty", {rnd({0, 3})}, [](const Inputs& x) { return x[0].rot90(); }});
}

void repeat_cases(GradCaseList& c) {
  c.push_back({"repeat", "2-d", {rnd({2, 3})}, [](const Inputs& x) {
                 return x[0].repeat({2, 1});
               }});
  c.push_back({"repeat", "new leading dim", {rnd({2, 3})}, [](const Inputs& x) {
                 return x[0].repeat({2, 1, 2});
               }});
  c.push_back({"repeat", "0-d", {rnd({})}, [](const Inputs& x) { return x[0].repeat({3}); }});
  c.push_back({"repeat", "zero repeats", {rnd({2, 3})}, [](const Inputs& x) {
                 return x[0].repeat({0, 2});
               }});
  c.push_back({"tile", "fewer dims than self", {rnd({2, 3})}, [](const Inputs& x) {
                 return x[0].tile({2});
               }});
  c.push_back({"tile", "more dims than self", {rnd({3})}, [](const Inputs& x) {
                 return x[0].tile({2, 2});
               }});

  c.push_back({"repeat_interleave", "number, dim", {rnd({2, 3})}, [](const Inputs& x) {
                 return x[0].repeat_interleave(2, 1);
               }});
  c.push_back({"repeat_interleave", "number, flattened", {rnd({2, 3})}, [](const Inputs& x) {
                 return x[0].repeat_interleave(2);
               }});
  c.push_back({"repeat_interleave", "tensor, dim", {rnd({3, 2})}, [](const Inputs& x) {
                 return x[0].repeat_interleave(idx({2, 0, 3}), 0);
               }});
  c.push_back(
      {"repeat_interleave", "one-entry tensor, flattened", {rnd({2, 2})}, [](const Inputs& x) {
         return x[0].repeat_interleave(idx({3}));
       }});
  c.push_back({"repeat_interleave", "0-d", {rnd({})}, [](const Inputs& x) {
                 return x[0].repeat_interleave(3);
               }});
  c.push_back({"repeat_interleave", "empty", {rnd({0, 3})}, [](const Inputs& x) {
                 return x[0].repeat_interleave(idx({1, 0, 2}), 1);
               }});
}

void pad_cases(GradCaseList& c) {
  c.push_back({"constant_pad_nd", "last dim", {rnd({2, 3})}, [](const Inputs& x) {
                 return constant_pad_nd(x[0], {1, 2});
               }});
  c.push_back({"constant_pad_nd", "two dims, value", {rnd({2, 3})}, [](const Inputs& x) {
                 return constant_pad_nd(x[0], {0, 1, 2, 1}, 0.5);
               }});
  c.push_back({"constant_pad_nd", "crop", {rnd({3, 4})}, [](const Inputs& x) {
                 return constant_pad_nd(x[0], {-1, 0, 0, -2});
               }});
  c.push_back({"constant_pad_nd", "crop and pad", {rnd({3, 4})}, [](const Inputs& x) {
                 return constant_pad_nd(x[0], {-2, 1, 1, -1});
               }});
  c.push_back({"constant_pad_nd", "0-d", {rnd({})}, [](const Inputs& x) {
                 return constant_pad_nd(x[0], {});
               }});
  c.push_back({"constant_pad_nd", "empty", {rnd({0, 3})}, [](const Inputs& x) {
                 return constant_pad_nd(x[0], {1, 1});
               }});

  c.push_back({"pad", "constant", {rnd({2, 3})}, [](const Inputs& x) {
                 return pad(x[0], {1, 0, 0, 2}, "constant", 1.5);
               }});
  c.push_back({"pad", "reflect 1-d", {rnd({2, 4})}, [](const Inputs& x) {
                 return pad(x[0], {2, 3}, "reflect");
               }});
  c.push_back({"pad", "reflect 2-d", {rnd({1, 3, 3})}, [](const Inputs& x) {
                 return pad(x[0], {1, 2, 2, 1}, "reflect");
               }});
  c.push_back({"pad", "replicate 1-d", {rnd({2, 3})}, [](const Inputs& x) {
                 return pad(x[0], {2, 1}, "replicate");
               }});
  c.push_back({"pad", "replicate 3-d", {rnd({1, 2, 2, 3})}, [](const Inputs& x) {
                 return pad(x[0], {1, 1, 0, 1, 1, 0}, "replicate");
               }});
  c.push_back({"pad", "circular", {rnd({2, 4})}, [](const Inputs& x) {
                 return pad(x[0], {2, 3}, "circular");
               }});
  c.push_back({"pad", "circular with crop", {rnd({1, 3, 4})}, [](const Inputs& x) {
                 return pad(x[0], {-1, 2, 1, 0}, "circular");
               }});
  c.push_back({"pad", "replicate, empty batch", {rnd({0, 2, 3})}, [](const Inputs& x) {
                 return pad(x[0], {1, 1}, "replicate");
               }});
}

}  // namespace

EMBER_GRAD_CASES(rearrange) {
  GradCaseList c;
  join_cases(c);
  reorder_cases(c);
  repeat_cases(c);
  pad_cases(c);
  return c;
}

// Ops with a node of their own record it straight onto the leaf (cat copies into views of its
// output, but none of those copies records).
TEST(GradNodes, Rearrange) {
  const Tensor x = rnd({2, 3}).requires_grad_();
  const Tensor y = rnd({2, 3}).requires_grad_();
  auto node_of = [](const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : "(none)"; };
  auto leaf_edge = [](const Tensor& t) { return t.grad_fn()->next_edge(0).function->name(); };
  const Tensor joined = cat({x, y}, 1);
  EXPECT_EQ(node_of(joined), "CatBackward0");
  EXPECT_EQ(leaf_edge(joined), "AccumulateGrad");
  EXPECT_EQ(joined.grad_fn()->num_outputs(), 2u);
  EXPECT_EQ(node_of(stack({x, y})), "CatBackward0");
  EXPECT_EQ(node_of(x.flip({0})), "FlipBackward0");
  EXPECT_EQ(node_of(fliplr(x)), "FlipBackward0");
  EXPECT_EQ(node_of(x.roll({1}, {1})), "RollBackward0");
  EXPECT_EQ(node_of(constant_pad_nd(x, {1, 1})), "ConstantPadNdBackward0");
  EXPECT_EQ(leaf_edge(constant_pad_nd(x, {1, 1})), "AccumulateGrad");
  EXPECT_EQ(node_of(pad(x, {1, 1}, "constant")), "ConstantPadNdBackward0");
  EXPECT_EQ(node_of(pad(x, {1, 1}, "reflect")), "ReflectionPad1DBackward0");
  EXPECT_EQ(node_of(pad(x.unsqueeze(0), {1, 1, 1, 0}, "replicate")), "ReplicationPad2DBackward0");
  EXPECT_EQ(node_of(x.repeat_interleave(idx({1, 2}), 0)), "IndexSelectBackward0");
  EXPECT_EQ(node_of(cartesian_prod({x.select(0, 0), y.select(0, 1)})), "CatBackward0");
}

}  // namespace ember::testing
