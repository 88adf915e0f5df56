// Tensor indexing: `t.index({...})` and `t.index_put_({...}, value)` with PyTorch's rules.
//
// Note [Basic and advanced indexing]
// Integers, slices, None and Ellipsis are applied first as views (select, slice, unsqueeze), as
// libtorch's applySlicing does; a 0-d int64/int32 tensor counts as an integer. Every other
// tensor, and a bool (`true` is the index tensor [0] on a new dim of size 1, `false` the empty
// index on it), is an advanced index recorded for the dim it lands on; a bool mask of k dims
// becomes k int64 index tensors (its nonzero coordinates). If any advanced index is left, the
// view is then indexed by them all at once (Note [Indexing by offsets]), which copies. As in
// PyTorch, every Ellipsis stands for the dims no other index consumes (so a second one is a
// no-op at the end, not an error).
#include <algorithm>
#include <sstream>
#include <string_view>

#include "autograd/derivatives/indexing.h"
#include "autograd/record.h"
#include "autograd/sum_to.h"
#include "ember/indexing.h"
#include "ember/ops/creation.h"
#include "ember/ops/indexing.h"
#include "ember/ops/shape.h"
#include "ops/backend.h"
#include "ops/indexing_util.h"
#include "ops/op_util.h"

namespace ember {

namespace indexing {
TensorIndex::TensorIndex(const char* text) : kind_(Kind::kEllipsis) {
  EMBER_CHECK(text != nullptr && std::string_view(text) == "...", "index",
              "expected \"...\" (Ellipsis) as a string index, got \"",
              text == nullptr ? "(null)" : text, "\"");
}
}  // namespace indexing

namespace detail {
namespace {

using indexing::TensorIndex;

// Whether shapes `a` and `b` broadcast together.
bool broadcastable(IntArrayRef a, IntArrayRef b) {
  for (size_t i = 1; i <= std::min(a.size(), b.size()); ++i) {
    const int64_t x = a[a.size() - i], y = b[b.size() - i];
    if (x != y && x != 1 && y != 1) return false;
  }
  return true;
}

}  // namespace

namespace {

// What advanced indexing needs: see Note [Indexing by offsets].
struct IndexPlan {
  DimVector shape;  // the result's shape
  Tensor src;       // the indexed tensor restrided to `shape` (stride 0 over the index dims)
  Tensor offsets;   // int64 byte offsets, expanded to `shape`
};

IndexPlan plan_index(const Tensor& self, std::vector<Tensor> indices, const char* op,
                     bool allow_negative = true) {
  const int64_t nd = self.dim();
  EMBER_CHECK(static_cast<int64_t>(indices.size()) <= nd, op,
              "too many indices for tensor of dimension ", nd, " (got ", indices.size(), ")");
  indices.resize(static_cast<size_t>(nd));
  DimVector bshape;
  std::vector<int64_t> indexed;
  for (int64_t d = 0; d < nd; ++d) {
    if (!indices[d].defined()) continue;
    if (indexed.empty()) {
      bshape = DimVector(indices[d].sizes());
    } else {
      std::ostringstream shapes;  // PyTorch's message names every index's shape
      for (int64_t e = 0; e < nd; ++e) {
        if (!indices[e].defined()) continue;
        shapes << (shapes.tellp() > 0 ? ", " : "") << indices[e].sizes();
      }
      EMBER_CHECK(broadcastable(bshape, indices[d].sizes()), op,
                  "shape mismatch: indexing tensors could not be broadcast together with shapes ",
                  shapes.str());
      bshape = broadcast_shapes(bshape, indices[d].sizes(), op);
    }
    indexed.push_back(d);
  }
  // Advanced indices separated by a non-indexed dim go first (Note 2 of PyTorch's
  // TensorAdvancedIndexing.cpp): permute them to the front.
  Tensor r = self;
  const bool adjacent =
      indexed.back() - indexed.front() + 1 == static_cast<int64_t>(indexed.size());
  if (!adjacent) {
    std::vector<int64_t> order(indexed.begin(), indexed.end());
    std::vector<Tensor> reordered;
    for (int64_t d : indexed) reordered.push_back(indices[d]);
    for (int64_t d = 0; d < nd; ++d) {
      if (!indices[d].defined()) {
        order.push_back(d);
        reordered.push_back(Tensor());
      }
    }
    r = permute(self, order);
    indices = std::move(reordered);
  }
  const int64_t first = adjacent ? indexed.front() : 0;
  const int64_t m = static_cast<int64_t>(indexed.size());
  const int64_t bn = static_cast<int64_t>(bshape.size());

  IndexPlan plan;
  DimVector src_strides, off_strides;
  const DimVector bstrides = contiguous_strides(bshape);
  for (int64_t d = 0; d < first; ++d) {
    plan.shape.push_back(r.size(d));
    src_strides.push_back(r.stride(d));
    off_strides.push_back(0);
  }
  for (int64_t k = 0; k < bn; ++k) {
    plan.shape.push_back(bshape[k]);
    src_strides.push_back(0);
    off_strides.push_back(bstrides[k]);
  }
  for (int64_t d = first + m; d < nd; ++d) {
    plan.shape.push_back(r.size(d));
    src_strides.push_back(r.stride(d));
    off_strides.push_back(0);
  }
  Tensor offsets = make_empty(bshape, kLong, r.device());
  offsets.zero_();
  // As PyTorch, index values are only checked when the result has elements to read.
  if (numel_of(plan.shape) > 0) {
    const int64_t item = static_cast<int64_t>(r.element_size());
    for (int64_t k = first; k < first + m; ++k) {
      const Tensor idx = expand(indices[k], bshape);
      detail::backend_of(offsets).add_index_offsets(
          *offsets.unsafeGetTensorImpl(), *idx.unsafeGetTensorImpl(), r.size(k), r.stride(k) * item,
          k - first, allow_negative, op);
    }
  }
  plan.src = make_view(r, plan.shape, src_strides, r.storage_offset());
  plan.offsets = make_view(offsets, plan.shape, off_strides, 0);
  return plan;
}

// Leading size-1 dims of a value are dropped before broadcasting (libtorch's slicePrefix1sSize),
// so that `t.index_put_({0}, ones({1, 4}))` works on a [3, 4] tensor.
Tensor strip_leading_ones(Tensor value) {
  int64_t k = 0;
  while (k < value.dim() && value.size(k) == 1) ++k;
  if (k == 0) return value;
  return value.reshape(IntArrayRef(value.sizes()).slice(static_cast<size_t>(k)));
}

void check_index_dtype(const Tensor& t, const char* op) {
  const ScalarType s = t.scalar_type();
  EMBER_CHECK(s == kLong || s == kInt || s == kBool || s == kByte, op,
              "tensors used as indices must be long, int, byte or bool tensors, got ", s);
}

Tensor bool_index(bool b, Device device) {
  const TensorOptions options = TensorOptions().dtype(kLong).device(device);
  return b ? zeros({1}, options) : empty({0}, options);
}

// Applies the basic indices as views and records the advanced ones per dim of the view
// (Note [Basic and advanced indexing]).
Tensor apply_slicing(const Tensor& self, ArrayRef<TensorIndex> idx, const char* op,
                     std::vector<Tensor>& advanced) {
  const int64_t nd = self.dim();
  int64_t consumed = 0;
  for (const TensorIndex& i : idx) {
    switch (i.kind()) {
      case TensorIndex::Kind::kInteger:
      case TensorIndex::Kind::kSlice:
        ++consumed;
        break;
      case TensorIndex::Kind::kTensor: {
        const Tensor& t = check_defined(i.tensor(), op, "index");
        check_index_dtype(t, op);
        const bool mask = t.scalar_type() == kBool || t.scalar_type() == kByte;
        consumed += mask ? t.dim() : 1;
        break;
      }
      default:
        break;
    }
  }
  EMBER_CHECK(consumed <= nd, op, "too many indices for tensor of dimension ", nd, " (got ",
              consumed, ")");
  Tensor r = self;
  int64_t d = 0;  // the dim of `r` the next index applies to
  auto select_checked = [&](int64_t v) {
    const int64_t size = r.size(d);
    EMBER_CHECK(v >= -size && v < size, op, "index ", v, " is out of bounds for dimension ", d,
                " with size ", size);
    r = select(r, d, v);
  };
  auto add_dim_with_index = [&](bool b) {
    r = unsqueeze(r, d);
    advanced.resize(static_cast<size_t>(d));
    advanced.push_back(bool_index(b, self.device()));
    ++d;
  };
  for (const TensorIndex& i : idx) {
    switch (i.kind()) {
      case TensorIndex::Kind::kInteger:
        select_checked(i.integer());
        break;
      case TensorIndex::Kind::kSlice: {
        const auto& s = i.slice();
        EMBER_CHECK(s.step() != 0, op, "slice step cannot be zero");
        EMBER_CHECK(s.step() > 0, op, "step must be greater than zero, got ", s.step());
        r = slice(r, d, s.start(), s.stop(), s.step());
        ++d;
        break;
      }
      case TensorIndex::Kind::kNone:
        r = unsqueeze(r, d);
        ++d;
        break;
      case TensorIndex::Kind::kEllipsis:
        d += nd - consumed;
        break;
      case TensorIndex::Kind::kBoolean:
        add_dim_with_index(i.boolean());
        break;
      case TensorIndex::Kind::kTensor: {
        const Tensor& t = i.tensor();
        const bool mask = t.scalar_type() == kBool || t.scalar_type() == kByte;
        if (t.dim() == 0) {
          if (mask) {
            add_dim_with_index(t.item<bool>());
          } else {
            select_checked(t.item<int64_t>());
          }
          break;
        }
        advanced.resize(static_cast<size_t>(d));
        if (!mask) {
          advanced.push_back(t);
          ++d;
          break;
        }
        for (int64_t j = 0; j < t.dim(); ++j) {
          EMBER_CHECK(t.size(j) == r.size(d + j), op, "the shape of the mask ", t.sizes(),
                      " at index ", j, " does not match the shape of the indexed tensor ",
                      r.sizes(), " at index ", d + j);
        }
        for (Tensor& c : mask_to_indices(t)) advanced.push_back(std::move(c));
        d += t.dim();
        break;
      }
    }
  }
  // Entries before an unsqueeze or slice that came later stay undefined (not indexed).
  return r;
}

bool any_defined(const std::vector<Tensor>& v) {
  return std::any_of(v.begin(), v.end(), [](const Tensor& t) { return t.defined(); });
}

}  // namespace

std::vector<Tensor> mask_to_indices(const Tensor& mask) {
  const Tensor nz = nonzero(mask);
  std::vector<Tensor> out;
  for (int64_t j = 0; j < mask.dim(); ++j) out.push_back(nz.select(1, j));
  return out;
}

void check_bool_mask(const Tensor& mask, const char* op) {
  check_defined(mask, op, "mask");
  if (std::string_view(op) == "masked_select") {
    EMBER_CHECK(mask.scalar_type() == kBool, op,
                "masked_select: expected BoolTensor for mask, got ", mask.scalar_type());
  }
  // masked_fill and masked_scatter, out of place or not, say what PyTorch's in-place forms say.
  const std::string_view name(op);
  EMBER_CHECK(mask.scalar_type() == kBool, op, name, name.back() == '_' ? "" : "_",
              " only supports boolean masks, but got mask with dtype ", mask.scalar_type());
}

Tensor advanced_index(const Tensor& self, std::vector<Tensor> indices, const char* op,
                      bool allow_negative) {
  IndexPlan plan = plan_index(self, std::move(indices), op, allow_negative);
  Tensor out = make_empty(plan.shape, self.scalar_type(), self.device());
  detail::backend_of(out).index_gather(*out.unsafeGetTensorImpl(), *plan.src.unsafeGetTensorImpl(),
                                       *plan.offsets.unsafeGetTensorImpl());
  return out;
}

void advanced_index_put(const Tensor& self, std::vector<Tensor> indices, const Tensor& value,
                        const char* op) {
  IndexPlan plan = plan_index(self, std::move(indices), op);
  const Tensor v = strip_leading_ones(value);
  EMBER_CHECK(expandable(v.sizes(), plan.shape), op, "shape mismatch: value tensor of shape ",
              value.sizes(), " cannot be broadcast to indexing result of shape ",
              IntArrayRef(plan.shape));
  Tensor ve = expand(v, plan.shape);
  if (ve.is_alias_of(self)) ve = ve.clone();  // read every value before writing any
  detail::backend_of(ve).index_put(*plan.src.unsafeGetTensorImpl(), *ve.unsafeGetTensorImpl(),
                                   *plan.offsets.unsafeGetTensorImpl());
}

}  // namespace detail

Tensor index(const Tensor& self, ArrayRef<indexing::TensorIndex> indices) {
  detail::check_defined(self, "index", "self");
  detail::check_same_device("index", {&self});
  std::vector<Tensor> advanced;
  Tensor r = detail::apply_slicing(self, indices, "index", advanced);
  if (!detail::any_defined(advanced)) {
    // Always a new view (as `x[...]`), never the same handle.
    return r.is_same(self)
               ? detail::make_view(self, self.sizes(), self.strides(), self.storage_offset())
               : r;
  }
  autograd::detail::Recorder rec({&r});
  Tensor out = detail::advanced_index(r, advanced, "index");
  if (rec) {
    // Note [Gradients through positions]; the basic indices before were views, recorded as such.
    // The index tensors are saved (undefined for dims not indexed), so that writing to one in
    // place before backward raises instead of giving a wrong gradient.
    rec.record(
        "IndexBackward0", out, advanced,
        [n = advanced.size(), sizes = r.sizes().vec()](const autograd::detail::FormulaContext& c) {
          namespace ad = autograd::detail;
          std::vector<Tensor> saved;
          for (size_t i = 0; i < n; ++i) saved.push_back(c.saved(i));
          const Tensor read =
              detail::advanced_index(ad::positions(sizes, c.grad(0).device()), saved, "index");
          return autograd::variable_list{ad::accumulate_at(c.grad(0), read, sizes)};
        });
  }
  return out;
}

namespace {

// index_put_ under autograd, out of place: a copy of self with the indexed positions set.
Tensor index_put(const Tensor& self, const std::vector<indexing::TensorIndex>& indices,
                 const Tensor& value) {
  autograd::detail::Recorder rec({&self, &value});
  Tensor out = self.clone();
  index_put_(out, indices, value);
  if (rec) {
    // Index tensors are saved (and put back into the index list for backward).
    std::vector<Tensor> saved;
    for (const indexing::TensorIndex& i : indices) {
      if (i.kind() == indexing::TensorIndex::Kind::kTensor) saved.push_back(i.tensor());
    }
    rec.record("IndexPutBackward0", out, saved,
               [list = indices, sizes = self.sizes().vec(),
                value_sizes = value.sizes().vec()](const autograd::detail::FormulaContext& c) {
                 std::vector<indexing::TensorIndex> idx = list;
                 size_t k = 0;
                 for (indexing::TensorIndex& i : idx) {
                   if (i.kind() == indexing::TensorIndex::Kind::kTensor) i = c.saved(k++);
                 }
                 const Tensor& g = c.grad(0);
                 Tensor gself, gvalue;
                 if (c.needs(0)) {
                   // The written positions take nothing from self.
                   Tensor written = zeros(sizes, g.options().dtype(kBool));
                   index_put_(written, idx, Scalar(true));
                   gself = g.masked_fill(written, 0);
                 }
                 if (c.needs(1)) {
                   // value broadcast to the indexed shape after dropping its leading 1s.
                   const Tensor picked = g.index(idx);
                   size_t lead = 0;
                   while (lead < value_sizes.size() && value_sizes[lead] == 1) ++lead;
                   const IntArrayRef stripped = IntArrayRef(value_sizes).slice(lead);
                   gvalue = autograd::detail::sum_to(picked, stripped).reshape(value_sizes);
                 }
                 return autograd::variable_list{gself, gvalue};
               });
  }
  return out;
}

}  // namespace

namespace {

// index_put_ with accumulate: adds value at the indexed positions (repeats add up), by way of
// the row-major position of every indexed element and index_add on self flattened.
Tensor& index_add_at(Tensor& self, ArrayRef<indexing::TensorIndex> indices, const Tensor& value) {
  EMBER_CHECK(value.scalar_type() == self.scalar_type(), "index_put_",
              "index put requires the source and destination dtypes match, got ",
              self.scalar_type(), " for the destination and ", value.scalar_type(),
              " for the source");
  const Tensor positions =
      arange(self.numel(), self.options().dtype(kLong)).view(self.sizes()).index(indices);
  const Tensor v = detail::strip_leading_ones(value);
  EMBER_CHECK(detail::expandable(v.sizes(), positions.sizes()), "index_put_",
              "shape mismatch: value tensor of shape ", value.sizes(),
              " cannot be broadcast to indexing result of shape ", positions.sizes());
  const Tensor flat_positions = positions.reshape({-1});
  const Tensor flat_values = v.expand(positions.sizes()).reshape({-1});
  if (self.is_contiguous()) {
    self.view({-1}).index_add_(0, flat_positions, flat_values);
  } else {
    self.copy_(
        self.contiguous().view({-1}).index_add(0, flat_positions, flat_values).view(self.sizes()));
  }
  return self;
}

}  // namespace

Tensor& index_put_(Tensor& self, ArrayRef<indexing::TensorIndex> indices, const Tensor& value,
                   bool accumulate) {
  detail::check_defined(self, "index_put_", "self");
  detail::check_defined(value, "index_put_", "value");
  detail::check_same_device("index_put_", {&self, &value});
  if (accumulate) return index_add_at(self, indices, value);
  if (autograd::detail::should_record({&self, &value})) {
    const std::vector<indexing::TensorIndex> idx(indices.begin(), indices.end());
    return autograd::detail::record_in_place(
        self, "index_put_", [&](const Tensor& s) { return index_put(s, idx, value); },
        /*reads_self=*/false);
  }
  std::vector<Tensor> advanced;
  Tensor r = detail::apply_slicing(self, indices, "index_put_", advanced);
  if (!detail::any_defined(advanced)) {
    // Basic indexing only: a plain copy into the view, which converts the dtype (libtorch).
    const Tensor v = detail::strip_leading_ones(value);
    detail::check_expands_to(v.sizes(), r.sizes(), "index_put_");
    r.copy_(v);
  } else {
    EMBER_CHECK(value.scalar_type() == self.scalar_type(), "index_put_",
                "index put requires the source and destination dtypes match, got ",
                self.scalar_type(), " for the destination and ", value.scalar_type(),
                " for the source");
    detail::advanced_index_put(r, std::move(advanced), value, "index_put_");
  }
  self.bump_version();
  return self;
}

Tensor& index_put_(Tensor& self, ArrayRef<indexing::TensorIndex> indices, const Scalar& value,
                   bool accumulate) {
  detail::check_defined(self, "index_put_", "self");
  return index_put_(self, indices, detail::wrap_scalar(value, self.scalar_type(), self.device()),
                    accumulate);
}

namespace {

/// libtorch's methods reject `t.index({})`, which reads as indexing but selects nothing.
ArrayRef<indexing::TensorIndex> nonempty(ArrayRef<indexing::TensorIndex> indices,
                                         const char* method) {
  EMBER_CHECK(!indices.empty(), method, "Passing an empty index list to Tensor::", method,
              "() is not valid syntax");
  return indices;
}

}  // namespace

Tensor Tensor::index(ArrayRef<indexing::TensorIndex> indices) const {
  return ember::index(*this, nonempty(indices, "index"));
}
Tensor Tensor::index(std::initializer_list<indexing::TensorIndex> indices) const {
  return index(ArrayRef<indexing::TensorIndex>(indices));
}
Tensor& Tensor::index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& value,
                           bool accumulate) {
  return ember::index_put_(*this, nonempty(indices, "index_put_"), value, accumulate);
}
Tensor& Tensor::index_put_(ArrayRef<indexing::TensorIndex> indices, const Scalar& value,
                           bool accumulate) {
  return ember::index_put_(*this, nonempty(indices, "index_put_"), value, accumulate);
}
Tensor& Tensor::index_put_(std::initializer_list<indexing::TensorIndex> indices,
                           const Tensor& value, bool accumulate) {
  return index_put_(ArrayRef<indexing::TensorIndex>(indices), value, accumulate);
}
Tensor& Tensor::index_put_(std::initializer_list<indexing::TensorIndex> indices,
                           const Scalar& value, bool accumulate) {
  return index_put_(ArrayRef<indexing::TensorIndex>(indices), value, accumulate);
}

}  // namespace ember
