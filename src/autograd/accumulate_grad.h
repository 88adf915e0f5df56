#pragma once
// The node at the end of a leaf's edge: runs the leaf's hooks and adds the gradient into
// `.grad()`.
#include <limits>

#include "ember/autograd/node.h"

namespace ember::autograd::detail {

class AccumulateGrad final : public Node {
 public:
  explicit AccumulateGrad(Tensor variable);
  std::string name() const override { return "AccumulateGrad"; }
  const Tensor& variable() const { return variable_; }

 protected:
  variable_list apply(variable_list&& grads) override;

 private:
  Tensor variable_;
};

}  // namespace ember::autograd::detail
