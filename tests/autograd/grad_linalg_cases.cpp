// Gradient cases of the linear-algebra ops: products (with their addends' broadcasting and
// alpha/beta), matmul's shape cases, einsum and tensordot (composites over bmm and views),
// kron, cross, trace, triangles and diagonals.
#include <gtest/gtest.h>

#include "autograd/grad_cases.h"
#include "support/errors.h"

namespace ember::testing {
namespace {

void product_cases(GradCaseList& c) {
  auto matmul_case = [&c](const char* label, std::vector<int64_t> a, std::vector<int64_t> b) {
    c.push_back(
        {"matmul", label, {rnd(a), rnd(b)}, [](const Inputs& x) { return x[0].matmul(x[1]); }});
  };
  matmul_case("1-d @ 1-d", {3}, {3});
  matmul_case("2-d @ 1-d", {2, 3}, {3});
  matmul_case("1-d @ 2-d", {3}, {3, 2});
  matmul_case("2-d @ 2-d", {2, 3}, {3, 2});
  matmul_case("3-d @ 2-d", {2, 2, 3}, {3, 2});
  matmul_case("3-d @ 1-d", {2, 2, 3}, {3});
  matmul_case("1-d @ 3-d", {3}, {2, 3, 2});
  matmul_case("batch broadcast", {2, 1, 2, 3}, {2, 3, 1});
  matmul_case("empty", {0, 3}, {3, 2});

  c.push_back({"mm", "2x3 @ 3x2", {rnd({2, 3}), rnd({3, 2})}, [](const Inputs& x) {
                 return x[0].mm(x[1]);
               }});
  c.push_back({"mm", "empty inner dim", {rnd({2, 0}), rnd({0, 3})}, [](const Inputs& x) {
                 return x[0].mm(x[1]);
               }});
  c.push_back({"mm", "same operand", {rnd({3, 3})}, [](const Inputs& x) { return x[0].mm(x[0]); }});
  c.push_back({"bmm", "2 batches", {rnd({2, 2, 3}), rnd({2, 3, 2})}, [](const Inputs& x) {
                 return x[0].bmm(x[1]);
               }});
  c.push_back({"bmm", "empty batch", {rnd({0, 2, 3}), rnd({0, 3, 2})}, [](const Inputs& x) {
                 return x[0].bmm(x[1]);
               }});
  c.push_back(
      {"mv", "2x3 @ 3", {rnd({2, 3}), rnd({3})}, [](const Inputs& x) { return x[0].mv(x[1]); }});
  c.push_back(
      {"mv", "empty", {rnd({0, 3}), rnd({3})}, [](const Inputs& x) { return x[0].mv(x[1]); }});
  c.push_back({"dot", "3", {rnd({3}), rnd({3})}, [](const Inputs& x) { return x[0].dot(x[1]); }});
  c.push_back(
      {"dot", "empty", {rnd({0}), rnd({0})}, [](const Inputs& x) { return x[0].dot(x[1]); }});
  c.push_back({"vdot", "3", {rnd({3}), rnd({3})}, [](const Inputs& x) { return x[0].vdot(x[1]); }});
  c.push_back(
      {"outer", "2 x 3", {rnd({2}), rnd({3})}, [](const Inputs& x) { return x[0].outer(x[1]); }});
  c.push_back(
      {"outer", "empty", {rnd({0}), rnd({3})}, [](const Inputs& x) { return x[0].outer(x[1]); }});
  c.push_back(
      {"ger", "2 x 3", {rnd({2}), rnd({3})}, [](const Inputs& x) { return ger(x[0], x[1]); }});
}

void addend_product_cases(GradCaseList& c) {
  c.push_back({"addmm", "same shape", {rnd({2, 2}), rnd({2, 3}), rnd({3, 2})}, [](const Inputs& x) {
                 return x[0].addmm(x[1], x[2]);
               }});
  c.push_back({"addmm",
               "broadcast self, beta and alpha",
               {rnd({2}), rnd({2, 3}), rnd({3, 2})},
               [](const Inputs& x) { return x[0].addmm(x[1], x[2], 0.5, -2); }});
  c.push_back(
      {"addmm", "0-d self, beta 0", {rnd({}), rnd({2, 3}), rnd({3, 2})}, [](const Inputs& x) {
         return addmm(x[0], x[1], x[2], 0, 1.5);
       }});
  c.push_back(
      {"addmm", "empty inner dim", {rnd({2, 2}), rnd({2, 0}), rnd({0, 2})}, [](const Inputs& x) {
         return x[0].addmm(x[1], x[2]);
       }});
  c.push_back({"addmm", "in place", {rnd({2, 2}), rnd({2, 3}), rnd({3, 2})}, [](const Inputs& x) {
                 return x[0].clone().addmm_(x[1], x[2], 2, 0.5);
               }});
  c.push_back(
      {"addmm", "in place into a constant", {rnd({2, 3}), rnd({3, 2})}, [](const Inputs& x) {
         return ones({2, 2}, kDouble).addmm_(x[0], x[1]);
       }});

  c.push_back({"addmv", "same shape", {rnd({2}), rnd({2, 3}), rnd({3})}, [](const Inputs& x) {
                 return x[0].addmv(x[1], x[2]);
               }});
  c.push_back(
      {"addmv", "0-d self, beta and alpha", {rnd({}), rnd({2, 3}), rnd({3})}, [](const Inputs& x) {
         return x[0].addmv(x[1], x[2], -1, 0.5);
       }});
  c.push_back({"addmv", "empty", {rnd({0}), rnd({0, 3}), rnd({3})}, [](const Inputs& x) {
                 return x[0].addmv(x[1], x[2]);
               }});

  c.push_back({"baddbmm",
               "same shape",
               {rnd({2, 2, 2}), rnd({2, 2, 3}), rnd({2, 3, 2})},
               [](const Inputs& x) { return x[0].baddbmm(x[1], x[2]); }});
  c.push_back({"baddbmm",
               "broadcast self, beta and alpha",
               {rnd({2, 1}), rnd({2, 2, 3}), rnd({2, 3, 2})},
               [](const Inputs& x) { return x[0].baddbmm(x[1], x[2], 0.5, 2); }});
  c.push_back(
      {"baddbmm", "empty batch", {rnd({2}), rnd({0, 2, 3}), rnd({0, 3, 2})}, [](const Inputs& x) {
         return x[0].baddbmm(x[1], x[2]);
       }});

  c.push_back(
      {"addbmm", "same shape", {rnd({2, 2}), rnd({2, 2, 3}), rnd({2, 3, 2})}, [](const Inputs& x) {
         return x[0].addbmm(x[1], x[2]);
       }});
  c.push_back({"addbmm",
               "broadcast self, beta and alpha",
               {rnd({}), rnd({2, 2, 3}), rnd({2, 3, 2})},
               [](const Inputs& x) { return x[0].addbmm(x[1], x[2], -0.5, 1.5); }});
  c.push_back(
      {"addbmm", "empty batch", {rnd({2, 2}), rnd({0, 2, 3}), rnd({0, 3, 2})}, [](const Inputs& x) {
         return x[0].addbmm(x[1], x[2]);
       }});
}

void contraction_cases(GradCaseList& c) {
  auto einsum_case = [&c](const char* equation, Inputs inputs) {
    c.push_back({"einsum", equation, std::move(inputs),
                 [equation](const Inputs& x) { return einsum(equation, x); }});
  };
  einsum_case("ij,jk->ik", {rnd({2, 3}), rnd({3, 2})});
  einsum_case("bij,bjk->bik", {rnd({2, 2, 3}), rnd({2, 3, 2})});
  einsum_case("ii->i", {rnd({3, 3})});
  einsum_case("ii", {rnd({3, 3})});
  einsum_case("ij->ji", {rnd({2, 3})});
  einsum_case("ij->", {rnd({2, 3})});
  einsum_case("i,i", {rnd({3}), rnd({3})});
  einsum_case("i,j->ij", {rnd({2}), rnd({3})});
  einsum_case("...ij,...jk", {rnd({1, 2, 3}), rnd({2, 3, 2})});
  einsum_case("ij,jk,kl->il", {rnd({2, 3}), rnd({3, 2}), rnd({2, 2})});
  einsum_case("iij,jk->ik", {rnd({2, 2, 3}), rnd({3, 2})});
  c.push_back({"einsum", "empty", {rnd({0, 3}), rnd({3})}, [](const Inputs& x) {
                 return einsum("ij,j->i", x);
               }});

  c.push_back({"tensordot",
               "last two with first two",
               {rnd({2, 2, 3}), rnd({2, 3, 2})},
               [](const Inputs& x) { return tensordot(x[0], x[1], 2); }});
  c.push_back({"tensordot", "named dims", {rnd({3, 2, 2}), rnd({2, 3})}, [](const Inputs& x) {
                 return tensordot(x[0], x[1], {0, 2}, {1, 0});
               }});
  c.push_back({"tensordot", "outer (no dims)", {rnd({2}), rnd({3})}, [](const Inputs& x) {
                 return tensordot(x[0], x[1], 0);
               }});
  c.push_back({"tensordot", "0-d", {rnd({}), rnd({2, 3})}, [](const Inputs& x) {
                 return tensordot(x[0], x[1], 0);
               }});

  c.push_back({"kron", "2-d", {rnd({2, 2}), rnd({2, 3})}, [](const Inputs& x) {
                 return kron(x[0], x[1]);
               }});
  c.push_back({"kron", "different ranks", {rnd({3}), rnd({2, 2})}, [](const Inputs& x) {
                 return kron(x[0], x[1]);
               }});
  c.push_back(
      {"kron", "0-d", {rnd({}), rnd({3})}, [](const Inputs& x) { return kron(x[0], x[1]); }});
}

void matrix_function_cases(GradCaseList& c) {
  c.push_back({"cross", "first dim of size 3", {rnd({3, 2}), rnd({3, 2})}, [](const Inputs& x) {
                 return x[0].cross(x[1]);
               }});
  c.push_back({"cross", "explicit dim", {rnd({2, 3}), rnd({2, 3})}, [](const Inputs& x) {
                 return x[0].cross(x[1], 1);
               }});
  c.push_back({"linalg_cross", "broadcast", {rnd({2, 3}), rnd({1, 3})}, [](const Inputs& x) {
                 return linalg_cross(x[0], x[1]);
               }});
  c.push_back({"linalg_cross", "empty", {rnd({0, 3}), rnd({0, 3})}, [](const Inputs& x) {
                 return linalg_cross(x[0], x[1]);
               }});

  c.push_back({"trace", "square", {rnd({3, 3})}, [](const Inputs& x) { return x[0].trace(); }});
  c.push_back({"trace", "wide", {rnd({2, 4})}, [](const Inputs& x) { return x[0].trace(); }});
  c.push_back({"trace", "empty", {rnd({0, 3})}, [](const Inputs& x) { return x[0].trace(); }});

  for (const char* op : {"tril", "triu"}) {
    const bool lower = std::string(op) == "tril";
    auto tri = [lower](const Tensor& t, int64_t k) { return lower ? t.tril(k) : t.triu(k); };
    c.push_back(
        {op, "main diagonal", {rnd({3, 4})}, [tri](const Inputs& x) { return tri(x[0], 0); }});
    c.push_back({op, "batched, diagonal -1", {rnd({2, 2, 3})}, [tri](const Inputs& x) {
                   return tri(x[0], -1);
                 }});
    c.push_back({op, "diagonal 2", {rnd({3, 4})}, [tri](const Inputs& x) { return tri(x[0], 2); }});
    c.push_back({op, "empty", {rnd({0, 3})}, [tri](const Inputs& x) { return tri(x[0], 0); }});
    c.push_back({op, "in place", {rnd({3, 4})}, [lower](const Inputs& x) {
                   Tensor t = x[0].clone();
                   return lower ? t.tril_(1) : t.triu_(1);
                 }});
  }

  c.push_back(
      {"diag", "vector, offset 1", {rnd({3})}, [](const Inputs& x) { return x[0].diag(1); }});
  c.push_back(
      {"diag", "vector, offset -2", {rnd({2})}, [](const Inputs& x) { return x[0].diag(-2); }});
  c.push_back({"diag", "matrix", {rnd({3, 4})}, [](const Inputs& x) { return x[0].diag(); }});
  c.push_back(
      {"diag", "matrix, offset -1", {rnd({3, 4})}, [](const Inputs& x) { return x[0].diag(-1); }});
  c.push_back({"diag", "empty", {rnd({0})}, [](const Inputs& x) { return x[0].diag(); }});

  c.push_back(
      {"diag_embed", "batched", {rnd({2, 3})}, [](const Inputs& x) { return x[0].diag_embed(); }});
  c.push_back({"diag_embed", "offset and dims", {rnd({2, 3})}, [](const Inputs& x) {
                 return x[0].diag_embed(1, 0, 2);
               }});
  c.push_back(
      {"diag_embed", "empty", {rnd({0, 2})}, [](const Inputs& x) { return x[0].diag_embed(-1); }});
}

}  // namespace

EMBER_GRAD_CASES(linalg) {
  GradCaseList c;
  product_cases(c);
  addend_product_cases(c);
  contraction_cases(c);
  matrix_function_cases(c);
  return c;
}

TEST(GradNodes, Linalg) {
  Tensor a = rnd({2, 3}).requires_grad_();
  const Tensor b = rnd({3, 2}).requires_grad_();
  const Tensor v = rnd({3}).requires_grad_();
  const Tensor ba = rnd({2, 2, 3}).requires_grad_();
  const Tensor bb = rnd({2, 3, 2}).requires_grad_();
  const Tensor c2 = rnd({2, 2}).requires_grad_();
  auto node_of = [](const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : "(none)"; };
  auto leaf_edge = [](const Tensor& t) { return t.grad_fn()->next_edge(0).function->name(); };
  EXPECT_EQ(node_of(a.mm(b)), "MmBackward0");
  EXPECT_EQ(leaf_edge(a.mm(b)), "AccumulateGrad");
  EXPECT_EQ(node_of(a.matmul(b)), "MmBackward0");
  EXPECT_EQ(node_of(a.matmul(v)), "MvBackward0");
  EXPECT_EQ(node_of(v.matmul(v)), "DotBackward0");
  EXPECT_EQ(node_of(ba.bmm(bb)), "BmmBackward0");
  EXPECT_EQ(node_of(v.dot(v)), "DotBackward0");
  EXPECT_EQ(node_of(v.vdot(v)), "VdotBackward0");
  EXPECT_EQ(node_of(c2.addmm(a, b)), "AddmmBackward0");
  EXPECT_EQ(node_of(c2.clone().addmm_(a, b)), "AddmmBackward0");
  EXPECT_EQ(node_of(c2.select(0, 0).addmv(a, v)), "AddmvBackward0");
  EXPECT_EQ(node_of(ba.narrow(2, 0, 2).baddbmm(ba, bb)), "BaddbmmBackward0");
  EXPECT_EQ(node_of(c2.addbmm(ba, bb)), "AddbmmBackward0");
  EXPECT_EQ(leaf_edge(c2.addbmm(ba, bb)), "AccumulateGrad");
  EXPECT_EQ(node_of(v.cross(v)), "LinalgCrossBackward0");
  EXPECT_EQ(node_of(a.trace()), "TraceBackward0");
  EXPECT_EQ(node_of(a.tril()), "TrilBackward0");
  EXPECT_EQ(node_of(a.clone().triu_(1)), "TriuBackward0");
  EXPECT_EQ(node_of(v.diag_embed()), "DiagEmbedBackward0");
  EXPECT_EQ(node_of(v.diag()), "DiagEmbedBackward0");
  EXPECT_EMBER_ERROR(a.tril_(), "a leaf Variable that requires grad is being used in an in-place");
}

}  // namespace ember::testing
