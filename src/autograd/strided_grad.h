#pragma once
// Gradients through arbitrary strided geometry (as_strided views, CopySlices), by way of the
// storage they index: a gradient is scattered onto a flat buffer of storage positions (summing
// where elements overlap, as in an expanded view) and gathered back through another geometry.
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "ember/tensor.h"

namespace ember::autograd::detail {

/// Sizes, strides and storage offset of a tensor, in elements.
struct Geometry {
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
  int64_t offset = 0;
};
Geometry geometry_of(const Tensor& t);

/// The storage position of every element of `g` (an int64 tensor of `g.sizes`).
Tensor storage_offsets(const Geometry& g, Device device);
/// One past the last storage position any of `geometries` reaches.
int64_t storage_extent(std::initializer_list<const Geometry*> geometries);
/// A flat tensor over storage positions [0, extent) holding the sum of `grad`'s elements at the
/// positions geometry `g` maps them to.
Tensor scatter_to_storage(const Tensor& grad, const Geometry& g, int64_t extent);
/// The elements geometry `g` reads from the flat storage-position tensor `flat`.
Tensor gather_from_storage(const Tensor& flat, const Geometry& g);

}  // namespace ember::autograd::detail
