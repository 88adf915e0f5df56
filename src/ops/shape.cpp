// Views: new sizes, strides and offset over the same storage. No data moves here, except in
// reshape when a view is impossible.
#include "ember/ops/shape.h"

#include <algorithm>
#include <numeric>

#include "autograd/record.h"
#include "autograd/strided_grad.h"
#include "autograd/sum_to.h"
#include "autograd/views.h"
#include "ember/ops/creation.h"
#include "ops/op_util.h"

namespace ember {

using autograd::variable_list;
using detail::DimVector;
using detail::wrap_dim;

namespace {

std::vector<int64_t> to_vector(IntArrayRef v) {
  return std::vector<int64_t>(v.begin(), v.end());
}

// Every view op ends here: the view shares self's storage, is marked as a view of it for
// autograd (Note [Views and in-place]), and when self requires grad records `name`, whose
// `grad_fn(g)` maps the view's gradient to one of self's shape.
template <class GradFn>
Tensor make_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t offset,
                 const char* name, GradFn grad_fn) {
  Tensor v = detail::make_view(self, sizes, strides, offset);
  autograd::detail::mark_view(self, v);
  autograd::detail::Recorder rec({&self});
  if (rec) {
    rec.record(name, v, {}, [grad_fn](const autograd::detail::FormulaContext& c) {
      return variable_list{grad_fn(c.grad(0))};
    });
  }
  return v;
}

// A view whose gradient is the incoming one reshaped to self's sizes (view, squeeze, ...).
Tensor make_reshaping_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides,
                           int64_t offset, const char* name) {
  return make_view(self, sizes, strides, offset, name,
                   [shape = to_vector(self.sizes())](const Tensor& g) { return g.reshape(shape); });
}

// A view of part of self: its gradient lands in that part of a zero tensor of self's shape.
template <class Select>
Tensor make_part_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t offset,
                      const char* name, Select select_part) {
  return make_view(self, sizes, strides, offset, name,
                   [shape = to_vector(self.sizes()), select_part](const Tensor& g) {
                     Tensor full = zeros(shape, g.options());
                     select_part(full).copy_(g);
                     return full;
                   });
}

// A view with arbitrary (possibly overlapping) geometry: its gradient is summed through storage.
Tensor make_strided_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t offset,
                         const char* name) {
  using autograd::detail::Geometry;
  Geometry base = autograd::detail::geometry_of(self);
  Geometry view{to_vector(sizes), to_vector(strides), offset};
  const int64_t extent = autograd::detail::storage_extent({&base, &view});
  return make_view(self, sizes, strides, offset, name, [base, view, extent](const Tensor& g) {
    return autograd::detail::gather_from_storage(
        autograd::detail::scatter_to_storage(g, view, extent), base);
  });
}

/// Resolves a single -1 in `sizes` against `numel`.
DimVector infer_sizes(IntArrayRef sizes, int64_t numel, const char* op) {
  DimVector out(sizes);
  int64_t known = 1;  // product of the given sizes, zeros left out so that it cannot hide overflow
  bool has_zero = false;
  std::optional<size_t> infer;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      EMBER_CHECK(!infer, op, "only one dimension can be inferred, got ", sizes);
      infer = i;
    } else {
      EMBER_CHECK(sizes[i] >= 0, op, "invalid shape dimension ", sizes[i], " in ", sizes);
      if (sizes[i] == 0) {
        has_zero = true;
      } else {
        EMBER_CHECK(!__builtin_mul_overflow(known, sizes[i], &known), op, "shape ", sizes,
                    " is invalid for input of size ", numel);
      }
    }
  }
  if (infer) {
    EMBER_CHECK(!has_zero || numel != 0, op, "cannot reshape tensor of 0 elements into shape ",
                sizes,
                " because the unspecified dimension size -1 can be any value and is "
                "ambiguous");
    EMBER_CHECK(!has_zero && numel % known == 0, op, "shape ", sizes,
                " is invalid for input of size ", numel);
    out[*infer] = numel / known;
  } else {
    EMBER_CHECK((has_zero ? 0 : known) == numel, op, "shape ", sizes,
                " is invalid for input of size ", numel);
  }
  return out;
}

/// Strides that let `new_sizes` view data laid out as (old_sizes, old_strides), or nothing if a
/// copy is needed. Walks groups of old dims that are contiguous with each other and matches
/// them to new dims of the same total size (as PyTorch's computeStride).
std::optional<DimVector> view_strides(IntArrayRef old_sizes, IntArrayRef old_strides,
                                      IntArrayRef new_sizes) {
  DimVector strides(new_sizes.size());
  if (old_sizes.empty()) {
    std::fill(strides.begin(), strides.end(), 1);
    return strides;
  }
  if (detail::numel_of(old_sizes) == 0) {
    if (old_sizes == new_sizes) return DimVector(old_strides);
    return detail::contiguous_strides(new_sizes);
  }
  int64_t view_d = static_cast<int64_t>(new_sizes.size()) - 1;
  int64_t chunk_base_stride = old_strides.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t d = static_cast<int64_t>(old_sizes.size()) - 1; d >= 0; --d) {
    tensor_numel *= old_sizes[d];
    if (d == 0 ||
        (old_sizes[d - 1] != 1 && old_strides[d - 1] != tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 && (view_numel < tensor_numel || new_sizes[view_d] == 1)) {
        strides[view_d] = view_numel * chunk_base_stride;
        view_numel *= new_sizes[view_d];
        --view_d;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (d > 0) {
        chunk_base_stride = old_strides[d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return strides;
}

const detail::TensorImpl& impl(const Tensor& t, const char* op) {
  return detail::impl_of(t, op);
}

}  // namespace

Tensor view(const Tensor& self, IntArrayRef sizes) {
  const auto& s = impl(self, "view");
  DimVector new_sizes = infer_sizes(sizes, s.numel(), "view");
  auto strides = view_strides(s.sizes(), s.strides(), new_sizes);
  EMBER_CHECK(strides.has_value(), "view", "view size ", sizes,
              " is not compatible with input tensor's size ", s.sizes(), " and stride ",
              s.strides(),
              " (at least one dimension spans across two contiguous subspaces); "
              "use reshape instead");
  return make_reshaping_view(self, new_sizes, *strides, s.storage_offset(), "ViewBackward0");
}

Tensor reshape(const Tensor& self, IntArrayRef sizes) {
  const auto& s = impl(self, "reshape");
  DimVector new_sizes = infer_sizes(sizes, s.numel(), "reshape");
  if (auto strides = view_strides(s.sizes(), s.strides(), new_sizes)) {
    return make_reshaping_view(self, new_sizes, *strides, s.storage_offset(), "ViewBackward0");
  }
  return view(self.contiguous(), new_sizes);
}

Tensor flatten(const Tensor& self, int64_t start_dim, int64_t end_dim) {
  const auto& s = impl(self, "flatten");
  if (s.dim() == 0) return reshape(self, {1});
  const int64_t start = wrap_dim(start_dim, s.dim(), "flatten");
  const int64_t end = wrap_dim(end_dim, s.dim(), "flatten");
  EMBER_CHECK(start <= end, "flatten", "start_dim (", start_dim, ") cannot come after end_dim (",
              end_dim, ")");
  DimVector sizes;
  for (int64_t d = 0; d < start; ++d) sizes.push_back(s.sizes()[d]);
  int64_t merged = 1;
  for (int64_t d = start; d <= end; ++d) merged *= s.sizes()[d];
  sizes.push_back(merged);
  for (int64_t d = end + 1; d < s.dim(); ++d) sizes.push_back(s.sizes()[d]);
  return reshape(self, sizes);
}

Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes) {
  const auto& s = impl(self, "unflatten");
  EMBER_CHECK(s.dim() > 0, "unflatten", "expected a tensor with at least one dimension");
  const int64_t d = wrap_dim(dim, s.dim(), "unflatten");
  EMBER_CHECK(!sizes.empty(), "unflatten", "sizes must be non-empty");
  DimVector inner;
  try {
    inner = infer_sizes(sizes, s.sizes()[d], "unflatten");
  } catch (const Error& e) {
    // As PyTorch, which words a size mismatch for unflatten and passes anything else on.
    const std::string what = e.what();
    EMBER_CHECK(what.find("is invalid for input of size") == std::string::npos, "unflatten",
                "unflatten: Provided sizes ", sizes, " don't multiply up to the size of dim ", d,
                " (", s.sizes()[d], ") in the input tensor");
    EMBER_FAIL("unflatten",
               "unflatten got an unexpected error: ", what.substr(what.find("] ") + 2));
  }
  DimVector out;
  for (int64_t i = 0; i < d; ++i) out.push_back(s.sizes()[i]);
  for (int64_t v : inner) out.push_back(v);
  for (int64_t i = d + 1; i < s.dim(); ++i) out.push_back(s.sizes()[i]);
  return view(self, out);
}

Tensor squeeze(const Tensor& self) {
  const auto& s = impl(self, "squeeze");
  DimVector sizes, strides;
  for (int64_t d = 0; d < s.dim(); ++d) {
    if (s.sizes()[d] == 1) continue;
    sizes.push_back(s.sizes()[d]);
    strides.push_back(s.strides()[d]);
  }
  return make_reshaping_view(self, sizes, strides, s.storage_offset(), "SqueezeBackward0");
}

Tensor squeeze(const Tensor& self, IntArrayRef dims) {
  const auto& s = impl(self, "squeeze");
  const uint64_t mask = detail::dim_mask(dims, s.dim(), "squeeze");
  DimVector sizes, strides;
  for (int64_t d = 0; d < s.dim(); ++d) {
    if ((mask >> d & 1) && s.sizes()[d] == 1) continue;
    sizes.push_back(s.sizes()[d]);
    strides.push_back(s.strides()[d]);
  }
  return make_reshaping_view(self, sizes, strides, s.storage_offset(), "SqueezeBackward1");
}

Tensor unsqueeze(const Tensor& self, int64_t dim) {
  const auto& s = impl(self, "unsqueeze");
  const int64_t d = wrap_dim(dim, s.dim() + 1, "unsqueeze");
  DimVector sizes(s.sizes()), strides(s.strides());
  const int64_t stride = d < s.dim() ? s.sizes()[d] * s.strides()[d] : 1;
  sizes.insert(d, 1);
  strides.insert(d, stride);
  return make_reshaping_view(self, sizes, strides, s.storage_offset(), "UnsqueezeBackward0");
}

Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1) {
  const auto& s = impl(self, "transpose");
  const int64_t a = wrap_dim(dim0, s.dim(), "transpose");
  const int64_t b = wrap_dim(dim1, s.dim(), "transpose");
  DimVector sizes(s.sizes()), strides(s.strides());
  if (s.dim() > 0) {
    std::swap(sizes[a], sizes[b]);
    std::swap(strides[a], strides[b]);
  }
  return make_view(self, sizes, strides, s.storage_offset(), "TransposeBackward0",
                   [a, b](const Tensor& g) { return g.dim() == 0 ? g : g.transpose(a, b); });
}

Tensor t(const Tensor& self) {
  const auto& s = impl(self, "t");
  EMBER_CHECK(s.dim() <= 2, "t", "expects a tensor with <= 2 dimensions, but self is ", s.dim(),
              "D");
  return s.dim() < 2
             ? make_reshaping_view(self, s.sizes(), s.strides(), s.storage_offset(), "TBackward0")
             : transpose(self, 0, 1);
}

Tensor permute(const Tensor& self, IntArrayRef dims) {
  const auto& s = impl(self, "permute");
  EMBER_CHECK(static_cast<int64_t>(dims.size()) == s.dim(), "permute",
              "number of dimensions in the tensor input does not match the length of the desired "
              "ordering of dimensions i.e. input.dim() = ",
              s.dim(), " is not equal to len(dims) = ", dims.size());
  DimVector sizes(dims.size()), strides(dims.size());
  std::vector<int64_t> inverse(dims.size(), -1);
  for (size_t i = 0; i < dims.size(); ++i) {
    const int64_t d = wrap_dim(dims[i], s.dim(), "permute");
    EMBER_CHECK(inverse[d] == -1, "permute", "duplicate dims are not allowed.");
    sizes[i] = s.sizes()[d];
    strides[i] = s.strides()[d];
    inverse[d] = static_cast<int64_t>(i);
  }
  return make_view(self, sizes, strides, s.storage_offset(), "PermuteBackward0",
                   [inverse](const Tensor& g) { return g.permute(inverse); });
}

Tensor expand(const Tensor& self, IntArrayRef sizes) {
  const auto& s = impl(self, "expand");
  const int64_t nd = static_cast<int64_t>(sizes.size());
  EMBER_CHECK(nd >= s.dim(), "expand", "the number of sizes provided (", nd,
              ") must be greater or equal to the number of dimensions in the tensor (", s.dim(),
              ")");
  DimVector out_sizes(nd), out_strides(nd);
  for (int64_t i = nd - 1; i >= 0; --i) {
    const int64_t src = i - (nd - s.dim());
    const int64_t want = sizes[i];
    if (src < 0) {
      EMBER_CHECK(want >= 0, "expand", "the expanded size of the tensor (", want,
                  ") isn't allowed in a leading, non-existing dimension ", i);
      out_sizes[i] = want;
      out_strides[i] = 0;
      continue;
    }
    const int64_t have = s.sizes()[src];
    if (want == -1 || want == have) {
      out_sizes[i] = have;
      out_strides[i] = s.strides()[src];
    } else {
      EMBER_CHECK(have == 1 && want >= 0, "expand", "the expanded size of the tensor (", want,
                  ") must match the existing size (", have, ") at non-singleton dimension ", i,
                  ". Target sizes: ", sizes, ". Tensor sizes: ", s.sizes());
      out_sizes[i] = want;
      out_strides[i] = 0;
    }
  }
  detail::check_numel_fits(out_sizes, "expand");
  return make_view(self, out_sizes, out_strides, s.storage_offset(), "ExpandBackward0",
                   [shape = to_vector(s.sizes())](const Tensor& g) {
                     return autograd::detail::sum_to(g, shape);
                   });
}

Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  const auto& s = impl(self, "narrow");
  EMBER_CHECK(s.dim() > 0, "narrow", "cannot be applied to a 0-dim tensor");
  const int64_t d = wrap_dim(dim, s.dim(), "narrow");
  const int64_t size = s.sizes()[d];
  // As PyTorch, start is wrapped like a dim (start == size, the end, is allowed).
  if (start != size) start = wrap_dim(start, size, "narrow");
  EMBER_CHECK(length >= 0 && length <= size - start, "narrow", "start (", start, ") + length (",
              length, ") exceeds dimension size (", size, ")");
  return slice(self, d, start, start + length, 1);
}

Tensor slice(const Tensor& self, int64_t dim, std::optional<int64_t> start,
             std::optional<int64_t> end, int64_t step) {
  const auto& s = impl(self, "slice");
  EMBER_CHECK(s.dim() > 0, "slice", "cannot be applied to a 0-dim tensor");
  EMBER_CHECK(step != 0, "slice", "slice step cannot be zero");
  EMBER_CHECK(step > 0, "slice", "step must be greater than zero, got ", step);
  const int64_t d = wrap_dim(dim, s.dim(), "slice");
  const int64_t size = s.sizes()[d];
  auto clamp_bound = [size](int64_t v) {
    if (v < 0) v += size;
    return std::clamp<int64_t>(v, 0, size);
  };
  const int64_t b = clamp_bound(start.value_or(0));
  const int64_t e = std::max(b, clamp_bound(end.value_or(size)));
  DimVector sizes(s.sizes()), strides(s.strides());
  sizes[d] = e == b ? 0 : (e - b - 1) / step + 1;  // ceil((e - b) / step) without overflow
  strides[d] = s.strides()[d] * step;
  return make_part_view(self, sizes, strides, s.storage_offset() + b * s.strides()[d],
                        "SliceBackward0",
                        [d, b, e, step](const Tensor& full) { return full.slice(d, b, e, step); });
}

Tensor select(const Tensor& self, int64_t dim, int64_t index) {
  const auto& s = impl(self, "select");
  EMBER_CHECK(s.dim() > 0, "select", "cannot be applied to a 0-dim tensor");
  const int64_t d = wrap_dim(dim, s.dim(), "select");
  const int64_t size = s.sizes()[d];
  EMBER_CHECK(index >= -size && index < size, "select", "index ", index,
              " out of range for tensor of size ", s.sizes(), " at dimension ", d);
  if (index < 0) index += size;
  DimVector sizes(s.sizes()), strides(s.strides());
  sizes.erase(d);
  strides.erase(d);
  return make_part_view(self, sizes, strides, s.storage_offset() + index * s.strides()[d],
                        "SelectBackward0",
                        [d, index](const Tensor& full) { return full.select(d, index); });
}

std::vector<Tensor> unbind(const Tensor& self, int64_t dim) {
  const auto& s = impl(self, "unbind");
  EMBER_CHECK(s.dim() > 0, "unbind", "dimension specified as ", dim,
              " but tensor has no dimensions");
  const int64_t d = wrap_dim(dim, s.dim(), "unbind");
  std::vector<Tensor> out;
  for (int64_t i = 0; i < s.sizes()[d]; ++i) out.push_back(select(self, d, i));
  return out;
}

std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim) {
  const auto& s = impl(self, "split");
  EMBER_CHECK(s.dim() > 0, "split", "split expects at least a 1-dimensional tensor");
  EMBER_CHECK(split_size >= 0, "split",
              "split expects split_size be non-negative, but got split_size=", split_size);
  const int64_t d = wrap_dim(dim, s.dim(), "split");
  const int64_t size = s.sizes()[d];
  EMBER_CHECK(split_size > 0 || size == 0, "split",
              "split_size can only be 0 if dimension size is 0, "
              "but got dimension size of ",
              size);
  std::vector<Tensor> out;
  if (size == 0) return {slice(self, d, 0, 0)};
  for (int64_t b = 0; b < size; b += split_size) out.push_back(slice(self, d, b, b + split_size));
  return out;
}

std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim) {
  const auto& s = impl(self, "split_with_sizes");
  EMBER_CHECK(s.dim() > 0, "split_with_sizes", "split expects at least a 1-dimensional tensor");
  const int64_t d = wrap_dim(dim, s.dim(), "split_with_sizes");
  int64_t total = 0;
  for (int64_t v : split_sizes) {
    EMBER_CHECK(v >= 0, "split_with_sizes",
                "split_with_sizes expects split_sizes have only non-negative entries, but got "
                "split_sizes=",
                split_sizes);
    total += v;
  }
  EMBER_CHECK(total == s.sizes()[d], "split_with_sizes",
              "split_with_sizes expects split_sizes to sum exactly to ", s.sizes()[d],
              " (input tensor's size at dimension ", d, "), but got split_sizes=", split_sizes);
  std::vector<Tensor> out;
  int64_t b = 0;
  for (int64_t v : split_sizes) {
    out.push_back(slice(self, d, b, b + v));
    b += v;
  }
  return out;
}

std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim) {
  const auto& s = impl(self, "chunk");
  EMBER_CHECK(s.dim() > 0, "chunk", "chunk expects at least a 1-dimensional tensor");
  EMBER_CHECK(chunks > 0, "chunk", "number of chunks must be greater than 0, got ", chunks);
  const int64_t d = wrap_dim(dim, s.dim(), "chunk");
  const int64_t size = s.sizes()[d];
  const int64_t split_size = size == 0 ? 0 : (size - 1) / chunks + 1;  // ceil, no overflow
  if (split_size == 0 && size == 0) {
    // PyTorch returns `chunks` empty pieces when the dimension is empty.
    std::vector<int64_t> sizes(static_cast<size_t>(chunks), 0);
    return split_with_sizes(self, sizes, d);
  }
  return split(self, split_size, d);
}

Tensor diagonal(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  const auto& s = impl(self, "diagonal");
  // As PyTorch, a tensor with fewer than two dims fails on the dims (out of range, or identical).
  const int64_t a = wrap_dim(dim1, s.dim(), "diagonal");
  const int64_t b = wrap_dim(dim2, s.dim(), "diagonal");
  EMBER_CHECK(a != b, "diagonal", "dimensions cannot be identical ", dim1, ", ", dim2);
  int64_t length, start = s.storage_offset();
  if (offset >= 0) {
    length = std::max<int64_t>(std::min(s.sizes()[a], s.sizes()[b] - offset), 0);
    if (length > 0) start += offset * s.strides()[b];
  } else {
    length = std::max<int64_t>(std::min(s.sizes()[a] + offset, s.sizes()[b]), 0);
    if (length > 0) start -= offset * s.strides()[a];
  }
  DimVector sizes, strides;
  for (int64_t d = 0; d < s.dim(); ++d) {
    if (d == a || d == b) continue;
    sizes.push_back(s.sizes()[d]);
    strides.push_back(s.strides()[d]);
  }
  sizes.push_back(length);
  strides.push_back(s.strides()[a] + s.strides()[b]);
  return make_part_view(self, sizes, strides, start, "DiagonalBackward0",
                        [offset, a, b](const Tensor& full) { return full.diagonal(offset, a, b); });
}

Tensor movedim(const Tensor& self, IntArrayRef source, IntArrayRef destination) {
  const auto& s = impl(self, "movedim");
  EMBER_CHECK(source.size() == destination.size(), "movedim",
              "Invalid source or destination dims: source (", source,
              " dims) should contain the same number of dims as destination (", destination,
              " dims)");
  const int64_t nd = s.dim();
  auto check_unique = [nd](IntArrayRef dims, const char* which) {
    std::vector<bool> seen(static_cast<size_t>(std::max<int64_t>(nd, 1)), false);
    for (int64_t d : dims) {
      const int64_t w = wrap_dim(d, nd, "movedim");
      EMBER_CHECK(!seen[w], "movedim", "movedim: repeated dim in `", which, "` (", dims, ")");
      seen[w] = true;
    }
  };
  for (int64_t d : source) wrap_dim(d, nd, "movedim");
  for (int64_t d : destination) wrap_dim(d, nd, "movedim");
  check_unique(source, "source");
  check_unique(destination, "destination");
  std::vector<int64_t> order(static_cast<size_t>(nd), -1);
  std::vector<bool> used(static_cast<size_t>(nd), false);
  for (size_t i = 0; i < source.size(); ++i) {
    const int64_t src = wrap_dim(source[i], nd, "movedim");
    const int64_t dst = wrap_dim(destination[i], nd, "movedim");
    order[dst] = src;
    used[src] = true;
  }
  int64_t next = 0;
  for (int64_t d = 0; d < nd; ++d) {
    if (order[d] != -1) continue;
    while (used[next]) ++next;
    order[d] = next++;
  }
  return permute(self, order);
}

Tensor as_strided(const Tensor& self, IntArrayRef sizes, IntArrayRef strides,
                  std::optional<int64_t> storage_offset) {
  const auto& s = impl(self, "as_strided");
  EMBER_CHECK(sizes.size() == strides.size(), "as_strided",
              "mismatch in length of strides and shape (", strides.size(), " vs ", sizes.size(),
              ")");
  detail::check_sizes(sizes, "as_strided");
  for (int64_t st : strides) {
    EMBER_CHECK(
        st >= 0, "as_strided",
        "as_strided: Negative strides are not supported at the moment, got strides: ", strides);
  }
  const int64_t offset = storage_offset.value_or(s.storage_offset());
  EMBER_CHECK(offset >= 0, "as_strided", "expected a non-negative storage offset, got ", offset);
  const int64_t extent = detail::storage_extent(sizes, strides, "as_strided");
  const int64_t capacity = static_cast<int64_t>(s.storage()->nbytes() / s.itemsize());
  if (extent != 0 && (offset >= capacity || extent > capacity - offset)) {
    // The bytes the view would need, as PyTorch reports them; huge arguments would overflow.
    int64_t needed = 0;
    const bool overflows =
        __builtin_add_overflow(offset, extent, &needed) ||
        __builtin_mul_overflow(needed, static_cast<int64_t>(s.itemsize()), &needed);
    EMBER_FAIL("as_strided", "setStorage: sizes ", sizes, ", strides ", strides,
               ", storage offset ", offset, ", and itemsize ", s.itemsize(),
               " requiring a storage size of ",
               overflows ? std::string("more than 2^63 - 1") : std::to_string(needed),
               " are out of bounds for storage of size ", s.storage()->nbytes());
  }
  return make_strided_view(self, sizes, strides, offset, "AsStridedBackward0");
}

Tensor unfold(const Tensor& self, int64_t dim, int64_t size, int64_t step) {
  const auto& s = impl(self, "unfold");
  const int64_t d = wrap_dim(dim, s.dim(), "unfold");
  const int64_t extent = s.dim() == 0 ? 1 : s.sizes()[d];
  EMBER_CHECK(size >= 0 && size <= extent, "unfold", "maximum size for tensor at dimension ", d,
              " is ", extent, " but size is ", size);
  EMBER_CHECK(step > 0, "unfold", "step is ", step, " but must be > 0");
  DimVector sizes(s.sizes()), strides(s.strides());
  const int64_t stride = s.dim() == 0 ? 1 : s.strides()[d];
  if (s.dim() > 0) {
    sizes[d] = (extent - size) / step + 1;
    strides[d] = stride * step;
  }
  sizes.push_back(size);
  strides.push_back(stride);
  return make_strided_view(self, sizes, strides, s.storage_offset(), "UnfoldBackward0");
}

std::vector<int64_t> broadcast_shapes(ArrayRef<std::vector<int64_t>> shapes) {
  DimVector out;
  for (const auto& shape : shapes) out = detail::broadcast_shapes(out, shape, "broadcast_shapes");
  return out.vec();
}

std::vector<Tensor> broadcast_tensors(TensorList tensors) {
  DimVector shape;
  for (const Tensor& t : tensors) {
    shape =
        detail::broadcast_shapes(shape, impl(t, "broadcast_tensors").sizes(), "broadcast_tensors");
  }
  std::vector<Tensor> out;
  for (const Tensor& t : tensors) out.push_back(expand(t, shape));
  return out;
}

// ---- Tensor methods ----------------------------------------------------------------------------

Tensor Tensor::view(IntArrayRef sizes) const {
  return ember::view(*this, sizes);
}
Tensor Tensor::view_as(const Tensor& other) const {
  return ember::view(*this, other.sizes());
}
Tensor Tensor::reshape(IntArrayRef sizes) const {
  return ember::reshape(*this, sizes);
}
Tensor Tensor::reshape_as(const Tensor& other) const {
  return ember::reshape(*this, other.sizes());
}
Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const {
  return ember::flatten(*this, start_dim, end_dim);
}
Tensor Tensor::unflatten(int64_t dim, IntArrayRef sizes) const {
  return ember::unflatten(*this, dim, sizes);
}
Tensor Tensor::squeeze() const {
  return ember::squeeze(*this);
}
Tensor Tensor::squeeze(int64_t dim) const {
  return ember::squeeze(*this, IntArrayRef(dim));
}
Tensor Tensor::squeeze(IntArrayRef dims) const {
  return ember::squeeze(*this, dims);
}
Tensor Tensor::unsqueeze(int64_t dim) const {
  return ember::unsqueeze(*this, dim);
}
Tensor Tensor::transpose(int64_t dim0, int64_t dim1) const {
  return ember::transpose(*this, dim0, dim1);
}
Tensor Tensor::t() const {
  return ember::t(*this);
}
Tensor Tensor::mT() const {
  EMBER_CHECK(dim() >= 2, "mT", "tensor of dimension ", dim(), " has no matrix transpose");
  return ember::transpose(*this, -2, -1);
}
Tensor Tensor::permute(IntArrayRef dims) const {
  return ember::permute(*this, dims);
}
Tensor Tensor::expand(IntArrayRef sizes, bool) const {
  return ember::expand(*this, sizes);
}
Tensor Tensor::expand_as(const Tensor& other) const {
  return ember::expand(*this, other.sizes());
}
Tensor Tensor::narrow(int64_t dim, int64_t start, int64_t length) const {
  return ember::narrow(*this, dim, start, length);
}
Tensor Tensor::slice(int64_t dim, std::optional<int64_t> start, std::optional<int64_t> end,
                     int64_t step) const {
  return ember::slice(*this, dim, start, end, step);
}
Tensor Tensor::select(int64_t dim, int64_t index) const {
  return ember::select(*this, dim, index);
}
std::vector<Tensor> Tensor::unbind(int64_t dim) const {
  return ember::unbind(*this, dim);
}
std::vector<Tensor> Tensor::split(int64_t split_size, int64_t dim) const {
  return ember::split(*this, split_size, dim);
}
std::vector<Tensor> Tensor::split(IntArrayRef split_sizes, int64_t dim) const {
  return ember::split_with_sizes(*this, split_sizes, dim);
}
std::vector<Tensor> Tensor::split_with_sizes(IntArrayRef split_sizes, int64_t dim) const {
  return ember::split_with_sizes(*this, split_sizes, dim);
}
std::vector<Tensor> Tensor::chunk(int64_t chunks, int64_t dim) const {
  return ember::chunk(*this, chunks, dim);
}
Tensor Tensor::diagonal(int64_t offset, int64_t dim1, int64_t dim2) const {
  return ember::diagonal(*this, offset, dim1, dim2);
}
Tensor Tensor::movedim(IntArrayRef source, IntArrayRef destination) const {
  return ember::movedim(*this, source, destination);
}
Tensor Tensor::movedim(int64_t source, int64_t destination) const {
  return ember::movedim(*this, IntArrayRef(source), IntArrayRef(destination));
}
Tensor Tensor::as_strided(IntArrayRef sizes, IntArrayRef strides,
                          std::optional<int64_t> storage_offset) const {
  return ember::as_strided(*this, sizes, strides, storage_offset);
}
Tensor Tensor::unfold(int64_t dim, int64_t size, int64_t step) const {
  return ember::unfold(*this, dim, size, step);
}

}  // namespace ember
