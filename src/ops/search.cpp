// Search and count ops: searchsorted, bucketize, histc, bincount.
#include <cmath>

#include "ember/ops/creation.h"
#include "ember/ops/indexing.h"
#include "ops/backend.h"
#include "ops/op_util.h"

namespace ember {

namespace {

bool resolve_side(bool right, std::optional<std::string_view> side, const char* op) {
  if (!side) return right;
  EMBER_CHECK(*side == "left" || *side == "right", op, "side can only be 'left' or 'right', got '",
              *side, "'");
  EMBER_CHECK(!(right && *side == "left"), op,
              "side and right can't be set to opposites, got side of left while right was True");
  return *side == "right";
}

// The sorter's checks, in PyTorch 2.x's order (torch 1.13 does not check the index range).
// Returns the sorter contiguous, or an undefined tensor without one.
Tensor checked_sorter(const Tensor& seq, const std::optional<Tensor>& sorter, const char* op) {
  if (!sorter || !sorter->defined()) return {};
  detail::check_same_device(op, {&*sorter});
  EMBER_CHECK(sorter->sizes() == seq.sizes(), op,
              "boundary and sorter must have the same size, but got boundary tensor ", seq.sizes(),
              " and sorter tensor ", sorter->sizes());
  EMBER_CHECK(sorter->scalar_type() == kLong, op,
              "sorter must be a tensor of long dtype, but got dtype ", sorter->scalar_type());
  Tensor order = sorter->contiguous();
  const int64_t* p = order.data_ptr<int64_t>();
  const int64_t len = seq.dim() == 0 ? 1 : seq.size(-1);
  for (int64_t i = 0; i < order.numel(); ++i) {
    EMBER_CHECK(p[i] >= 0 && p[i] < len, op, "sorter index out of range: expected indices in [0, ",
                len, "), got ", p[i]);
  }
  return order;
}

Tensor search(const Tensor& seq, const Tensor& values, bool out_int32, bool right,
              ScalarType common, const char* op, const Tensor& sorter = {}) {
  EMBER_CHECK(seq.dim() >= 1, op, "boundaries tensor should have at least 1 dimension, got 0");
  if (seq.dim() > 1) {
    bool ok = values.dim() == seq.dim();
    for (int64_t d = 0; ok && d + 1 < seq.dim(); ++d) ok = seq.size(d) == values.size(d);
    EMBER_CHECK(ok, op,
                "boundaries tensor should be 1 dimension or the first N-1 dimensions of "
                "boundaries tensor and input value tensor must match, but we got boundaries "
                "tensor ",
                seq.sizes(), " and input value tensor ", values.sizes());
  }
  EMBER_CHECK(common != kBool, op, "not implemented for 'Bool'");
  Tensor out = detail::make_empty(values.sizes(), out_int32 ? kInt : kLong, values.device());
  const Tensor s = seq.to(common).contiguous();
  const Tensor v = values.to(common).contiguous();
  detail::backend_of(out).searchsorted(*out.unsafeGetTensorImpl(), *s.unsafeGetTensorImpl(),
                                       *v.unsafeGetTensorImpl(), right,
                                       sorter.defined() ? sorter.unsafeGetTensorImpl() : nullptr);
  return out;
}

void check_inputs(const Tensor& seq, const Tensor* values, const char* op) {
  detail::check_defined(seq, op, "sorted_sequence");
  detail::check_same_device(op, {&seq});
  if (values) {
    detail::check_defined(*values, op, "input");
    detail::check_same_device(op, {values});
  }
}

}  // namespace

Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool out_int32, bool right,
                    std::optional<std::string_view> side, const std::optional<Tensor>& sorter) {
  const char* op = "searchsorted";
  check_inputs(sorted_sequence, &values, op);
  const bool r = resolve_side(right, side, op);
  const Tensor order = checked_sorter(sorted_sequence, sorter, op);
  const ScalarType common = promote_types(sorted_sequence.scalar_type(), values.scalar_type());
  return search(sorted_sequence, values, out_int32, r, common, op, order);
}

Tensor searchsorted(const Tensor& sorted_sequence, const Scalar& value, bool out_int32, bool right,
                    std::optional<std::string_view> side, const std::optional<Tensor>& sorter) {
  const char* op = "searchsorted";
  check_inputs(sorted_sequence, nullptr, op);
  const bool r = resolve_side(right, side, op);
  const Tensor order = checked_sorter(sorted_sequence, sorter, op);
  EMBER_CHECK(sorted_sequence.dim() == 1, op,
              "input value can be a scalar only when boundaries tensor dimension is 1, but we "
              "got boundaries tensor dim(",
              sorted_sequence.dim(), ")");
  const ScalarType common = detail::ResultType().add(sorted_sequence).add(value).get();
  return search(sorted_sequence, detail::wrap_scalar(value, common, sorted_sequence.device()),
                out_int32, r, common, op, order);
}

Tensor bucketize(const Tensor& self, const Tensor& boundaries, bool out_int32, bool right) {
  const char* op = "bucketize";
  check_inputs(boundaries, &self, op);
  EMBER_CHECK(boundaries.dim() == 1, op, "boundaries tensor must be 1 dimension, but got dim(",
              boundaries.dim(), ")");
  const ScalarType common = promote_types(boundaries.scalar_type(), self.scalar_type());
  return search(boundaries, self, out_int32, right, common, op);
}

Tensor bucketize(const Scalar& self, const Tensor& boundaries, bool out_int32, bool right) {
  const char* op = "bucketize";
  check_inputs(boundaries, nullptr, op);
  EMBER_CHECK(boundaries.dim() == 1, op, "boundaries tensor must be 1 dimension, but got dim(",
              boundaries.dim(), ")");
  const ScalarType common = detail::ResultType().add(boundaries).add(self).get();
  return search(boundaries, detail::wrap_scalar(self, common, boundaries.device()), out_int32,
                right, common, op);
}

Tensor histc(const Tensor& self, int64_t bins, const Scalar& min, const Scalar& max) {
  const char* op = "histc";
  detail::check_defined(self, op, "self");
  detail::check_same_device(op, {&self});
  EMBER_CHECK(is_floating_point(self.scalar_type()), op, "not implemented for '",
              self.scalar_type(), "'");
  EMBER_CHECK(bins > 0, op, "bins must be > 0, got ", bins);
  double lo = min.toDouble(), hi = max.toDouble();
  const Tensor x = self.contiguous();
  if (lo == hi && x.numel() > 0) {
    // The data's range: min and max of the values (NaN propagates, as aminmax).
    const Tensor d = x.to(kDouble);
    const double* p = d.data_ptr<double>();
    lo = hi = p[0];
    for (int64_t i = 0; i < d.numel(); ++i) {
      if (std::isnan(p[i]) || std::isnan(lo)) {
        lo = hi = NAN;
        break;
      }
      lo = std::min(lo, p[i]);
      hi = std::max(hi, p[i]);
    }
  }
  if (lo == hi) {
    lo -= 1;
    hi += 1;
  }
  EMBER_CHECK(std::isfinite(lo) && std::isfinite(hi), op, "range of [", lo, ", ", hi,
              "] is not finite");
  EMBER_CHECK(lo < hi, op, "max must be larger than min, got min ", lo, " and max ", hi);
  Tensor out = detail::make_empty({bins}, self.scalar_type(), self.device());
  detail::backend_of(out).histc(*out.unsafeGetTensorImpl(), *x.unsafeGetTensorImpl(), lo, hi);
  return out;
}

Tensor bincount(const Tensor& self, const std::optional<Tensor>& weights, int64_t minlength) {
  const char* op = "bincount";
  detail::check_defined(self, op, "self");
  detail::check_same_device(op, {&self});
  const bool weighted = weights.has_value() && weights->defined();
  EMBER_CHECK(self.dim() == 1, op, "only supports 1-d non-negative integral inputs, got a ",
              self.dim(), "-d input");
  EMBER_CHECK(is_integral(self.scalar_type(), false), op, "not implemented for '",
              self.scalar_type(), "'");
  EMBER_CHECK(minlength >= 0, op, "minlength should be >= 0, got ", minlength);
  ScalarType dtype = kLong;
  Tensor w;
  if (weighted) {
    detail::check_same_device(op, {&*weights});
    EMBER_CHECK(weights->dim() == 1 && weights->size(0) == self.size(0), op,
                "weights should be 1-d and have the same length as input, got weights of shape ",
                weights->sizes(), " and input of shape ", self.sizes());
    dtype = weights->scalar_type() == kFloat ? kFloat : kDouble;
    w = weights->to(dtype);
  }
  // An empty input gives int64 zeros whatever the weights (as PyTorch).
  if (self.numel() == 0) return zeros({minlength}, self.options().dtype(kLong));
  const int64_t n =
      std::max(detail::backend_of(self).bincount_max(*self.unsafeGetTensorImpl()) + 1, minlength);
  Tensor out = zeros({n}, self.options().dtype(dtype));
  detail::backend_of(out).bincount(*out.unsafeGetTensorImpl(), *self.unsafeGetTensorImpl(),
                                   weighted ? w.unsafeGetTensorImpl() : nullptr);
  return out;
}

}  // namespace ember
