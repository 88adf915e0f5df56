// softmax and log_softmax against PyTorch (tests/reference/families/softmax.py).
#include <gtest/gtest.h>

#include "ember/ops/nn_ops.h"
#include "support/errors.h"
#include "support/nn_golden.h"
#include "support/threads.h"

namespace ember {
namespace {

using testing::dtype_arg;
using testing::Json;

// Note [Golden tolerances], with n the size of the softmax dim:
// - softmax divides exp(x - max) by a sum of n such terms, within (n - 1) u relative each side;
//   the exp and the division round once more: every output, however small, within chain_of
//   n + 2 roundings;
// - log_softmax is (x - max) - log(sum), two terms of one sign: each rounds relative to the
//   result, and the sum's relative error becomes an absolute one (sum_of n terms of
//   magnitude 1);
// - softmax's gradient y (g - sum(g y)) has the n-term dot product sum(g y), of magnitude at
//   most max|g| (the y add up to 1), and g - ... rounds twice more;
// - log_softmax's gradient g - exp(y) sum(g) has the n-term sum(g), of magnitude the largest
//   row sum of |g|.
testing::CaseTolerance softmax_tolerance(bool log) {
  return [log](const std::vector<Tensor>& in, const Json& a, const Tensor& result, size_t index) {
    const int64_t dim = in[0].dim() == 0 ? 0 : a.at("dim").get<int64_t>();
    const double n = in[0].dim() == 0 ? 1 : in[0].size(dim);
    const ScalarType accumulate = testing::accumulate_dtype(result.scalar_type());
    using testing::Tolerance;
    if (index == 1) {
      const Tensor g = testing::tensor_from_json(a.at("gout")).to(kDouble).abs();
      if (!log) return Tolerance::sum_of(n + 2, testing::max_abs(g), accumulate);
      return Tolerance::sum_of(n, testing::max_abs(g.dim() == 0 ? g : g.sum(dim)), accumulate);
    }
    if (log) return Tolerance::sum_of(n, 1, accumulate).plus(Tolerance::elementwise(1));
    return Tolerance::chain_of(n + 2);
  };
}

TEST(SoftmaxGolden, Softmax) {
  testing::run_nn_golden(
      "softmax", "softmax",
      [](const std::vector<Tensor>& in, const Json& a) {
        return std::vector<Tensor>{softmax(in[0], a.at("dim").get<int64_t>(), dtype_arg(a))};
      },
      softmax_tolerance(false));
}

TEST(SoftmaxGolden, LogSoftmax) {
  testing::run_nn_golden(
      "softmax", "log_softmax",
      [](const std::vector<Tensor>& in, const Json& a) {
        return std::vector<Tensor>{log_softmax(in[0], a.at("dim").get<int64_t>(), dtype_arg(a))};
      },
      softmax_tolerance(true));
}

TEST(Softmax, ErrorsNameTheOp) {
  testing::expect_error_names([] { softmax(ones({2}, kLong), 0); }, "softmax");
  testing::expect_error_names([] { log_softmax(ones({2, 3}), 2); }, "log_softmax");
  testing::expect_error_names([] { softmax(Tensor(), 0); }, "softmax");
}

TEST(Softmax, IndependentOfThreadsAndLayout) {
  // A long last dim (vector path with a tail) and a middle dim (column blocks with a tail).
  Tensor x = randn({37, 1003});
  Tensor m = randn({3, 130, 70});
  auto compute = [&] {
    return std::vector<Tensor>{softmax(x, 1), log_softmax(x, 1),
                               log_softmax(x.t().contiguous(), 0).t(), softmax(m, 1),
                               softmax(m.transpose(1, 2).contiguous(), 2).transpose(1, 2)};
  };
  std::vector<Tensor> one, many;
  {
    testing::ThreadCount scope(1);
    one = compute();
  }
  {
    testing::ThreadCount scope(4);
    many = compute();
  }
  for (size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(one[i].equal(many[i])) << "result " << i;
  EXPECT_TRUE(one[0].sum(std::vector<int64_t>{1}).allclose(ones({37}), 1e-5, 1e-6));
  EXPECT_TRUE(one[2].allclose(one[1], 1e-5, 1e-6));
  EXPECT_TRUE(one[3].allclose(one[4], 1e-5, 1e-7));
}

}  // namespace
}  // namespace ember
