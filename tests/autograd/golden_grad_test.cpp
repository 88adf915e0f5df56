// Gradients of composite expressions against PyTorch (tests/reference/families/autograd.py, whose
// header documents the case format). Each fixture case names an expression id ("op"); the table
// below holds the same expression in C++. Every case runs twice: through `out.backward()` and the
// inputs' `.grad()`, and through `autograd::grad` (which must leave `.grad()` alone).
#include <gtest/gtest.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "ember/ember.h"
#include "support/golden.h"

namespace ember {
namespace {

using testing::Json;
using Inputs = std::vector<Tensor>;
using Expr = std::function<Tensor(const Inputs&, const Json&)>;

// ---- Case arguments ----------------------------------------------------------------------------

Tensor tensor_arg(const Json& args, const char* name) {
  return testing::tensor_from_json(args.at(name));
}
std::vector<int64_t> ints_arg(const Json& args, const char* name) {
  return args.at(name).get<std::vector<int64_t>>();
}
int64_t int_arg(const Json& args, const char* name) {
  return args.at(name).get<int64_t>();
}
double double_arg(const Json& args, const char* name) {
  return args.at(name).get<double>();
}
bool bool_arg(const Json& args, const char* name) {
  return args.at(name).get<bool>();
}
std::string string_arg(const Json& args, const char* name) {
  return args.at(name).get<std::string>();
}
Scalar scalar_arg(const Json& args, const char* name) {
  const Json& v = args.at(name);
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}
std::optional<Scalar> optional_scalar_arg(const Json& args, const char* name) {
  if (!args.contains(name)) return std::nullopt;
  return scalar_arg(args, name);
}

// ---- Helpers the expressions use ---------------------------------------------------------------

/// k * x * exp(x) with a hand-written backward: x is saved for backward, k in saved_data.
struct ScaledXExpX : public autograd::Function<ScaledXExpX> {
  static Tensor forward(autograd::AutogradContext* ctx, Tensor x, double k) {
    ctx->saved_data["k"] = k;
    ctx->save_for_backward({x});
    return x * x.exp() * k;
  }
  static autograd::variable_list backward(autograd::AutogradContext* ctx,
                                          autograd::variable_list grad_outputs) {
    const Tensor x = ctx->get_saved_variables()[0];
    const double k = ctx->saved_data["k"].toDouble();
    return {grad_outputs[0] * (x + 1) * x.exp() * k, Tensor()};
  }
};

/// The tensor hooks the fixtures name. "observe" returns an undefined tensor, which (as in
/// libtorch, and as a Python hook returning None) leaves the gradient unchanged.
std::function<Tensor(Tensor)> hook_named(const std::string& name) {
  if (name == "double") return [](Tensor g) { return g * 2; };
  if (name == "add_one") return [](Tensor g) { return g + 1; };
  if (name == "observe") return [](Tensor) { return Tensor(); };
  throw std::runtime_error("unknown hook in fixture: " + name);
}

// ---- The expressions ---------------------------------------------------------------------------

/// An expression and the order of the derivative its cases check: 1, or 2 for the "second_" ids
/// (the gradient of the sum of all first-order gradients, taken with create_graph).
struct Fn {
  int order;
  Expr expr;
};
Fn first(Expr e) {
  return {1, std::move(e)};
}
Fn second(Expr e) {
  return {2, std::move(e)};
}

const std::map<std::string, Fn>& expressions() {
  static const std::map<std::string, Fn> table = {
      // Elementwise chains.
      {"mul_add_exp_sum", first([](auto& x, auto&) { return (x[0] * x[1] + x[2]).exp().sum(); })},
      {"div_log1p_mean", first([](auto& x, auto&) { return (x[0] / x[1]).log1p().mean(); })},
      {"pow_tensor_mul", first([](auto& x, auto&) { return x[0].pow(x[1]).mul(x[0]); })},
      {"pow_scalar",
       first([](auto& x, auto& a) { return (x[0] * 2).pow(scalar_arg(a, "exponent")); })},
      {"atan2", first([](auto& x, auto&) { return ember::atan2(x[0] * 2, x[1]); })},
      {"unary_mix", first([](auto& x, auto&) {
         const Tensor &p = x[0], &q = x[1], &r = x[2];
         return (p.tanh() * q.sigmoid() + (p.sin() - q.cos()).abs() + r.sqrt() * r.rsqrt().sin())
             .sum();
       })},
      {"where_mul_exp",
       first([](auto& x, auto&) { return ember::where(x[0] > 0, x[0] * x[1], x[1].exp()); })},
      {"clamp_at_bounds", first([](auto& x, auto& a) {
         return x[0].clamp(optional_scalar_arg(a, "min"), optional_scalar_arg(a, "max")) * x[1];
       })},
      {"abs_at_zero", first([](auto& x, auto&) { return (x[0].abs() * x[1]).sum(); })},
      {"maximum_minimum_ties", first([](auto& x, auto&) {
         return ember::maximum(x[0], x[1]) + 3 * ember::minimum(x[0], x[1]);
       })},
      {"clamp_min_at_zero", first([](auto& x, auto&) { return x[0].clamp_min(0) * x[1]; })},
      {"relu_at_zero", first([](auto& x, auto&) { return x[0].relu() * x[1]; })},
      {"leaky_relu_at_zero", first([](auto& x, auto&) {
         return nn::functional::leaky_relu(
                    x[0], nn::functional::LeakyReLUFuncOptions().negative_slope(0.1)) *
                x[1];
       })},
      {"prelu_at_zero",
       first([](auto& x, auto&) { return nn::functional::prelu(x[0], x[1]) * x[2]; })},
      {"hardtanh_at_bounds", first([](auto& x, auto&) {
         return nn::functional::hardtanh(
                    x[0], nn::functional::HardtanhFuncOptions().min_val(-1.0).max_val(1.0)) *
                x[1];
       })},
      {"relu6_at_bounds", first([](auto& x, auto&) { return nn::functional::relu6(x[0]) * x[1]; })},

      // Reductions.
      {"sum_dim_square", first([](auto& x, auto& a) {
         return x[0].sum(ints_arg(a, "dims"), bool_arg(a, "keepdim")).square();
       })},
      {"mean_dims_exp", first([](auto& x, auto& a) {
         return x[0].mean(ints_arg(a, "dims"), bool_arg(a, "keepdim")).exp();
       })},
      {"max_min_all_ties", first([](auto& x, auto&) { return x[0].max() * 2 + x[0].min(); })},
      {"max_min_dim_ties", first([](auto& x, auto& a) {
         const int64_t dim = int_arg(a, "dim");
         const bool keepdim = bool_arg(a, "keepdim");
         return string_arg(a, "which") == "max" ? std::get<0>(x[0].max(dim, keepdim))
                                                : std::get<0>(x[0].min(dim, keepdim));
       })},
      {"amax_amin_ties", first([](auto& x, auto& a) {
         const auto dims = ints_arg(a, "dims");
         const bool keepdim = bool_arg(a, "keepdim");
         return string_arg(a, "which") == "amax" ? x[0].amax(dims, keepdim)
                                                 : x[0].amin(dims, keepdim);
       })},
      {"prod_with_zeros", first([](auto& x, auto& a) {
         if (a.contains("dim")) return x[0].prod(int_arg(a, "dim"), bool_arg(a, "keepdim"));
         return x[0].prod();
       })},
      {"var_dims", first([](auto& x, auto& a) {
         const auto dims = ints_arg(a, "dims");
         return x[0].var(std::optional<IntArrayRef>(dims),
                         std::optional<Scalar>(scalar_arg(a, "correction")),
                         bool_arg(a, "keepdim"));
       })},
      {"std_mixed", first([](auto& x, auto&) {
         const std::vector<int64_t> dim1 = {1};
         return x[0].std() +
                x[0].std(std::optional<IntArrayRef>(dim1), std::optional<Scalar>(0), false).sum();
       })},
      {"norm", first([](auto& x, auto& a) {
         const Scalar p = scalar_arg(a, "p");
         if (!a.contains("dims")) return x[0].norm(p);
         return x[0].norm(std::optional<Scalar>(p), ints_arg(a, "dims"), bool_arg(a, "keepdim"));
       })},
      {"logsumexp", first([](auto& x, auto& a) {
         return x[0].logsumexp(ints_arg(a, "dims"), bool_arg(a, "keepdim"));
       })},
      {"cumsum", first([](auto& x, auto& a) { return x[0].cumsum(int_arg(a, "dim")); })},
      {"cumprod", first([](auto& x, auto& a) { return x[0].cumprod(int_arg(a, "dim")); })},
      {"sort_values", first([](auto& x, auto& a) {
         return std::get<0>(x[0].sort(int_arg(a, "dim"), bool_arg(a, "descending")));
       })},
      {"topk_values", first([](auto& x, auto& a) {
         return std::get<0>(x[0].topk(int_arg(a, "k"), int_arg(a, "dim"), bool_arg(a, "largest")));
       })},

      // Views and in-place ops.
      {"view_reshape_expand", first([](auto& x, auto&) {
         return x[0]
             .contiguous()
             .view({3, 4})
             .t()
             .reshape({2, 6})
             .unsqueeze(1)
             .expand({2, 3, 6})
             .narrow(2, 1, 4)
             .flatten(1);
       })},
      {"permute_select_diagonal", first([](auto& x, auto&) {
         const Tensor y = x[0].permute({2, 0, 1});
         return y.select(0, 1).diagonal(1).unsqueeze(0) + y.diagonal(0, 1, 2);
       })},
      {"unfold_slice_squeeze", first([](auto& x, auto&) {
         return x[0].unfold(1, 3, 2).slice(0, 0, 4, 2).unsqueeze(2).squeeze(2).transpose(0, 2);
       })},
      {"inplace_mul_nonleaf", first([](auto& x, auto&) {
         Tensor y = x[0] * 1;
         y.mul_(x[1]);
         y.add_(x[2]);
         return (y * y).sum();
       })},
      {"inplace_on_view_of_nonleaf", first([](auto& x, auto&) {
         Tensor y = x[0].clone();
         y[0].mul_(2);
         y.select(0, -1).mul_(x[1]);
         return (y * y).sum();
       })},
      {"inplace_select_add_exp", first([](auto& x, auto&) {
         Tensor y = x[0] * 2;
         y.select(1, 0).add_(x[1]);
         return y.exp().sum();
       })},
      {"inplace_t_add_mul", first([](auto& x, auto&) {
         Tensor y = x[0].clone();
         Tensor yt = y.t();
         yt.add_(1);
         yt.mul_(x[1]);
         return (y * y).sum();
       })},

      // Indexing (index and mask tensors are args, not differentiated).
      {"index_tensor", first([](auto& x, auto& a) {
         const Tensor index = tensor_arg(a, "index");
         if (bool_arg(a, "on_dim1")) return x[0].index({indexing::Slice(), index}) * 2;
         return x[0].index({index}) * 2;
       })},
      {"index_select_exp", first([](auto& x, auto& a) {
         return x[0].index_select(int_arg(a, "dim"), tensor_arg(a, "index")).exp();
       })},
      {"gather", first([](auto& x, auto& a) {
         return x[0].gather(int_arg(a, "dim"), tensor_arg(a, "index"));
       })},
      {"scatter_add", first([](auto& x, auto& a) {
         return x[0].scatter_add(int_arg(a, "dim"), tensor_arg(a, "index"), x[1]);
       })},
      {"masked_fill",
       first([](auto& x, auto& a) { return (x[0] * 2).masked_fill(tensor_arg(a, "mask"), 0.5); })},

      // Linear algebra.
      {"mm", first([](auto& x, auto&) { return x[0].mm(x[1]); })},
      {"matmul_broadcast", first([](auto& x, auto&) { return x[0].matmul(x[1]); })},
      {"bmm", first([](auto& x, auto&) { return x[0].bmm(x[1]); })},
      {"addmm", first([](auto& x, auto& a) {
         return x[0].addmm(x[1], x[2], scalar_arg(a, "beta"), scalar_arg(a, "alpha"));
       })},
      {"mv_tanh", first([](auto& x, auto&) { return x[0].mv(x[1]).tanh(); })},
      {"dot_sin", first([](auto& x, auto&) { return (x[0] * 0.5).dot(x[1].sin()); })},
      {"einsum", first([](auto& x, auto& a) {
         return ember::einsum(string_arg(a, "equation"), TensorList(x));
       })},
      {"outer", first([](auto& x, auto&) { return x[0].outer(x[1]) * 2; })},

      // Joining and splitting.
      {"cat", first([](auto& x, auto& a) {
         return ember::cat({x[0], x[1].exp(), x[0]}, int_arg(a, "dim"));
       })},
      {"stack", first([](auto& x, auto& a) {
         return ember::stack({x[0], x[1] * 2, x[0]}, int_arg(a, "dim"));
       })},
      {"split_recombine", first([](auto& x, auto& a) {
         const std::vector<Tensor> parts = x[0].split(int_arg(a, "size"), int_arg(a, "dim"));
         Tensor total;
         for (size_t i = 0; i < parts.size(); ++i) {
           Tensor term = (parts[i] * static_cast<int64_t>(i + 1)).square().sum();
           total = total.defined() ? total + term : term;
         }
         return total;
       })},
      {"chunk_recombine", first([](auto& x, auto& a) {
         const int64_t dim = int_arg(a, "dim");
         const std::vector<Tensor> parts = x[0].chunk(int_arg(a, "chunks"), dim);
         std::vector<Tensor> reversed;
         for (size_t i = parts.size(); i-- > 0;) {
           reversed.push_back(parts[i] * static_cast<int64_t>(i + 1));
         }
         return ember::cat(reversed, dim);
       })},
      {"constant_pad_nd", first([](auto& x, auto& a) {
         return ember::constant_pad_nd(x[0].exp(), ints_arg(a, "pad"), scalar_arg(a, "value"));
       })},

      // Hooks on an intermediate (run in registration order).
      {"hook_intermediate", first([](auto& x, auto& a) {
         Tensor y = x[0] * x[1];
         for (const Json& h : a.at("hooks")) y.register_hook(hook_named(h.get<std::string>()));
         return (y * y).sum();
       })},

      // No-grad regions: c and x[0].detach() are constants.
      {"detach_no_grad", first([](auto& x, auto&) {
         Tensor c;
         {
           NoGradGuard no_grad;
           c = x[0] * x[1];
         }
         return (x[0] * x[0].detach().exp() + c * x[1]).sum();
       })},

      // Custom function composed with ops.
      {"custom_x_exp_x", first([](auto& x, auto& a) {
         return (ScaledXExpX::apply(x[0] * x[1], double_arg(a, "k")) + x[0]).sin().sum();
       })},

      // Second derivatives.
      {"second_exp_mul", second([](auto& x, auto&) { return (x[0] * x[1]).exp().sum(); })},
      {"second_pow3", second([](auto& x, auto&) { return x[0].pow(3).sum(); })},
      {"second_mm_tanh", second([](auto& x, auto&) { return x[0].mm(x[1]).tanh().sum(); })},
      {"second_sigmoid", second([](auto& x, auto&) { return x[0].sigmoid().sum(); })},
      {"second_log_softmax",
       second([](auto& x, auto&) { return x[0] - x[0].logsumexp({1}, true); })},
  };
  return table;
}

// ---- Running a case ----------------------------------------------------------------------------

enum class Path { kBackward, kGrad };

/// d(loss)/d(input) for each input of case `c` (the loss as the fixture header defines it).
std::vector<Tensor> gradients(const Fn& fn, const Json& c, Path path) {
  Inputs inputs = testing::tensors_from_json(c.at("inputs"));
  for (Tensor& t : inputs) {
    // Inputs may be views (transposed, strided, expanded) of a base that does not require grad;
    // requires_grad_ makes each a leaf all the same, as in PyTorch.
    t.requires_grad_();
    EXPECT_TRUE(t.is_leaf());
  }
  const Json& args = c.at("args");
  std::vector<Tensor> grad_outputs;
  if (args.contains("grad_output")) grad_outputs.push_back(tensor_arg(args, "grad_output"));

  Tensor out = fn.expr(inputs, args);
  if (fn.order == 2) {
    const std::vector<Tensor> first_order =
        autograd::grad({out}, inputs, grad_outputs, std::nullopt, /*create_graph=*/true);
    Tensor total;
    for (const Tensor& g : first_order) total = total.defined() ? total + g.sum() : g.sum();
    out = total;
    grad_outputs.clear();
  }

  if (path == Path::kGrad) {
    std::vector<Tensor> grads = autograd::grad({out}, inputs, grad_outputs);
    for (const Tensor& t : inputs) {
      EXPECT_FALSE(t.grad().defined()) << "autograd::grad accumulated into .grad()";
    }
    return grads;
  }
  if (grad_outputs.empty()) {
    out.backward();
  } else {
    out.backward(grad_outputs[0]);
  }
  std::vector<Tensor> grads;
  for (const Tensor& t : inputs) grads.push_back(t.grad());
  return grads;
}

// The default bound (Note [Golden tolerances]): the expressions are short composites, within 4
// ulps, or 4 eps of a gradient's largest value where paths cancel; no case needs a wider one.
TEST(AutogradGolden, MatchesPyTorch) {
  const Json& cases = testing::fixture("autograd");
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    const std::string op = c.at("op");
    SCOPED_TRACE(op + " / " + c.at("name").get<std::string>());
    const auto it = expressions().find(op);
    if (it == expressions().end()) {
      ADD_FAILURE() << "fixture expression \"" << op << "\" has no C++ counterpart";
      continue;
    }
    const Json& expected = c.at("expected");
    for (const Path path : {Path::kBackward, Path::kGrad}) {
      SCOPED_TRACE(path == Path::kBackward ? "via backward()" : "via autograd::grad");
      std::vector<Tensor> grads;
      try {
        grads = gradients(it->second, c, path);
      } catch (const std::exception& e) {
        ADD_FAILURE() << "raised: " << e.what();
        continue;
      }
      if (grads.size() != expected.size()) {
        ADD_FAILURE() << grads.size() << " gradients, expected " << expected.size();
        continue;
      }
      for (size_t i = 0; i < grads.size(); ++i) {
        SCOPED_TRACE("gradient of input " + std::to_string(i));
        EXPECT_MATCHES_GOLDEN(grads[i], expected[i]);
      }
    }
  }
}

// The table and the fixtures cannot drift apart: every expression has cases (and, above, every
// case has an expression).
TEST(AutogradGolden, EveryExpressionHasCases) {
  for (const auto& [op, fn] : expressions()) {
    EXPECT_FALSE(testing::cases_for("autograd", op).empty()) << op << " has no fixture case";
  }
}

}  // namespace
}  // namespace ember
