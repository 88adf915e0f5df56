#include "core/shape.h"

#include "ember/error.h"

namespace ember::detail {

int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op) {
  int64_t range = ndim == 0 ? 1 : ndim;
  EMBER_CHECK(dim >= -range && dim < range, op,
              "dimension out of range (expected to be in range of [", -range, ", ", range - 1,
              "], but got ", dim, ")");
  return dim < 0 ? dim + range : dim;
}

DimVector contiguous_strides(IntArrayRef sizes) {
  DimVector strides(sizes.size());
  int64_t stride = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= sizes[i] > 0 ? sizes[i] : 1;
  }
  return strides;
}

int64_t numel_of(IntArrayRef sizes) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  return n;
}

void check_sizes(IntArrayRef sizes, const char* op) {
  for (int64_t s : sizes) {
    EMBER_CHECK(s >= 0, op, "trying to create tensor with negative dimension ", s, ": ", sizes);
  }
}

DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op) {
  size_t n = std::max(a.size(), b.size());
  DimVector out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    EMBER_CHECK(da == db || da == 1 || db == 1, op, "The size of tensor a (", da,
                ") must match the size of tensor b (", db, ") at non-singleton dimension ",
                static_cast<int64_t>(n - 1 - i));
    out[n - 1 - i] = da == 1 ? db : da;
  }
  return out;
}

bool expandable(IntArrayRef from, IntArrayRef to) {
  if (from.size() > to.size()) return false;
  for (size_t i = 0; i < from.size(); ++i) {
    const int64_t f = from[from.size() - 1 - i], t = to[to.size() - 1 - i];
    if (f != t && f != 1) return false;
  }
  return true;
}

void check_expands_to(IntArrayRef value, IntArrayRef target, const char* op) {
  const int64_t nv = static_cast<int64_t>(value.size());
  const int64_t nt = static_cast<int64_t>(target.size());
  EMBER_CHECK(nv <= nt, op, "the number of sizes provided (", nt,
              ") must be greater or equal to the number of dimensions in the tensor (", nv, ")");
  for (int64_t i = 1; i <= nv; ++i) {
    const int64_t have = value[nv - i], want = target[nt - i];
    EMBER_CHECK(have == want || have == 1, op, "The expanded size of the tensor (", want,
                ") must match the existing size (", have, ") at non-singleton dimension ", nt - i,
                ".  Target sizes: ", target, ".  Tensor sizes: ", value);
  }
}

uint64_t dim_mask(IntArrayRef dims, int64_t ndim, const char* op) {
  EMBER_CHECK(ndim <= 64, op, "expected at most 64 dimensions, got ", ndim);
  uint64_t mask = 0;
  for (int64_t d : dims) {
    int64_t w = wrap_dim(d, ndim, op);
    EMBER_CHECK(!(mask >> w & 1), op, "dim ", w, " appears multiple times in the list of dims");
    mask |= uint64_t{1} << w;
  }
  return mask;
}

}  // namespace ember::detail
