#include "autograd/views.h"

#include "autograd/autograd_meta.h"
#include "autograd/record.h"
#include "autograd/strided_grad.h"
#include "ember/autograd/grad_mode.h"
#include "ember/ops/indexing.h"

namespace ember::autograd::detail {
namespace {

// The gradient of a base whose region seen through a view was overwritten by an in-place op:
// the part outside the region flows to the base's old history, the region to the op's result.
class CopySlices final : public Node {
 public:
  CopySlices(Geometry base, Geometry view) : base_(std::move(base)), view_(std::move(view)) {}
  std::string name() const override { return "CopySlices"; }

 protected:
  variable_list apply(variable_list&& grads) override {
    variable_list out(2);
    if (!grads[0].defined()) return out;
    const Tensor flat = scatter_to_storage(grads[0], base_, storage_extent({&base_, &view_}));
    const Tensor region = storage_offsets(view_, flat.device()).reshape({-1});
    if (needs_input_grad(0)) out[0] = gather_from_storage(flat.scatter(0, region, 0), base_);
    if (needs_input_grad(1)) out[1] = gather_from_storage(flat, view_);
    return out;
  }

 private:
  Geometry base_;
  Geometry view_;
};

// A view's history rebuilt as an as_strided view of its base's current history.
std::shared_ptr<Node> as_strided_history(const Tensor& view, const Tensor& base) {
  Geometry base_geometry = geometry_of(base);
  Geometry view_geometry = geometry_of(view);
  const int64_t extent = storage_extent({&base_geometry, &view_geometry});
  auto node = std::make_shared<FormulaNode>(
      "AsStridedBackward0", [base_geometry, view_geometry, extent](const FormulaContext& c) {
        return variable_list{gather_from_storage(
            scatter_to_storage(c.grad(0), view_geometry, extent), base_geometry)};
      });
  node->set_next_edges({gradient_edge(base)});
  node->add_input_metadata(view);
  set_history(view, node, 0);
  return node;
}

}  // namespace

void mark_view(const Tensor& base, const Tensor& view) {
  if (InferenceMode::is_enabled()) return;
  const bool no_grad = !GradMode::is_enabled();
  if (no_grad && !base.requires_grad()) return;
  const AutogradMeta* base_meta = ember::detail::meta_of(base);
  AutogradMeta& meta = ember::detail::materialize_meta(view);
  meta.is_view = true;
  meta.made_in_no_grad = no_grad || (base_meta != nullptr && base_meta->made_in_no_grad);
  meta.base = base_meta != nullptr && base_meta->is_view ? base_meta->base : base;
  meta.attr_version = view._version();
}

std::shared_ptr<Node> regenerate_view_history(const Tensor& view) {
  AutogradMeta& meta = *ember::detail::meta_of(view);
  if (meta.made_in_no_grad || !meta.base.requires_grad() || meta.attr_version == view._version()) {
    return nullptr;
  }
  return as_strided_history(view, meta.base);
}

void rebase_history(const Tensor& self, const Tensor& result) {
  const Edge result_edge = gradient_edge(result);
  AutogradMeta& meta = ember::detail::materialize_meta(self);
  if (meta.is_view) {
    const Tensor base = meta.base;
    auto copy_slices = std::make_shared<CopySlices>(geometry_of(base), geometry_of(self));
    copy_slices->set_next_edges({gradient_edge(base), result_edge});
    copy_slices->add_input_metadata(base);
    set_history(base, copy_slices, 0);
    as_strided_history(self, base);
    return;
  }
  if (result_edge.is_valid()) {
    set_history(self, result_edge.function, result_edge.input_nr);
  } else {
    meta.grad_fn = nullptr;
    self.unsafeGetTensorImpl()->requires_grad = false;
  }
}

void check_in_place(const Tensor& self, const char* op) {
  const AutogradMeta* meta = ember::detail::meta_of(self);
  const bool is_view = meta != nullptr && meta->is_view;
  if (is_view && meta->made_in_no_grad && meta->base.requires_grad()) {
    EMBER_FAIL(op,
               "A view was created in no_grad mode and is being modified inplace with grad mode "
               "enabled. Given that this use case is ambiguous and error-prone, it is forbidden. "
               "You can clarify your code by moving both the view and the inplace either both "
               "inside the no_grad block (if you don't want the inplace to be tracked) or both "
               "outside (if you want the inplace to be tracked).");
  }
  if (self.requires_grad() && is_leaf(self)) {
    EMBER_FAIL(op, is_view ? "a view of a leaf Variable" : "a leaf Variable",
               " that requires grad is being used in an in-place operation");
  }
  if (is_view && meta->base.requires_grad() && is_leaf(meta->base)) {
    EMBER_FAIL(op,
               "a view of a leaf Variable that requires grad is being used in an in-place "
               "operation");
  }
}

}  // namespace ember::autograd::detail
