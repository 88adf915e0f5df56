#pragma once
// Views and in-place writes under autograd (Note [Views and in-place] in autograd_meta.h).
#include "ember/autograd/node.h"

namespace ember::autograd::detail {

/// Marks `view` as a view of `base`'s root (only while grad mode is on: views made without it
/// never take part in a graph).
void mark_view(const Tensor& base, const Tensor& view);
/// For a view whose base was written in place since its history was set: a fresh grad_fn, an
/// as_strided view of the base's current history; null when the view's grad_fn is current.
std::shared_ptr<Node> regenerate_view_history(const Tensor& view);
/// After an in-place op wrote `result` into `self`: makes `result`'s history self's history,
/// and for a view, rewires its base through a CopySlices node.
void rebase_history(const Tensor& self, const Tensor& result);
/// Raises when autograd cannot allow an in-place write into `self` (a leaf that requires grad,
/// or a view of one).
void check_in_place(const Tensor& self, const char* op);

}  // namespace ember::autograd::detail
