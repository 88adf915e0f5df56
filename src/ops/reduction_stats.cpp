// Statistics and norms: var, std, var_mean, std_mean, norm, logsumexp.
//
// As PyTorch: var and std need a floating input and divide by max(0, N - correction) (N the
// number of elements reduced, correction 1 by default); float32 accumulates in double. norm needs
// a floating input; the inf and negative norms of an empty range raise (they have no identity,
// PyTorch 2.x's linalg.vector_norm rule). logsumexp converts integer inputs to the default float.
#include <cmath>
#include <numeric>
#include <vector>

#include "autograd/derivatives/reduction.h"
#include "autograd/record.h"
#include "ember/ops/reduction.h"
#include "ops/backend.h"
#include "ops/linalg_norm.h"
#include "ops/reduction_util.h"

namespace ember {

using autograd::variable_list;
using autograd::detail::expand_reduced;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

using detail::check_defined;
using detail::reduce_layout;
using detail::ReduceLayout;

namespace {

const detail::TensorImpl& impl(const Tensor& t) {
  return *t.unsafeGetTensorImpl();
}

double correction_value(const std::optional<Scalar>& correction) {
  return correction ? correction->toDouble() : 1.0;
}

// var, std and their *_mean forms; `with_mean` adds the mean output.
std::tuple<Tensor, Tensor> var_std(const char* name, bool take_sqrt, bool with_mean,
                                   const Tensor& self, std::optional<IntArrayRef> dim,
                                   std::optional<Scalar> correction, bool keepdim) {
  check_defined(self, name, "self");
  EMBER_CHECK(is_floating_point(self.scalar_type()), name, with_mean ? name : "std and var",
              " only support floating point and complex dtypes, got ", self.scalar_type());
  const ReduceLayout layout = reduce_layout(self, dim.value_or(IntArrayRef()), name);
  Recorder rec({&self});
  Tensor var = detail::make_reduce_output(layout, self.scalar_type());
  Tensor mean = with_mean ? detail::make_reduce_output(layout, self.scalar_type()) : Tensor();
  detail::backend_of(var).var_mean(&impl(var), with_mean ? &impl(mean) : nullptr,
                                   impl(layout.input), correction_value(correction), take_sqrt);
  var = detail::finish_reduce_output(var, layout, keepdim);
  if (with_mean) mean = detail::finish_reduce_output(mean, layout, keepdim);
  if (rec) {
    auto keep = layout.keep_sizes.vec();
    auto sizes = self.sizes().vec();
    const double c = correction_value(correction);
    const char* node = take_sqrt ? (with_mean ? "StdMeanBackward0" : "StdBackward0")
                                 : (with_mean ? "VarMeanBackward0" : "VarBackward0");
    rec.record(node, {var, mean}, {self, var},
               [keep, sizes, c, take_sqrt, n = layout.reduced](const FormulaContext& ctx) {
                 Tensor g = autograd::detail::var_std_backward(
                     ctx.grad(0).reshape(keep), ctx.saved(0), ctx.saved(1).reshape(keep), keep, c,
                     take_sqrt);
                 if (ctx.num_grads() > 1 && ctx.grad(1).defined()) {
                   g = g + expand_reduced(ctx.grad(1), keep, sizes) / n;
                 }
                 return variable_list{g};
               });
  }
  return {var, mean};
}

Tensor vector_norm(const Tensor& self, double p, IntArrayRef dim, bool keepdim) {
  check_defined(self, "norm", "self");
  EMBER_CHECK(is_floating_point(self.scalar_type()), "norm",
              "input dtype should be either floating point or complex. Got ", self.scalar_type(),
              " instead.");
  EMBER_CHECK(!std::isnan(p), "norm", "expected p to be a number, got nan");
  const ReduceLayout layout = reduce_layout(self, dim, "norm");
  EMBER_CHECK(
      layout.reduced != 0 || detail::numel_of(layout.out_sizes) == 0 || (p >= 0 && !std::isinf(p)),
      "norm", "cannot compute the ", p,
      " norm of an empty range because the operation has no identity (input shape ", self.sizes(),
      ")");
  Recorder rec({&self});
  Tensor out = detail::make_reduce_output(layout, self.scalar_type());
  detail::backend_of(out).norm(impl(out), impl(layout.input), p);
  out = detail::finish_reduce_output(out, layout, keepdim);
  if (rec) {
    auto keep = layout.keep_sizes.vec();
    rec.record("NormBackward1", out, {self, out}, [keep, p](const FormulaContext& c) {
      return variable_list{autograd::detail::norm_backward(c.grad(0).reshape(keep), c.saved(0),
                                                           c.saved(1).reshape(keep), p, keep)};
    });
  }
  return out;
}

}  // namespace

Tensor var(const Tensor& self, std::optional<IntArrayRef> dim, std::optional<Scalar> correction,
           bool keepdim) {
  return std::get<0>(var_std("var", false, false, self, dim, correction, keepdim));
}
Tensor var(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim) {
  return std::get<0>(var_std("var", false, false, self, dim, unbiased ? 1 : 0, keepdim));
}
Tensor var(const Tensor& self, bool unbiased) {
  return std::get<0>(var_std("var", false, false, self, std::nullopt, unbiased ? 1 : 0, false));
}
Tensor std(const Tensor& self, std::optional<IntArrayRef> dim, std::optional<Scalar> correction,
           bool keepdim) {
  return std::get<0>(var_std("std", true, false, self, dim, correction, keepdim));
}
Tensor std(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim) {
  return std::get<0>(var_std("std", true, false, self, dim, unbiased ? 1 : 0, keepdim));
}
Tensor std(const Tensor& self, bool unbiased) {
  return std::get<0>(var_std("std", true, false, self, std::nullopt, unbiased ? 1 : 0, false));
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<Scalar> correction, bool keepdim) {
  return var_std("var_mean", false, true, self, dim, correction, keepdim);
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, IntArrayRef dim, bool unbiased,
                                    bool keepdim) {
  return var_std("var_mean", false, true, self, dim, unbiased ? 1 : 0, keepdim);
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased) {
  return var_std("var_mean", false, true, self, std::nullopt, unbiased ? 1 : 0, false);
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<Scalar> correction, bool keepdim) {
  return var_std("std_mean", true, true, self, dim, correction, keepdim);
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, IntArrayRef dim, bool unbiased,
                                    bool keepdim) {
  return var_std("std_mean", true, true, self, dim, unbiased ? 1 : 0, keepdim);
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased) {
  return var_std("std_mean", true, true, self, std::nullopt, unbiased ? 1 : 0, false);
}

Tensor norm(const Tensor& self, const Scalar& p) {
  return vector_norm(self, p.toDouble(), {}, false);
}
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) {
  return vector_norm(self, p ? p->toDouble() : 2.0, dim, keepdim);
}
Tensor norm(const Tensor& self, std::string_view p, IntArrayRef dim, bool keepdim) {
  EMBER_CHECK(p == "fro" || p == "nuc", "norm",
              "only valid string values are 'fro' and 'nuc', found ", p);
  if (p == "fro") return vector_norm(self, 2.0, dim, keepdim);
  // As torch.norm: no dim means all dims, which must then be two.
  check_defined(self, "norm", "self");
  if (dim.empty()) detail::expect_matrix(self, "norm");
  std::vector<int64_t> all(static_cast<size_t>(self.dim()));
  std::iota(all.begin(), all.end(), 0);
  return detail::matrix_norm("norm", self, p, dim.empty() ? IntArrayRef(all) : dim, keepdim);
}

Tensor norm(const Tensor& self, const char* p, IntArrayRef dim, bool keepdim) {
  return norm(self, std::string_view(p), dim, keepdim);
}

Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim) {
  check_defined(self, "logsumexp", "self");
  const Tensor x = is_floating_point(self.scalar_type()) ? self : self.to(get_default_dtype());
  const ReduceLayout layout = reduce_layout(x, dim, "logsumexp");
  Recorder rec({&self});
  Tensor out = detail::make_reduce_output(layout, x.scalar_type());
  detail::backend_of(out).logsumexp(impl(out), impl(layout.input));
  out = detail::finish_reduce_output(out, layout, keepdim);
  if (rec) {
    auto keep = layout.keep_sizes.vec();
    rec.record("LogsumexpBackward0", out, {x, out}, [keep](const FormulaContext& c) {
      return variable_list{c.grad(0).reshape(keep) * (c.saved(0) - c.saved(1).reshape(keep)).exp()};
    });
  }
  return out;
}

// ---- Tensor methods ----------------------------------------------------------------------------

Tensor Tensor::var(std::optional<IntArrayRef> dim, std::optional<Scalar> correction,
                   bool keepdim) const {
  return ember::var(*this, dim, correction, keepdim);
}
Tensor Tensor::std(std::optional<IntArrayRef> dim, std::optional<Scalar> correction,
                   bool keepdim) const {
  return ember::std(*this, dim, correction, keepdim);
}
Tensor Tensor::var(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return ember::var(*this, dim, unbiased, keepdim);
}
Tensor Tensor::std(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return ember::std(*this, dim, unbiased, keepdim);
}
Tensor Tensor::var(bool unbiased) const {
  return ember::var(*this, unbiased);
}
Tensor Tensor::std(bool unbiased) const {
  return ember::std(*this, unbiased);
}
Tensor Tensor::norm(const Scalar& p) const {
  return ember::norm(*this, p);
}
Tensor Tensor::norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) const {
  return ember::norm(*this, p, dim, keepdim);
}
Tensor Tensor::logsumexp(IntArrayRef dim, bool keepdim) const {
  return ember::logsumexp(*this, dim, keepdim);
}

}  // namespace ember
