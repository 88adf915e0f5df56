#include "backend/cpu/index_kernels.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <type_traits>

#include "backend/cpu/binary_functors.h"
#include "backend/cpu/loop.h"
#include "core/shape.h"

namespace ember::cpu {

using detail::ScatterOp;
namespace {

// Calls f(TypeTag<U>) with an unsigned integer type of `itemsize` bytes: copies by index only
// move bytes, so one instantiation per element size serves every dtype.
template <class F>
void visit_itemsize(size_t itemsize, const F& f) {
  switch (itemsize) {
    case 1:
      return f(TypeTag<uint8_t>{});
    case 2:
      return f(TypeTag<uint16_t>{});
    case 4:
      return f(TypeTag<uint32_t>{});
    case 8:
      return f(TypeTag<uint64_t>{});
    default:
      EMBER_FAIL("index", "unexpected element size ", itemsize);
  }
}

template <class F>
void visit_index_dtype(ScalarType t, const char* op, const F& f) {
  if (t == kLong) return f(TypeTag<int64_t>{});
  if (t == kInt) return f(TypeTag<int32_t>{});
  EMBER_FAIL(op, "expected an int64 or int32 index, got ", t);
}

template <class T>
T load(const char* p) {
  return *reinterpret_cast<const T*>(p);
}

// Visits every element of `t` in row-major (logical) order: f(pointer, coordinates).
template <class F>
void for_each_logical(const TensorImpl& t, const F& f) {
  const int64_t nd = t.dim();
  const int64_t n = t.numel();
  const int64_t item = static_cast<int64_t>(t.itemsize());
  detail::DimVector pos(static_cast<size_t>(nd), 0);
  const char* p = t.data();
  for (int64_t i = 0; i < n; ++i) {
    f(p, pos);
    for (int64_t d = nd - 1; d >= 0; --d) {
      if (++pos[d] < t.sizes()[d]) {
        p += t.strides()[d] * item;
        break;
      }
      p -= (t.sizes()[d] - 1) * t.strides()[d] * item;
      pos[d] = 0;
    }
  }
}

template <class T>
bool is_nonzero(const char* p) {
  return static_cast<compute_t<T>>(load<T>(p)) != compute_t<T>(0);
}

// An index out of range, worded as PyTorch's op that raised it words it.
std::string out_of_range(const char* op, int64_t v, int64_t dim, int64_t size) {
  const std::string_view name(op);
  if (name == "take") {
    return ::ember::detail::str_cat("out of range: tried to access index ", v, " on a tensor of ",
                                    size, " elements.");
  }
  const char* prefix =
      name == "index_select" || name == "index_add" ? "index out of range in self: " : "";
  return ::ember::detail::str_cat(prefix, "index ", v, " is out of bounds for dimension ", dim,
                                  " with size ", size);
}

}  // namespace

void add_index_offsets(const TensorImpl& offsets, const TensorImpl& index, int64_t size,
                       int64_t stride_bytes, int64_t dim, bool allow_negative, const char* op) {
  if (offsets.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&offsets, &index});
  visit_index_dtype(index.dtype(), op, [&]<class I>(TypeTag<I>) {
    plan.parallel_for_each([&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        int64_t v = load<I>(p[1] + i * s[1]);
        EMBER_CHECK(v < size && v >= (allow_negative ? -size : 0), op,
                    out_of_range(op, v, dim, size));
        if (v < 0) v += size;
        *reinterpret_cast<int64_t*>(p[0] + i * s[0]) += v * stride_bytes;
      }
    });
  });
}

void index_gather(const TensorImpl& out, const TensorImpl& src, const TensorImpl& offsets) {
  if (out.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&out, &src, &offsets});
  visit_itemsize(out.itemsize(), [&]<class U>(TypeTag<U>) {
    plan.parallel_for_each([&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        const int64_t off = load<int64_t>(p[2] + i * s[2]);
        *reinterpret_cast<U*>(p[0] + i * s[0]) = load<U>(p[1] + i * s[1] + off);
      }
    });
  });
}

void index_put(const TensorImpl& dst, const TensorImpl& value, const TensorImpl& offsets) {
  if (dst.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&dst, &value, &offsets});
  visit_itemsize(dst.itemsize(), [&]<class U>(TypeTag<U>) {
    // Serial: duplicate indices write the same element, which threads must not race on.
    plan.for_each_run(0, plan.numel, [&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        const int64_t off = load<int64_t>(p[2] + i * s[2]);
        *reinterpret_cast<U*>(p[0] + i * s[0] + off) = load<U>(p[1] + i * s[1]);
      }
    });
  });
}

namespace {

template <class T>
struct Combine {
  using C = compute_t<T>;
  ScatterOp op;
  C alpha;
  T operator()(T dst, T src) const {
    const C d = static_cast<C>(dst), s = static_cast<C>(src);
    switch (op) {
      case ScatterOp::kSum:
        if constexpr (std::is_same_v<T, bool>) {
          return d || (s && alpha);
        } else {
          return static_cast<T>(wrapping_add(d, wrapping_mul(s, alpha)));
        }
      case ScatterOp::kProd:
        return static_cast<T>(wrapping_mul(d, s));
      case ScatterOp::kAmax:
        if constexpr (detail::is_floating_v<T>) {
          if (std::isnan(s)) return src;
        }
        return d < s ? src : dst;
      case ScatterOp::kAmin:
        if constexpr (detail::is_floating_v<T>) {
          if (std::isnan(s)) return src;
        }
        return s < d ? src : dst;
      default:
        return src;
    }
  }
};

}  // namespace

void gather_scatter(ScatterOp op, const TensorImpl& self, const TensorImpl& index,
                    const TensorImpl& other, int64_t dim, int64_t dim_size, const Scalar& alpha,
                    const char* name) {
  if (index.numel() == 0) return;
  const int64_t nd = index.dim();
  const int64_t item = static_cast<int64_t>(self.itemsize());
  const int64_t index_item = static_cast<int64_t>(index.itemsize());
  // Outer dims: every dim but `dim`, walked in parallel; the inner loop runs along `dim`.
  detail::DimVector sizes, self_st, other_st, index_st;
  for (int64_t d = 0; d < nd; ++d) {
    if (d == dim) continue;
    sizes.push_back(index.sizes()[d]);
    self_st.push_back(self.strides()[d] * item);
    other_st.push_back(other.strides()[d] * item);
    index_st.push_back(index.strides()[d] * index_item);
  }
  const int64_t inner = nd == 0 ? 1 : index.sizes()[dim];
  const int64_t self_inner = nd == 0 ? 0 : self.strides()[dim] * item;
  const int64_t other_inner = nd == 0 ? 0 : other.strides()[dim] * item;
  const int64_t index_inner = nd == 0 ? 0 : index.strides()[dim] * index_item;
  const int64_t outer = detail::numel_of(sizes);
  const bool dim_outermost = dim == 0 && nd > 1;
  // Chunks of outer positions; along rows (dim_outermost) at least 64 of them, so that each
  // thread reads and writes whole cache lines of a row.
  const int64_t grain =
      std::max<int64_t>(dim_outermost ? 64 : 1, detail::kGrainSize / std::max<int64_t>(inner, 1));
  const int64_t no = static_cast<int64_t>(sizes.size());

  detail::visit_dtype(self.dtype(), [&]<class T>(TypeTag<T>) {
    visit_index_dtype(index.dtype(), name, [&]<class I>(TypeTag<I>) {
      const Combine<T> combine{op, alpha.to<compute_t<T>>()};
      auto element = [&](char* ps, char* po, const char* pi, int64_t i) {
        const int64_t v = load<I>(pi + i * index_inner);
        EMBER_CHECK(v >= 0 && v < dim_size, name, out_of_range(name, v, dim, dim_size));
        if (op == ScatterOp::kGather) {
          *reinterpret_cast<T*>(ps + i * self_inner) = load<T>(po + v * other_inner);
        } else {
          T* dst = reinterpret_cast<T*>(ps + v * self_inner);
          const T src = load<T>(po + i * other_inner);
          *dst = op == ScatterOp::kAssign ? src : combine(*dst, src);
        }
      };
      // Calls f(self, other, index pointers) for outer positions [begin, end) in order.
      auto for_outer = [&](int64_t begin, int64_t end, const auto& f) {
        detail::DimVector pos(static_cast<size_t>(no), 0);
        int64_t rem = begin;
        for (int64_t d = no - 1; d >= 0; --d) {
          pos[d] = rem % sizes[d];
          rem /= sizes[d];
        }
        for (int64_t o = begin; o < end; ++o) {
          char* ps = self.data();
          char* po = other.data();
          const char* pi = index.data();
          for (int64_t d = 0; d < no; ++d) {
            ps += pos[d] * self_st[d];
            po += pos[d] * other_st[d];
            pi += pos[d] * index_st[d];
          }
          f(ps, po, pi);
          for (int64_t d = no - 1; d >= 0; --d) {
            if (++pos[d] < sizes[d]) break;
            pos[d] = 0;
          }
        }
      };
      // Each chunk owns its outer positions (no two chunks touch one output element), and
      // every output element sees its updates in index order: deterministic for any thread
      // count. When `dim` is the outermost dim, walking index positions outside and the chunk's
      // outer positions inside reads and writes whole rows at a time.
      detail::parallel_for(0, outer, grain, [&](int64_t begin, int64_t end) {
        if (dim_outermost) {
          for (int64_t i = 0; i < inner; ++i) {
            for_outer(begin, end,
                      [&](char* ps, char* po, const char* pi) { element(ps, po, pi, i); });
          }
        } else {
          for_outer(begin, end, [&](char* ps, char* po, const char* pi) {
            for (int64_t i = 0; i < inner; ++i) element(ps, po, pi, i);
          });
        }
      });
    });
  });
}

void masked_fill(const TensorImpl& self, const TensorImpl& mask, const Scalar& value) {
  if (self.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&self, &mask});
  // An expanded self (PyTorch warns, but allows it) has elements that share memory: one
  // thread then writes them all, so that no two threads race on a location.
  bool overlaps = false;
  for (int64_t d = 0; d < self.dim(); ++d) {
    overlaps = overlaps || (self.strides()[d] == 0 && self.sizes()[d] > 1);
  }
  detail::visit_dtype(self.dtype(), [&]<class T>(TypeTag<T>) {
    const T v = static_cast<T>(value.to<compute_t<T>>());
    auto run = [&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        if (load<bool>(p[1] + i * s[1])) *reinterpret_cast<T*>(p[0] + i * s[0]) = v;
      }
    };
    if (overlaps) {
      plan.for_each_run(0, plan.numel, run);
    } else {
      plan.parallel_for_each(run);
    }
  });
}

void divide_by_count(const TensorImpl& self, const TensorImpl& count) {
  if (self.numel() == 0) return;
  const LoopPlan plan = LoopPlan::build({&self, &count});
  detail::visit_dtype(self.dtype(), [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    plan.parallel_for_each([&](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        const int64_t c = load<int64_t>(p[1] + i * s[1]);
        if (c <= 1) continue;
        T* out = reinterpret_cast<T*>(p[0] + i * s[0]);
        const C v = static_cast<C>(*out);
        if constexpr (std::is_same_v<T, bool>) {
          *out = false;  // floor(1 / c) for c > 1
        } else if constexpr (detail::is_floating_v<T>) {
          *out = static_cast<T>(v / static_cast<C>(c));
        } else {
          // Floor division by a positive count (in int64: no overflow for any T).
          const int64_t w = static_cast<int64_t>(v);
          int64_t q = w / c;
          if (w % c != 0 && w < 0) --q;
          *out = static_cast<T>(q);
        }
      }
    });
  });
}

int64_t count_nonzero(const TensorImpl& self) {
  int64_t count = 0;
  detail::visit_dtype(self.dtype(), [&]<class T>(TypeTag<T>) {
    for_each_logical(
        self, [&](const char* p, const detail::DimVector&) { count += is_nonzero<T>(p) ? 1 : 0; });
  });
  return count;
}

void nonzero(const TensorImpl& out, const TensorImpl& self) {
  int64_t* o = reinterpret_cast<int64_t*>(out.data());
  const int64_t nd = self.dim();
  detail::visit_dtype(self.dtype(), [&]<class T>(TypeTag<T>) {
    for_each_logical(self, [&](const char* p, const detail::DimVector& pos) {
      if (!is_nonzero<T>(p)) return;
      for (int64_t d = 0; d < nd; ++d) *o++ = pos[d];
    });
  });
}

}  // namespace ember::cpu
