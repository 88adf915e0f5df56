// Padding: constant_pad_nd (a fill, then a copy of the cropped input into a narrow view of the
// output) and F.pad's reflect/replicate/circular modes (one index table per padded dim, one
// pass of cpu::remap).
//
// Note [Pad order]
// `pad` lists (left, right) pairs from the last dim backwards: pad[2j], pad[2j + 1] pad dim
// `ndim - 1 - j`. Negative values crop. In circular mode the crop happens first and the cropped
// tensor then wraps (PyTorch fills the pads from the already-cropped output); a pad wider than
// the cropped size would make PyTorch read uninitialised memory, so Ember raises there instead.
#include <algorithm>

#include "autograd/derivatives/indexing.h"
#include "autograd/record.h"
#include "ember/ops/rearrange.h"
#include "ember/ops/shape.h"
#include "ops/op_util.h"
#include "ops/rearrange.h"

namespace ember {
namespace {

enum class PadMode { kConstant, kReflect, kReplicate, kCircular };

PadMode parse_mode(std::string_view mode) {
  if (mode == "constant") return PadMode::kConstant;
  if (mode == "reflect") return PadMode::kReflect;
  if (mode == "replicate") return PadMode::kReplicate;
  if (mode == "circular") return PadMode::kCircular;
  EMBER_FAIL("pad", "unrecognised padding mode \"", mode,
             "\"; expected \"constant\", \"reflect\", \"replicate\" or \"circular\"");
}

// The body of constant_pad, after the argument checks.
Tensor constant_pad_impl(const Tensor& self, IntArrayRef padding, const Scalar& value,
                         const char* op) {
  const int64_t nd = self.dim();
  const int64_t npad = static_cast<int64_t>(padding.size()) / 2;
  // Crop for negative pads first.
  Tensor cropped = self;
  bool any_positive = false;
  std::vector<int64_t> shape = self.sizes().vec();
  for (int64_t j = 0; j < npad; ++j) {
    const int64_t d = nd - 1 - j;
    const int64_t left = padding[2 * j], right = padding[2 * j + 1];
    const int64_t size = self.size(d);
    const int64_t crop = std::max<int64_t>(-left, 0) + std::max<int64_t>(-right, 0);
    EMBER_CHECK(crop <= size, op, "the input size ", size, ", plus negative padding ", left,
                " and ", right,
                " resulted in a negative output size, which is invalid. Check "
                "dimension ",
                d, " of your input.");
    cropped = cropped.narrow(d, std::max<int64_t>(-left, 0), size - crop);
    any_positive = any_positive || left > 0 || right > 0;
    shape[d] = size + left + right;
  }
  if (!any_positive) return cropped.clone();
  for (int64_t j = 0; j < npad; ++j) {
    const int64_t d = nd - 1 - j;
    // With something to fill, PyTorch wants every padded size to stay positive.
    EMBER_CHECK(shape[d] > 0, op, "the input size ", self.size(d), ", plus negative padding ",
                padding[2 * j], " and ", padding[2 * j + 1],
                " resulted in a negative output size, which is invalid. Check dimension ", d,
                " of your input.");
  }
  Tensor out = detail::make_empty(shape, self.scalar_type(), self.device());
  out.fill_(value);
  Tensor inner = out;
  for (int64_t j = 0; j < npad; ++j) {
    const int64_t d = nd - 1 - j;
    inner = inner.narrow(d, std::max<int64_t>(padding[2 * j], 0), cropped.size(d));
  }
  inner.copy_(cropped);
  return out;
}

Tensor constant_pad(const Tensor& self, IntArrayRef padding, const Scalar& value, const char* op) {
  detail::check_defined(self, op, "self");
  detail::check_same_device(op, {&self});
  EMBER_CHECK(padding.size() % 2 == 0, op, "length of pad must be even but instead it equals ",
              padding.size());
  const int64_t nd = self.dim();
  const int64_t npad = static_cast<int64_t>(padding.size()) / 2;
  EMBER_CHECK(npad <= nd, op,
              "length of pad should be no more than twice the number of dimensions of the "
              "input; pad length is ",
              padding.size(), " while the input has ", nd, " dimensions");
  autograd::detail::Recorder rec({&self});
  Tensor out = constant_pad_impl(self, padding, value, op);
  if (rec) {
    // The gradient is grad with the padding taken off again (and zeros where self was cropped).
    std::vector<int64_t> back;
    for (int64_t p : padding) back.push_back(-p);
    rec.record("ConstantPadNdBackward0", out, {},
               [back](const autograd::detail::FormulaContext& c) {
                 return autograd::variable_list{constant_pad_nd(c.grad(0), back)};
               });
  }
  return out;
}

// The source index for output index j of a dim of size n padded by (left, right).
std::vector<int64_t> pad_map(PadMode mode, int64_t n, int64_t left, int64_t right, int64_t d) {
  const int64_t out = n + left + right;
  std::vector<int64_t> map(static_cast<size_t>(std::max<int64_t>(out, 0)));
  // Circular: Note [Pad order].
  const int64_t start = std::max<int64_t>(-left, 0);
  const int64_t kept = n - start - std::max<int64_t>(-right, 0);
  for (int64_t j = 0; j < out; ++j) {
    int64_t x = j - left;
    switch (mode) {
      case PadMode::kReflect:
        if (x < 0) x = -x;
        if (x >= n) x = 2 * (n - 1) - x;
        EMBER_CHECK(x >= 0 && x < n, "pad", "padding (", left, ", ", right, ") at dimension ", d,
                    " crops past the reflected input of size ", n);
        break;
      case PadMode::kReplicate:
        x = std::clamp<int64_t>(x, 0, n - 1);
        break;
      case PadMode::kCircular:
        x = start + ((j - std::max<int64_t>(left, 0)) % kept + kept) % kept;
        break;
      case PadMode::kConstant:
        break;
    }
    map[j] = x;
  }
  return map;
}

// PyTorch's node names: ReflectionPad2DBackward0 and so on. Its circular padding is a composite of
// slices and cat; Ember remaps in one pass, with a node of its own.
const char* pad_node_name(PadMode mode, int64_t npad) {
  static const char* const kReflect[] = {"ReflectionPad1DBackward0", "ReflectionPad2DBackward0",
                                         "ReflectionPad3DBackward0"};
  static const char* const kReplicate[] = {"ReplicationPad1DBackward0", "ReplicationPad2DBackward0",
                                           "ReplicationPad3DBackward0"};
  if (mode == PadMode::kCircular) return "CircularPadBackward0";
  return (mode == PadMode::kReflect ? kReflect : kReplicate)[npad - 1];
}

Tensor non_constant_pad(const Tensor& self, IntArrayRef padding, PadMode mode,
                        std::string_view name) {
  const int64_t nd = self.dim();
  const int64_t npad = static_cast<int64_t>(padding.size()) / 2;
  EMBER_CHECK(npad >= 1 && npad <= 3 && (nd == npad + 1 || nd == npad + 2), "pad",
              "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now: "
              "padding size ",
              padding.size(), " is not supported for a ", nd, "-d input in mode \"", name,
              "\"; non-constant padding takes 2 values for a 2-d or 3-d input, 4 for 3-d or "
              "4-d, 6 for 4-d or 5-d");
  if (mode != PadMode::kCircular) {
    EMBER_CHECK(is_floating_point(self.scalar_type()), "pad", "\"", name,
                "\" padding is not implemented for '", self.scalar_type(), "'");
    // The batch dim (when present) may be empty; channels and padded dims may not.
    for (int64_t d = nd == npad + 2 ? 1 : 0; d < nd; ++d) {
      EMBER_CHECK(self.size(d) != 0, "pad", "expected ", npad + 1, "-d or ", npad + 2,
                  "-d (batch mode) tensor with possibly 0 batch size and other non-zero "
                  "dimensions for input, but got: ",
                  self.sizes());
    }
  }
  detail::IndexMaps maps = detail::identity_maps(self.sizes());
  std::vector<int64_t> shape = self.sizes().vec();
  for (int64_t j = 0; j < npad; ++j) {
    const int64_t d = nd - 1 - j;
    const int64_t left = padding[2 * j], right = padding[2 * j + 1];
    const int64_t n = self.size(d);
    const int64_t out = n + left + right;
    if (mode == PadMode::kReflect) {
      EMBER_CHECK(left < n && right < n, "pad",
                  "padding size should be less than the corresponding input dimension, but "
                  "got: padding (",
                  left, ", ", right, ") at dimension ", d, " of input ", self.sizes());
    }
    if (mode == PadMode::kCircular) {
      EMBER_CHECK(left <= n && right <= n, "pad",
                  "padding value causes wrapping around more than once: padding (", left, ", ",
                  right, ") at dimension ", d, " of input ", self.sizes());
      EMBER_CHECK(out >= 0, "pad",
                  "negative padding value is resulting in an empty dimension: ", "padding (", left,
                  ", ", right, ") at dimension ", d, " of input ", self.sizes());
      const int64_t kept = n - std::max<int64_t>(-left, 0) - std::max<int64_t>(-right, 0);
      EMBER_CHECK(out == 0 || (left <= kept && right <= kept), "pad",
                  "padding value causes wrapping around more than once: padding (", left, ", ",
                  right, ") at dimension ", d, " of input ", self.sizes(),
                  " wraps a cropped size of ", kept);
    } else {
      EMBER_CHECK(out >= 1, "pad", "input (size ", n, " at dimension ", d,
                  ") is too small; calculated output size: ", out);
    }
    maps[d] = pad_map(mode, n, left, right, d);
    shape[d] = out;
  }
  autograd::detail::Recorder rec({&self});
  Tensor out = detail::remap(self, shape, maps, "pad");
  if (rec) {
    rec.record(pad_node_name(mode, npad), out, {},
               [sizes = self.sizes().vec(),
                remaps = std::move(maps)](const autograd::detail::FormulaContext& c) {
                 return autograd::variable_list{
                     autograd::detail::remap_backward(c.grad(0), sizes, remaps)};
               });
  }
  return out;
}

}  // namespace

Tensor constant_pad_nd(const Tensor& self, IntArrayRef padding, const Scalar& value) {
  return constant_pad(self, padding, value, "constant_pad_nd");
}

Tensor pad(const Tensor& self, IntArrayRef padding, std::string_view mode,
           std::optional<double> value) {
  detail::check_defined(self, "pad", "self");
  const PadMode m = parse_mode(mode);
  EMBER_CHECK(padding.size() % 2 == 0, "pad", "padding length must be divisible by 2, got ",
              padding.size());
  EMBER_CHECK(static_cast<int64_t>(padding.size()) <= 2 * self.dim(), "pad",
              "Padding length too large: padding length should be less than or equal to two "
              "times the input dimension but "
              "got padding length ",
              padding.size(), " and input of dimension ", self.dim());
  if (m == PadMode::kConstant) return constant_pad(self, padding, value.value_or(0.0), "pad");
  EMBER_CHECK(!value || *value == 0, "pad", "padding mode \"", mode,
              "\" doesn't take in value argument");
  return non_constant_pad(self, padding, m, mode);
}

}  // namespace ember
