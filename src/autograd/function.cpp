#include "ember/autograd/function.h"

#include "autograd/autograd_meta.h"
#include "autograd/record.h"
#include "autograd/saved_variable.h"
#include "autograd/views.h"

namespace ember::autograd {

namespace detail {

struct SavedTensors {
  std::vector<SavedVariable> variables;
};

}  // namespace detail

AutogradContext::AutogradContext() = default;
AutogradContext::~AutogradContext() = default;

void AutogradContext::save_for_backward(variable_list to_save) {
  to_save_ = std::move(to_save);
}

variable_list AutogradContext::get_saved_variables() const {
  if (!saved_) return to_save_;  // forward was not recorded: nothing can have been freed
  std::shared_ptr<Node> owner = node_.lock();
  variable_list out;
  for (const detail::SavedVariable& s : saved_->variables) out.push_back(s.unpack(owner));
  return out;
}

void AutogradContext::mark_dirty(const variable_list& inputs) {
  for (const Tensor& t : inputs) dirty_.insert(t.unsafeGetTensorImpl());
}

void AutogradContext::mark_non_differentiable(const variable_list& outputs) {
  for (const Tensor& t : outputs) non_differentiable_.insert(t.unsafeGetTensorImpl());
}

bool AutogradContext::needs_input_grad(size_t index) const {
  return index < needs_input_grad_.size() && needs_input_grad_[index];
}

namespace detail {

CustomNode::CustomNode(std::string name, Backward backward)
    : name_(std::move(name)), backward_(std::move(backward)) {}

void CustomNode::wire(const std::shared_ptr<CustomNode>& node, const variable_list& inputs,
                      variable_list& outputs) {
  AutogradContext& ctx = node->ctx;
  node->num_args_ = inputs.size();
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].defined()) node->tensor_args_.push_back(i);
  }
  bool record = GradMode::is_enabled();
  if (record) {
    record = false;
    for (const Tensor& in : inputs) record = record || in.requires_grad();
  }
  if (!record) return;

  edge_list edges;
  ctx.needs_input_grad_.assign(inputs.size(), false);
  for (size_t pos : node->tensor_args_) {
    edges.push_back(gradient_edge(inputs[pos]));
    ctx.needs_input_grad_[pos] = edges.back().is_valid();
  }
  node->set_next_edges(std::move(edges));

  std::vector<const void*> original_outputs;
  for (Tensor& out : outputs) {
    original_outputs.push_back(out.unsafeGetTensorImpl());
    const bool dirty = ctx.dirty_.count(out.unsafeGetTensorImpl()) > 0;
    bool passed_through = false;
    for (const Tensor& in : inputs) passed_through = passed_through || out.is_same(in);
    if (dirty) {
      check_in_place(out, node->name_.c_str());
    } else if (passed_through) {
      out = out.detach();  // an input returned as is: give the output its own history
    }
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    const uint32_t nr = node->add_input_metadata(outputs[i]);
    const bool differentiable = outputs[i].defined() && outputs[i].is_floating_point() &&
                                !ctx.non_differentiable_.count(original_outputs[i]);
    if (differentiable) set_history(outputs[i], node, nr);
  }
  ctx.saved_ = std::make_unique<SavedTensors>();
  for (const Tensor& t : ctx.to_save_) {
    bool is_output = false;
    for (const Tensor& out : outputs) is_output = is_output || (t.defined() && t.is_same(out));
    ctx.saved_->variables.emplace_back(t, is_output);
  }
  ctx.to_save_.clear();
  ctx.node_ = node;
}

void CustomNode::release_variables() {
  if (ctx.saved_) {
    for (SavedVariable& s : ctx.saved_->variables) s.release();
  }
}

variable_list CustomNode::apply(variable_list&& grads) {
  if (ctx.materialize_grads_) fill_missing_grads(*this, grads);
  variable_list result = backward_(&ctx, std::move(grads));
  EMBER_CHECK(result.size() >= num_args_, "backward", "function ", name_,
              " returned an incorrect number of gradients (expected ", num_args_, ", got ",
              result.size(), ")");
  for (size_t i = num_args_; i < result.size(); ++i) {
    EMBER_CHECK(!result[i].defined(), "backward", "function ", name_,
                " returned an incorrect number of gradients (expected ", num_args_, ", got ",
                result.size(), ")");
  }
  variable_list out;
  for (size_t pos : tensor_args_) out.push_back(result[pos]);
  return out;
}

}  // namespace detail
}  // namespace ember::autograd
