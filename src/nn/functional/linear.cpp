#include "ember/nn/functional/linear.h"

#include "ember/autograd/function.h"
#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {
namespace {

// y = x·Wᵀ + b for 2-d x, with the backward written for the (out, in) weight layout: the
// weight gradient gᵀ·x is produced in place of W's layout, instead of flowing back through the
// transposed view and being copied on accumulation (what addmm(b, x, W.t()) alone would do).
// The backward is made of ops, so it differentiates again.
struct Linear2d : autograd::Function<Linear2d> {
  static Tensor forward(autograd::AutogradContext* ctx, const Tensor& input, const Tensor& weight,
                        const Tensor& bias) {
    ctx->save_for_backward({input, weight});
    return bias.defined() ? ember::addmm(bias, input, weight.t()) : input.mm(weight.t());
  }
  static autograd::variable_list backward(autograd::AutogradContext* ctx,
                                          autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const Tensor& g = grads[0];
    Tensor grad_input = ctx->needs_input_grad(0) ? g.mm(saved[1]) : Tensor();
    Tensor grad_weight = ctx->needs_input_grad(1) ? g.t().mm(saved[0]) : Tensor();
    Tensor grad_bias = ctx->needs_input_grad(2) ? g.sum(0) : Tensor();
    return {grad_input, grad_weight, grad_bias};
  }
};

}  // namespace

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  EMBER_CHECK(input.defined() && weight.defined(), "linear", "expected defined input and weight");
  EMBER_CHECK(weight.dim() == 2, "linear",
              "expected a 2-d weight (out_features, in_features), got ", weight.sizes());
  EMBER_CHECK(input.dim() >= 1, "linear", "expected an input with at least 1 dimension, got ",
              input.sizes());
  // As PyTorch's matmul of the input's rows with weight.t() reports it.
  int64_t rows = 1;
  for (int64_t d = 0; d + 1 < input.dim(); ++d) rows *= input.size(d);
  EMBER_CHECK(input.size(-1) == weight.size(1), "linear",
              "mat1 and mat2 shapes cannot be multiplied (", rows, "x", input.size(-1), " and ",
              weight.size(1), "x", weight.size(0), "): expected input with last dimension ",
              weight.size(1), " (in_features), got input ", input.sizes());
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == weight.size(0)), "linear",
              "expected bias of shape [", weight.size(0), "], got ", bias.sizes());
  if (input.dim() == 2) return Linear2d::apply(input, weight, bias);
  Tensor out = input.matmul(weight.t());
  return bias.defined() ? out.add(bias) : out;
}

Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const Tensor& bias) {
  EMBER_CHECK(weight.dim() == 3, "bilinear",
              "expected a 3-d weight (out_features, in1_features, in2_features), got ",
              weight.sizes());
  const int64_t out = weight.size(0), in1 = weight.size(1), in2 = weight.size(2);
  EMBER_CHECK(input1.dim() >= 1 && input1.size(-1) == in1, "bilinear",
              "bilinear(): input1 size does not match weight size: got ",
              input1.dim() >= 1 ? input1.size(-1) : 0, " but expected ", in1, " (input1 of size ",
              input1.sizes(), ")");
  EMBER_CHECK(input2.dim() >= 1 && input2.size(-1) == in2, "bilinear",
              "bilinear(): input2 size does not match weight size: got ",
              input2.dim() >= 1 ? input2.size(-1) : 0, " but expected ", in2, " (input2 of size ",
              input2.sizes(), ")");
  EMBER_CHECK(
      input1.sizes().slice(0, input1.dim() - 1) == input2.sizes().slice(0, input2.dim() - 1),
      "bilinear", "expected inputs with the same leading dimensions, got ", input1.sizes(), " and ",
      input2.sizes());
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == out), "bilinear",
              "expected bias of shape [", out, "], got ", bias.sizes());
  // y[b, o] = Σ_ij x1[b, i] A[o, i, j] x2[b, j]: one GEMM to (b, o, j), then a dot over j.
  Tensor x1 = input1.reshape({-1, in1});
  Tensor x2 = input2.reshape({-1, in2});
  Tensor a = weight.permute({1, 0, 2}).reshape({in1, out * in2});
  Tensor y = x1.mm(a).view({-1, out, in2}).mul(x2.unsqueeze(1)).sum(-1);
  if (bias.defined()) y = y.add(bias);
  std::vector<int64_t> shape(input1.sizes().begin(), input1.sizes().end());
  shape.back() = out;
  return y.view(shape);
}

}  // namespace ember::nn::functional
