#include "ember/optim/lbfgs.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "ember/autograd/grad_mode.h"
#include "ember/error.h"
#include "ember/ops.h"

namespace ember::optim {

// ---- Options and state -----------------------------------------------------------------------

LBFGSOptions::LBFGSOptions(double lr) : lr_(lr) {}

void LBFGSOptions::visit_fields(OptimizerFieldVisitor& v) {
  v.field("lr", lr_);
  v.field("max_iter", max_iter_);
  v.field("max_eval", max_eval_);
  v.field("tolerance_grad", tolerance_grad_);
  v.field("tolerance_change", tolerance_change_);
  v.field("history_size", history_size_);
  v.field("line_search_fn", line_search_fn_);
}

void LBFGSParamState::visit_fields(OptimizerFieldVisitor& v) {
  v.field("func_evals", func_evals_);
  v.field("n_iter", n_iter_);
  v.field("t", t_);
  v.field("prev_loss", prev_loss_);
  v.field("d", d_, /*like_param=*/false);
  v.field("H_diag", H_diag_, /*like_param=*/false);
  v.field("prev_flat_grad", prev_flat_grad_, /*like_param=*/false);
  v.field("old_dirs", old_dirs_);
  v.field("old_stps", old_stps_);
  v.field("ro", ro_);
}

// ---- Line search (PyTorch's _cubic_interpolate and _strong_wolfe) ----------------------------

namespace {

double item(const Tensor& t) {
  return t.item<double>();
}

// Minimiser of the cubic interpolating (x1, f1, g1) and (x2, f2, g2), clamped to the bounds
// (by default the interval between the points); their midpoint when the cubic has none.
double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                         std::optional<std::pair<double, double>> bounds = std::nullopt) {
  double xmin_bound, xmax_bound;
  if (bounds) {
    std::tie(xmin_bound, xmax_bound) = *bounds;
  } else if (x1 <= x2) {
    xmin_bound = x1;
    xmax_bound = x2;
  } else {
    xmin_bound = x2;
    xmax_bound = x1;
  }
  const double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  const double d2_square = d1 * d1 - g1 * g2;
  if (d2_square >= 0) {
    const double d2 = std::sqrt(d2_square);
    double min_pos;
    if (x1 <= x2) {
      min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
    } else {
      min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    }
    return std::min(std::max(min_pos, xmin_bound), xmax_bound);
  }
  return (xmin_bound + xmax_bound) / 2.;
}

using ObjFunc = std::function<std::pair<double, Tensor>(double t)>;

struct LineSearchResult {
  double f;
  Tensor g;
  double t;
  int64_t func_evals;
};

LineSearchResult strong_wolfe(const ObjFunc& obj_func, double t, const Tensor& d, double f,
                              Tensor g, double gtd, double tolerance_change, double c1 = 1e-4,
                              double c2 = 0.9, int64_t max_ls = 25) {
  const double d_norm = item(d.abs().max());
  g = g.clone();
  auto [f_new, g_new] = obj_func(t);
  int64_t ls_func_evals = 1;
  double gtd_new = item(g_new.dot(d));

  double t_prev = 0, f_prev = f, gtd_prev = gtd;
  Tensor g_prev = g;
  bool done = false;
  int64_t ls_iter = 0;
  // Brackets hold one or two points.
  std::vector<double> bracket, bracket_f, bracket_gtd;
  std::vector<Tensor> bracket_g;
  while (ls_iter < max_ls) {
    // Armijo condition failed, or no decrease: the minimum lies between t_prev and t.
    if (f_new > (f + c1 * t * gtd) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket = {t_prev, t};
      bracket_f = {f_prev, f_new};
      bracket_g = {g_prev, g_new.clone()};
      bracket_gtd = {gtd_prev, gtd_new};
      break;
    }
    // Strong Wolfe conditions hold.
    if (std::abs(gtd_new) <= -c2 * gtd) {
      bracket = {t};
      bracket_f = {f_new};
      bracket_g = {g_new};
      done = true;
      break;
    }
    if (gtd_new >= 0) {
      bracket = {t_prev, t};
      bracket_f = {f_prev, f_new};
      bracket_g = {g_prev, g_new.clone()};
      bracket_gtd = {gtd_prev, gtd_new};
      break;
    }
    // Extrapolate.
    const double min_step = t + 0.01 * (t - t_prev);
    const double max_step = t * 10;
    const double tmp = t;
    t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new,
                          std::make_pair(min_step, max_step));
    t_prev = tmp;
    f_prev = f_new;
    g_prev = g_new.clone();
    gtd_prev = gtd_new;
    std::tie(f_new, g_new) = obj_func(t);
    ls_func_evals += 1;
    gtd_new = item(g_new.dot(d));
    ls_iter += 1;
  }
  if (ls_iter == max_ls) {
    bracket = {0, t};
    bracket_f = {f, f_new};
    bracket_g = {g, g_new};
  }

  // Zoom: shrink the bracket until a point satisfies the strong Wolfe conditions.
  bool insuf_progress = false;
  size_t low_pos = 0, high_pos = 0;
  if (bracket_f.front() <= bracket_f.back()) {
    low_pos = 0;
    high_pos = 1;
  } else {
    low_pos = 1;
    high_pos = 0;
  }
  while (!done && ls_iter < max_ls) {
    if (std::abs(bracket[1] - bracket[0]) * d_norm < tolerance_change) break;
    t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1],
                          bracket_gtd[1]);
    const double bmax = std::max(bracket[0], bracket[1]);
    const double bmin = std::min(bracket[0], bracket[1]);
    const double eps = 0.1 * (bmax - bmin);
    if (std::min(bmax - t, t - bmin) < eps) {
      // Interpolation is close to a boundary.
      if (insuf_progress || t >= bmax || t <= bmin) {
        t = std::abs(t - bmax) < std::abs(t - bmin) ? bmax - eps : bmin + eps;
        insuf_progress = false;
      } else {
        insuf_progress = true;
      }
    } else {
      insuf_progress = false;
    }
    std::tie(f_new, g_new) = obj_func(t);
    ls_func_evals += 1;
    gtd_new = item(g_new.dot(d));
    ls_iter += 1;
    if (f_new > (f + c1 * t * gtd) || f_new >= bracket_f[low_pos]) {
      bracket[high_pos] = t;
      bracket_f[high_pos] = f_new;
      bracket_g[high_pos] = g_new.clone();
      bracket_gtd[high_pos] = gtd_new;
      if (bracket_f[0] <= bracket_f[1]) {
        low_pos = 0;
        high_pos = 1;
      } else {
        low_pos = 1;
        high_pos = 0;
      }
    } else {
      if (std::abs(gtd_new) <= -c2 * gtd) {
        done = true;
      } else if (gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0) {
        bracket[high_pos] = bracket[low_pos];
        bracket_f[high_pos] = bracket_f[low_pos];
        bracket_g[high_pos] = bracket_g[low_pos];
        bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      bracket[low_pos] = t;
      bracket_f[low_pos] = f_new;
      bracket_g[low_pos] = g_new.clone();
      bracket_gtd[low_pos] = gtd_new;
    }
  }
  return {bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals};
}

}  // namespace

// ---- LBFGS -----------------------------------------------------------------------------------

LBFGS::LBFGS(const std::vector<OptimizerParamGroup>& param_groups, LBFGSOptions defaults)
    : Optimizer(param_groups, std::make_unique<LBFGSOptions>(defaults)) {
  EMBER_CHECK(param_groups_.size() == 1, "LBFGS",
              "doesn't support per-parameter options (parameter groups): expected 1 group, got ",
              param_groups_.size());
  if (!defaults.max_eval()) {
    const int64_t max_eval = defaults.max_iter() * 5 / 4;
    static_cast<LBFGSOptions&>(param_groups_[0].options()).max_eval(max_eval);
    static_cast<LBFGSOptions&>(*defaults_).max_eval(max_eval);
  }
  check_options(static_cast<LBFGSOptions&>(param_groups_[0].options()));
}

LBFGS::LBFGS(std::vector<Tensor> params, LBFGSOptions defaults)
    : LBFGS(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
            std::move(defaults)) {}

void LBFGS::check_options(const LBFGSOptions& o) const {
  EMBER_CHECK(!o.line_search_fn() || *o.line_search_fn() == "strong_wolfe", "LBFGS",
              "only 'strong_wolfe' is supported as line_search_fn, got '", *o.line_search_fn(),
              "'");
  EMBER_CHECK(o.max_iter() >= 1, "LBFGS", "expected max_iter >= 1, got ", o.max_iter());
  EMBER_CHECK(o.max_eval().value_or(1) >= 1, "LBFGS", "expected max_eval >= 1, got ",
              o.max_eval().value_or(1));
  EMBER_CHECK(o.history_size() >= 1, "LBFGS", "expected history_size >= 1, got ", o.history_size());
  const auto& params = param_groups_[0].params();
  for (const Tensor& p : params) {
    EMBER_CHECK(p.is_floating_point(), "LBFGS", "expected floating-point parameters, got ",
                p.scalar_type());
    EMBER_CHECK(p.scalar_type() == params[0].scalar_type(), "LBFGS",
                "expected every parameter to have one dtype, got ", params[0].scalar_type(),
                " and ", p.scalar_type());
  }
}

int64_t LBFGS::numel() const {
  int64_t n = 0;
  for (const Tensor& p : param_groups_[0].params()) n += p.numel();
  return n;
}

Tensor LBFGS::gather_flat_grad() const {
  std::vector<Tensor> views;
  for (const Tensor& p : param_groups_[0].params()) {
    const Tensor& g = p.grad();
    views.push_back(g.defined() ? g.reshape({-1}) : zeros({p.numel()}, p.options()));
  }
  return cat(views, 0);
}

void LBFGS::add_grad(double step_size, const Tensor& update) {
  int64_t offset = 0;
  for (Tensor& p : param_groups_[0].params()) {
    const int64_t n = p.numel();
    p.add_(update.slice(0, offset, offset + n).view_as(p), step_size);
    offset += n;
  }
}

std::vector<Tensor> LBFGS::clone_params() const {
  std::vector<Tensor> out;
  for (const Tensor& p : param_groups_[0].params()) out.push_back(p.clone());
  return out;
}

void LBFGS::set_params(const std::vector<Tensor>& values) {
  auto& params = param_groups_[0].params();
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(values[i]);
}

std::pair<double, Tensor> LBFGS::directional_evaluate(const LossClosure& closure,
                                                      const std::vector<Tensor>& x, double t,
                                                      const Tensor& d) {
  add_grad(t, d);
  const double loss = item(evaluate_closure(closure));
  Tensor flat_grad = gather_flat_grad();
  set_params(x);
  return {loss, flat_grad};
}

Tensor LBFGS::step(LossClosure closure) {
  EMBER_CHECK(static_cast<bool>(closure), "LBFGS",
              "step() requires a closure that reevaluates the model and returns the loss");
  EMBER_CHECK(param_groups_.size() == 1, "LBFGS", "expected 1 param group, got ",
              param_groups_.size());
  NoGradGuard no_grad;
  auto& group = static_cast<LBFGSOptions&>(param_groups_[0].options());
  check_options(group);
  const double lr = group.lr();
  const int64_t max_iter = group.max_iter();
  const int64_t max_eval = group.max_eval().value_or(max_iter * 5 / 4);
  const double tolerance_grad = group.tolerance_grad();
  const double tolerance_change = group.tolerance_change();
  const bool strong_wolfe_search = group.line_search_fn().has_value();
  const auto history_size = static_cast<size_t>(group.history_size());
  auto& params = param_groups_[0].params();
  EMBER_CHECK(!params.empty(), "LBFGS", "the param group has no parameters");

  auto& state = state_of<LBFGSParamState>(params[0]);

  Tensor orig_loss = evaluate_closure(closure);
  EMBER_CHECK(orig_loss.defined() && orig_loss.numel() == 1, "LBFGS",
              "the closure must return a one-element loss tensor");
  double loss = item(orig_loss);
  int64_t current_evals = 1;
  state.func_evals(state.func_evals() + 1);

  Tensor flat_grad = gather_flat_grad();
  bool opt_cond = item(flat_grad.abs().max()) <= tolerance_grad;
  // Optimal condition: nothing to do.
  if (opt_cond) return orig_loss;

  Tensor d = state.d();
  double t = state.t();
  std::deque<Tensor>& old_dirs = state.old_dirs();
  std::deque<Tensor>& old_stps = state.old_stps();
  std::deque<Tensor>& ro = state.ro();
  double H_diag = state.H_diag().defined() ? item(state.H_diag()) : 1.0;
  Tensor prev_flat_grad = state.prev_flat_grad();
  double prev_loss = state.prev_loss();
  const auto f64 = TensorOptions().dtype(kDouble);

  int64_t n_iter = 0;
  while (n_iter < max_iter) {
    ++n_iter;
    state.n_iter(state.n_iter() + 1);

    // Direction.
    if (state.n_iter() == 1) {
      d = flat_grad.neg();
      old_dirs.clear();
      old_stps.clear();
      ro.clear();
      H_diag = 1;
    } else {
      // Update the memory with the newest curvature pair.
      Tensor y = flat_grad.sub(prev_flat_grad);
      Tensor s = d.mul(t);
      const double ys = item(y.dot(s));
      if (ys > 1e-10) {
        if (old_dirs.size() == history_size) {
          old_dirs.pop_front();
          old_stps.pop_front();
          ro.pop_front();
        }
        old_dirs.push_back(y);
        old_stps.push_back(s);
        ro.push_back(scalar_tensor(1. / ys, f64));
        H_diag = ys / item(y.dot(y));
      }
      // Two-loop recursion for the approximate inverse Hessian times the gradient.
      const size_t num_old = old_dirs.size();
      std::vector<double> al(num_old);
      Tensor q = flat_grad.neg();
      for (size_t k = num_old; k-- > 0;) {
        al[k] = item(old_stps[k].dot(q)) * item(ro[k]);
        q.add_(old_dirs[k], -al[k]);
      }
      d = q.mul(H_diag);
      Tensor& r = d;
      for (size_t k = 0; k < num_old; ++k) {
        const double be_i = item(old_dirs[k].dot(r)) * item(ro[k]);
        r.add_(old_stps[k], al[k] - be_i);
      }
    }

    if (!prev_flat_grad.defined()) {
      prev_flat_grad = flat_grad.clone();
    } else {
      prev_flat_grad.copy_(flat_grad);
    }
    prev_loss = loss;

    // Step length.
    if (state.n_iter() == 1) {
      t = std::min(1., 1. / item(flat_grad.abs().sum())) * lr;
    } else {
      t = lr;
    }

    // Directional derivative; stop when it is (numerically) not a descent direction.
    const double gtd = item(flat_grad.dot(d));
    if (gtd > -tolerance_change) break;

    int64_t ls_func_evals = 0;
    if (strong_wolfe_search) {
      const std::vector<Tensor> x_init = clone_params();
      ObjFunc obj_func = [&](double step) {
        return directional_evaluate(closure, x_init, step, d);
      };
      LineSearchResult r = strong_wolfe(obj_func, t, d, loss, flat_grad, gtd, tolerance_change);
      loss = r.f;
      flat_grad = r.g;
      t = r.t;
      ls_func_evals = r.func_evals;
      add_grad(t, d);
      opt_cond = item(flat_grad.abs().max()) <= tolerance_grad;
    } else {
      // Fixed step; reevaluate unless this is the last iteration.
      add_grad(t, d);
      if (n_iter != max_iter) {
        loss = item(evaluate_closure(closure));
        flat_grad = gather_flat_grad();
        opt_cond = item(flat_grad.abs().max()) <= tolerance_grad;
        ls_func_evals = 1;
      }
    }
    current_evals += ls_func_evals;
    state.func_evals(state.func_evals() + ls_func_evals);

    // Termination checks.
    if (n_iter == max_iter) break;
    if (current_evals >= max_eval) break;
    if (opt_cond) break;
    if (item(d.mul(t).abs().max()) <= tolerance_change) break;
    if (std::abs(loss - prev_loss) < tolerance_change) break;
  }

  state.d(d);
  state.t(t);
  state.H_diag(scalar_tensor(H_diag, f64));
  state.prev_flat_grad(prev_flat_grad);
  state.prev_loss(prev_loss);
  return orig_loss;
}

}  // namespace ember::optim
