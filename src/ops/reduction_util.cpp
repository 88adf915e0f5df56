#include "ops/reduction_util.h"

#include "ember/ops/shape.h"

namespace ember::detail {

ReduceLayout reduce_layout(const Tensor& x, IntArrayRef dims, const char* op) {
  check_defined(x, op, "self");
  check_same_device(op, {&x});
  const int64_t nd = x.dim();
  uint64_t mask = dim_mask(dims, nd, op);
  if (dims.empty()) mask = nd >= 64 ? ~uint64_t{0} : (uint64_t{1} << nd) - 1;
  ReduceLayout layout;
  if (nd == 0) {
    layout.input = x.reshape({1});
    layout.reduces_all = true;
    return layout;
  }
  DimVector perm;
  int64_t kept = 0;
  for (int64_t d = 0; d < nd; ++d) {
    if (!(mask >> d & 1)) {
      perm.push_back(d);
      layout.out_sizes.push_back(x.size(d));
      ++kept;
    }
    layout.keep_sizes.push_back(mask >> d & 1 ? 1 : x.size(d));
  }
  for (int64_t d = 0; d < nd; ++d) {
    if (mask >> d & 1) {
      perm.push_back(d);
      layout.reduced *= x.size(d);
    }
  }
  layout.reduces_all = kept == 0;
  // A reduction over one dim, or over dims that merge into one, stays a view; others copy.
  layout.input = permute(x, perm).flatten(kept, nd - 1);
  return layout;
}

ReduceLayout reduce_layout(const Tensor& x, std::optional<int64_t> dim, const char* op) {
  if (dim) return reduce_layout(x, IntArrayRef(*dim), op);
  return reduce_layout(x, IntArrayRef(), op);
}

Tensor make_reduce_output(const ReduceLayout& layout, ScalarType dtype) {
  return make_empty(layout.out_sizes, dtype, layout.input.device());
}

Tensor finish_reduce_output(const Tensor& out, const ReduceLayout& layout, bool keepdim) {
  if (!keepdim || IntArrayRef(layout.keep_sizes) == out.sizes()) return out;
  return make_view(out, layout.keep_sizes, contiguous_strides(layout.keep_sizes), 0);
}

void check_nonempty_reduction(const ReduceLayout& layout, const Tensor& x, bool dim_given,
                              const char* op) {
  if (layout.reduced != 0) return;
  EMBER_CHECK(dim_given, op,
              "Expected reduction dim to be specified for input.numel() == 0. Specify the "
              "reduction dim with the 'dim' argument.");
  // The first reduced dim of size 0 (a reduced dim keeps size 1, a kept one its own size).
  int64_t d = 0;
  while (d < x.dim() && !(x.size(d) == 0 && layout.keep_sizes[d] == 1)) ++d;
  EMBER_FAIL(op, "Expected reduction dim ", d, " to have non-zero size.");
}

Tensor dim_last(const Tensor& t, int64_t d) {
  return t.dim() == 0 ? t.reshape({1}) : t.movedim(d, -1);
}

int64_t checked_dim(const Tensor& self, int64_t dim, const char* name) {
  check_defined(self, name, "self");
  check_same_device(name, {&self});
  return wrap_dim(dim, self.dim(), name);
}

}  // namespace ember::detail
