#pragma once
/// Fused neural-network primitives with PyTorch's (ATen's) semantics: softmax, log_softmax and
/// nll_loss here; activations in activation.h; layer/batch/group norm in normalization.h.
/// Errors raise ember::Error whose message starts with the op's name.
#include <cstdint>
#include <optional>

#include "ember/ops/activation.h"
#include "ember/ops/normalization.h"
#include "ember/tensor.h"

namespace ember {

// ---- Softmax ----------------------------------------------------------------------------------

/// exp(x) / sum(exp(x)) along `dim` (negative counts from the end; a 0-d input takes dim 0 or
/// -1 and gives 1), computed stably (the max along dim is subtracted first). dtype: `dtype` if
/// given (the input is converted to it first), else the input's, which must be floating
/// (integer inputs raise). float16/bfloat16 compute in float. Same shape as the input.
Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
/// log(softmax(x)) along `dim`, computed as x - max - log(sum(exp(x - max))). Rules as softmax.
Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);

// ---- Losses -----------------------------------------------------------------------------------

/// How a loss reduces its per-element values (ATen's at::Reduction).
namespace Reduction {
enum Reduction : int64_t { None, Mean, Sum };
}

/// Negative log likelihood loss over log-probabilities `self` (ATen's nll_loss_nd, i.e.
/// torch.nn.functional.nll_loss): `self` is (N, C), (N, C, d1, ...) or unbatched (C); `target`
/// holds class indices in [0, C) (int64 or uint8) of shape (N), (N, d1, ...) or 0-d. Each
/// element's loss is -weight[t] * self[n, t, ...] (weight defaults to ones; a (C) tensor of
/// self's dtype), 0 where t == ignore_index. Reduction::None returns the per-element losses
/// (target's shape), Sum their sum, Mean their sum divided by the summed weights of the
/// non-ignored targets (NaN when all are ignored). Errors: self not floating, 0-d self, target
/// not an integer tensor, target/batch shape mismatch, weight of the wrong size or dtype, a
/// target outside [0, C) (naming the value), an unknown reduction.
Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                int64_t reduction = Reduction::Mean, int64_t ignore_index = -100);

}  // namespace ember
