#include "autograd/strided_grad.h"

#include <algorithm>

#include "ember/ops/creation.h"
#include "ember/ops/indexing.h"
#include "ember/ops/shape.h"

namespace ember::autograd::detail {

Geometry geometry_of(const Tensor& t) {
  return {std::vector<int64_t>(t.sizes().begin(), t.sizes().end()),
          std::vector<int64_t>(t.strides().begin(), t.strides().end()), t.storage_offset()};
}

int64_t storage_extent(std::initializer_list<const Geometry*> geometries) {
  int64_t extent = 0;
  for (const Geometry* g : geometries) {
    int64_t last = g->offset;
    bool empty = false;
    for (size_t d = 0; d < g->sizes.size(); ++d) {
      empty = empty || g->sizes[d] == 0;
      last += (g->sizes[d] - 1) * g->strides[d];
    }
    if (!empty) extent = std::max(extent, last + 1);
  }
  return extent;
}

Tensor storage_offsets(const Geometry& g, Device device) {
  const TensorOptions options = TensorOptions().dtype(kLong).device(device);
  Tensor offsets = scalar_tensor(g.offset, options);
  for (size_t d = 0; d < g.sizes.size(); ++d) {
    offsets = offsets.unsqueeze(-1) + arange(g.sizes[d], options) * g.strides[d];
  }
  return offsets;
}

Tensor scatter_to_storage(const Tensor& grad, const Geometry& g, int64_t extent) {
  return zeros({extent}, grad.options())
      .index_add(0, storage_offsets(g, grad.device()).reshape({-1}), grad.reshape({-1}));
}

Tensor gather_from_storage(const Tensor& flat, const Geometry& g) {
  return flat.as_strided(g.sizes, g.strides, g.offset);
}

}  // namespace ember::autograd::detail
