#include "ember/autograd/gradcheck.h"

#include <cmath>
#include <sstream>

#include "ember/autograd/backward.h"
#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/ops/random.h"

namespace ember::autograd {
namespace {

// The storage position (in elements) of every element of `t`, in row-major order.
std::vector<int64_t> element_offsets(const Tensor& t) {
  std::vector<int64_t> offsets;
  offsets.reserve(static_cast<size_t>(t.numel()));
  if (t.numel() == 0) return offsets;
  std::vector<int64_t> index(static_cast<size_t>(t.dim()), 0);
  for (int64_t n = 0; n < t.numel(); ++n) {
    int64_t off = 0;
    for (int64_t d = 0; d < t.dim(); ++d) off += index[d] * t.stride(d);
    offsets.push_back(off);
    for (int64_t d = t.dim() - 1; d >= 0; --d) {
      if (++index[d] < t.size(d)) break;
      index[d] = 0;
    }
  }
  return offsets;
}

// One float or double element of `t` at storage position `off` (relative to its data pointer).
double read(const Tensor& t, int64_t off) {
  if (t.scalar_type() == kDouble) return t.data_ptr<double>()[off];
  return t.data_ptr<float>()[off];
}
void write(const Tensor& t, int64_t off, double v) {
  if (t.scalar_type() == kDouble) {
    t.data_ptr<double>()[off] = v;
  } else {
    t.data_ptr<float>()[off] = static_cast<float>(v);
  }
}

// The floating outputs of fn(inputs), flattened into one double vector.
std::vector<double> flat_outputs(const DifferentiableFn& fn, const variable_list& inputs) {
  std::vector<double> out;
  for (const Tensor& o : fn(inputs)) {
    if (!o.defined() || !o.is_floating_point()) continue;
    Tensor flat = o.to(kDouble).contiguous();
    const double* p = flat.data_ptr<double>();
    out.insert(out.end(), p, p + flat.numel());
  }
  return out;
}

struct Jacobian {
  int64_t rows;                // input elements
  int64_t cols;                // output elements
  std::vector<double> values;  // row-major: d out[col] / d in[row]
  double& at(int64_t r, int64_t c) { return values[static_cast<size_t>(r * cols + c)]; }
};

Jacobian numerical_jacobian(const DifferentiableFn& fn, const variable_list& inputs,
                            const Tensor& input, int64_t num_outputs, double eps) {
  NoGradGuard no_grad;
  const std::vector<int64_t> offsets = element_offsets(input);
  Jacobian j{static_cast<int64_t>(offsets.size()), num_outputs, {}};
  j.values.assign(static_cast<size_t>(j.rows * j.cols), 0.0);
  for (int64_t r = 0; r < j.rows; ++r) {
    const int64_t off = offsets[static_cast<size_t>(r)];
    const double orig = read(input, off);
    write(input, off, orig - eps);
    const std::vector<double> lo = flat_outputs(fn, inputs);
    write(input, off, orig + eps);
    const std::vector<double> hi = flat_outputs(fn, inputs);
    write(input, off, orig);
    for (int64_t c = 0; c < j.cols; ++c) {
      j.at(r, c) = (hi[static_cast<size_t>(c)] - lo[static_cast<size_t>(c)]) / (2 * eps);
    }
  }
  return j;
}

// Row-major gradients of the floating outputs w.r.t. `diff_inputs`: one backward per output
// element with a one-hot grad_output.
std::vector<Jacobian> analytical_jacobians(const DifferentiableFn& fn, const variable_list& inputs,
                                           const variable_list& diff_inputs) {
  variable_list outputs;
  for (const Tensor& o : fn(inputs)) {
    if (o.defined() && o.is_floating_point()) outputs.push_back(o);
  }
  int64_t total = 0;
  for (const Tensor& o : outputs) total += o.numel();
  std::vector<Jacobian> jacobians;
  for (const Tensor& in : diff_inputs) {
    jacobians.push_back(
        {in.numel(), total, std::vector<double>(static_cast<size_t>(in.numel() * total), 0.0)});
  }
  int64_t col = 0;
  for (const Tensor& out : outputs) {
    if (!out.requires_grad()) {
      col += out.numel();
      continue;
    }
    for (int64_t k = 0; k < out.numel(); ++k, ++col) {
      Tensor one_hot = zeros({out.numel()}, TensorOptions().dtype(out.scalar_type()));
      one_hot.narrow(0, k, 1).fill_(1);
      variable_list grads = grad({out}, diff_inputs, {one_hot.reshape(out.sizes())},
                                 /*retain_graph=*/true, /*create_graph=*/false,
                                 /*allow_unused=*/true);
      for (size_t i = 0; i < diff_inputs.size(); ++i) {
        if (!grads[i].defined()) continue;
        Tensor g = grads[i].to(kDouble).contiguous();
        const double* p = g.data_ptr<double>();
        for (int64_t r = 0; r < g.numel(); ++r) jacobians[i].at(r, col) = p[r];
      }
    }
  }
  return jacobians;
}

}  // namespace

bool gradcheck(const DifferentiableFn& fn, const variable_list& inputs,
               const GradcheckOptions& options) {
  variable_list diff_inputs;
  std::vector<size_t> positions;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].defined() || !inputs[i].requires_grad()) continue;
    EMBER_CHECK(inputs[i].scalar_type() == kDouble || inputs[i].scalar_type() == kFloat,
                "gradcheck", "input ", i, " must be float64 (or float32), got ",
                inputs[i].scalar_type());
    diff_inputs.push_back(inputs[i]);
    positions.push_back(i);
  }
  EMBER_CHECK(!diff_inputs.empty(), "gradcheck", "no input requires grad");
  int64_t num_outputs = 0;
  {
    NoGradGuard no_grad;
    num_outputs = static_cast<int64_t>(flat_outputs(fn, inputs).size());
  }
  std::vector<Jacobian> analytical = analytical_jacobians(fn, inputs, diff_inputs);
  for (size_t i = 0; i < diff_inputs.size(); ++i) {
    Jacobian numerical = numerical_jacobian(fn, inputs, diff_inputs[i], num_outputs, options.eps);
    for (int64_t r = 0; r < numerical.rows; ++r) {
      for (int64_t c = 0; c < numerical.cols; ++c) {
        const double n = numerical.at(r, c);
        const double a = analytical[i].at(r, c);
        if (std::abs(a - n) <= options.atol + options.rtol * std::abs(n)) continue;
        if (!options.raise_exception) return false;
        EMBER_FAIL("gradcheck", "Jacobian mismatch for output element ", c,
                   " with respect to input ", positions[i], " element ", r, ": numerical ", n,
                   ", analytical ", a);
      }
    }
  }
  return true;
}

bool gradgradcheck(const DifferentiableFn& fn, const variable_list& inputs,
                   const GradcheckOptions& options) {
  // Random grad_outputs, fixed for the whole check, that themselves require grad.
  variable_list grad_outputs;
  {
    NoGradGuard no_grad;
    for (const Tensor& o : fn(inputs)) {
      if (o.defined() && o.is_floating_point()) {
        grad_outputs.push_back(randn(o.sizes(), TensorOptions().dtype(o.scalar_type())));
      }
    }
  }
  for (Tensor& g : grad_outputs) g.requires_grad_();
  const size_t n_inputs = inputs.size();
  DifferentiableFn first_derivatives = [&fn, n_inputs](const variable_list& all) {
    EnableGradGuard grad_mode;  // gradcheck evaluates it under NoGradGuard for the differences
    variable_list ins(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n_inputs));
    variable_list gos(all.begin() + static_cast<std::ptrdiff_t>(n_inputs), all.end());
    variable_list outs;
    variable_list diff;
    for (const Tensor& t : fn(ins)) {
      if (t.defined() && t.is_floating_point() && t.requires_grad()) outs.push_back(t);
    }
    for (const Tensor& in : ins) {
      if (in.defined() && in.requires_grad()) diff.push_back(in);
    }
    variable_list used_gos(gos.begin(), gos.begin() + static_cast<std::ptrdiff_t>(outs.size()));
    variable_list grads = grad(outs, diff, used_gos, /*retain_graph=*/true,
                               /*create_graph=*/true, /*allow_unused=*/true);
    variable_list defined;
    for (const Tensor& g : grads) {
      if (g.defined()) defined.push_back(g);
    }
    return defined;
  };
  variable_list all = inputs;
  all.insert(all.end(), grad_outputs.begin(), grad_outputs.end());
  return gradcheck(first_derivatives, all, options);
}

}  // namespace ember::autograd
