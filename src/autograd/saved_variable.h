#pragma once
// A tensor a backward formula needs, saved at forward time with its storage's version, so that
// an in-place write before backward is caught instead of silently giving wrong gradients.
#include <memory>

#include "ember/autograd/node.h"

namespace ember::autograd::detail {

class SavedVariable {
 public:
  SavedVariable() = default;
  /// `is_output`: `t` is an output of the node that saves it. Such a tensor is kept without its
  /// autograd metadata (it points back at the node: keeping it whole would be a cycle) and gets
  /// its history back from the node on unpack.
  SavedVariable(const Tensor& t, bool is_output);

  /// The saved tensor; raises when it was modified in place since it was saved, or freed by an
  /// earlier backward. `owner` is the node that saved it.
  Tensor unpack(const std::shared_ptr<Node>& owner) const;
  /// Frees the tensor (after backward, unless the graph is retained).
  void release();

 private:
  Tensor data_;
  uint32_t saved_version_ = 0;
  uint32_t output_nr_ = 0;
  bool is_output_ = false;
  bool requires_grad_ = false;
  bool was_defined_ = false;
  bool released_ = false;
};

}  // namespace ember::autograd::detail
