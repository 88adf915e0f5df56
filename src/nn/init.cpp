#include "ember/nn/init.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/error.h"
#include "ember/indexing.h"
#include "ember/ops.h"

namespace ember::nn::init {
namespace {

// Initialisers write parameters in place: never recorded.
using NoGrad = ember::NoGradGuard;

double fan_of(const Tensor& tensor, const FanModeType& mode) {
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  return static_cast<double>(std::holds_alternative<enumtype::kFanIn>(mode) ? fan_in : fan_out);
}

// The reduced Q (rows x cols, rows >= cols) of a column-major-free row-major matrix `a`, by
// modified Gram-Schmidt with one re-orthogonalisation pass. Its R has a positive diagonal, which
// is the sign convention PyTorch reaches by multiplying LAPACK's Q by sign(diag(R)).
std::vector<double> orthonormal_columns(std::vector<double> a, int64_t rows, int64_t cols) {
  auto at = [&](int64_t r, int64_t c) -> double& { return a[r * cols + c]; };
  for (int64_t j = 0; j < cols; ++j) {
    for (int pass = 0; pass < 2; ++pass) {
      for (int64_t i = 0; i < j; ++i) {
        double dot = 0;
        for (int64_t r = 0; r < rows; ++r) dot += at(r, i) * at(r, j);
        for (int64_t r = 0; r < rows; ++r) at(r, j) -= dot * at(r, i);
      }
    }
    double norm = 0;
    for (int64_t r = 0; r < rows; ++r) norm += at(r, j) * at(r, j);
    norm = std::sqrt(norm);
    EMBER_CHECK(norm > 0, "orthogonal_", "the random sample was rank deficient; try again");
    for (int64_t r = 0; r < rows; ++r) at(r, j) /= norm;
  }
  return a;
}

}  // namespace

double calculate_gain(NonlinearityType nonlinearity, double param) {
  return std::visit(
      [param](const auto& kind) -> double {
        using Kind = std::decay_t<decltype(kind)>;
        if constexpr (std::is_same_v<Kind, enumtype::kTanh>) return 5.0 / 3;
        if constexpr (std::is_same_v<Kind, enumtype::kReLU>) return std::sqrt(2.0);
        if constexpr (std::is_same_v<Kind, enumtype::kLeakyReLU>) {
          return std::sqrt(2.0 / (1 + param * param));
        }
        if constexpr (std::is_same_v<Kind, enumtype::kSELU>) return 3.0 / 4;
        return 1.0;  // linear, conv, conv-transpose, sigmoid
      },
      nonlinearity);
}

std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor) {
  EMBER_CHECK(tensor.dim() >= 2, "calculate_fan_in_and_fan_out",
              "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions "
              "(got ",
              tensor.dim(), ")");
  int64_t receptive_field = 1;
  for (int64_t d = 2; d < tensor.dim(); ++d) receptive_field *= tensor.size(d);
  return {tensor.size(1) * receptive_field, tensor.size(0) * receptive_field};
}

Tensor uniform_(Tensor tensor, double low, double high) {
  NoGrad no_grad;
  tensor.uniform_(low, high);
  return tensor;
}

Tensor normal_(Tensor tensor, double mean, double std) {
  NoGrad no_grad;
  tensor.normal_(mean, std);
  return tensor;
}

Tensor trunc_normal_(Tensor tensor, double mean, double std, double a, double b) {
  EMBER_CHECK(a < b, "trunc_normal_", "expected a < b, got a = ", a, ", b = ", b);
  NoGrad no_grad;
  auto normal_cdf = [](double x) { return (1 + std::erf(x / std::sqrt(2.0))) / 2; };
  const double l = normal_cdf((a - mean) / std);
  const double u = normal_cdf((b - mean) / std);
  // Uniform in the image of [a, b] under the CDF (scaled to erfinv's domain), mapped back.
  tensor.uniform_(2 * l - 1, 2 * u - 1);
  tensor.copy_(ember::erfinv(tensor).mul(std * std::sqrt(2.0)).add(mean).clamp(a, b));
  return tensor;
}

Tensor constant_(Tensor tensor, Scalar value) {
  NoGrad no_grad;
  tensor.fill_(value);
  return tensor;
}

Tensor ones_(Tensor tensor) {
  return constant_(std::move(tensor), 1);
}
Tensor zeros_(Tensor tensor) {
  return constant_(std::move(tensor), 0);
}

Tensor eye_(Tensor matrix) {
  EMBER_CHECK(matrix.dim() == 2, "eye_", "Only tensors with 2 dimensions are supported, got ",
              matrix.dim());
  NoGrad no_grad;
  matrix.copy_(ember::eye(matrix.size(0), matrix.size(1), matrix.options()));
  return matrix;
}

Tensor dirac_(Tensor tensor, int64_t groups) {
  const int64_t dims = tensor.dim();
  EMBER_CHECK(dims >= 3 && dims <= 5, "dirac_",
              "Only tensors with 3, 4, or 5 dimensions are supported, got ", dims);
  EMBER_CHECK(groups > 0 && tensor.size(0) % groups == 0, "dirac_",
              "dim 0 must be divisible by groups (", groups, "), got ", tensor.size(0));
  NoGrad no_grad;
  const int64_t out_per_group = tensor.size(0) / groups;
  const int64_t min_dim = std::min(out_per_group, tensor.size(1));
  tensor.zero_();
  for (int64_t g = 0; g < groups; ++g) {
    for (int64_t d = 0; d < min_dim; ++d) {
      std::vector<indexing::TensorIndex> at{g * out_per_group + d, d};
      for (int64_t k = 2; k < dims; ++k) at.emplace_back(tensor.size(k) / 2);
      tensor.index_put_(at, 1);
    }
  }
  return tensor;
}

Tensor xavier_uniform_(Tensor tensor, double gain) {
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const double std = gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
  const double bound = std::sqrt(3.0) * std;
  return uniform_(std::move(tensor), -bound, bound);
}

Tensor xavier_normal_(Tensor tensor, double gain) {
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  return normal_(std::move(tensor), 0,
                 gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out)));
}

Tensor kaiming_uniform_(Tensor tensor, double a, FanModeType mode, NonlinearityType nonlinearity) {
  if (tensor.numel() == 0) return tensor;  // PyTorch: a no-op on zero-element tensors
  const double std = calculate_gain(nonlinearity, a) / std::sqrt(fan_of(tensor, mode));
  const double bound = std::sqrt(3.0) * std;
  return uniform_(std::move(tensor), -bound, bound);
}

Tensor kaiming_normal_(Tensor tensor, double a, FanModeType mode, NonlinearityType nonlinearity) {
  if (tensor.numel() == 0) return tensor;
  const double std = calculate_gain(nonlinearity, a) / std::sqrt(fan_of(tensor, mode));
  return normal_(std::move(tensor), 0, std);
}

Tensor orthogonal_(Tensor tensor, double gain) {
  EMBER_CHECK(tensor.dim() >= 2, "orthogonal_",
              "Only tensors with 2 or more dimensions are supported, got ", tensor.dim());
  if (tensor.numel() == 0) return tensor;
  NoGrad no_grad;
  const int64_t rows = tensor.size(0);
  const int64_t cols = tensor.numel() / rows;
  // Sample (rows x cols); orthonormalise the columns of the tall orientation.
  Tensor sample = ember::randn({rows, cols}, ember::kDouble);
  const bool wide = rows < cols;
  if (wide) sample = sample.t();
  Tensor tall = sample.contiguous();
  const int64_t m = tall.size(0), n = tall.size(1);
  std::vector<double> a(tall.data_ptr<double>(), tall.data_ptr<double>() + m * n);
  std::vector<double> q = orthonormal_columns(std::move(a), m, n);
  Tensor result = ember::from_blob(q.data(), {m, n}, ember::kDouble).clone();
  if (wide) result = result.t();
  tensor.view_as(result).copy_(result.mul(gain));
  return tensor;
}

Tensor sparse_(Tensor tensor, double sparsity, double std) {
  EMBER_CHECK(tensor.dim() == 2, "sparse_", "Only tensors with 2 dimensions are supported, got ",
              tensor.dim());
  EMBER_CHECK(sparsity >= 0 && sparsity <= 1, "sparse_", "expected sparsity in [0, 1], got ",
              sparsity);
  NoGrad no_grad;
  const int64_t rows = tensor.size(0), cols = tensor.size(1);
  const auto num_zeros = static_cast<int64_t>(std::ceil(sparsity * static_cast<double>(rows)));
  tensor.normal_(0, std);
  for (int64_t col = 0; col < cols; ++col) {
    Tensor zero_rows = ember::randperm(rows).narrow(0, 0, num_zeros);
    tensor.index_put_({zero_rows, col}, 0);
  }
  return tensor;
}

}  // namespace ember::nn::init
