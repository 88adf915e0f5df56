#pragma once
/// Pooling layers: MaxPool, AvgPool, AdaptiveAvgPool, AdaptiveMaxPool, MaxUnpool and LPPool in
/// 1, 2 and 3 dims (LPPool in 1 and 2).
#include <optional>
#include <ostream>
#include <tuple>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/functional/pooling.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

/// The shared shape of a pooling layer: options, a printed line, `forward` through `Derived`.
template <class Derived, class Options>
class PoolImplBase : public Cloneable<Derived> {
 public:
  /// From the options, or from what builds them (`MaxPool2d(2)`, `LPPool2d(2, 3)`).
  template <class... Args>
  requires std::is_constructible_v<Options, Args...>
  explicit PoolImplBase(Args&&... args) : options(std::forward<Args>(args)...) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override {
    stream << std::boolalpha << "ember::nn::" << Derived::kName << "(";
    Derived::print_options(stream, options);
    stream << ")";
  }
  Options options;
};

namespace detail {
template <size_t D>
void print_max_pool(std::ostream& s, const MaxPoolOptions<D>& o) {
  s << "kernel_size=" << o.kernel_size() << ", stride=" << o.stride() << ", padding=" << o.padding()
    << ", dilation=" << o.dilation() << ", ceil_mode=" << o.ceil_mode();
}
template <size_t D>
void print_avg_pool(std::ostream& s, const AvgPoolOptions<D>& o) {
  s << "kernel_size=" << o.kernel_size() << ", stride=" << o.stride()
    << ", padding=" << o.padding();
}
template <size_t D>
void print_adaptive(std::ostream& s, const AdaptivePoolOptions<D>& o) {
  s << "output_size=" << o.output_size();
}
template <size_t D>
void print_unpool(std::ostream& s, const MaxUnpoolOptions<D>& o) {
  s << "kernel_size=" << o.kernel_size() << ", stride=" << o.stride()
    << ", padding=" << o.padding();
}
template <size_t D>
void print_lp_pool(std::ostream& s, const LPPoolOptions<D>& o) {
  s << "norm_type=" << o.norm_type() << ", kernel_size=" << o.kernel_size()
    << ", stride=" << o.stride() << ", ceil_mode=" << o.ceil_mode();
}
}  // namespace detail

#define EMBER_POOL_MODULE(Name, D, Options, printer, call)                                  \
  class Name##Impl : public PoolImplBase<Name##Impl, Options> {                             \
   public:                                                                                  \
    using PoolImplBase::PoolImplBase;                                                       \
    static constexpr const char* kName = #Name;                                             \
    static void print_options(std::ostream& s, const Options& o) { detail::printer(s, o); } \
    Tensor forward(const Tensor& input) { return functional::call(input, options); }        \
  };                                                                                        \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_POOL_MODULE(AvgPool1d, 1, AvgPool1dOptions, print_avg_pool, avg_pool1d);
EMBER_POOL_MODULE(AvgPool2d, 2, AvgPool2dOptions, print_avg_pool, avg_pool2d);
EMBER_POOL_MODULE(AvgPool3d, 3, AvgPool3dOptions, print_avg_pool, avg_pool3d);
EMBER_POOL_MODULE(AdaptiveAvgPool1d, 1, AdaptiveAvgPool1dOptions, print_adaptive,
                  adaptive_avg_pool1d);
EMBER_POOL_MODULE(AdaptiveAvgPool2d, 2, AdaptiveAvgPool2dOptions, print_adaptive,
                  adaptive_avg_pool2d);
EMBER_POOL_MODULE(AdaptiveAvgPool3d, 3, AdaptiveAvgPool3dOptions, print_adaptive,
                  adaptive_avg_pool3d);
EMBER_POOL_MODULE(LPPool1d, 1, LPPool1dOptions, print_lp_pool, lp_pool1d);
EMBER_POOL_MODULE(LPPool2d, 2, LPPool2dOptions, print_lp_pool, lp_pool2d);
#undef EMBER_POOL_MODULE

/// Max pooling and adaptive max pooling also give the argmax indices (for MaxUnpool).
#define EMBER_MAX_POOL_MODULE(Name, D, Options, printer, call)                              \
  class Name##Impl : public PoolImplBase<Name##Impl, Options> {                             \
   public:                                                                                  \
    using PoolImplBase::PoolImplBase;                                                       \
    static constexpr const char* kName = #Name;                                             \
    static void print_options(std::ostream& s, const Options& o) { detail::printer(s, o); } \
    Tensor forward(const Tensor& input) { return functional::call(input, options); }        \
    std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input) {                  \
      return functional::call##_with_indices(input, options);                               \
    }                                                                                       \
  };                                                                                        \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_MAX_POOL_MODULE(MaxPool1d, 1, MaxPool1dOptions, print_max_pool, max_pool1d);
EMBER_MAX_POOL_MODULE(MaxPool2d, 2, MaxPool2dOptions, print_max_pool, max_pool2d);
EMBER_MAX_POOL_MODULE(MaxPool3d, 3, MaxPool3dOptions, print_max_pool, max_pool3d);
EMBER_MAX_POOL_MODULE(AdaptiveMaxPool1d, 1, AdaptiveMaxPool1dOptions, print_adaptive,
                      adaptive_max_pool1d);
EMBER_MAX_POOL_MODULE(AdaptiveMaxPool2d, 2, AdaptiveMaxPool2dOptions, print_adaptive,
                      adaptive_max_pool2d);
EMBER_MAX_POOL_MODULE(AdaptiveMaxPool3d, 3, AdaptiveMaxPool3dOptions, print_adaptive,
                      adaptive_max_pool3d);
#undef EMBER_MAX_POOL_MODULE

#define EMBER_UNPOOL_MODULE(Name, D)                                                        \
  class Name##Impl : public PoolImplBase<Name##Impl, MaxUnpoolOptions<D>> {                 \
   public:                                                                                  \
    using PoolImplBase::PoolImplBase;                                                       \
    static constexpr const char* kName = #Name;                                             \
    static constexpr size_t kForwardRequiredArgs = 2; /* output_size may be left out */     \
    static void print_options(std::ostream& s, const MaxUnpoolOptions<D>& o) {              \
      detail::print_unpool(s, o);                                                           \
    }                                                                                       \
    Tensor forward(const Tensor& input, const Tensor& indices,                              \
                   const std::optional<std::vector<int64_t>>& output_size = std::nullopt) { \
      return functional::max_unpool##D##d(                                                  \
          input, indices,                                                                   \
          functional::MaxUnpoolFuncOptions<D>(options.kernel_size())                        \
              .stride(options.stride())                                                     \
              .padding(options.padding())                                                   \
              .output_size(output_size));                                                   \
    }                                                                                       \
  };                                                                                        \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_UNPOOL_MODULE(MaxUnpool1d, 1);
EMBER_UNPOOL_MODULE(MaxUnpool2d, 2);
EMBER_UNPOOL_MODULE(MaxUnpool3d, 3);
#undef EMBER_UNPOOL_MODULE

}  // namespace ember::nn
