#pragma once
// How an op records itself (Note [Op choke point] in ops/op_util.h):
//
//   Tensor exp(const Tensor& self) {
//     autograd::detail::Recorder rec({&self});   // active when grad mode is on and an input
//     Tensor result = ...compute...;             // requires grad; the body runs with grad off
//     if (rec) rec.record("ExpBackward0", result, {result}, [](const FormulaContext& c) {
//       return variable_list{c.grad(0) * c.saved(0)};
//     });
//     return result;
//   }
//
// Formulas are written with Ember ops, so that with create_graph they record in turn and
// gradients can be differentiated again. A formula returns one gradient per recorded input, in
// order (undefined where `needs(i)` is false or no gradient flows); the engine sums broadcast
// gradients back to each input's shape and converts their dtype.
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "autograd/saved_variable.h"
#include "ember/autograd/grad_mode.h"
#include "ember/autograd/node.h"

namespace ember::autograd::detail {

class FormulaNode;

/// What a backward formula sees: the incoming gradients (zeros where none arrived), the saved
/// tensors, and which inputs need a gradient.
class FormulaContext {
 public:
  FormulaContext(const FormulaNode& node, const variable_list& grads)
      : node_(node), grads_(grads) {}
  const Tensor& grad(size_t i) const { return grads_[i]; }
  size_t num_grads() const { return grads_.size(); }
  Tensor saved(size_t i) const;
  bool needs(size_t i) const;

 private:
  const FormulaNode& node_;
  const variable_list& grads_;
};

using Formula = std::function<variable_list(const FormulaContext&)>;

/// A node whose backward is a formula over saved tensors.
class FormulaNode final : public Node {
 public:
  FormulaNode(std::string name, Formula formula)
      : name_(std::move(name)), formula_(std::move(formula)) {}
  std::string name() const override { return name_; }
  void release_variables() override;
  std::vector<SavedVariable> saved;

 protected:
  variable_list apply(variable_list&& grads) override;

 private:
  friend class FormulaContext;
  std::string name_;
  Formula formula_;
};

/// Zeros for the gradients of `node`'s forward outputs that nobody used (undefined in `grads`),
/// for backward code that assumes every output's gradient is there.
void fill_missing_grads(const Node& node, variable_list& grads);

/// True when grad mode is on and one of `inputs` requires grad.
inline bool should_record(std::initializer_list<const Tensor*> inputs) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor* t : inputs) {
    if (t->requires_grad()) return true;
  }
  return false;
}
bool should_record(const std::vector<Tensor>& inputs);

class Recorder {
 public:
  /// Collects the inputs' edges when recording, and turns grad mode off until destroyed (so
  /// that the ops an op's body calls do not record nodes of their own).
  Recorder(std::initializer_list<const Tensor*> inputs);
  explicit Recorder(const std::vector<Tensor>& inputs);
  explicit operator bool() const { return active_; }

  /// Records the node: gradients of `outputs` flow back to the inputs given above. Outputs that
  /// are not floating point (indices, masks) take no history. Tensors in `saved` that are
  /// among `outputs` are saved as outputs (SavedVariable).
  void record(const char* name, const std::vector<Tensor>& outputs,
              const std::vector<Tensor>& saved, Formula formula);
  void record(const char* name, const Tensor& output, const std::vector<Tensor>& saved,
              Formula formula) {
    record(name, std::vector<Tensor>{output}, saved, std::move(formula));
  }

 private:
  bool active_;
  edge_list edges_;
  std::optional<AutoGradMode> no_grad_;
};

/// `self.op_(...)` while recording: checks the write is allowed, computes `out_of_place` on a
/// copy of self (recorded as usual; on self itself when `reads_self` is false, e.g. copy_ and
/// fill_), writes the result into self, and makes it self's history.
Tensor& record_in_place(Tensor& self, const char* op,
                        const std::function<Tensor(const Tensor&)>& out_of_place,
                        bool reads_self = true);

}  // namespace ember::autograd::detail
