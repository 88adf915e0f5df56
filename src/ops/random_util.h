#pragma once
// Shared pieces of the random ops (src/ops/random.cpp, src/ops/random_sampling.cpp).
#include <optional>

#include "core/tensor_impl.h"
#include "ember/generator.h"
#include "ember/tensor.h"
#include "ops/op_util.h"

namespace ember::detail {

/// The generator an op draws from: the given one, else the default.
inline Generator& generator_or_default(std::optional<Generator>& gen) {
  return gen ? *gen : Generator::default_cpu();
}

/// Raises "[op] ... not implemented for 'Long'" (PyTorch's wording) unless `dtype` is floating.
void check_floating_random(ScalarType dtype, const char* op);

/// A fresh contiguous output for a random factory (checks sizes and device).
Tensor random_output(IntArrayRef sizes, const TensorOptions& options, const char* op);
/// Sets requires_grad as `options` asks (after the fill, which is not recorded).
Tensor finish_random(Tensor t, const TensorOptions& options);

/// Runs `fill(impl)` on `self`'s data: directly when contiguous, else through a contiguous
/// temporary copied back, so element i is always the i-th in row-major order (Note [Random
/// streams]). Bumps the version counter.
template <class Fill>
Tensor& fill_in_place(Tensor& self, const Fill& fill);

/// Tensor `self`'s uniform_/normal_ with an op name for errors.
void uniform_into(Tensor& self, double from, double to, std::optional<Generator> gen,
                  const char* op);
void normal_into(Tensor& self, double mean, double std, std::optional<Generator> gen,
                 const char* op);

template <class Fill>
Tensor& fill_in_place(Tensor& self, const Fill& fill) {
  if (self.is_contiguous()) {
    fill(*self.unsafeGetTensorImpl());
    self.bump_version();
  } else {
    Tensor tmp = make_empty(self.sizes(), self.scalar_type(), self.device());
    fill(*tmp.unsafeGetTensorImpl());
    self.copy_(tmp);
  }
  return self;
}

}  // namespace ember::detail
