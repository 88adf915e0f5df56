#include "autograd/record.h"

#include "autograd/autograd_meta.h"
#include "autograd/views.h"
#include "ember/ops/creation.h"

namespace ember::autograd::detail {

Tensor FormulaContext::saved(size_t i) const {
  return node_.saved.at(i).unpack(
      std::const_pointer_cast<Node>(static_cast<const Node&>(node_).shared_from_this()));
}

bool FormulaContext::needs(size_t i) const {
  return node_.needs_input_grad(i);
}

void FormulaNode::release_variables() {
  for (SavedVariable& s : saved) s.release();
}

void fill_missing_grads(const Node& node, variable_list& grads) {
  for (size_t i = 0; i < grads.size(); ++i) {
    const InputMetadata& m = node.input_metadata(i);
    if (!grads[i].defined() && m.dtype != ScalarType::Undefined) {
      grads[i] = zeros(m.shape, TensorOptions().dtype(m.dtype).device(m.device));
    }
  }
}

variable_list FormulaNode::apply(variable_list&& grads) {
  fill_missing_grads(*this, grads);  // a formula may assume every output's gradient is there
  FormulaContext ctx(*this, grads);
  variable_list out = formula_(ctx);
  out.resize(num_outputs());
  return out;
}

bool should_record(const std::vector<Tensor>& inputs) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor& t : inputs) {
    if (t.requires_grad()) return true;
  }
  return false;
}

Recorder::Recorder(std::initializer_list<const Tensor*> inputs) : active_(should_record(inputs)) {
  if (!active_) return;
  edges_.reserve(inputs.size());
  for (const Tensor* t : inputs) edges_.push_back(gradient_edge(*t));
  no_grad_.emplace(false);
}

Recorder::Recorder(const std::vector<Tensor>& inputs) : active_(should_record(inputs)) {
  if (!active_) return;
  edges_.reserve(inputs.size());
  for (const Tensor& t : inputs) edges_.push_back(gradient_edge(t));
  no_grad_.emplace(false);
}

void Recorder::record(const char* name, const std::vector<Tensor>& outputs,
                      const std::vector<Tensor>& saved, Formula formula) {
  auto node = std::make_shared<FormulaNode>(name, std::move(formula));
  node->set_next_edges(std::move(edges_));
  for (const Tensor& out : outputs) {
    const uint32_t nr = node->add_input_metadata(out);
    if (out.defined() && is_floating_point(out.scalar_type())) set_history(out, node, nr);
  }
  node->saved.reserve(saved.size());
  for (const Tensor& s : saved) {
    bool is_output = false;
    for (const Tensor& out : outputs) is_output = is_output || (s.defined() && s.is_same(out));
    node->saved.emplace_back(s, is_output);
  }
}

Tensor& record_in_place(Tensor& self, const char* op,
                        const std::function<Tensor(const Tensor&)>& out_of_place, bool reads_self) {
  check_in_place(self, op);
  Tensor result = out_of_place(reads_self ? self.clone() : self);
  {
    AutoGradMode no_grad(false);
    self.copy_(result);
  }
  rebase_history(self, result);
  return self;
}

}  // namespace ember::autograd::detail
