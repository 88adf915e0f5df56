#include "autograd/saved_variable.h"

#include "autograd/autograd_meta.h"
#include "ember/autograd/grad_mode.h"
#include "ops/op_util.h"

namespace ember::autograd::detail {

using ember::detail::TensorImpl;

namespace {

// A new handle on `t`'s data and geometry, without autograd metadata.
Tensor plain_alias(const Tensor& t) {
  const TensorImpl& impl = *t.unsafeGetTensorImpl();
  return Tensor(std::make_shared<TensorImpl>(impl.storage(), impl.storage_offset(), impl.sizes(),
                                             impl.strides(), impl.dtype()));
}

std::string describe(const Tensor& t) {
  return ember::detail::str_cat("[CPU", t.scalar_type(), "Type ", t.sizes(), "]");
}

}  // namespace

SavedVariable::SavedVariable(const Tensor& t, bool is_output)
    : is_output_(is_output), was_defined_(t.defined()) {
  if (!t.defined()) return;
  EMBER_CHECK(!t.unsafeGetTensorImpl()->storage()->is_inference(), "autograd",
              "inference tensors cannot be saved for backward; make a normal tensor with "
              "clone() outside InferenceMode");
  saved_version_ = t._version();
  requires_grad_ = t.requires_grad();
  if (is_output) {
    const AutogradMeta* meta = ember::detail::meta_of(t);
    output_nr_ = meta != nullptr ? meta->output_nr : 0;
    data_ = plain_alias(t);
  } else {
    data_ = t;
  }
}

Tensor SavedVariable::unpack(const std::shared_ptr<Node>& owner) const {
  EMBER_CHECK(!released_, "backward",
              "trying to backward through the graph a second time (or directly access saved "
              "tensors after they have already been freed). Saved intermediate values of the "
              "graph are freed when you call backward() or autograd::grad(). Specify "
              "retain_graph=true if you need to backward through the graph a second time or if "
              "you need to access saved tensors after calling backward");
  if (!was_defined_) return Tensor();
  const uint32_t now = data_._version();
  if (now != saved_version_) {
    std::string origin;
    if (is_output_) {
      origin = ember::detail::str_cat("output ", output_nr_, " of ", owner->name());
    } else if (auto fn = grad_fn_of(data_)) {
      origin = ember::detail::str_cat("output ", ember::detail::meta_of(data_)->output_nr, " of ",
                                      fn->name());
    } else {
      origin = "a leaf tensor";
    }
    EMBER_FAIL("backward",
               "one of the variables needed for gradient computation has been modified by an "
               "inplace operation: ",
               describe(data_), ", which is ", origin, ", is at version ", now,
               "; expected version ", saved_version_, " instead (saved by ", owner->name(), ")");
  }
  if (!is_output_ || !requires_grad_) return data_;
  Tensor t = plain_alias(data_);
  set_history(t, owner, output_nr_);
  return t;
}

void SavedVariable::release() {
  data_ = Tensor();
  released_ = true;
}

}  // namespace ember::autograd::detail
