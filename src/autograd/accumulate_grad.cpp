#include "autograd/accumulate_grad.h"

#include <mutex>

#include "autograd/autograd_meta.h"
#include "ember/autograd/grad_mode.h"

namespace ember::autograd::detail {

AccumulateGrad::AccumulateGrad(Tensor variable) : variable_(std::move(variable)) {
  // Leaves first: their gradients are final as soon as they arrive.
  set_sequence_nr(std::numeric_limits<uint64_t>::max());
}

variable_list AccumulateGrad::apply(variable_list&& grads) {
  Tensor incoming = std::move(grads.at(0));
  AutogradMeta& meta = ember::detail::materialize_meta(variable_);
  // Hooks and the sum share a lock: backward may run on several threads at once, each adding
  // into a shared parameter's .grad().
  std::lock_guard<std::mutex> lock(meta.grad_accumulator_mutex);
  for (const auto& hook : meta.leaf_hooks) {
    Tensor replaced = hook.fn(incoming);
    if (replaced.defined()) incoming = std::move(replaced);
  }
  if (!incoming.defined()) return {};
  Tensor& grad = meta.grad;
  if (GradMode::is_enabled()) {
    // create_graph: keep the gradient's own history so it can be differentiated.
    grad = grad.defined() ? grad + incoming : incoming;
  } else if (!grad.defined()) {
    // Keep the incoming buffer when nothing else can see it; otherwise copy, so that a later
    // in-place accumulation never writes through an alias (an expanded or user-owned tensor).
    const bool unshared = incoming.impl().use_count() == 1 &&
                          incoming.unsafeGetTensorImpl()->storage().use_count() == 1 &&
                          incoming.is_contiguous() && !incoming.requires_grad();
    grad = unshared ? std::move(incoming) : incoming.detach().clone();
  } else {
    grad.add_(incoming);
  }
  return {};
}

}  // namespace ember::autograd::detail
