#include "autograd/autograd_meta.h"

#include "autograd/accumulate_grad.h"
#include "autograd/deferred_release.h"
#include "autograd/views.h"

namespace ember {
namespace detail {

AutogradMeta::~AutogradMeta() {
  autograd::detail::release_later(std::move(grad_fn));
}

AutogradMeta& materialize_meta(const Tensor& t) {
  TensorImpl& impl = *t.unsafeGetTensorImpl();
  if (!impl.autograd_meta) impl.autograd_meta = std::make_shared<AutogradMeta>();
  return *impl.autograd_meta;
}

}  // namespace detail

namespace autograd::detail {

std::shared_ptr<Node> grad_fn_of(const Tensor& t) {
  AutogradMeta* meta = ember::detail::meta_of(t);
  if (meta == nullptr) return nullptr;
  if (meta->is_view) {
    if (auto fresh = regenerate_view_history(t)) return fresh;
  }
  return meta->grad_fn;
}

bool is_leaf(const Tensor& t) {
  return grad_fn_of(t) == nullptr;
}

std::shared_ptr<Node> grad_accumulator(const Tensor& leaf) {
  AutogradMeta& meta = ember::detail::materialize_meta(leaf);
  std::lock_guard<std::mutex> lock(meta.grad_accumulator_mutex);
  std::shared_ptr<Node> acc = meta.grad_accumulator.lock();
  if (!acc) {
    acc = std::make_shared<AccumulateGrad>(leaf);
    acc->add_input_metadata(leaf);
    meta.grad_accumulator = acc;
  }
  return acc;
}

Edge gradient_edge(const Tensor& t) {
  if (!t.requires_grad()) return Edge();
  if (auto fn = grad_fn_of(t)) return Edge(std::move(fn), ember::detail::meta_of(t)->output_nr);
  // A view made in no-grad mode requires grad through its base but collects nothing.
  if (!t.unsafeGetTensorImpl()->requires_grad) return Edge();
  return Edge(grad_accumulator(t), 0);
}

void set_history(const Tensor& t, const std::shared_ptr<Node>& node, uint32_t output_nr) {
  AutogradMeta& meta = ember::detail::materialize_meta(t);
  meta.grad_fn = node;
  meta.output_nr = output_nr;
  if (meta.is_view) meta.attr_version = t._version();
  t.unsafeGetTensorImpl()->requires_grad = true;
}

}  // namespace autograd::detail
}  // namespace ember
