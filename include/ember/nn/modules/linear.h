#pragma once
/// Linear layers: `Linear`, `Bilinear`, `Identity`, `Flatten`, `Unflatten`.
#include "ember/nn/cloneable.h"
#include "ember/nn/functional/linear.h"
#include "ember/nn/options/linear.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

/// y = x Wᵀ + b. weight (out_features, in_features) and bias (out_features) start uniform in
/// ±1/sqrt(in_features), as PyTorch's.
class LinearImpl : public Cloneable<LinearImpl> {
 public:
  LinearImpl(int64_t in_features, int64_t out_features)
      : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options);

  void reset() override;
  /// Re-draws weight and bias from PyTorch's default distributions.
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  /// (*, in_features) -> (*, out_features).
  Tensor forward(const Tensor& input);

  LinearOptions options;
  Tensor weight;
  Tensor bias;
};
EMBER_MODULE_IMPL(Linear, LinearImpl);

/// y = x1ᵀ A x2 + b, with A and b uniform in ±1/sqrt(in1_features).
class BilinearImpl : public Cloneable<BilinearImpl> {
 public:
  BilinearImpl(int64_t in1_features, int64_t in2_features, int64_t out_features)
      : BilinearImpl(BilinearOptions(in1_features, in2_features, out_features)) {}
  explicit BilinearImpl(const BilinearOptions& options);

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input1, const Tensor& input2);

  BilinearOptions options;
  Tensor weight;
  Tensor bias;
};
EMBER_MODULE_IMPL(Bilinear, BilinearImpl);

/// Returns its input.
class IdentityImpl : public Cloneable<IdentityImpl> {
 public:
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);
};
EMBER_MODULE_IMPL(Identity, IdentityImpl);

/// Flattens dims start_dim..end_dim into one.
class FlattenImpl : public Cloneable<FlattenImpl> {
 public:
  explicit FlattenImpl(const FlattenOptions& options = {});
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  FlattenOptions options;
};
EMBER_MODULE_IMPL(Flatten, FlattenImpl);

/// Splits dim into `sizes`.
class UnflattenImpl : public Cloneable<UnflattenImpl> {
 public:
  UnflattenImpl(int64_t dim, std::vector<int64_t> sizes)
      : UnflattenImpl(UnflattenOptions(dim, std::move(sizes))) {}
  explicit UnflattenImpl(UnflattenOptions options);
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  UnflattenOptions options;
};
EMBER_MODULE_IMPL(Unflatten, UnflattenImpl);

}  // namespace ember::nn
