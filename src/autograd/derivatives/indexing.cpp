#include "autograd/derivatives/indexing.h"

#include "autograd/record.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/indexing.h"
#include "ember/ops/rearrange.h"
#include "ember/ops/reduction.h"
#include "ember/ops/shape.h"

namespace ember::autograd::detail {
namespace {

int64_t numel_of(IntArrayRef sizes) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  return n;
}

// `t` (a src at least as large as `sizes` in every dim) cut down to `sizes`.
Tensor crop_to(const Tensor& t, IntArrayRef sizes) {
  if (t.sizes() == sizes) return t;
  if (t.dim() != static_cast<int64_t>(sizes.size())) return t.reshape(sizes);  // 0-d vs [1]
  Tensor r = t;
  for (int64_t d = 0; d < t.dim(); ++d) {
    if (r.size(d) != sizes[d]) r = r.narrow(d, 0, sizes[d]);
  }
  return r;
}

}  // namespace

Tensor positions(IntArrayRef sizes, Device device) {
  return arange(numel_of(sizes), TensorOptions().dtype(kLong).device(device)).view(sizes);
}

Tensor accumulate_at(const Tensor& grad, const Tensor& flat_positions, IntArrayRef sizes) {
  return zeros({numel_of(sizes)}, grad.options())
      .index_add(0, flat_positions.reshape({-1}), grad.reshape({-1}))
      .view(sizes);
}

Tensor pad_to(const Tensor& g, IntArrayRef sizes) {
  if (g.sizes() == sizes) return g;
  if (g.dim() != static_cast<int64_t>(sizes.size())) {
    // A 0-d operand beside a 1-d one (the scatter family treats 0-d as [1]).
    if (g.numel() == numel_of(sizes)) return g.reshape(sizes);
    return pad_to(g.reshape(std::vector<int64_t>(sizes.size(), 1)), sizes);
  }
  std::vector<int64_t> pads;
  for (int64_t d = g.dim() - 1; d >= 0; --d) {
    pads.push_back(0);
    pads.push_back(sizes[d] - g.size(d));
  }
  return constant_pad_nd(g, pads);
}

Tensor delayed_error(const Tensor& t, std::string message) {
  Recorder rec({&t});
  if (!rec) return t;
  Tensor out = t.clone();
  rec.record("DelayedError", out, {}, [message](const FormulaContext&) -> variable_list {
    EMBER_FAIL("backward", message);
  });
  return out;
}

Tensor remap_backward(const Tensor& grad, IntArrayRef input_sizes,
                      const std::vector<std::vector<int64_t>>& maps) {
  Tensor g = grad;
  for (size_t d = 0; d < maps.size(); ++d) {
    const std::vector<int64_t>& map = maps[d];
    bool identity = static_cast<int64_t>(map.size()) == input_sizes[d];
    for (size_t i = 0; identity && i < map.size(); ++i)
      identity = map[i] == static_cast<int64_t>(i);
    if (identity) continue;
    std::vector<int64_t> sizes = g.sizes().vec();
    sizes[d] = input_sizes[d];
    g = zeros(sizes, g.options())
            .index_add(static_cast<int64_t>(d),
                       tensor(map, TensorOptions().dtype(kLong).device(g.device())), g);
  }
  return g;
}

ScatterReduceGrads scatter_reduce_backward(const Tensor& grad, const Tensor& self, int64_t dim,
                                           const Tensor& index, const Tensor& src,
                                           std::string_view reduce, bool include_self,
                                           const Tensor& result, bool need_self, bool need_src) {
  const ScalarType dtype = grad.scalar_type();
  const Tensor s = crop_to(src, index.sizes());  // the part of src that is scattered
  Tensor gself, gsrc;
  if (reduce == "sum") {
    gself = grad;
    if (need_src) gsrc = grad.gather(dim, index);
  } else if (reduce == "mean") {
    Tensor n = include_self ? ones_like(grad) : zeros_like(grad);
    n = n.scatter_add(dim, index, ones_like(s));
    n = n.masked_fill(n.eq(0), 1);
    gself = grad / n;
    if (need_src) gsrc = grad.gather(dim, index) / n.gather(dim, index);
  } else if (reduce == "prod") {
    // Exact where self or src hold zeros: the product of the other factors, computed with the
    // zero replaced by 1 (PyTorch's scatter_reduce_backward).
    if (need_self) {
      const Tensor masked_self = self.masked_fill(self.eq(0), 1);
      const Tensor masked_self_result =
          masked_self.scatter_reduce(dim, index, s, "prod", include_self);
      gself = grad * masked_self_result / masked_self;
    }
    if (need_src) {
      const Tensor src_zero = s.eq(0);
      const Tensor src_num_zeros =
          zeros_like(grad).scatter_add(dim, index, src_zero.to(dtype)).gather(dim, index);
      const Tensor src_single_zero = src_zero.logical_and(src_num_zeros.eq(1));
      const Tensor masked_src = s.masked_fill(src_single_zero, 1);
      const Tensor masked_src_result =
          self.scatter_reduce(dim, index, masked_src, "prod", include_self);
      gsrc = where(src_single_zero, (grad * masked_src_result).gather(dim, index),
                   (grad * result).gather(dim, index) / s.masked_fill(src_zero, 1));
      if (!s.is_meta() && src_num_zeros.gt(1).any().item<bool>()) {
        gsrc = delayed_error(gsrc,
                             "scatter_reduce(): Double backward is unsupported for src when "
                             ">1 zeros in src are scattered to the same position in self");
      }
    }
  } else {  // amax, amin: shared evenly between the values equal to the result
    Tensor self_is_result = self.eq(result);
    if (!include_self) self_is_result = self_is_result.scatter(dim, index, false);
    const Tensor src_is_result = s.eq(result.gather(dim, index));
    const Tensor count = self_is_result.to(dtype).scatter_add(dim, index, src_is_result.to(dtype));
    const Tensor distributed = grad / count;
    gself = distributed * self_is_result;
    if (need_src) gsrc = distributed.gather(dim, index) * src_is_result;
  }
  if (need_self && !include_self) gself = gself.scatter(dim, index, 0);
  ScatterReduceGrads out;
  if (need_self) out.self = gself;
  if (need_src) out.src = pad_to(gsrc, src.sizes());
  return out;
}

}  // namespace ember::autograd::detail
