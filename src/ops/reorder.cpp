// Reordering ops: flip, roll and rot90. Ember strides are non-negative, so a reversed or rotated
// order cannot be a view; these build one source-index table per dimension and copy once
// through cpu::remap.
#include <cstdlib>

#include "autograd/record.h"
#include "ember/ops/rearrange.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/op_util.h"
#include "ops/rearrange.h"

namespace ember {
namespace detail {

std::vector<int64_t> identity_map(int64_t n) {
  std::vector<int64_t> map(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) map[i] = i;
  return map;
}

IndexMaps identity_maps(IntArrayRef sizes) {
  IndexMaps maps;
  for (int64_t n : sizes) maps.push_back(identity_map(n));
  return maps;
}

Tensor remap(const Tensor& self, IntArrayRef sizes, const IndexMaps& maps, const char* op) {
  check_same_device(op, {&self});
  Tensor out = make_empty(sizes, self.scalar_type(), self.device());
  detail::backend_of(out).remap(*out.unsafeGetTensorImpl(), impl_of(self, op), maps);
  return out;
}

}  // namespace detail

Tensor flip(const Tensor& self, IntArrayRef dims) {
  const int64_t nd = detail::impl_of(self, "flip").dim();
  const uint64_t mask = detail::dim_mask(dims, nd, "flip");
  autograd::detail::Recorder rec({&self});
  detail::IndexMaps maps = detail::identity_maps(self.sizes());
  std::vector<int64_t> flipped;
  for (int64_t d = 0; d < nd; ++d) {
    if (mask >> d & 1) {
      std::reverse(maps[d].begin(), maps[d].end());
      flipped.push_back(d);
    }
  }
  Tensor out = detail::remap(self, self.sizes(), maps, "flip");
  if (rec) {
    rec.record("FlipBackward0", out, {}, [flipped](const autograd::detail::FormulaContext& c) {
      return autograd::variable_list{c.grad(0).flip(flipped)};
    });
  }
  return out;
}

Tensor fliplr(const Tensor& self) {
  EMBER_CHECK(detail::impl_of(self, "fliplr").dim() >= 2, "fliplr", "input must be >= 2-d, got ",
              self.dim(), "-d");
  return flip(self, {1});
}

Tensor flipud(const Tensor& self) {
  EMBER_CHECK(detail::impl_of(self, "flipud").dim() >= 1, "flipud", "input must be >= 1-d, got ",
              self.dim(), "-d");
  return flip(self, {0});
}

Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims) {
  const int64_t nd = detail::impl_of(self, "roll").dim();
  EMBER_CHECK(!shifts.empty(), "roll", "`shifts` required");
  if (dims.empty()) {
    EMBER_CHECK(shifts.size() == 1, "roll",
                "shifts and dimensions must align. shifts: ", shifts.size(), ", dims: 0");
    return roll(self.flatten(), shifts, {0}).view(self.sizes());
  }
  EMBER_CHECK(shifts.size() == dims.size(), "roll",
              "shifts and dimensions must align. shifts: ", shifts.size(), ", dims: ", dims.size());
  EMBER_CHECK(nd > 0, "roll", "dimension specified as ", dims[0], " but tensor has no dimensions");
  autograd::detail::Recorder rec({&self});
  detail::IndexMaps maps = detail::identity_maps(self.sizes());
  for (size_t i = 0; i < dims.size(); ++i) {
    const int64_t d = detail::wrap_dim(dims[i], nd, "roll");
    const int64_t n = self.size(d);
    if (n == 0) continue;
    // out[j] = in[(j - shift) mod n]; a dim listed twice rolls twice.
    const int64_t shift = (shifts[i] % n + n) % n;
    std::rotate(maps[d].begin(), maps[d].begin() + (n - shift), maps[d].end());
  }
  Tensor out = detail::remap(self, self.sizes(), maps, "roll");
  if (rec) {
    std::vector<int64_t> back;
    for (int64_t s : shifts) back.push_back(-s);
    rec.record("RollBackward0", out, {},
               [back, rolled = dims.vec()](const autograd::detail::FormulaContext& c) {
                 return autograd::variable_list{c.grad(0).roll(back, rolled)};
               });
  }
  return out;
}

Tensor rot90(const Tensor& self, int64_t k, IntArrayRef dims) {
  const int64_t nd = detail::impl_of(self, "rot90").dim();
  EMBER_CHECK(dims.size() == 2, "rot90",
              "expected total rotation dims == 2, but got dims = ", dims.size());
  EMBER_CHECK(nd >= 2, "rot90", "expected total dims >= 2, but got total dims = ", nd);
  // As PyTorch: the dims as given must differ, and not name the same dim from both ends.
  EMBER_CHECK(dims[0] != dims[1] && std::abs(dims[0] - dims[1]) != nd, "rot90",
              "expected rotation dims to be different, but got dim0 = ", dims[0],
              " and dim1 = ", dims[1]);
  EMBER_CHECK(dims[0] < nd && dims[0] >= -nd, "rot90",
              "Rotation dim0 out of range, dim0 = ", dims[0]);
  EMBER_CHECK(dims[1] < nd && dims[1] >= -nd, "rot90",
              "Rotation dim1 out of range, dim1 = ", dims[1]);
  const int64_t d0 = detail::wrap_dim(dims[0], nd, "rot90");
  const int64_t d1 = detail::wrap_dim(dims[1], nd, "rot90");
  switch ((k % 4 + 4) % 4) {
    case 1:
      return flip(self, {d1}).transpose(d0, d1);
    case 2:
      return flip(self, {d0, d1});
    case 3:
      return flip(self, {d0}).transpose(d0, d1);
    default:
      return self.clone();
  }
}

Tensor Tensor::flip(IntArrayRef dims) const {
  return ember::flip(*this, dims);
}
Tensor Tensor::roll(IntArrayRef shifts, IntArrayRef dims) const {
  return ember::roll(*this, shifts, dims);
}
Tensor Tensor::rot90(int64_t k, IntArrayRef dims) const {
  return ember::rot90(*this, k, dims);
}

}  // namespace ember
