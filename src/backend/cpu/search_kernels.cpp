#include "backend/cpu/search_kernels.h"

#include <algorithm>
#include <type_traits>
#include <vector>

#include "core/dispatch.h"
#include "core/parallel.h"

namespace ember::cpu {
namespace {

template <class T>
T at(const TensorImpl& t, int64_t i) {
  return *reinterpret_cast<const T*>(t.data() +
                                     i * t.strides()[0] * static_cast<int64_t>(t.itemsize()));
}

}  // namespace

void searchsorted(const TensorImpl& out, const TensorImpl& seq, const TensorImpl& values,
                  bool right, const TensorImpl* sorter) {
  const int64_t n = values.numel();
  if (n == 0) return;
  const int64_t len = seq.sizes().back();
  const int64_t row_len = values.dim() == 0 ? 1 : values.sizes().back();
  const bool batched = seq.dim() > 1;
  detail::visit_dtype(values.dtype(), [&]<class T>(TypeTag<T>) {
    using C = detail::compute_t<T>;
    const T* s = reinterpret_cast<const T*>(seq.data());
    const T* v = reinterpret_cast<const T*>(values.data());
    const int64_t* order = sorter ? reinterpret_cast<const int64_t*>(sorter->data()) : nullptr;
    detail::parallel_for(0, n, 2048, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        const int64_t row_start = batched ? (i / row_len) * len : 0;
        const T* row = s + row_start;
        const int64_t* row_order = order ? order + row_start : nullptr;
        const C val = static_cast<C>(v[i]);
        int64_t lo = 0, hi = len;
        // PyTorch's searches: written with negated >= / > so that a NaN value lands at the end.
        while (lo < hi) {
          const int64_t mid = lo + ((hi - lo) >> 1);
          const C m = static_cast<C>(row[row_order ? row_order[mid] : mid]);
          const bool go_right = right ? !(m > val) : !(m >= val);
          if (go_right) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        if (out.dtype() == kInt) {
          reinterpret_cast<int32_t*>(out.data())[i] = static_cast<int32_t>(lo);
        } else {
          reinterpret_cast<int64_t*>(out.data())[i] = lo;
        }
      }
    });
  });
}

void histc(const TensorImpl& out, const TensorImpl& self, double min, double max) {
  const int64_t bins = out.numel();
  std::vector<int64_t> counts(static_cast<size_t>(bins), 0);
  detail::visit_dtype(self.dtype(), [&]<class T>(TypeTag<T>) {
    if constexpr (detail::is_floating_v<T>) {
      using C = detail::compute_t<T>;
      // PyTorch computes in T, rounding after each operation for the 16-bit floats.
      auto r = [](C x) { return static_cast<C>(static_cast<T>(x)); };
      const C lo = r(static_cast<C>(min)), hi = r(static_cast<C>(max));
      const T* p = reinterpret_cast<const T*>(self.data());
      for (int64_t i = 0; i < self.numel(); ++i) {
        const C x = static_cast<C>(p[i]);
        if (!(x >= lo && x <= hi)) continue;
        int64_t pos = static_cast<int64_t>(r(r(r(x - lo) * r(static_cast<C>(bins))) / r(hi - lo)));
        pos = std::clamp<int64_t>(pos, 0, bins - 1);
        ++counts[static_cast<size_t>(pos)];
      }
      T* o = reinterpret_cast<T*>(out.data());
      for (int64_t b = 0; b < bins; ++b) o[b] = static_cast<T>(static_cast<C>(counts[b]));
    } else {
      EMBER_FAIL("histc", "not implemented for '", self.dtype(), "'");
    }
  });
}

int64_t bincount_max(const TensorImpl& self) {
  int64_t m = -1;
  detail::visit_dtype(self.dtype(), [&]<class T>(TypeTag<T>) {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      for (int64_t i = 0; i < self.numel(); ++i) {
        const int64_t v = static_cast<int64_t>(at<T>(self, i));
        EMBER_CHECK(v >= 0, "bincount", "only supports 1-d non-negative integral inputs, got ", v);
        m = std::max(m, v);
      }
    } else {
      EMBER_FAIL("bincount", "not implemented for '", self.dtype(), "'");
    }
  });
  return m;
}

void bincount(const TensorImpl& out, const TensorImpl& self, const TensorImpl* weights) {
  detail::visit_dtype(self.dtype(), [&]<class I>(TypeTag<I>) {
    if constexpr (std::is_integral_v<I> && !std::is_same_v<I, bool>) {
      detail::visit_dtype(out.dtype(), [&]<class O>(TypeTag<O>) {
        if constexpr (std::is_same_v<O, int64_t> || std::is_same_v<O, float> ||
                      std::is_same_v<O, double>) {
          O* o = reinterpret_cast<O*>(out.data());
          for (int64_t i = 0; i < self.numel(); ++i) {
            const auto v = static_cast<int64_t>(at<I>(self, i));
            o[v] += weights ? at<O>(*weights, i) : O(1);
          }
        }
      });
    }
  });
}

}  // namespace ember::cpu
