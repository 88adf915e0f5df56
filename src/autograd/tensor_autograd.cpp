// The autograd methods of Tensor (declared in ember/tensor.h).
#include <atomic>

#include "autograd/autograd_meta.h"
#include "autograd/views.h"
#include "ember/autograd/backward.h"
#include "ember/autograd/node.h"

namespace ember {

using autograd::detail::grad_fn_of;
using detail::impl_of;
using detail::materialize_meta;
using detail::meta_of;

namespace {

std::atomic<unsigned> next_hook_id{1};

}  // namespace

bool Tensor::requires_grad() const {
  if (!defined()) return false;
  if (impl_->requires_grad) return true;
  const detail::AutogradMeta* meta = impl_->autograd_meta.get();
  return meta != nullptr && meta->made_in_no_grad && meta->base.requires_grad();
}

Tensor& Tensor::requires_grad_(bool requires_grad) {
  auto& impl = impl_of(*this, "requires_grad_");
  EMBER_CHECK(!requires_grad || ember::is_floating_point(impl.dtype()), "requires_grad_",
              "only tensors of floating point dtype can require gradients, got ", impl.dtype());
  if (!requires_grad && !is_leaf()) {
    EMBER_FAIL("requires_grad_",
               "you can only change requires_grad flags of leaf variables. If you want to use a "
               "computed variable in a subgraph that doesn't require differentiation use "
               "var_no_grad = var.detach()");
  }
  // A leaf's metadata exists before any backward runs, so that backward passes on several
  // threads sharing the leaf never race to create it.
  if (requires_grad) materialize_meta(*this);
  impl.requires_grad = requires_grad;
  return *this;
}

const Tensor& Tensor::grad() const {
  static const Tensor undefined;
  impl_of(*this, "grad");
  const detail::AutogradMeta* meta = meta_of(*this);
  return meta != nullptr ? meta->grad : undefined;
}

Tensor& Tensor::mutable_grad() const {
  impl_of(*this, "mutable_grad");
  return materialize_meta(*this).grad;
}

std::shared_ptr<autograd::Node> Tensor::grad_fn() const {
  return grad_fn_of(*this);
}

bool Tensor::is_leaf() const {
  return grad_fn_of(*this) == nullptr;
}

uint32_t Tensor::output_nr() const {
  const detail::AutogradMeta* meta = meta_of(*this);
  return meta != nullptr ? meta->output_nr : 0;
}

void Tensor::retain_grad() const {
  EMBER_CHECK(requires_grad(), "retain_grad",
              "can't retain_grad on Tensor that has requires_grad=False");
  if (is_leaf()) return;  // leaves keep their gradient anyway
  detail::AutogradMeta& meta = materialize_meta(*this);
  if (meta.retains_grad) return;
  meta.retains_grad = true;
  std::weak_ptr<detail::TensorImpl> weak = impl_;
  grad_fn()->add_grad_hook(
      next_hook_id++, meta.output_nr,
      [weak](const Tensor& g) {
        if (auto impl = weak.lock()) {
          Tensor& grad = materialize_meta(Tensor(impl)).grad;
          grad = grad.defined() ? grad + g : g.detach().clone();
        }
        return Tensor();
      },
      /*runs_last=*/true);
}

bool Tensor::retains_grad() const {
  const detail::AutogradMeta* meta = meta_of(*this);
  return meta != nullptr && meta->retains_grad;
}

Tensor Tensor::detach() const {
  const auto& impl = impl_of(*this, "detach");
  return Tensor(std::make_shared<detail::TensorImpl>(impl.storage(), impl.storage_offset(),
                                                     impl.sizes(), impl.strides(), impl.dtype()));
}

void Tensor::set_data(const Tensor& new_data) const {
  auto& impl = impl_of(*this, "set_data");
  const auto& source = impl_of(new_data, "set_data");
  EMBER_CHECK(!requires_grad() || ember::is_floating_point(source.dtype()), "set_data",
              "expected floating-point data for a tensor that requires grad, got ", source.dtype());
  impl.set_data(source);
}

Tensor& Tensor::detach_() {
  auto& impl = impl_of(*this, "detach_");
  if (detail::AutogradMeta* meta = meta_of(*this)) {
    EMBER_CHECK(!meta->is_view, "detach_", "can't detach views in-place. Use detach() instead");
    meta->grad_fn = nullptr;
    meta->output_nr = 0;
  }
  impl.requires_grad = false;
  return *this;
}

bool Tensor::is_inference() const {
  return impl_of(*this, "is_inference").storage()->is_inference();
}

void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph, bool create_graph,
                      std::optional<std::vector<Tensor>> inputs) const {
  autograd::backward({*this}, {gradient}, retain_graph, create_graph,
                     inputs.value_or(std::vector<Tensor>{}));
}

unsigned Tensor::add_grad_hook(std::function<Tensor(const Tensor&)> hook) const {
  EMBER_CHECK(requires_grad(), "register_hook",
              "cannot register a hook on a tensor that doesn't require gradient");
  const unsigned id = next_hook_id++;
  if (auto fn = grad_fn()) {
    fn->add_grad_hook(id, output_nr(), std::move(hook));
  } else {
    materialize_meta(*this).leaf_hooks.push_back({id, std::move(hook)});
  }
  return id;
}

void Tensor::remove_hook(unsigned handle) const {
  if (auto fn = grad_fn(); fn && fn->remove_grad_hook(handle)) return;
  if (detail::AutogradMeta* meta = meta_of(*this)) {
    auto& hooks = meta->leaf_hooks;
    for (auto it = hooks.begin(); it != hooks.end(); ++it) {
      if (it->id == handle) {
        hooks.erase(it);
        return;
      }
    }
  }
  EMBER_FAIL("remove_hook", "no hook with handle ", handle, " on this tensor");
}

}  // namespace ember
