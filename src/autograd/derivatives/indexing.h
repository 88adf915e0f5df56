#pragma once
// Backward helpers of the indexing and rearranging ops (ops/index.cpp, scatter.cpp, masked.cpp,
// reorder.cpp, repeat.cpp, pad.cpp), following PyTorch's derivatives.yaml.
//
// Note [Gradients through positions]
// An op that reads elements of `self` (index, take, gather, index_select, masked_select, a
// remap) is replayed on `positions(self.sizes())`, the int64 tensor holding each element's
// row-major position: the result says, for every output element, which input element it read.
// The gradient is then `accumulate_at(grad, those positions, self.sizes())`, an index_add over a
// flat buffer: repeated reads accumulate, and since index_add's own backward is index_select,
// the gradient can be differentiated again.
#include <string>
#include <string_view>
#include <vector>

#include "ember/tensor.h"

namespace ember::autograd::detail {

/// The row-major position of every element of a tensor of `sizes` (int64, of that shape).
Tensor positions(IntArrayRef sizes, Device device);
/// A tensor of `sizes` (grad's dtype) whose element at row-major position p is the sum of the
/// elements of `grad` whose entry in `flat_positions` (same number of elements) is p.
Tensor accumulate_at(const Tensor& grad, const Tensor& flat_positions, IntArrayRef sizes);
/// `g` brought to `sizes`: zero-padded at the end of each dim (a src larger than its index),
/// with a 0-d / one-element mismatch reshaped.
Tensor pad_to(const Tensor& g, IntArrayRef sizes);
/// `t`, with a node that raises `message` if anything differentiates through it (PyTorch's
/// DelayedError: a gradient that is right but whose own derivative Ember does not compute).
Tensor delayed_error(const Tensor& t, std::string message);

/// The gradient of ops/rearrange.h's remap: output (i0, ..., ik) read input
/// (maps[0][i0], ..., maps[k][ik]); identity maps are skipped.
Tensor remap_backward(const Tensor& grad, IntArrayRef input_sizes,
                      const std::vector<std::vector<int64_t>>& maps);

/// Gradients of scatter_reduce for self and src (src may be larger than index).
struct ScatterReduceGrads {
  Tensor self;
  Tensor src;
};
ScatterReduceGrads scatter_reduce_backward(const Tensor& grad, const Tensor& self, int64_t dim,
                                           const Tensor& index, const Tensor& src,
                                           std::string_view reduce, bool include_self,
                                           const Tensor& result, bool need_self, bool need_src);

}  // namespace ember::autograd::detail
