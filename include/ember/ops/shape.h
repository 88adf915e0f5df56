#pragma once
/// Views (they share storage with their input) and copies. Dims may be negative (from the end).
#include <optional>
#include <vector>

#include "ember/tensor.h"

namespace ember {

/// Same data, new sizes; one size may be -1 (inferred). Raises when the strides cannot express
/// the new shape without a copy (use reshape).
Tensor view(const Tensor& self, IntArrayRef sizes);
/// A view when the strides allow, else a contiguous copy.
Tensor reshape(const Tensor& self, IntArrayRef sizes);
Tensor flatten(const Tensor& self, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes);
Tensor squeeze(const Tensor& self);
Tensor squeeze(const Tensor& self, IntArrayRef dims);
Tensor unsqueeze(const Tensor& self, int64_t dim);
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1);
/// Transpose of a matrix; 0-d and 1-d tensors are returned as they are.
Tensor t(const Tensor& self);
Tensor permute(const Tensor& self, IntArrayRef dims);
/// Broadcasts size-1 dims to `sizes` (stride 0); -1 keeps a size; new leading dims may be added.
Tensor expand(const Tensor& self, IntArrayRef sizes);
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length);
/// Python's `self[start:end:step]` along `dim`; bounds are clamped, step must be positive.
Tensor slice(const Tensor& self, int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
             std::optional<int64_t> end = std::nullopt, int64_t step = 1);
Tensor select(const Tensor& self, int64_t dim, int64_t index);
std::vector<Tensor> unbind(const Tensor& self, int64_t dim = 0);
std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim = 0);
std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim = 0);
std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim = 0);
Tensor diagonal(const Tensor& self, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
Tensor movedim(const Tensor& self, IntArrayRef source, IntArrayRef destination);
Tensor as_strided(const Tensor& self, IntArrayRef sizes, IntArrayRef strides,
                  std::optional<int64_t> storage_offset = std::nullopt);
/// Sliding windows of `size` every `step` along `dim`, as a new last dimension.
Tensor unfold(const Tensor& self, int64_t dim, int64_t size, int64_t step);

/// The broadcast shape of several shapes (PyTorch's `torch.broadcast_shapes`).
std::vector<int64_t> broadcast_shapes(ArrayRef<std::vector<int64_t>> shapes);
std::vector<Tensor> broadcast_tensors(TensorList tensors);

}  // namespace ember
