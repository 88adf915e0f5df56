#pragma once
/// Functional embedding lookups.
#include "ember/nn/options/embedding.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// Rows of `weight` (num_embeddings, dim) picked by integer `input` (any shape): the result has
/// shape input.sizes() + [dim]. Raises for non-integer input or indices out of range.
Tensor embedding(const Tensor& input, const Tensor& weight,
                 const EmbeddingFuncOptions& options = {});
/// Sums, means or maxima of bags of rows: input 2-d (B, N) for B bags of N, or 1-d with
/// `offsets` giving each bag's start. Result (B, dim); an empty bag gives zeros.
Tensor embedding_bag(const Tensor& input, const Tensor& weight,
                     const EmbeddingBagFuncOptions& options = {});
/// One-hot encoding of integer `tensor`: shape tensor.sizes() + [num_classes], int64.
/// num_classes = -1 means max(tensor) + 1.
Tensor one_hot(const Tensor& tensor, int64_t num_classes = -1);

}  // namespace ember::nn::functional
