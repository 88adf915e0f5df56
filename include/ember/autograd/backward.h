#pragma once
/// Running the graph backward: `ember::autograd::backward` accumulates into leaves' `.grad()`
/// (as `t.backward()` does); `ember::autograd::grad` returns gradients instead.
#include <optional>
#include <vector>

#include "ember/autograd/node.h"
#include "ember/tensor.h"

namespace ember::autograd {

/// Adds d(sum_i <tensors[i], grad_tensors[i]>)/d(leaf) into each leaf's `.grad()`.
/// `grad_tensors` may be empty (or hold undefined entries) for one-element outputs, which get 1.
/// The graph is freed as it is used unless `retain_graph` (default: `create_graph`); with
/// `create_graph` the gradients are recorded too, so they can be differentiated again. With
/// `inputs`, only those tensors accumulate.
void backward(const variable_list& tensors, const variable_list& grad_tensors = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
              const variable_list& inputs = {});

/// The gradients of `outputs` (weighted by `grad_outputs`, as above) w.r.t. each of `inputs`,
/// without touching any `.grad()`. An input the outputs do not depend on raises unless
/// `allow_unused`, which gives an undefined tensor for it.
variable_list grad(const variable_list& outputs, const variable_list& inputs,
                   const variable_list& grad_outputs = {},
                   std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                   bool allow_unused = false);

}  // namespace ember::autograd
