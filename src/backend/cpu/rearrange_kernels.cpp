#include "backend/cpu/rearrange_kernels.h"

#include <cstring>

#include "core/dim_vector.h"
#include "core/parallel.h"
#include "ember/error.h"

namespace ember::cpu {
namespace {

// Copies one output row of `n` elements, each read at its own byte offset from `src`. Elements
// move as unsigned integers of their size: a copy needs no arithmetic on the values.
template <class Word>
void gather_row(char* dst, const char* src, const int64_t* offsets, int64_t n) {
  Word* out = reinterpret_cast<Word*>(dst);
  for (int64_t i = 0; i < n; ++i) std::memcpy(out + i, src + offsets[i], sizeof(Word));
}

void copy_row(size_t itemsize, char* dst, const char* src, const int64_t* offsets, int64_t n) {
  switch (itemsize) {
    case 1:
      return gather_row<uint8_t>(dst, src, offsets, n);
    case 2:
      return gather_row<uint16_t>(dst, src, offsets, n);
    case 4:
      return gather_row<uint32_t>(dst, src, offsets, n);
    case 8:
      return gather_row<uint64_t>(dst, src, offsets, n);
    default:
      EMBER_FAIL("remap", "unsupported element size ", itemsize);
  }
}

}  // namespace

void remap(const detail::TensorImpl& out, const detail::TensorImpl& src,
           const std::vector<std::vector<int64_t>>& maps) {
  const int64_t nd = out.dim();
  EMBER_CHECK(out.is_contiguous() && out.dtype() == src.dtype() && src.dim() == nd &&
                  static_cast<int64_t>(maps.size()) == nd,
              "remap", "expected a contiguous output of the source's dtype and rank");
  const auto item = static_cast<int64_t>(out.itemsize());
  // Byte offsets into `src` for every index of every output dimension (checked here, so that a
  // bad table can never read outside the source).
  std::vector<std::vector<int64_t>> offsets(static_cast<size_t>(nd));
  bool dense_inner = nd > 0 && src.strides()[nd - 1] == 1;
  for (int64_t d = 0; d < nd; ++d) {
    const auto& map = maps[d];
    EMBER_CHECK(static_cast<int64_t>(map.size()) == out.sizes()[d], "remap", "index table ", d,
                " has ", map.size(), " entries for an output dimension of size ", out.sizes()[d]);
    offsets[d].resize(map.size());
    for (size_t i = 0; i < map.size(); ++i) {
      EMBER_CHECK(map[i] >= 0 && map[i] < src.sizes()[d], "remap", "source index ", map[i],
                  " is out of range for dimension ", d, " of size ", src.sizes()[d]);
      offsets[d][i] = map[i] * src.strides()[d] * item;
      if (d == nd - 1 && map[i] != static_cast<int64_t>(i)) dense_inner = false;
    }
  }
  if (out.numel() == 0) return;
  const char* base = src.data();
  char* dst = out.data();
  if (nd == 0) {
    std::memcpy(dst, base, static_cast<size_t>(item));
    return;
  }
  const int64_t inner = out.sizes()[nd - 1];
  const int64_t rows = out.numel() / inner;
  const int64_t* inner_offsets = offsets[nd - 1].data();
  detail::parallel_for(
      0, rows, std::max<int64_t>(1, detail::kGrainSize / inner), [&](int64_t begin, int64_t end) {
        // Odometer over the outer dimensions, starting at row `begin`.
        detail::DimVector index(static_cast<size_t>(nd - 1));
        int64_t offset = 0;
        int64_t rem = begin;
        for (int64_t d = nd - 2; d >= 0; --d) {
          index[d] = rem % out.sizes()[d];
          rem /= out.sizes()[d];
          offset += offsets[d][index[d]];
        }
        for (int64_t r = begin; r < end; ++r) {
          char* row = dst + r * inner * item;
          if (dense_inner) {
            std::memcpy(row, base + offset, static_cast<size_t>(inner * item));
          } else {
            copy_row(static_cast<size_t>(item), row, base + offset, inner_offsets, inner);
          }
          for (int64_t d = nd - 2; d >= 0; --d) {
            offset -= offsets[d][index[d]];
            if (++index[d] < out.sizes()[d]) {
              offset += offsets[d][index[d]];
              break;
            }
            index[d] = 0;
            offset += offsets[d][0];
          }
        }
      });
}

}  // namespace ember::cpu
