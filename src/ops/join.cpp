// Joining ops: cat and its relatives, meshgrid and cartesian_prod. Every join allocates its
// output once and copies each input into a narrow view of it (the copy kernel does the work).
//
// Note [Legacy empty tensors in cat]
// PyTorch's cat skips 1-d tensors of shape [0] when checking shapes, so that `cat({empty, x})`
// works for any x (a relic of the days when empty tensors had that shape). They still take part
// in dtype promotion. When every input is skipped the result is an empty [0] tensor and `dim` is
// not checked.
#include "ember/ops/rearrange.h"

#include "autograd/record.h"
#include "ember/ops/shape.h"
#include "ops/op_util.h"
#include "ops/rearrange.h"

namespace ember {
namespace detail {

namespace {
bool is_legacy_empty(const Tensor& t) {
  return t.dim() == 1 && t.size(0) == 0;
}
}  // namespace

Tensor cat(TensorList tensors, int64_t dim, const char* op) {
  EMBER_CHECK(!tensors.empty(), op, "expected a non-empty list of tensors");
  ResultType result;
  const Tensor* ref = nullptr;  // the first input that is not skipped
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = check_defined(tensors[i], op, "tensor");
    check_same_device(op, {&t, &tensors[0]});
    EMBER_CHECK(t.dim() > 0, op, "zero-dimensional tensor (at position ", i,
                ") cannot be concatenated");
    result.add(t);
    if (!ref && !is_legacy_empty(t)) ref = &t;
  }
  const ScalarType dtype = result.get();
  const std::vector<Tensor> inputs(tensors.begin(), tensors.end());
  autograd::detail::Recorder rec(inputs);
  if (!ref)
    return make_empty({0}, dtype, tensors[0].device());  // Note [Legacy empty tensors in cat]
  const int64_t d = wrap_dim(dim, ref->dim(), op);
  DimVector shape(ref->sizes());
  shape[d] = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    if (is_legacy_empty(t)) continue;
    EMBER_CHECK(t.dim() == ref->dim(), op, "tensors must have the same number of dimensions: got ",
                ref->dim(), " and ", t.dim(), " (tensor number ", i, " in the list)");
    for (int64_t k = 0; k < t.dim(); ++k) {
      EMBER_CHECK(k == d || t.size(k) == ref->size(k), op,
                  "sizes of tensors must match except in dimension ", d, ": expected size ",
                  ref->size(k), " but got size ", t.size(k), " for tensor number ", i,
                  " in the list");
    }
    shape[d] += t.size(d);
  }
  Tensor out = make_empty(shape, dtype, ref->device());
  int64_t offset = 0;
  for (const Tensor& t : tensors) {
    if (is_legacy_empty(t)) continue;
    out.narrow(d, offset, t.size(d)).copy_(t);
    offset += t.size(d);
  }
  if (rec) {
    // Each input's gradient is its slice of grad; skipped inputs get none.
    std::vector<int64_t> lengths;
    for (const Tensor& t : tensors) lengths.push_back(is_legacy_empty(t) ? -1 : t.size(d));
    rec.record("CatBackward0", out, {}, [d, lengths](const autograd::detail::FormulaContext& c) {
      autograd::variable_list grads;
      int64_t start = 0;
      for (size_t i = 0; i < lengths.size(); ++i) {
        if (lengths[i] < 0) {
          grads.emplace_back();
          continue;
        }
        grads.push_back(c.needs(i) ? c.grad(0).narrow(d, start, lengths[i]) : Tensor());
        start += lengths[i];
      }
      return grads;
    });
  }
  return out;
}

}  // namespace detail

namespace {

// PyTorch's atleast_1d/2d/3d: prepend (and, for 3-d, append) size-1 dims to low-rank inputs.
Tensor at_least(const Tensor& t, int64_t rank, const char* op) {
  detail::check_defined(t, op, "tensor");
  if (t.dim() >= rank) return t;
  switch (t.dim()) {
    case 0:
      return t.reshape(std::vector<int64_t>(static_cast<size_t>(rank), 1));
    case 1:
      return rank == 2 ? t.unsqueeze(0) : t.unsqueeze(0).unsqueeze(2);
    default:  // 2-d into 3-d
      return t.unsqueeze(2);
  }
}

std::vector<Tensor> all_at_least(TensorList tensors, int64_t rank, const char* op) {
  EMBER_CHECK(!tensors.empty(), op, "expects a non-empty TensorList");
  std::vector<Tensor> out;
  for (const Tensor& t : tensors) out.push_back(at_least(t, rank, op));
  return out;
}

}  // namespace

Tensor cat(TensorList tensors, int64_t dim) {
  return detail::cat(tensors, dim, "cat");
}

Tensor concat(TensorList tensors, int64_t dim) {
  return detail::cat(tensors, dim, "concat");
}

Tensor stack(TensorList tensors, int64_t dim) {
  EMBER_CHECK(!tensors.empty(), "stack", "expects a non-empty TensorList");
  for (size_t i = 0; i < tensors.size(); ++i) {
    detail::check_defined(tensors[i], "stack", "tensor");
    EMBER_CHECK(tensors[i].sizes() == tensors[0].sizes(), "stack",
                "expects each tensor to be equal size, but got ", tensors[0].sizes(),
                " at entry 0 and ", tensors[i].sizes(), " at entry ", i);
  }
  const int64_t d = detail::wrap_dim(dim, tensors[0].dim() + 1, "stack");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(t.unsqueeze(d));
  return detail::cat(parts, d, "stack");
}

Tensor hstack(TensorList tensors) {
  const std::vector<Tensor> parts = all_at_least(tensors, 1, "hstack");
  return detail::cat(parts, parts[0].dim() == 1 ? 0 : 1, "hstack");
}

Tensor vstack(TensorList tensors) {
  return detail::cat(all_at_least(tensors, 2, "vstack"), 0, "vstack");
}

Tensor dstack(TensorList tensors) {
  return detail::cat(all_at_least(tensors, 3, "dstack"), 2, "dstack");
}

std::vector<Tensor> meshgrid(TensorList tensors, std::string_view indexing) {
  EMBER_CHECK(!tensors.empty(), "meshgrid", "expects a non-empty TensorList");
  EMBER_CHECK(indexing == "ij" || indexing == "xy", "meshgrid",
              "indexing must be one of \"xy\" or \"ij\", but received: ", indexing);
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = detail::check_defined(tensors[i], "meshgrid", "tensor");
    detail::check_same_device("meshgrid", {&t});
    EMBER_CHECK(t.dim() <= 1, "meshgrid",
                "torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got tensor ", i,
                " of shape ", t.sizes());
    EMBER_CHECK(t.scalar_type() == tensors[0].scalar_type(), "meshgrid",
                "expects all tensors to have the same dtype, but got ", tensors[0].scalar_type(),
                " and ", t.scalar_type());
  }
  // "xy" is "ij" with the first two inputs (and outputs) swapped.
  std::vector<Tensor> inputs(tensors.begin(), tensors.end());
  const bool swap = indexing == "xy" && inputs.size() >= 2;
  if (swap) std::swap(inputs[0], inputs[1]);
  std::vector<int64_t> shape;
  for (const Tensor& t : inputs) shape.push_back(t.numel());
  std::vector<Tensor> grids;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::vector<int64_t> view_shape(shape.size(), 1);
    view_shape[i] = shape[i];
    grids.push_back(inputs[i].reshape(view_shape).expand(shape));
  }
  if (swap) std::swap(grids[0], grids[1]);
  return grids;
}

Tensor cartesian_prod(TensorList tensors) {
  EMBER_CHECK(!tensors.empty(), "cartesian_prod", "expects a non-empty TensorList");
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = detail::check_defined(tensors[i], "cartesian_prod", "tensor");
    EMBER_CHECK(t.dim() == 1, "cartesian_prod", "Expect a 1D vector, but got shape ", t.sizes(),
                " (tensor ", i, ")");
    EMBER_CHECK(t.scalar_type() == tensors[0].scalar_type(), "cartesian_prod",
                "expects all tensors to have the same dtype, but got ", tensors[0].scalar_type(),
                " and ", t.scalar_type());
  }
  if (tensors.size() == 1) return tensors[0];
  // Column i of the result is grid i flattened (a composite: the grids are views, stack is a cat).
  std::vector<Tensor> columns;
  for (const Tensor& grid : meshgrid(tensors, "ij")) columns.push_back(grid.reshape({-1}));
  return stack(columns, 1);
}

}  // namespace ember
