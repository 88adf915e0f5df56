#pragma once
/// `Stack<>`: collates examples by stacking their data (and targets) along a new first dim.
#include <vector>

#include "ember/data/example.h"
#include "ember/data/transforms/collate.h"

namespace ember::data::transforms {

template <class T = Example<>>
struct Stack;

/// Stacks data into (B, ...) and targets into (B, ...); raises `ember::Error` ("[stack] ...")
/// for an empty batch or examples of different shapes.
template <>
struct Stack<Example<>> : public Collation<Example<>> {
  Example<> apply_batch(std::vector<Example<>> examples) override;
};

/// Stacks data-only examples.
template <>
struct Stack<TensorExample> : public Collation<TensorExample> {
  TensorExample apply_batch(std::vector<TensorExample> examples) override;
};

}  // namespace ember::data::transforms
