// The backward engine. Note [Engine]
// One pass over the graph counts, for every node, how many edges lead into it; nodes then run
// from a ready queue ordered by sequence number (newest first; AccumulateGrad at once), each
// after all of its gradients have arrived and been summed in its input buffer. No recursion
// anywhere (a 100,000-node chain is fine), no threads (the same graph always gives bitwise the
// same gradients), and saved tensors are freed node by node unless the graph is retained.
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "autograd/accumulate_grad.h"
#include "autograd/autograd_meta.h"
#include "autograd/sum_to.h"
#include "core/shape.h"
#include "ember/autograd/backward.h"
#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduction.h"

namespace ember::autograd {
namespace {

using detail::gradient_edge;

// Where a captured gradient goes: an entry of autograd::grad's result, or (backward with
// `inputs` naming a non-leaf) that tensor's .grad().
struct Capture {
  uint32_t input_nr;
  size_t index;
};

struct ByPriority {
  bool operator()(const Node* a, const Node* b) const {
    return a->sequence_nr() < b->sequence_nr();
  }
};

class GraphTask {
 public:
  GraphTask(bool keep_graph, bool create_graph)
      : keep_graph_(keep_graph), create_graph_(create_graph) {}

  // Gradients arriving at the edges in `captures` are returned instead of flowing on; with
  // `run_leaves` the AccumulateGrad nodes among them still run (backward with `inputs`).
  variable_list run(const edge_list& roots, variable_list root_grads, const edge_list& captures,
                    bool run_leaves);

 private:
  // What the pass knows of one node of the graph.
  struct NodeState {
    int dependencies = 0;           // edges into it whose gradients have not arrived yet
    variable_list buffer;           // gradients received so far, summed per input
    std::vector<Capture> captures;  // inputs whose gradient autograd::grad returns
    bool needed = false;            // with prune_: the node runs
  };

  void discover(const edge_list& roots);
  void mark_needed(const edge_list& roots, const edge_list& captures, bool run_leaves);
  void add_gradient(const Edge& edge, Tensor grad, const Node& from, size_t index);
  void execute(Node& node, variable_list& grads);
  static variable_list& buffer_of(NodeState& state, const Node& node);

  bool keep_graph_;
  bool create_graph_;
  std::unordered_map<Node*, NodeState> nodes_;
  bool prune_ = false;
  std::priority_queue<Node*, std::vector<Node*>, ByPriority> ready_;
};

void GraphTask::discover(const edge_list& roots) {
  std::vector<Node*> stack;
  for (const Edge& e : roots) {
    if (nodes_.try_emplace(e.function.get()).second) stack.push_back(e.function.get());
  }
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    for (const Edge& e : n->next_edges()) {
      if (!e.is_valid()) continue;
      auto [it, fresh] = nodes_.try_emplace(e.function.get());
      ++it->second.dependencies;
      if (fresh) stack.push_back(e.function.get());
    }
  }
}

// A node runs when some capture lies below it: its gradients are needed there.
void GraphTask::mark_needed(const edge_list& roots, const edge_list& captures, bool run_leaves) {
  std::unordered_set<Node*> targets;
  for (const Edge& e : captures) targets.insert(e.function.get());
  // Post-order over the graph from the roots, without recursion: a node's verdict needs its
  // children's first.
  std::unordered_map<Node*, bool> leads;        // leads to a capture target
  std::vector<std::pair<Node*, size_t>> stack;  // (node, next child to visit)
  for (const Edge& e : roots) stack.emplace_back(e.function.get(), 0);
  while (!stack.empty()) {
    Node* n = stack.back().first;
    const size_t child = stack.back().second;
    if (child == 0 && leads.count(n)) {
      stack.pop_back();
      continue;
    }
    if (child < n->num_outputs()) {
      ++stack.back().second;
      Node* c = n->next_edge(child).function.get();
      if (c != nullptr && !leads.count(c)) stack.emplace_back(c, 0);
      continue;
    }
    bool below = false;
    for (const Edge& e : n->next_edges()) {
      if (e.is_valid()) below = below || targets.count(e.function.get()) || leads[e.function.get()];
    }
    leads[n] = below;
    nodes_[n].needed = below;
    stack.pop_back();
  }
  if (run_leaves) {
    for (Node* t : targets) {
      if (dynamic_cast<detail::AccumulateGrad*>(t) != nullptr) nodes_[t].needed = true;
    }
  }
  prune_ = true;
}

variable_list& GraphTask::buffer_of(NodeState& state, const Node& node) {
  if (state.buffer.size() < node.num_inputs()) state.buffer.resize(node.num_inputs());
  return state.buffer;
}

void GraphTask::add_gradient(const Edge& edge, Tensor grad, const Node& from, size_t index) {
  Node* to = edge.function.get();
  if (grad.defined()) {
    const InputMetadata& m = to->input_metadata(edge.input_nr);
    if (m.dtype != ScalarType::Undefined) {
      if (grad.sizes() != IntArrayRef(m.shape)) {
        EMBER_CHECK(ember::detail::expandable(m.shape, grad.sizes()), "backward", "function ",
                    from.name(), " returned an invalid gradient at index ", index, " - got ",
                    grad.sizes(), " but expected shape compatible with ", IntArrayRef(m.shape));
        grad = detail::sum_to(grad, m.shape);
      }
      EMBER_CHECK(grad.device() == m.device, "backward", "function ", from.name(),
                  " returned an invalid gradient at index ", index, " - expected device ", m.device,
                  " but got ", grad.device());
      if (grad.scalar_type() != m.dtype) grad = grad.to(m.dtype);
    }
  }
  Tensor& slot = buffer_of(nodes_[to], *to)[edge.input_nr];
  if (!slot.defined()) {
    slot = std::move(grad);
  } else if (grad.defined()) {
    slot = slot + grad;  // out of place: either side may alias a tensor someone else holds
  }
}

bool has_non_finite(const Tensor& t) {
  return t.defined() && t.is_floating_point() && !t.is_meta() && !t.isfinite().all().item<bool>();
}

void GraphTask::execute(Node& node, variable_list& grads) {
  variable_list outputs;
  try {
    outputs = node(std::move(grads));
  } catch (const Error& e) {
    if (!is_anomaly_enabled() || node.forward_trace().empty()) throw;
    throw Error(std::string(e.what()) + "\nThe forward call that created " + node.name() +
                " was:\n" + node.forward_trace());
  }
  if (is_anomaly_enabled()) {
    for (size_t i = 0; i < outputs.size(); ++i) {
      EMBER_CHECK(!has_non_finite(outputs[i]), "backward", "function '", node.name(),
                  "' returned nan or inf values in its ", i,
                  "th output. The forward call that "
                  "created it was:\n",
                  node.forward_trace().empty() ? "  (not recorded)\n" : node.forward_trace());
    }
  }
  if (!keep_graph_) node.release_variables();
  EMBER_CHECK(outputs.size() == node.num_outputs(), "backward", "function ", node.name(),
              " returned an incorrect number of gradients (expected ", node.num_outputs(), ", got ",
              outputs.size(), ")");
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Edge& e = node.next_edge(i);
    if (e.is_valid()) add_gradient(e, std::move(outputs[i]), node, i);
  }
}

variable_list GraphTask::run(const edge_list& roots, variable_list root_grads,
                             const edge_list& captures, bool run_leaves) {
  AutoGradMode grad_mode(create_graph_);
  discover(roots);
  for (size_t i = 0; i < roots.size(); ++i) {
    Node* root = roots[i].function.get();
    Tensor& slot = buffer_of(nodes_[root], *root)[roots[i].input_nr];
    slot = slot.defined() ? slot + root_grads[i] : root_grads[i];
  }
  for (size_t i = 0; i < captures.size(); ++i) {
    nodes_[captures[i].function.get()].captures.push_back({captures[i].input_nr, i});
  }
  if (!captures.empty()) mark_needed(roots, captures, run_leaves);
  for (const Edge& e : roots) {
    NodeState& state = nodes_[e.function.get()];
    if (state.dependencies == 0) {
      state.dependencies = -1;  // queued once, even when several roots share it
      ready_.push(e.function.get());
    }
  }
  variable_list captured(captures.size());
  while (!ready_.empty()) {
    Node* n = ready_.top();
    ready_.pop();
    NodeState& state = nodes_[n];
    variable_list grads = std::move(state.buffer);
    grads.resize(n->num_inputs());
    n->run_grad_hooks(grads);
    for (const Capture& c : state.captures) captured[c.index] = grads[c.input_nr];
    bool any = false;
    for (const Tensor& g : grads) any = any || g.defined();
    if (any && (!prune_ || state.needed)) execute(*n, grads);
    for (const Edge& e : n->next_edges()) {
      if (e.is_valid() && --nodes_[e.function.get()].dependencies == 0) {
        ready_.push(e.function.get());
      }
    }
  }
  return captured;
}

// Checks the outputs and builds the root edges and gradients shared by backward and grad.
void prepare_roots(const char* op, const variable_list& outputs, const variable_list& grad_outputs,
                   edge_list& roots, variable_list& root_grads) {
  EMBER_CHECK(grad_outputs.empty() || grad_outputs.size() == outputs.size(), op, "got ",
              outputs.size(), " tensors and ", grad_outputs.size(), " gradients");
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    EMBER_CHECK(out.defined(), op, "element ", i, " of tensors is undefined");
    Edge edge = gradient_edge(out);
    EMBER_CHECK(edge.is_valid(), op, "element ", i,
                " of tensors does not require grad and does not have a grad_fn");
    Tensor g = grad_outputs.empty() ? Tensor() : grad_outputs[i];
    if (!g.defined()) {
      EMBER_CHECK(out.numel() == 1, op,
                  "grad can be implicitly created only for scalar outputs (got a tensor of shape ",
                  out.sizes(), ")");
      g = ones_like(out);
    } else {
      EMBER_CHECK(g.sizes() == out.sizes(), op, "mismatch in shape: grad_output[", i,
                  "] has a shape of ", g.sizes(), " and output[", i, "] has a shape of ",
                  out.sizes());
    }
    roots.push_back(std::move(edge));
    root_grads.push_back(std::move(g));
  }
}

}  // namespace

void backward(const variable_list& tensors, const variable_list& grad_tensors,
              std::optional<bool> retain_graph, bool create_graph, const variable_list& inputs) {
  edge_list roots;
  variable_list root_grads;
  prepare_roots("backward", tensors, grad_tensors, roots, root_grads);
  edge_list captures;
  for (const Tensor& in : inputs) {
    EMBER_CHECK(in.requires_grad(), "backward", "one of the inputs does not require grad");
    captures.push_back(gradient_edge(in));
  }
  GraphTask task(retain_graph.value_or(create_graph), create_graph);
  variable_list captured = task.run(roots, std::move(root_grads), captures, /*run_leaves=*/true);
  // A non-leaf named in `inputs` accumulates what reached it, as a leaf would.
  AutoGradMode grad_mode(create_graph);
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (detail::is_leaf(inputs[i]) || !captured[i].defined()) continue;
    Tensor& g = ember::detail::materialize_meta(inputs[i]).grad;
    g = g.defined() ? g + captured[i] : captured[i];
  }
}

variable_list grad(const variable_list& outputs, const variable_list& inputs,
                   const variable_list& grad_outputs, std::optional<bool> retain_graph,
                   bool create_graph, bool allow_unused) {
  EMBER_CHECK(!inputs.empty(), "grad", "expected at least one input");
  edge_list roots;
  variable_list root_grads;
  prepare_roots("grad", outputs, grad_outputs, roots, root_grads);
  edge_list captures;
  for (size_t i = 0; i < inputs.size(); ++i) {
    EMBER_CHECK(inputs[i].defined() && inputs[i].requires_grad(), "grad", "input ", i,
                " does not require grad");
    captures.push_back(gradient_edge(inputs[i]));
  }
  GraphTask task(retain_graph.value_or(create_graph), create_graph);
  variable_list result = task.run(roots, std::move(root_grads), captures, /*run_leaves=*/false);
  for (size_t i = 0; i < result.size(); ++i) {
    EMBER_CHECK(result[i].defined() || allow_unused, "grad", "input ", i,
                " appears to not have been used in the graph; pass allow_unused=true if this is "
                "the desired behavior");
  }
  return result;
}

}  // namespace ember::autograd
