// Linear algebra ops against PyTorch's golden values (tests/reference/families/linalg.py).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>

#include "backend/cpu/gemm.h"
#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::error_of;

using testing::Json;

Scalar scalar_arg(const Json& args, const char* name, const Scalar& fallback) {
  if (!args.contains(name)) return fallback;
  const Json& v = args.at(name);
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}

int64_t int_arg(const Json& args, const char* name, int64_t fallback) {
  return args.contains(name) ? args.at(name).get<int64_t>() : fallback;
}

// Note [Golden tolerances]: the products follow Note [Product tolerances] (linalg.py): two
// length-k dot products differ by at most 2 k u sum|a_i b_i|, u the unit roundoff of the dtype
// the sum runs in (float32 for the 16-bit floats), then round once; the add* ops scale and add
// self, two more roundings. A cross product element is a b - c d, two terms of at most
// max|a| max|b|. The rest (outer, ger and kron multiply once; tril, triu, diag and diag_embed
// copy) give PyTorch's bits.
testing::Tolerance product_tolerance(const std::string& op, const Json& c,
                                     const std::vector<Tensor>& in) {
  using testing::Tolerance;
  const ScalarType dtype = testing::dtype_from_name(c.at("expected").at("dtype"));
  if (!is_floating_point(dtype)) return Tolerance::bitwise();
  const ScalarType accumulate = testing::accumulate_dtype(dtype);
  const Json& args = c.at("args");
  if (args.contains("k")) {
    const double extra = op.rfind("add", 0) == 0 ? 2 : 0;
    return Tolerance::sum_of(args.at("k").get<double>() + extra, args.at("bound").get<double>(),
                             accumulate);
  }
  if (op == "cross" || op == "linalg_cross") {
    return Tolerance::sum_of(2, 2 * testing::max_abs(in[0]) * testing::max_abs(in[1]), accumulate);
  }
  return Tolerance::bitwise();
}

using Fn = std::function<Tensor(const std::vector<Tensor>&, const Json&)>;

const std::map<std::string, Fn>& linalg_ops() {
  static const std::map<std::string, Fn> ops = {
      {"matmul", [](auto& in, auto&) { return in[0].matmul(in[1]); }},
      {"mm", [](auto& in, auto&) { return in[0].mm(in[1]); }},
      {"bmm", [](auto& in, auto&) { return in[0].bmm(in[1]); }},
      {"mv", [](auto& in, auto&) { return in[0].mv(in[1]); }},
      {"dot", [](auto& in, auto&) { return in[0].dot(in[1]); }},
      {"vdot", [](auto& in, auto&) { return vdot(in[0], in[1]); }},
      {"outer", [](auto& in, auto&) { return in[0].outer(in[1]); }},
      {"ger", [](auto& in, auto&) { return in[0].ger(in[1]); }},
      {"addmm",
       [](auto& in, auto& a) {
         return in[0].addmm(in[1], in[2], scalar_arg(a, "beta", 1), scalar_arg(a, "alpha", 1));
       }},
      {"addmv",
       [](auto& in, auto& a) {
         return in[0].addmv(in[1], in[2], scalar_arg(a, "beta", 1), scalar_arg(a, "alpha", 1));
       }},
      {"baddbmm",
       [](auto& in, auto& a) {
         return in[0].baddbmm(in[1], in[2], scalar_arg(a, "beta", 1), scalar_arg(a, "alpha", 1));
       }},
      {"addbmm",
       [](auto& in, auto& a) {
         return in[0].addbmm(in[1], in[2], scalar_arg(a, "beta", 1), scalar_arg(a, "alpha", 1));
       }},
      {"kron", [](auto& in, auto&) { return kron(in[0], in[1]); }},
      {"einsum",
       [](auto& in, auto& a) {
         return einsum(a.at("equation").template get<std::string>(), TensorList(in));
       }},
      {"tensordot",
       [](auto& in, auto& a) {
         const Json& dims = a.at("dims");
         if (dims.is_number_integer()) return tensordot(in[0], in[1], dims.get<int64_t>());
         return tensordot(in[0], in[1], dims[0].get<std::vector<int64_t>>(),
                          dims[1].get<std::vector<int64_t>>());
       }},
      {"cross",
       [](auto& in, auto& a) {
         return a.contains("dim") ? in[0].cross(in[1], a.at("dim").template get<int64_t>())
                                  : in[0].cross(in[1]);
       }},
      {"linalg_cross",
       [](auto& in, auto& a) { return linalg_cross(in[0], in[1], int_arg(a, "dim", -1)); }},
      {"trace", [](auto& in, auto&) { return in[0].trace(); }},
      {"tril", [](auto& in, auto& a) { return in[0].tril(int_arg(a, "diagonal", 0)); }},
      {"triu", [](auto& in, auto& a) { return in[0].triu(int_arg(a, "diagonal", 0)); }},
      {"diag", [](auto& in, auto& a) { return in[0].diag(int_arg(a, "diagonal", 0)); }},
      {"diag_embed",
       [](auto& in, auto& a) {
         return in[0].diag_embed(int_arg(a, "offset", 0), int_arg(a, "dim1", -2),
                                 int_arg(a, "dim2", -1));
       }},
  };
  return ops;
}

class LinalgGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(LinalgGolden, MatchesPyTorch) {
  const Fn& fn = linalg_ops().at(GetParam());
  const auto cases = testing::cases_for("linalg", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& args = c.at("args");
    if (c.at("expected").contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(inputs, args), c.at("expected"));
    } else {
      EXPECT_MATCHES_GOLDEN(fn(inputs, args), c.at("expected"),
                            product_tolerance(GetParam(), c, inputs));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, LinalgGolden,
                         ::testing::Values("matmul", "mm", "bmm", "mv", "dot", "vdot", "outer",
                                           "ger", "addmm", "addmv", "baddbmm", "addbmm", "kron",
                                           "einsum", "tensordot", "cross", "linalg_cross", "trace",
                                           "tril", "triu", "diag", "diag_embed"));

std::vector<double> values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

TEST(Linalg, ShapeErrorsNameOpAndShapes) {
  EXPECT_EQ(error_of([] {
              matmul(ones({2, 3}), ones({4, 5}));
            }).rfind("[matmul] mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", 0),
            0u);
  EXPECT_NE(error_of([] { mm(ones({2, 3}), ones({4, 5})); }).find("[mm]"), std::string::npos);
  EXPECT_NE(error_of([] {
              bmm(ones({2, 2, 3}), ones({3, 3, 4}));
            }).find("[bmm]"),
            std::string::npos);
  EXPECT_NE(error_of([] { mv(ones({2, 3}), ones({4})); }).find("[mv]"), std::string::npos);
  EXPECT_NE(error_of([] { dot(ones({2}), ones({3})); }).find("[dot]"), std::string::npos);
  EXPECT_NE(error_of([] {
              addmm(ones({2, 2}), ones({2, 3}), ones({4, 2}));
            }).find("[addmm]"),
            std::string::npos);
  EXPECT_NE(error_of([] { matmul(ones({}), ones({3})); }).find("[matmul]"), std::string::npos);
}

TEST(Linalg, MixedDtypesRaise) {
  EXPECT_NE(error_of([] {
              mm(ones({2, 3}), ones({3, 2}, kDouble));
            }).find("[mm] expected scalar type Float but found Double"),
            std::string::npos);
}

TEST(Linalg, UndefinedOperandRaises) {
  // PyTorch's message is Python's ("argument 'input' (position 1) must be Tensor, not NoneType").
  EXPECT_EMBER_ERROR(matmul(Tensor(), ones({2})), "[matmul] expected self to be a defined tensor");
  EXPECT_EMBER_ERROR(addmm(Tensor(), ones({2, 2}), ones({2, 2})),
                     "[addmm] expected self to be a defined tensor");
}

TEST(Linalg, AddmmInPlaceWritesSelf) {
  Tensor self = ones({2, 2});
  Tensor view = self.t();
  const uint32_t before = self._version();
  view.addmm_(tensor({{1.0f, 2.0f}, {3.0f, 4.0f}}), eye(2), 2, 3);  // 2 * view + 3 * m
  const float* d = self.data_ptr<float>();
  EXPECT_EQ(std::vector<float>(d, d + 4), (std::vector<float>{5, 11, 8, 14}));
  EXPECT_GT(self._version(), before);
  Tensor small = ones({2});
  EXPECT_EMBER_ERROR(
      small.addmm_(ones({2, 2}), ones({2, 2})),
      "Bad in-place call: input tensor size [2] and output tensor size [2, 2] should "
      "match");
}

TEST(Linalg, TriangleInPlace) {
  Tensor base = arange(1, 13, kFloat).reshape({2, 2, 3});
  Tensor view = base.transpose(1, 2);  // (2, 3, 2), strided
  const uint32_t before = base._version();
  view.tril_(-1);
  EXPECT_GT(base._version(), before);
  Tensor expected = arange(1, 13, kFloat).reshape({2, 2, 3}).transpose(1, 2).tril(-1);
  EXPECT_EQ(values(view), values(expected));
  Tensor u = ones({3, 3}, kLong);
  u.triu_(1);
  EXPECT_EQ(values(u), values(ones({3, 3}, kLong).triu(1)));
  EXPECT_EQ(u[0][0].item<int64_t>(), 0);
  EXPECT_EQ(u[0][1].item<int64_t>(), 1);
  Tensor expanded = ones({3}).expand({3, 3});
  EXPECT_NE(error_of([&] { expanded.tril_(); }).find("[tril_]"), std::string::npos);
  Tensor v = ones({3});
  EXPECT_NE(error_of([&] { v.triu_(); }).find("[triu_]"), std::string::npos);
}

TEST(Linalg, StructureErrorsNameOp) {
  EXPECT_NE(error_of([] { tril(ones({3})); }).find("[tril]"), std::string::npos);
  EXPECT_NE(error_of([] { diag(ones({2, 2, 2})); }).find("[diag]"), std::string::npos);
  EXPECT_NE(error_of([] { diag_embed(ones({2}), 0, 0, 0); }).find("[diag_embed]"),
            std::string::npos);
  EXPECT_NE(error_of([] { trace(ones({2})); }).find("[trace]"), std::string::npos);
  EXPECT_NE(error_of([] { cross(ones({2, 4}), ones({2, 4})); }).find("[cross]"), std::string::npos);
  EXPECT_NE(error_of([] {
              cross(ones({2, 3}), ones({2, 3}), 0);
            }).find("[cross]"),
            std::string::npos);
}

TEST(Linalg, EinsumAndTensordotErrorsNameOp) {
  EXPECT_NE(error_of([] { einsum("ij,jk", {ones({2, 3})}); }).find("[einsum]"), std::string::npos);
  EXPECT_NE(error_of([] { einsum("ij->k", {ones({2, 3})}); }).find("[einsum]"), std::string::npos);
  EXPECT_NE(error_of([] {
              einsum("i,i", {ones({2}), ones({3})});
            }).find("[einsum]"),
            std::string::npos);
  EXPECT_NE(error_of([] { einsum("ij", {}); }).find("[einsum]"), std::string::npos);
  EXPECT_NE(error_of([] {
              tensordot(ones({2, 3}), ones({4, 5}), 1);
            }).find("[tensordot]"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              tensordot(ones({2, 3}), ones({3}), 2);
            }).find("[tensordot]"),
            std::string::npos);
}

TEST(Linalg, LinalgCrossDefaultsToLastDim) {
  Tensor a = tensor({{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}});
  Tensor b = tensor({{0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}, {1.0, 0.0, 0.0}});
  // linalg_cross: rows are the vectors; cross without dim: dim 0 (the first of size 3).
  EXPECT_EQ(values(linalg_cross(a, b)),
            values(tensor({{0.0, 0.0, 1.0}, {1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}})));
  EXPECT_EQ(values(cross(a, b)), values(cross(a, b, 0)));
  EXPECT_NE(values(cross(a, b)), values(linalg_cross(a, b)));
}

TEST(Linalg, MatmulResultDoesNotAliasInputs) {
  Tensor a = ones({1, 1});
  Tensor r = a.matmul(a);
  EXPECT_FALSE(r.is_alias_of(a));
}

// The portable GEMM against the BLAS path (or, without a BLAS, against a naive triple loop), for
// every transpose combination, leading dimensions larger than the rows, beta in {0, 1, 0.5} and
// sizes that cross the fallback's block edges.
template <class T>
void check_fallback(int64_t m, int64_t n, int64_t k, cpu::Trans ta, cpu::Trans tb, T beta) {
  const bool tra = ta == cpu::Trans::kYes, trb = tb == cpu::Trans::kYes;
  const int64_t lda = (tra ? m : k) + 3, ldb = (trb ? k : n) + 1, ldc = n + 2;
  std::vector<T> a((tra ? k : m) * lda), b((trb ? n : k) * ldb), c(m * ldc);
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<T>((i * 37 % 19) - 9) / T(8);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<T>((i * 11 % 23) - 11) / T(4);
  for (size_t i = 0; i < c.size(); ++i) c[i] = beta == T(0) ? NAN : static_cast<T>(i % 5);
  std::vector<T> expected = c, actual = c;
  if (cpu::gemm_has_blas()) {
    cpu::gemm(ta, tb, m, n, k, T(1.5), a.data(), lda, b.data(), ldb, beta, expected.data(), ldc);
  } else {
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double acc = 0;
        for (int64_t p = 0; p < k; ++p) {
          acc += double(tra ? a[p * lda + i] : a[i * lda + p]) *
                 double(trb ? b[j * ldb + p] : b[p * ldb + j]);
        }
        T& out = expected[i * ldc + j];
        out = static_cast<T>(1.5 * acc + (beta == T(0) ? 0.0 : double(beta) * double(out)));
      }
    }
  }
  cpu::gemm_fallback(ta, tb, m, n, k, T(1.5), a.data(), lda, b.data(), ldb, beta, actual.data(),
                     ldc);
  // Inputs are exact in a few bits and sums stay far below 2^24: both paths are exact.
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      ASSERT_EQ(actual[i * ldc + j], expected[i * ldc + j]) << i << "," << j;
    }
    for (int64_t j = n; j < ldc; ++j) {  // padding is left alone
      ASSERT_TRUE(std::isnan(actual[i * ldc + j]) || actual[i * ldc + j] == c[i * ldc + j]);
    }
  }
}

TEST(Gemm, FallbackMatchesReference) {
  for (auto ta : {cpu::Trans::kNo, cpu::Trans::kYes}) {
    for (auto tb : {cpu::Trans::kNo, cpu::Trans::kYes}) {
      for (auto [m, n, k] : {std::tuple<int64_t, int64_t, int64_t>{1, 1, 1},
                             {3, 5, 7},
                             {33, 257, 130},
                             {70, 3, 300},
                             {4, 6, 0}}) {
        SCOPED_TRACE(::testing::Message()
                     << m << "x" << n << "x" << k << " " << int(ta) << int(tb));
        check_fallback<float>(m, n, k, ta, tb, 0.0f);
        check_fallback<float>(m, n, k, ta, tb, 1.0f);
        check_fallback<double>(m, n, k, ta, tb, 0.5);
      }
    }
  }
}

TEST(Gemm, OperandLayouts) {
  using cpu::gemm_operand;
  using cpu::Trans;
  auto row = gemm_operand(3, 4, 4, 1);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->trans, Trans::kNo);
  EXPECT_EQ(row->ld, 4);
  auto col = gemm_operand(3, 4, 1, 5);
  ASSERT_TRUE(col);
  EXPECT_EQ(col->trans, Trans::kYes);
  EXPECT_EQ(col->ld, 5);
  EXPECT_FALSE(gemm_operand(3, 4, 8, 2));  // neither stride is 1
  EXPECT_FALSE(gemm_operand(3, 4, 0, 1));  // broadcast rows
  auto vec = gemm_operand(5, 1, 3, 0);     // a strided column vector
  ASSERT_TRUE(vec);
  EXPECT_EQ(vec->ld, 3);
  EXPECT_TRUE(gemm_operand(0, 4, 0, 0));  // empty: nothing is read
}

}  // namespace
}  // namespace ember
