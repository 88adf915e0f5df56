#pragma once
// The fused elementwise update every optimizer step runs per parameter tensor.
//
// Note [Fused optimizer updates]
// PyTorch's single-tensor optimizers (foreach=False) run ~5-12 tensor ops per parameter, each a
// pass over memory that rounds its result to the parameter's dtype. Here one loop reads the
// gradient and state once and writes parameter and state once. Each element still goes through
// the same operations in the same order, rounded to T after each, with Python-float
// hyperparameters cast to T as PyTorch's CPU kernels cast scalar operands, so the results agree
// with PyTorch's to rounding (its vectorised kernels may fuse a multiply-add). Elements are
// independent, so chunking cannot change results (Note [Deterministic chunking]).
// A non-contiguous parameter or gradient is updated through a contiguous copy written back
// afterwards: the same loop, not a second formula. State tensors are always contiguous (the
// optimizer makes them, and load_state_dict copies them into fresh contiguous tensors).
#include <cmath>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include "core/parallel.h"
#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/tensor.h"

namespace ember::optim::detail {

/// `torch.lerp(self, end, weight)` for one element, as ATen's CPU kernel computes it.
template <class T>
inline T lerp(T self, T end, T weight) {
  return std::abs(weight) < T(0.5) ? self + weight * (end - self)
                                   : end - (end - self) * (T(1) - weight);
}

/// dtype and device of `param`, without its requires_grad (state tensors are plain data).
inline TensorOptions state_options(const Tensor& param) {
  return TensorOptions().dtype(param.scalar_type()).device(param.device());
}

/// A contiguous state tensor shaped and typed like `param`, filled with `value`.
inline Tensor new_state(const Tensor& param, double value = 0) {
  return full(param.sizes(), value, state_options(param));
}

/// Checks what a step needs of a parameter and its gradient.
void check_param(const char* op, const Tensor& param, const Tensor& grad);
/// Checks a state tensor before the fused loop writes through its data pointer.
void check_state(const char* op, const Tensor& param, const Tensor& state);

/// Runs `kernel(T& p, T g, T& s...)` over every element of `param`, `grad` and the state
/// tensors (T = float or double; Note [Fused optimizer updates]). Bumps `param`'s version.
template <class Kernel, class... State>
void fused_update(const char* op, const Tensor& param, const Tensor& grad, const Kernel& kernel,
                  State&... state) {
  check_param(op, param, grad);
  (check_state(op, param, state), ...);
  Tensor p = param.is_contiguous() ? param : param.contiguous();
  Tensor g = grad.is_contiguous() ? grad : grad.contiguous();
  const int64_t n = p.numel();
  auto run = [&](auto zero) {
    using T = decltype(zero);
    T* pp = p.data_ptr<T>();
    const T* gp = g.data_ptr<T>();
    auto sp = std::make_tuple(state.template data_ptr<T>()...);
    ember::detail::parallel_for(0, n, 16384, [&](int64_t begin, int64_t end) {
      std::apply(
          [&](auto*... s) {
            for (int64_t i = begin; i < end; ++i) kernel(pp[i], gp[i], s[i]...);
          },
          sp);
    });
  };
  if (p.scalar_type() == kFloat) {
    run(float{});
  } else {
    run(double{});
  }
  if (p.is_same(param)) {
    param.bump_version();
  } else {
    Tensor(param).copy_(p);  // a handle: copy_ is non-const
  }
}

}  // namespace ember::optim::detail
