#pragma once
/// Normalisation layers: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, LayerNorm, GroupNorm,
/// LocalResponseNorm.
#include <ostream>

#include "ember/nn/cloneable.h"
#include "ember/nn/functional/normalization.h"
#include "ember/nn/pimpl.h"
#include "ember/ops/creation.h"
#include "ember/ops/normalization.h"

namespace ember::nn {

/// Batch and instance norm share their state: weight and bias (when affine), running_mean,
/// running_var and num_batches_tracked (when tracking running statistics), under PyTorch's
/// names. `Derived` gives the layer name and the accepted input ranks.
template <class Derived, class Options>
class NormImplBase : public Cloneable<Derived> {
 public:
  explicit NormImplBase(const Options& options_) : options(options_) { reset(); }

  void reset() override {
    EMBER_CHECK(options.num_features() > 0, Derived::kName,
                "expected a positive num_features, got ", options.num_features());
    const int64_t c = options.num_features();
    weight = this->register_parameter("weight", options.affine() ? ember::empty({c}) : Tensor(),
                                      options.affine());
    bias = this->register_parameter("bias", options.affine() ? ember::empty({c}) : Tensor(),
                                    options.affine());
    const bool track = options.track_running_stats();
    running_mean = this->register_buffer("running_mean", track ? ember::zeros({c}) : Tensor());
    running_var = this->register_buffer("running_var", track ? ember::ones({c}) : Tensor());
    num_batches_tracked =
        this->register_buffer("num_batches_tracked", track ? ember::zeros({}, kLong) : Tensor());
    reset_parameters();
  }
  /// Running statistics back to mean 0, variance 1, no batches seen.
  void reset_running_stats() {
    if (!options.track_running_stats()) return;
    NoGradGuard no_grad;
    running_mean.zero_();
    running_var.fill_(1);
    num_batches_tracked.zero_();
  }
  void reset_parameters() {
    reset_running_stats();
    if (!options.affine()) return;
    NoGradGuard no_grad;
    weight.fill_(1);
    bias.zero_();
  }
  void pretty_print(std::ostream& stream) const override {
    stream << std::boolalpha << "ember::nn::" << Derived::kName << "(" << options.num_features()
           << ", eps=" << options.eps() << ", momentum=";
    if constexpr (std::is_same_v<decltype(options.momentum()), const std::optional<double>&>) {
      if (options.momentum()) {
        stream << *options.momentum();
      } else {
        stream << "None";
      }
    } else {
      stream << options.momentum();
    }
    stream << ", affine=" << options.affine()
           << ", track_running_stats=" << options.track_running_stats() << ")";
  }

  Options options;
  Tensor weight, bias, running_mean, running_var, num_batches_tracked;

 protected:
  /// The rank and channel checks every forward starts with; messages name the layer.
  void check_input(const Tensor& input) const {
    const int64_t dim = input.dim();
    EMBER_CHECK(dim == Derived::kMinDim || dim == Derived::kMaxDim, Derived::kName, "expected ",
                Derived::kMinDim, "D or ", Derived::kMaxDim, "D input (got ", dim, "D input)");
    const int64_t channel_dim = Derived::channel_dim(dim);
    EMBER_CHECK(input.size(channel_dim) == options.num_features(), Derived::kName,
                "expected input with ", options.num_features(), " channels (dim ", channel_dim,
                "), got input of shape ", input.sizes());
  }
};

/// BatchNorm over (N, C, *): kMinDim/kMaxDim are the accepted ranks.
template <class Derived>
class BatchNormImplBase : public NormImplBase<Derived, BatchNormOptions> {
 public:
  using NormImplBase<Derived, BatchNormOptions>::NormImplBase;
  static int64_t channel_dim(int64_t) { return 1; }
  Tensor forward(const Tensor& input) {
    this->check_input(input);
    const auto& o = this->options;
    double momentum = o.momentum().value_or(0.0);
    if (this->is_training() && o.track_running_stats()) {
      NoGradGuard no_grad;
      this->num_batches_tracked.add_(1);
      // No momentum: a cumulative moving average.
      if (!o.momentum()) momentum = 1.0 / this->num_batches_tracked.template item<double>();
    }
    // Batch statistics in training, or whenever there are no running ones.
    const bool use_batch_stats = this->is_training() || !this->running_mean.defined();
    const bool update = this->is_training() && o.track_running_stats();
    return ember::batch_norm(input, this->weight, this->bias,
                             !this->is_training() || update ? this->running_mean : Tensor(),
                             !this->is_training() || update ? this->running_var : Tensor(),
                             use_batch_stats, momentum, o.eps());
  }
};

class BatchNorm1dImpl : public BatchNormImplBase<BatchNorm1dImpl> {
 public:
  using BatchNormImplBase::BatchNormImplBase;
  static constexpr const char* kName = "BatchNorm1d";
  static constexpr int64_t kMinDim = 2, kMaxDim = 3;
};
class BatchNorm2dImpl : public BatchNormImplBase<BatchNorm2dImpl> {
 public:
  using BatchNormImplBase::BatchNormImplBase;
  static constexpr const char* kName = "BatchNorm2d";
  static constexpr int64_t kMinDim = 4, kMaxDim = 4;
};
class BatchNorm3dImpl : public BatchNormImplBase<BatchNorm3dImpl> {
 public:
  using BatchNormImplBase::BatchNormImplBase;
  static constexpr const char* kName = "BatchNorm3d";
  static constexpr int64_t kMinDim = 5, kMaxDim = 5;
};
EMBER_MODULE_IMPL(BatchNorm1d, BatchNorm1dImpl);
EMBER_MODULE_IMPL(BatchNorm2d, BatchNorm2dImpl);
EMBER_MODULE_IMPL(BatchNorm3d, BatchNorm3dImpl);

/// InstanceNorm over (N, C, *spatial) or unbatched (C, *spatial).
template <class Derived>
class InstanceNormImplBase : public NormImplBase<Derived, InstanceNormOptions> {
 public:
  using NormImplBase<Derived, InstanceNormOptions>::NormImplBase;
  static int64_t channel_dim(int64_t dim) { return dim == Derived::kMinDim ? 0 : 1; }
  Tensor forward(const Tensor& input) {
    this->check_input(input);
    const bool unbatched = input.dim() == Derived::kMinDim;
    Tensor x = unbatched ? input.unsqueeze(0) : input;
    const auto& o = this->options;
    Tensor out = functional::instance_norm(
        x, functional::InstanceNormFuncOptions()
               .running_mean(this->running_mean)
               .running_var(this->running_var)
               .weight(this->weight)
               .bias(this->bias)
               .use_input_stats(this->is_training() || !o.track_running_stats())
               .momentum(o.momentum())
               .eps(o.eps()));
    return unbatched ? out.squeeze(0) : out;
  }
};

class InstanceNorm1dImpl : public InstanceNormImplBase<InstanceNorm1dImpl> {
 public:
  using InstanceNormImplBase::InstanceNormImplBase;
  static constexpr const char* kName = "InstanceNorm1d";
  static constexpr int64_t kMinDim = 2, kMaxDim = 3;
};
class InstanceNorm2dImpl : public InstanceNormImplBase<InstanceNorm2dImpl> {
 public:
  using InstanceNormImplBase::InstanceNormImplBase;
  static constexpr const char* kName = "InstanceNorm2d";
  static constexpr int64_t kMinDim = 3, kMaxDim = 4;
};
class InstanceNorm3dImpl : public InstanceNormImplBase<InstanceNorm3dImpl> {
 public:
  using InstanceNormImplBase::InstanceNormImplBase;
  static constexpr const char* kName = "InstanceNorm3d";
  static constexpr int64_t kMinDim = 4, kMaxDim = 5;
};
EMBER_MODULE_IMPL(InstanceNorm1d, InstanceNorm1dImpl);
EMBER_MODULE_IMPL(InstanceNorm2d, InstanceNorm2dImpl);
EMBER_MODULE_IMPL(InstanceNorm3d, InstanceNorm3dImpl);

class LayerNormImpl : public Cloneable<LayerNormImpl> {
 public:
  explicit LayerNormImpl(std::vector<int64_t> normalized_shape)
      : LayerNormImpl(LayerNormOptions(std::move(normalized_shape))) {}
  explicit LayerNormImpl(LayerNormOptions options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  LayerNormOptions options;
  Tensor weight, bias;
};
EMBER_MODULE_IMPL(LayerNorm, LayerNormImpl);

class GroupNormImpl : public Cloneable<GroupNormImpl> {
 public:
  GroupNormImpl(int64_t num_groups, int64_t num_channels)
      : GroupNormImpl(GroupNormOptions(num_groups, num_channels)) {}
  explicit GroupNormImpl(const GroupNormOptions& options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  GroupNormOptions options;
  Tensor weight, bias;
};
EMBER_MODULE_IMPL(GroupNorm, GroupNormImpl);

class LocalResponseNormImpl : public Cloneable<LocalResponseNormImpl> {
 public:
  explicit LocalResponseNormImpl(const LocalResponseNormOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  LocalResponseNormOptions options;
};
EMBER_MODULE_IMPL(LocalResponseNorm, LocalResponseNormImpl);

}  // namespace ember::nn
