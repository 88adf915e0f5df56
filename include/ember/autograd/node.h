#pragma once
/// The recorded graph: every differentiable op that runs while grad mode is on and an input
/// requires grad creates a Node, and each output points at it (`t.grad_fn()`).
///
/// A node maps the gradients of its forward op's outputs (its "inputs", in the direction backward
/// runs) to the gradients of the forward op's inputs (its "outputs"), which flow along
/// `next_edges()` to the nodes that produced those inputs. A leaf tensor's edge ends in an
/// AccumulateGrad node that adds into `.grad()`.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ember/tensor.h"

namespace ember::autograd {

using variable_list = std::vector<Tensor>;
using tensor_list = variable_list;

class Node;

/// Where a gradient goes: input `input_nr` of `function`.
struct Edge {
  Edge() = default;
  Edge(std::shared_ptr<Node> fn, uint32_t nr) : function(std::move(fn)), input_nr(nr) {}
  bool is_valid() const { return function != nullptr; }

  std::shared_ptr<Node> function;
  uint32_t input_nr = 0;
};
using edge_list = std::vector<Edge>;

/// What the gradient arriving at one input of a node must look like: the shape and dtype of
/// the forward output it belongs to. The engine sums a broadcast gradient back to this shape
/// and converts its dtype, so formulas need not.
struct InputMetadata {
  std::vector<int64_t> shape;
  ScalarType dtype = ScalarType::Undefined;
  Device device = kCPU;
};

/// A hook on the gradient flowing into one input of a node (a tensor's `register_hook`); it may
/// return a replacement gradient, or an undefined tensor to keep the one it was given.
using GradHook = std::function<Tensor(const Tensor&)>;

class Node : public std::enable_shared_from_this<Node> {
 public:
  explicit Node(edge_list next_edges = {});
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// PyTorch's name for the node: "MulBackward0", "AccumulateGrad", ...
  virtual std::string name() const = 0;
  /// Runs the backward formula: gradients w.r.t. the forward outputs in, gradients w.r.t. the
  /// forward inputs out (one per next edge; undefined where no gradient flows).
  variable_list operator()(variable_list&& grads) { return apply(std::move(grads)); }

  const edge_list& next_edges() const { return next_edges_; }
  const Edge& next_edge(size_t i) const { return next_edges_[i]; }
  size_t num_outputs() const { return next_edges_.size(); }
  size_t num_inputs() const { return input_metadata_.size(); }
  const InputMetadata& input_metadata(size_t i) const { return input_metadata_[i]; }
  /// Order of creation on this thread; backward runs newer nodes first.
  uint64_t sequence_nr() const { return sequence_nr_; }
  /// Whether the forward op's input `i` needs a gradient.
  bool needs_input_grad(size_t i) const {
    return i < next_edges_.size() && next_edges_[i].is_valid();
  }

  // ---- Used while recording and by the engine ------------------------------------------------
  /// Declares forward output `i` (the shape and dtype of its gradient); returns `i`.
  uint32_t add_input_metadata(const Tensor& output);
  void set_next_edges(edge_list edges) { next_edges_ = std::move(edges); }
  /// Hooks on the gradient of forward output `input_nr` (`register_hook` on a non-leaf). A hook
  /// with `runs_last` (retain_grad's) sees the gradient after every other hook changed it.
  void add_grad_hook(unsigned id, uint32_t input_nr, GradHook hook, bool runs_last = false);
  bool remove_grad_hook(unsigned id);
  /// Runs the hooks of every input over `grads`, in registration order.
  void run_grad_hooks(variable_list& grads) const;
  /// Frees saved tensors once backward has used them (unless the graph is retained).
  virtual void release_variables() {}
  /// With anomaly detection on: the forward op that created this node and where it was called.
  const std::string& forward_trace() const { return forward_trace_; }
  void set_forward_trace(std::string trace) { forward_trace_ = std::move(trace); }

 protected:
  virtual variable_list apply(variable_list&& grads) = 0;
  void set_sequence_nr(uint64_t nr) { sequence_nr_ = nr; }

 private:
  struct HookEntry {
    unsigned id;
    uint32_t input_nr;
    GradHook fn;
    bool runs_last;
  };

  edge_list next_edges_;
  std::vector<InputMetadata> input_metadata_;
  std::vector<HookEntry> hooks_;
  uint64_t sequence_nr_;
  std::string forward_trace_;
};

}  // namespace ember::autograd
