// Scans along one dim: cumsum, cumprod, cummax, cummin, logcumsumexp.
//
// Dtypes as PyTorch: cumsum and cumprod of bool and integers return int64 unless `dtype` is
// given (the input is converted to it first); cummax/cummin keep the input dtype and return
// int64 indices; logcumsumexp needs a floating input. The in-place forms keep self's dtype.
#include "autograd/derivatives/reduction.h"
#include "autograd/record.h"
#include "ember/ops/creation.h"
#include "ember/ops/indexing.h"
#include "ember/ops/rearrange.h"
#include "ember/ops/reduction.h"
#include "ops/backend.h"
#include "ops/op_util.h"
#include "ops/reduction_util.h"

namespace ember {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;
using detail::check_defined;

namespace {

const detail::TensorImpl& impl(const Tensor& t) {
  return *t.unsafeGetTensorImpl();
}

Tensor run_scan(detail::ScanOp op, const char* name, const Tensor& self, int64_t dim,
                std::optional<ScalarType> dtype) {
  const int64_t d = detail::checked_dim(self, dim, name);
  Recorder rec({&self});
  const Tensor x = dtype ? self.to(*dtype) : self;
  const ScalarType st = x.scalar_type();
  if (op == detail::ScanOp::logcumsumexp) {
    EMBER_CHECK(is_floating_point(st), name, "not implemented for '", st, "'");
  }
  const ScalarType kernel_dtype = is_floating_point(st) ? st : kLong;
  Tensor out = detail::make_empty(x.sizes(), kernel_dtype, x.device());
  detail::backend_of(out).scan(op, impl(detail::dim_last(out, d)), impl(detail::dim_last(x, d)));
  if (dtype && *dtype != kernel_dtype) out = out.to(*dtype);
  if (!rec || !out.is_floating_point()) return out;
  // A 0-d input scans a single element: its gradient passes through (as a dim of size 1).
  const int64_t sd = x.dim() == 0 ? 0 : d;
  const bool scalar = x.dim() == 0;
  switch (op) {
    case detail::ScanOp::cumsum:
      rec.record("CumsumBackward0", out, {}, [sd, scalar](const FormulaContext& c) {
        if (scalar) return variable_list{c.grad(0)};
        return variable_list{c.grad(0).flip({sd}).cumsum(sd).flip({sd})};
      });
      break;
    case detail::ScanOp::cumprod:
      rec.record("CumprodBackward0", out, {x, out}, [sd, scalar](const FormulaContext& c) {
        if (scalar) return variable_list{c.grad(0)};
        return variable_list{
            autograd::detail::cumprod_backward(c.grad(0), c.saved(0), c.saved(1), sd)};
      });
      break;
    case detail::ScanOp::logcumsumexp:
      // d out_k / d x_i = exp(x_i - out_k) for k >= i, summed against grad_k.
      rec.record("LogcumsumexpBackward0", out, {x, out}, [sd, scalar](const FormulaContext& c) {
        if (scalar) return variable_list{c.grad(0)};
        const Tensor x_saved = c.saved(0);
        const Tensor weighted = (c.grad(0) * (-c.saved(1)).exp()).flip({sd}).cumsum(sd).flip({sd});
        return variable_list{weighted * x_saved.exp()};
      });
      break;
  }
  return out;
}

std::tuple<Tensor, Tensor> run_cum_extreme(bool is_max, const char* name, const Tensor& self,
                                           int64_t dim) {
  const int64_t d = detail::checked_dim(self, dim, name);
  Recorder rec({&self});
  Tensor values = detail::make_empty(self.sizes(), self.scalar_type(), self.device());
  Tensor indices = detail::make_empty(self.sizes(), kLong, self.device());
  detail::backend_of(values).cum_extreme(is_max, impl(detail::dim_last(values, d)),
                                         impl(detail::dim_last(indices, d)),
                                         impl(detail::dim_last(self, d)));
  if (rec) {
    rec.record(is_max ? "CummaxBackward0" : "CumminBackward0", {values, indices}, {indices},
               [d, sizes = self.sizes().vec()](const FormulaContext& c) {
                 if (sizes.empty()) return variable_list{c.grad(0)};
                 return variable_list{
                     zeros(sizes, c.grad(0).options()).scatter_add(d, c.saved(0), c.grad(0))};
               });
  }
  return {values, indices};
}

}  // namespace

Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return run_scan(detail::ScanOp::cumsum, "cumsum", self, dim, dtype);
}
Tensor cumprod(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return run_scan(detail::ScanOp::cumprod, "cumprod", self, dim, dtype);
}
Tensor logcumsumexp(const Tensor& self, int64_t dim) {
  return run_scan(detail::ScanOp::logcumsumexp, "logcumsumexp", self, dim, std::nullopt);
}
std::tuple<Tensor, Tensor> cummax(const Tensor& self, int64_t dim) {
  return run_cum_extreme(true, "cummax", self, dim);
}
std::tuple<Tensor, Tensor> cummin(const Tensor& self, int64_t dim) {
  return run_cum_extreme(false, "cummin", self, dim);
}

// ---- Tensor methods ----------------------------------------------------------------------------

Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::cumsum(*this, dim, dtype);
}
Tensor Tensor::cumprod(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::cumprod(*this, dim, dtype);
}
Tensor& Tensor::cumsum_(int64_t dim, std::optional<ScalarType> dtype) {
  // The result is computed aside (it reads every earlier element) and written back.
  copy_(ember::cumsum(*this, dim, dtype.value_or(scalar_type())));
  return *this;
}
Tensor& Tensor::cumprod_(int64_t dim, std::optional<ScalarType> dtype) {
  copy_(ember::cumprod(*this, dim, dtype.value_or(scalar_type())));
  return *this;
}
std::tuple<Tensor, Tensor> Tensor::cummax(int64_t dim) const {
  return ember::cummax(*this, dim);
}
std::tuple<Tensor, Tensor> Tensor::cummin(int64_t dim) const {
  return ember::cummin(*this, dim);
}
Tensor Tensor::logcumsumexp(int64_t dim) const {
  return ember::logcumsumexp(*this, dim);
}

}  // namespace ember
