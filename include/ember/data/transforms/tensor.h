#pragma once
/// Transforms of an example's data tensor: `TensorTransform`, `TensorLambda`, `Normalize`.
#include <functional>
#include <utility>
#include <vector>

#include "ember/array_ref.h"
#include "ember/data/example.h"
#include "ember/data/transforms/base.h"

namespace ember::data::transforms {

/// Maps each example's data with `operator()`, leaving the target as it is.
template <class Target = Tensor>
class TensorTransform : public Transform<Example<Tensor, Target>, Example<Tensor, Target>> {
 public:
  using E = Example<Tensor, Target>;
  using typename Transform<E, E>::InputType;
  using typename Transform<E, E>::OutputType;

  virtual Tensor operator()(Tensor input) = 0;

  OutputType apply(InputType input) override {
    input.data = (*this)(std::move(input.data));
    return input;
  }
};

/// A `TensorTransform` from a function.
template <class Target = Tensor>
class TensorLambda : public TensorTransform<Target> {
 public:
  using FunctionType = std::function<Tensor(Tensor)>;

  explicit TensorLambda(FunctionType function) : function_(std::move(function)) {}

  Tensor operator()(Tensor input) override { return function_(std::move(input)); }

 private:
  FunctionType function_;
};

namespace detail {
/// `values` as a float32 tensor of shape (C, 1, 1), the channel layout Normalize broadcasts over.
Tensor channel_tensor(ArrayRef<double> values, const char* what);
}  // namespace detail

/// `(data - mean) / stddev` per channel: `mean` and `stddev` have one value (for every channel)
/// or C values for data of shape (C, H, W); they are float32 tensors of shape (C, 1, 1) and
/// broadcast as in libtorch. Raises `ember::Error` ("[Normalize] ...") for empty lists.
template <class Target = Tensor>
struct Normalize : public TensorTransform<Target> {
  Normalize(ArrayRef<double> mean_values, ArrayRef<double> stddev_values)
      : mean(detail::channel_tensor(mean_values, "mean")),
        stddev(detail::channel_tensor(stddev_values, "stddev")) {}

  Tensor operator()(Tensor input) override { return input.sub(mean).div(stddev); }

  Tensor mean, stddev;
};

}  // namespace ember::data::transforms
