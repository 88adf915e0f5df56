// Scans against PyTorch's golden values (tests/reference/families/scan.py).
#include <gtest/gtest.h>

#include "ember/ops/reduction.h"
#include "ops/reduction_golden.h"

namespace ember {
namespace {

using testing::Args;
using testing::one;
using testing::OpFn;
using testing::two;

const std::map<std::string, OpFn>& ops() {
  static const std::map<std::string, OpFn> table = {
      {"cumsum", [](const Tensor& x, const Args& a) { return one(x.cumsum(a.dim(), a.dtype())); }},
      {"cumprod",
       [](const Tensor& x, const Args& a) { return one(cumprod(x, a.dim(), a.dtype())); }},
      {"cummax", [](const Tensor& x, const Args& a) { return two(x.cummax(a.dim())); }},
      {"cummin", [](const Tensor& x, const Args& a) { return two(cummin(x, a.dim())); }},
      {"logcumsumexp", [](const Tensor& x, const Args& a) { return one(x.logcumsumexp(a.dim())); }},
  };
  return table;
}

class ScanGolden : public ::testing::TestWithParam<std::string> {};

// Note [Golden tolerances]: cummax and cummin select; cumsum and cumprod accumulate along the
// dim in order, in float64 for float32 (as PyTorch's CPU kernels do), and round each prefix
// once: PyTorch's bits. logcumsumexp is a chain of log(exp(a) + exp(b)) steps, each rounding
// a few times, measured within the default composite bound.
TEST_P(ScanGolden, MatchesPyTorch) {
  const bool chained = GetParam() == "logcumsumexp";
  testing::check_golden_cases("scan", GetParam(), ops().at(GetParam()),
                              [&](const Tensor&, const Args&, const Tensor& r, size_t) {
                                return chained ? testing::default_tolerance(r.scalar_type())
                                               : testing::Tolerance::bitwise();
                              });
}

INSTANTIATE_TEST_SUITE_P(Ops, ScanGolden,
                         ::testing::Values("cumsum", "cumprod", "cummax", "cummin",
                                           "logcumsumexp"));

TEST(Scan, InPlaceFormsKeepTheDtypeAndWriteThrough) {
  Tensor x = tensor(std::vector<int32_t>{1, 2, 3, 4}, kInt).reshape({2, 2});
  Tensor row = x.select(0, 1);
  row.cumsum_(0);
  EXPECT_EQ(x.scalar_type(), kInt);
  EXPECT_EQ(x[1][1].item<int32_t>(), 7);
  EXPECT_EQ(x[0][1].item<int32_t>(), 2);
  Tensor f = tensor(std::vector<float>{2, 3, 4});
  f.cumprod_(0);
  EXPECT_EQ(f[2].item<float>(), 24.0f);
}

TEST(Scan, ErrorsNameTheOp) {
  try {
    cumsum(ones({2, 3}), 2);
    FAIL() << "expected ember::Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("[cumsum]", 0), 0u) << e.what();
  }
  try {
    logcumsumexp(ones({2}, kLong), 0);
    FAIL() << "expected ember::Error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("[logcumsumexp]", 0), 0u) << e.what();
  }
}

}  // namespace
}  // namespace ember
