#pragma once
/// L-BFGS (libtorch's torch::optim::LBFGS; PyTorch's algorithm, after minFunc), with an optional
/// strong-Wolfe line search.
///
///     ember::optim::LBFGS opt({x}, ember::optim::LBFGSOptions(1).line_search_fn("strong_wolfe"));
///     auto closure = [&] {
///       opt.zero_grad();
///       ember::Tensor loss = f(x);
///       loss.backward();
///       return loss;
///     };
///     for (int i = 0; i < 10; ++i) opt.step(closure);
///
/// Every parameter must share one dtype and device; the scalars of the algorithm (step length,
/// curvature products) are kept in double, which is what PyTorch computes for float64
/// parameters (for float32 ones PyTorch keeps them in float32, so results can differ by
/// float32 roundings).
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct LBFGSOptions : public OptimizerCloneableOptions<LBFGSOptions> {
  LBFGSOptions(double lr = 1);  // NOLINT: implicit, as libtorch
  EMBER_ARG(double, lr) = 1;
  /// Maximal number of iterations per step().
  EMBER_ARG(int64_t, max_iter) = 20;
  /// Maximal number of function evaluations per step(); max_iter * 5 / 4 when not given.
  EMBER_ARG(std::optional<int64_t>, max_eval) = std::nullopt;
  /// Termination tolerance on first-order optimality (max |grad|).
  EMBER_ARG(double, tolerance_grad) = 1e-7;
  /// Termination tolerance on function value / parameter changes.
  EMBER_ARG(double, tolerance_change) = 1e-9;
  /// Number of (s, y) pairs kept.
  EMBER_ARG(int64_t, history_size) = 100;
  /// std::nullopt (fixed step lr) or "strong_wolfe".
  EMBER_ARG(std::optional<std::string>, line_search_fn) = std::nullopt;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double v) override { lr(v); }
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

/// LBFGS's state, kept for the first parameter (PyTorch's `state[params[0]]`): keys
/// `state.0.func_evals`, `n_iter`, `t`, `prev_loss`, `d`, `H_diag`, `prev_flat_grad`,
/// `old_dirs.<k>`, `old_stps.<k>`, `ro.<k>` (PyTorch's scratch list `al` is not kept).
struct LBFGSParamState : public OptimizerCloneableParamState<LBFGSParamState> {
  EMBER_ARG(int64_t, func_evals) = 0;
  EMBER_ARG(int64_t, n_iter) = 0;
  /// The last step length.
  EMBER_ARG(double, t) = 0;
  EMBER_ARG(double, prev_loss) = 0;
  /// The last search direction (flat, all parameters).
  EMBER_ARG(Tensor, d);
  /// The initial Hessian scaling y's / y'y (0-d float64).
  EMBER_ARG(Tensor, H_diag);
  EMBER_ARG(Tensor, prev_flat_grad);
  /// Curvature pairs y (old_dirs) and s (old_stps), and 1 / y's (0-d float64 each).
  EMBER_ARG(std::deque<Tensor>, old_dirs);
  EMBER_ARG(std::deque<Tensor>, old_stps);
  EMBER_ARG(std::deque<Tensor>, ro);

 public:
  void visit_fields(OptimizerFieldVisitor& visitor) override;
};

/// L-BFGS over one param group. step(closure) requires the closure (it reevaluates the loss,
/// up to max_eval times) and returns the loss of its first evaluation. Raises for more than one
/// param group, an unknown line_search_fn, max_iter / max_eval / history_size < 1, or a step
/// without a closure.
class LBFGS : public Optimizer {
 public:
  explicit LBFGS(const std::vector<OptimizerParamGroup>& param_groups, LBFGSOptions defaults = {});
  explicit LBFGS(std::vector<Tensor> params, LBFGSOptions defaults = {});
  Tensor step(LossClosure closure = nullptr) override;
  const char* name() const override { return "LBFGS"; }

 protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<LBFGSParamState>();
  }

 private:
  void check_options(const LBFGSOptions& o) const;
  int64_t numel() const;
  Tensor gather_flat_grad() const;
  void add_grad(double step_size, const Tensor& update);
  std::vector<Tensor> clone_params() const;
  void set_params(const std::vector<Tensor>& values);
  /// Loss and flat gradient at x + t d; the parameters are restored to x afterwards.
  std::pair<double, Tensor> directional_evaluate(const LossClosure& closure,
                                                 const std::vector<Tensor>& x, double t,
                                                 const Tensor& d);
};

}  // namespace ember::optim
