#include "ember/nn/functional/pooling.h"

#include <vector>

#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {
namespace {

// PyTorch's _unpool_output_size: (in - 1)·stride - 2·padding + kernel per spatial dim, unless
// given.
template <size_t D>
std::vector<int64_t> unpool_size(const Tensor& input, const MaxUnpoolFuncOptions<D>& options) {
  if (options.output_size()) {
    std::vector<int64_t> size = *options.output_size();
    // A size with the batch/channel dims too is accepted, as in PyTorch.
    if (size.size() > D) size.erase(size.begin(), size.end() - D);
    return size;
  }
  EMBER_CHECK(input.dim() >= static_cast<int64_t>(D), "max_unpool", "expected input with at least ",
              D, " dims, got ", input.sizes());
  std::vector<int64_t> size;
  for (size_t d = 0; d < D; ++d) {
    const int64_t in = input.size(input.dim() - static_cast<int64_t>(D) + static_cast<int64_t>(d));
    size.push_back((in - 1) * options.stride()[d] - 2 * options.padding()[d] +
                   options.kernel_size()[d]);
  }
  return size;
}

template <size_t D>
Tensor lp_pool(const Tensor& input, const LPPoolOptions<D>& options) {
  EMBER_CHECK(options.norm_type() != 0, "lp_pool", "expected a non-zero norm_type");
  Tensor powered = input.pow(options.norm_type());
  Tensor pooled;
  int64_t window = 1;
  for (size_t d = 0; d < D; ++d) window *= options.kernel_size()[d];
  if constexpr (D == 1) {
    pooled =
        ember::avg_pool1d(powered, options.kernel_size(), options.stride(), 0, options.ceil_mode());
  } else {
    pooled =
        ember::avg_pool2d(powered, options.kernel_size(), options.stride(), 0, options.ceil_mode());
  }
  // sign(out)·relu(|out|) as PyTorch, then the window sum to the power 1/p.
  return pooled.sign()
      .mul(pooled.abs().relu())
      .mul(static_cast<double>(window))
      .pow(1.0 / options.norm_type());
}

}  // namespace

#define EMBER_POOL_FUNCTIONS(D)                                                                    \
  Tensor max_pool##D##d(const Tensor& input, const MaxPool##D##dFuncOptions& o) {                  \
    return ember::max_pool##D##d(input, o.kernel_size(), o.stride(), o.padding(), o.dilation(),    \
                                 o.ceil_mode());                                                   \
  }                                                                                                \
  std::tuple<Tensor, Tensor> max_pool##D##d_with_indices(const Tensor& input,                      \
                                                         const MaxPool##D##dFuncOptions& o) {      \
    return ember::max_pool##D##d_with_indices(input, o.kernel_size(), o.stride(), o.padding(),     \
                                              o.dilation(), o.ceil_mode());                        \
  }                                                                                                \
  Tensor adaptive_avg_pool##D##d(const Tensor& input, const AdaptiveAvgPool##D##dFuncOptions& o) { \
    return ember::adaptive_avg_pool##D##d(input, o.output_size());                                 \
  }                                                                                                \
  Tensor adaptive_max_pool##D##d(const Tensor& input, const AdaptiveMaxPool##D##dFuncOptions& o) { \
    return std::get<0>(ember::adaptive_max_pool##D##d(input, o.output_size()));                    \
  }                                                                                                \
  std::tuple<Tensor, Tensor> adaptive_max_pool##D##d_with_indices(                                 \
      const Tensor& input, const AdaptiveMaxPool##D##dFuncOptions& o) {                            \
    return ember::adaptive_max_pool##D##d(input, o.output_size());                                 \
  }

EMBER_POOL_FUNCTIONS(1)
EMBER_POOL_FUNCTIONS(2)
EMBER_POOL_FUNCTIONS(3)
#undef EMBER_POOL_FUNCTIONS

Tensor avg_pool1d(const Tensor& input, const AvgPool1dFuncOptions& o) {
  EMBER_CHECK(!o.divisor_override(), "avg_pool1d", "divisor_override is not supported in 1-d");
  return ember::avg_pool1d(input, o.kernel_size(), o.stride(), o.padding(), o.ceil_mode(),
                           o.count_include_pad());
}

Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& o) {
  return ember::avg_pool2d(input, o.kernel_size(), o.stride(), o.padding(), o.ceil_mode(),
                           o.count_include_pad(), o.divisor_override());
}

Tensor avg_pool3d(const Tensor& input, const AvgPool3dFuncOptions& o) {
  return ember::avg_pool3d(input, o.kernel_size(), o.stride(), o.padding(), o.ceil_mode(),
                           o.count_include_pad(), o.divisor_override());
}

Tensor max_unpool1d(const Tensor& input, const Tensor& indices,
                    const MaxUnpool1dFuncOptions& options) {
  return ember::max_unpool1d(input, indices, unpool_size(input, options));
}

Tensor max_unpool2d(const Tensor& input, const Tensor& indices,
                    const MaxUnpool2dFuncOptions& options) {
  return ember::max_unpool2d(input, indices, unpool_size(input, options));
}

Tensor max_unpool3d(const Tensor& input, const Tensor& indices,
                    const MaxUnpool3dFuncOptions& options) {
  return ember::max_unpool3d(input, indices, unpool_size(input, options), options.stride(),
                             options.padding());
}

Tensor lp_pool1d(const Tensor& input, const LPPool1dFuncOptions& options) {
  return lp_pool(input, options);
}

Tensor lp_pool2d(const Tensor& input, const LPPool2dFuncOptions& options) {
  return lp_pool(input, options);
}

}  // namespace ember::nn::functional
