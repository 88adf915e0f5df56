#pragma once
// Note [Iterative graph teardown]
// A graph is a chain of shared_ptrs (node -> next node, saved tensor -> its grad_fn); letting go
// of the head of a 100,000-node chain would destroy it recursively and overflow the stack. Every
// place that drops a node reference hands it here instead: the first caller on a thread drains a
// worklist, so a node's destructor only pushes its neighbours and returns.
#include <memory>

#include "ember/autograd/node.h"

namespace ember::autograd::detail {

/// Drops `node` (and, without recursion, whatever it was the last owner of).
void release_later(std::shared_ptr<Node> node);

}  // namespace ember::autograd::detail
