// Gradient cases of the fused neural-network ops: softmax family, nll_loss (alone and as
// cross_entropy's composite), activations (inputs kept away from kinks, where finite
// differences are meaningless), normalisations.
#include <gtest/gtest.h>

#include "autograd/grad_cases.h"
#include "ember/ops/nn_ops.h"

namespace ember::testing {
namespace {

void softmax_cases(GradCaseList& c) {
  for (const char* op : {"softmax", "log_softmax"}) {
    const bool log = std::string(op) == "log_softmax";
    auto f = [log](int64_t dim) {
      return
          [log, dim](const Inputs& x) { return log ? log_softmax(x[0], dim) : softmax(x[0], dim); };
    };
    c.push_back({op, "2-d last dim", {rnd({3, 5}, -2, 2)}, f(1)});
    c.push_back({op, "3-d middle dim", {rnd({2, 4, 3}, -2, 2)}, f(1)});
    c.push_back({op, "negative dim 0", {rnd({3, 2}, -2, 2)}, f(-2)});
    c.push_back({op, "0-d", {rnd({})}, f(0)});
    c.push_back({op, "empty", {rnd({0, 3})}, f(1)});
    c.push_back({op, "dtype argument", {rnd({2, 3})}, [log](const Inputs& x) {
                   return log ? log_softmax(x[0], 1, kDouble) : softmax(x[0], 1, kDouble);
                 }});
  }
}

void loss_cases(GradCaseList& c) {
  c.push_back({"nll_loss", "2-d mean", {rnd({4, 3})}, [](const Inputs& x) {
                 return nll_loss(x[0], idx({0, 2, 1, 2}));
               }});
  c.push_back({"nll_loss", "2-d weight ignore sum", {rnd({4, 3})}, [](const Inputs& x) {
                 return nll_loss(x[0], idx({0, 2, 1, 2}), tensor({0.5, 2.0, 1.5}, kDouble),
                                 Reduction::Sum, 1);
               }});
  c.push_back({"nll_loss", "weighted mean", {rnd({4, 3})}, [](const Inputs& x) {
                 return nll_loss(x[0], idx({0, 2, 1, 2}), tensor({0.5, 2.0, 1.5}, kDouble));
               }});
  c.push_back(
      {"nll_loss", "4-d none", {rnd({2, 3, 2, 2})}, [](const Inputs& x) {
         return nll_loss(x[0], idx({0, 1, 2, 1, 2, 2, 0, 0}).view({2, 2, 2}), {}, Reduction::None);
       }});
  c.push_back({"nll_loss", "1-d", {rnd({3})}, [](const Inputs& x) {
                 return nll_loss(x[0], idx({1}).view(IntArrayRef{}));
               }});
  c.push_back({"nll_loss", "cross_entropy composite", {rnd({4, 5}, -2, 2)}, [](const Inputs& x) {
                 return nll_loss(log_softmax(x[0], 1), idx({0, 4, 1, 2}));
               }});
}

void activation_cases(GradCaseList& c) {
  auto add = [&c](const char* op, std::function<Tensor(const Tensor&)> f, double lo = -2,
                  double hi = 2) {
    c.push_back({op, "2x5", {rnd({2, 5}, lo, hi)}, [f](const Inputs& x) { return f(x[0]); }});
    c.push_back({op, "0-d", {rnd({}, lo, hi)}, [f](const Inputs& x) { return f(x[0]); }});
  };
  add("relu", [](const Tensor& x) { return relu(x); });
  add("relu", [](const Tensor& x) {
    Tensor y = x * 1.0;
    return relu_(y);
  });
  add("leaky_relu", [](const Tensor& x) { return leaky_relu(x, 0.2); });
  add("gelu", [](const Tensor& x) { return gelu(x); });
  add("gelu", [](const Tensor& x) { return gelu(x, "tanh"); });
  add("silu", [](const Tensor& x) { return silu(x); });
  add("elu", [](const Tensor& x) { return elu(x, 0.7, 1.2, 0.9); });
  add("hardtanh", [](const Tensor& x) { return hardtanh(x, -0.5, 1.0); });
  add("softplus", [](const Tensor& x) { return softplus(x); });
  add("softplus", [](const Tensor& x) { return softplus(x, 2.0, 1.0); });
  add(
      "hardsigmoid", [](const Tensor& x) { return hardsigmoid(x); }, -4, 4);
  add(
      "hardswish", [](const Tensor& x) { return hardswish(x); }, -4, 4);
  add("mish", [](const Tensor& x) { return mish(x); });
}

void norm_cases(GradCaseList& c) {
  c.push_back({"layer_norm", "affine", {rnd({3, 4}), rnd({4}), rnd({4})}, [](const Inputs& x) {
                 return layer_norm(x[0], {4}, x[1], x[2]);
               }});
  c.push_back({"layer_norm", "2 normalized dims", {rnd({2, 2, 3})}, [](const Inputs& x) {
                 return layer_norm(x[0], {2, 3});
               }});
  c.push_back({"native_layer_norm", "weight only", {rnd({3, 4}), rnd({4})}, [](const Inputs& x) {
                 return std::get<0>(native_layer_norm(x[0], {4}, x[1], {}, 1e-5));
               }});
  c.push_back(
      {"batch_norm", "training 3-d", {rnd({3, 2, 2}), rnd({2}), rnd({2})}, [](const Inputs& x) {
         return batch_norm(x[0], x[1], x[2], zeros({2}, kDouble), ones({2}, kDouble), true, 0.1,
                           1e-5);
       }});
  c.push_back({"batch_norm", "training 2-d no affine", {rnd({4, 3})}, [](const Inputs& x) {
                 return batch_norm(x[0], {}, {}, {}, {}, true, 0.1, 1e-5);
               }});
  c.push_back(
      {"batch_norm", "eval 4-d", {rnd({2, 2, 2, 2}), rnd({2}), rnd({2})}, [](const Inputs& x) {
         return batch_norm(x[0], x[1], x[2], tensor({0.1, -0.2}, kDouble),
                           tensor({0.5, 2.0}, kDouble), false, 0.1, 1e-5);
       }});
  c.push_back(
      {"native_batch_norm", "training", {rnd({3, 2}), rnd({2}), rnd({2})}, [](const Inputs& x) {
         return std::get<0>(native_batch_norm(x[0], x[1], x[2], {}, {}, true, 0.1, 1e-5));
       }});
  c.push_back({"group_norm", "affine", {rnd({2, 4, 3}), rnd({4}), rnd({4})}, [](const Inputs& x) {
                 return group_norm(x[0], 2, x[1], x[2]);
               }});
}

}  // namespace

EMBER_GRAD_CASES(nn_ops) {
  GradCaseList c;
  softmax_cases(c);
  loss_cases(c);
  activation_cases(c);
  norm_cases(c);
  return c;
}

}  // namespace ember::testing
