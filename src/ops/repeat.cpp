// Repeating ops: repeat, tile and repeat_interleave. Integer repeats are broadcast views
// (stride 0) copied once into a new tensor; tensor repeats go through the remap kernel.
#include <limits>

#include "autograd/derivatives/indexing.h"
#include "autograd/record.h"
#include "ember/ops/creation.h"
#include "ember/ops/rearrange.h"
#include "ember/ops/shape.h"
#include "ops/op_util.h"
#include "ops/rearrange.h"

namespace ember {
namespace {

// a * b for sizes, raising instead of overflowing.
int64_t checked_mul(int64_t a, int64_t b, const char* op) {
  int64_t r = 0;
  EMBER_CHECK(!__builtin_mul_overflow(a, b, &r), op, "the result size ", a, " * ", b,
              " overflows int64");
  return r;
}

Tensor repeat_impl(const Tensor& self, IntArrayRef repeats, const char* op) {
  detail::check_defined(self, op, "self");
  const int64_t nd = self.dim();
  const int64_t nr = static_cast<int64_t>(repeats.size());
  EMBER_CHECK(nr >= nd, op, "number of dimensions of repeat dims (", nr,
              ") can not be smaller than number of dimensions of tensor (", nd, ")");
  std::vector<int64_t> padded(static_cast<size_t>(nr - nd), 1);
  for (int64_t s : self.sizes()) padded.push_back(s);
  std::vector<int64_t> result;
  for (int64_t i = 0; i < nr; ++i) result.push_back(checked_mul(repeats[i], padded[i], op));
  for (int64_t s : result) {
    EMBER_CHECK(s >= 0, op, "Trying to create tensor with negative dimension ", s, ": ", result);
  }
  for (int64_t r : repeats) {
    EMBER_CHECK(r >= 0, op, "repeats must be non-negative, got ", repeats);
  }
  // self as [1, s0, 1, s1, ...] (leading new dims have size 1), broadcast to
  // [r0, s0, r1, s1, ...], copied, then merged pairwise into [r0 * s0, r1 * s1, ...].
  Tensor x = self.reshape(padded);
  std::vector<int64_t> expanded;
  for (int64_t i = nr - 1; i >= 0; --i) x = x.unsqueeze(i);
  for (int64_t i = 0; i < nr; ++i) {
    expanded.push_back(repeats[i]);
    expanded.push_back(padded[i]);
  }
  return x.expand(expanded).clone().view(result);
}

// The input and dim repeat_interleave works on: without a dim, the flattened input along 0.
std::pair<Tensor, int64_t> interleave_target(const Tensor& self, std::optional<int64_t> dim) {
  detail::check_defined(self, "repeat_interleave", "self");
  if (!dim) return {self.flatten(), 0};
  EMBER_CHECK(self.dim() > 0, "repeat_interleave", "dimension specified as ", *dim,
              " but tensor has no dimensions");
  return {self, detail::wrap_dim(*dim, self.dim(), "repeat_interleave")};
}

// Index i repeated counts[i] times.
std::vector<int64_t> interleave_map(const Tensor& counts) {
  EMBER_CHECK(counts.scalar_type() == kInt || counts.scalar_type() == kLong, "repeat_interleave",
              "\"repeat_interleave\" not implemented for '", counts.scalar_type(),
              "' (repeats must be an int32 or int64 tensor)");
  const Tensor c = counts.to(kLong).contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  int64_t total = 0;
  for (int64_t i = 0; i < c.numel(); ++i) {
    EMBER_CHECK(p[i] >= 0, "repeat_interleave", "repeats can not be negative, got ", p[i]);
    EMBER_CHECK(p[i] <= std::numeric_limits<int64_t>::max() - total, "repeat_interleave",
                "the total number of repeats overflows int64");
    total += p[i];
  }
  std::vector<int64_t> map;
  map.reserve(static_cast<size_t>(total));
  for (int64_t i = 0; i < c.numel(); ++i) map.insert(map.end(), static_cast<size_t>(p[i]), i);
  return map;
}

}  // namespace

Tensor repeat(const Tensor& self, IntArrayRef repeats) {
  return repeat_impl(self, repeats, "repeat");
}

Tensor tile(const Tensor& self, IntArrayRef dims) {
  detail::check_defined(self, "tile", "self");
  if (static_cast<int64_t>(dims.size()) >= self.dim()) return repeat_impl(self, dims, "tile");
  std::vector<int64_t> padded(static_cast<size_t>(self.dim()) - dims.size(), 1);
  padded.insert(padded.end(), dims.begin(), dims.end());
  return repeat_impl(self, padded, "tile");
}

Tensor repeat_interleave(const Tensor& self, int64_t repeats, std::optional<int64_t> dim) {
  EMBER_CHECK(repeats >= 0, "repeat_interleave", "repeats can not be negative, got ", repeats);
  const auto [input, d] = interleave_target(self, dim);
  // [..., n, ...] as [..., n, 1, ...] broadcast to [..., n, repeats, ...], copied, then merged.
  std::vector<int64_t> expanded = input.sizes().vec();
  expanded.insert(expanded.begin() + d + 1, repeats);
  std::vector<int64_t> result = input.sizes().vec();
  result[d] = checked_mul(result[d], repeats, "repeat_interleave");
  return input.unsqueeze(d + 1).expand(expanded).clone().view(result);
}

Tensor repeat_interleave(const Tensor& self, const Tensor& repeats, std::optional<int64_t> dim) {
  detail::check_defined(repeats, "repeat_interleave", "repeats");
  EMBER_CHECK(repeats.dim() <= 1, "repeat_interleave",
              "repeats must be 0-dim or 1-dim tensor, got ", repeats.dim(), " dims");
  const auto [input, d] = interleave_target(self, dim);
  const int64_t n = input.size(d);
  Tensor counts = repeats;
  if (repeats.dim() == 0 || repeats.size(0) == 1) {
    counts = repeats.reshape({1}).expand({n});
  } else {
    EMBER_CHECK(repeats.size(0) == n, "repeat_interleave",
                "repeats must have the same size as input along dim (", n, "), got ",
                repeats.size(0));
  }
  autograd::detail::Recorder rec({&input});
  detail::IndexMaps maps = detail::identity_maps(input.sizes());
  maps[d] = interleave_map(counts);
  std::vector<int64_t> sizes = input.sizes().vec();
  sizes[d] = static_cast<int64_t>(maps[d].size());
  Tensor out = detail::remap(input, sizes, maps, "repeat_interleave");
  if (rec) {
    // PyTorch's repeat_interleave is index_select(input, dim, repeat_interleave(repeats)).
    rec.record("IndexSelectBackward0", out, {},
               [input_sizes = input.sizes().vec(),
                remaps = std::move(maps)](const autograd::detail::FormulaContext& c) {
                 return autograd::variable_list{
                     autograd::detail::remap_backward(c.grad(0), input_sizes, remaps)};
               });
  }
  return out;
}

Tensor repeat_interleave(const Tensor& repeats) {
  detail::check_defined(repeats, "repeat_interleave", "repeats");
  EMBER_CHECK(repeats.dim() == 1, "repeat_interleave",
              "repeat_interleave only accept 1D vector as repeat, got ", repeats.dim(), " dims");
  const std::vector<int64_t> map = interleave_map(repeats);
  const Tensor indices = arange(repeats.size(0), repeats.options());
  const int64_t total = static_cast<int64_t>(map.size());
  return detail::remap(indices, {total}, {map}, "repeat_interleave");
}

Tensor Tensor::repeat(IntArrayRef repeats) const {
  return ember::repeat(*this, repeats);
}
Tensor Tensor::tile(IntArrayRef dims) const {
  return ember::tile(*this, dims);
}
Tensor Tensor::repeat_interleave(int64_t repeats, std::optional<int64_t> dim) const {
  return ember::repeat_interleave(*this, repeats, dim);
}
Tensor Tensor::repeat_interleave(const Tensor& repeats, std::optional<int64_t> dim) const {
  return ember::repeat_interleave(*this, repeats, dim);
}

}  // namespace ember
