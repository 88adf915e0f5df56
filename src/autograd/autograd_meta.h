#pragma once
// The autograd state of one tensor (TensorImpl::autograd_meta), and the functions that read and
// rewire it. Null until a tensor takes part in autograd.
#include <memory>
#include <mutex>
#include <vector>

#include "core/tensor_impl.h"
#include "ember/autograd/node.h"

namespace ember::detail {

struct AutogradMeta {
  AutogradMeta() = default;
  AutogradMeta(const AutogradMeta&) = delete;
  AutogradMeta& operator=(const AutogradMeta&) = delete;
  ~AutogradMeta();

  Tensor grad;
  /// The node that produced this tensor (null for a leaf), and which of its outputs it is.
  std::shared_ptr<autograd::Node> grad_fn;
  uint32_t output_nr = 0;
  /// A leaf's AccumulateGrad node, created on first use; the graph owns it, not the tensor.
  std::weak_ptr<autograd::Node> grad_accumulator;
  std::mutex grad_accumulator_mutex;
  /// `retain_grad()` was called on this non-leaf.
  bool retains_grad = false;
  /// Hooks of a leaf (run by its AccumulateGrad); a non-leaf's live on its grad_fn.
  struct LeafHook {
    unsigned id;
    autograd::GradHook fn;
  };
  std::vector<LeafHook> leaf_hooks;

  // Note [Views and in-place]
  // A view made while grad mode is on remembers its root base. An in-place op on the view
  // rewires the base's history (a CopySlices node), and any view of a base whose storage was
  // written since the view's grad_fn was set regenerates that grad_fn as an as_strided view of
  // the base's current history (see views.h), so every alias sees the write in backward.
  // A view made in no-grad mode of a base that requires grad (PyTorch's CreationMeta
  // NO_GRAD_MODE) has no history, yet reports requires_grad as its base does; it collects no
  // gradient, and an in-place op on it with grad mode on raises.
  bool is_view = false;
  bool made_in_no_grad = false;
  Tensor base;
  uint32_t attr_version = 0;
};

/// The tensor's autograd metadata, created if absent.
AutogradMeta& materialize_meta(const Tensor& t);
/// The tensor's autograd metadata, or null.
inline AutogradMeta* meta_of(const Tensor& t) {
  return t.defined() ? t.unsafeGetTensorImpl()->autograd_meta.get() : nullptr;
}

}  // namespace ember::detail

namespace ember::autograd::detail {

using ember::detail::AutogradMeta;

/// The tensor's grad_fn (regenerated first for a stale view; Note [Views and in-place]).
std::shared_ptr<Node> grad_fn_of(const Tensor& t);
/// Where a gradient for `t` goes: its grad_fn, its AccumulateGrad when it is a leaf that
/// requires grad, or an invalid edge.
Edge gradient_edge(const Tensor& t);
/// Makes `t` output `output_nr` of `node` (requires grad, not a leaf).
void set_history(const Tensor& t, const std::shared_ptr<Node>& node, uint32_t output_nr);
/// True for a tensor that requires grad and has no grad_fn.
bool is_leaf(const Tensor& t);
/// The leaf's AccumulateGrad node, created on first use.
std::shared_ptr<Node> grad_accumulator(const Tensor& leaf);

}  // namespace ember::autograd::detail
