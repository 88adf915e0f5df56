#include "backend/cpu/sort_kernels.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "backend/cpu/lines.h"

namespace ember::cpu {

using detail::SelectOp;
namespace {

using detail::compute_t;

// a < b with NaN the largest value (NaNs equal to each other).
template <class C>
bool less_nan_last(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

template <class C>
using Entry = std::pair<C, int64_t>;

// Copies a line of `n` elements into (value, index) entries.
template <class T>
void load_line(std::vector<Entry<compute_t<T>>>& line, char* p, int64_t stride, int64_t n) {
  line.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    line[static_cast<size_t>(i)] = {static_cast<compute_t<T>>(line_at<const T>(p, stride, i)), i};
  }
}

template <class T>
void store_line(const std::vector<Entry<compute_t<T>>>& line, int64_t n, char* vp, int64_t vs,
                char* ip, int64_t is) {
  for (int64_t i = 0; i < n; ++i) {
    line_at<T>(vp, vs, i) = static_cast<T>(line[static_cast<size_t>(i)].first);
    line_at<int64_t>(ip, is, i) = line[static_cast<size_t>(i)].second;
  }
}

int64_t line_length(const TensorImpl& in) {
  return in.sizes()[in.dim() - 1];
}

}  // namespace

void sort(const TensorImpl& values, const TensorImpl& indices, const TensorImpl& in,
          bool descending) {
  const int64_t n = line_length(in);
  if (n == 0) return;
  detail::visit_dtype(in.dtype(), [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    for_each_line({&values, &indices, &in}, n * 8, [&](char** p, const int64_t* s) {
      std::vector<Entry<C>> line;
      load_line<T>(line, p[2], s[2], n);
      if (descending) {
        std::stable_sort(line.begin(), line.end(), [](const Entry<C>& a, const Entry<C>& b) {
          return less_nan_last(b.first, a.first);
        });
      } else {
        std::stable_sort(line.begin(), line.end(), [](const Entry<C>& a, const Entry<C>& b) {
          return less_nan_last(a.first, b.first);
        });
      }
      store_line<T>(line, n, p[0], s[0], p[1], s[1]);
    });
  });
}

void topk(const TensorImpl& values, const TensorImpl& indices, const TensorImpl& in, int64_t k,
          bool largest) {
  const int64_t n = line_length(in);
  if (k == 0 || n == 0) return;
  detail::visit_dtype(in.dtype(), [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    for_each_line({&values, &indices, &in}, n * 4, [&](char** p, const int64_t* s) {
      std::vector<Entry<C>> line;
      load_line<T>(line, p[2], s[2], n);
      // A strict total order (value, then index) makes the result deterministic.
      auto before = [largest](const Entry<C>& a, const Entry<C>& b) {
        const bool a_first =
            largest ? less_nan_last(b.first, a.first) : less_nan_last(a.first, b.first);
        const bool b_first =
            largest ? less_nan_last(a.first, b.first) : less_nan_last(b.first, a.first);
        if (a_first != b_first) return a_first;
        return a.second < b.second;
      };
      std::partial_sort(line.begin(), line.begin() + k, line.end(), before);
      store_line<T>(line, k, p[0], s[0], p[1], s[1]);
    });
  });
}

void select_value(SelectOp op, const TensorImpl& values, const TensorImpl& indices,
                  const TensorImpl& in, int64_t k) {
  const int64_t n = line_length(in);
  if (n == 0) return;
  detail::visit_dtype(in.dtype(), [&]<class T>(TypeTag<T>) {
    using C = compute_t<T>;
    for_each_line({&values, &indices, &in}, n * 4, [&](char** p, const int64_t* s) {
      std::vector<Entry<C>> line;
      load_line<T>(line, p[2], s[2], n);
      auto by_value = [](const Entry<C>& a, const Entry<C>& b) {
        if (less_nan_last(a.first, b.first)) return true;
        if (less_nan_last(b.first, a.first)) return false;
        return a.second < b.second;
      };
      Entry<C> result;
      if (op == SelectOp::mode) {
        std::sort(line.begin(), line.end(), by_value);
        int64_t best = 0, best_count = 0;
        for (int64_t i = 0; i < n;) {
          int64_t j = i + 1;
          while (j < n && !less_nan_last(line[static_cast<size_t>(i)].first,
                                         line[static_cast<size_t>(j)].first)) {
            ++j;
          }
          if (j - i > best_count) {
            best = i;
            best_count = j - i;
          }
          i = j;
        }
        result = line[static_cast<size_t>(best + best_count - 1)];
      } else {
        if constexpr (std::is_floating_point_v<C>) {
          if (op == SelectOp::median) {
            auto nan = std::find_if(line.begin(), line.end(),
                                    [](const Entry<C>& e) { return std::isnan(e.first); });
            if (nan != line.end()) {
              line_at<T>(p[0], s[0], 0) = static_cast<T>(nan->first);
              line_at<int64_t>(p[1], s[1], 0) = nan->second;
              return;
            }
          }
        }
        std::nth_element(line.begin(), line.begin() + k, line.end(), by_value);
        result = line[static_cast<size_t>(k)];
      }
      line_at<T>(p[0], s[0], 0) = static_cast<T>(result.first);
      line_at<int64_t>(p[1], s[1], 0) = result.second;
    });
  });
}

}  // namespace ember::cpu

namespace ember::cpu {

int64_t unique(const TensorImpl& values, const TensorImpl* inverse, const TensorImpl* counts,
               const TensorImpl& in) {
  const int64_t n = in.numel();
  if (n == 0) return 0;
  return detail::visit_dtype(in.dtype(), [&]<class T>(TypeTag<T>) -> int64_t {
    using C = compute_t<T>;
    std::vector<Entry<C>> line;
    load_line<T>(line, in.data(), static_cast<int64_t>(sizeof(T)), n);
    std::stable_sort(line.begin(), line.end(), [](const Entry<C>& a, const Entry<C>& b) {
      return less_nan_last(a.first, b.first);
    });
    T* out = reinterpret_cast<T*>(values.data());
    int64_t* inv = inverse ? reinterpret_cast<int64_t*>(inverse->data()) : nullptr;
    int64_t* cnt = counts ? reinterpret_cast<int64_t*>(counts->data()) : nullptr;
    int64_t m = 0;
    for (int64_t i = 0; i < n; ++i) {
      const Entry<C>& e = line[static_cast<size_t>(i)];
      // NaN != NaN, so every NaN starts a group of its own (as PyTorch's sorted unique).
      if (i == 0 || !(e.first == line[static_cast<size_t>(i - 1)].first)) {
        out[m] = static_cast<T>(e.first);
        if (cnt) cnt[m] = 0;
        ++m;
      }
      if (cnt) ++cnt[m - 1];
      if (inv) inv[e.second] = m - 1;
    }
    return m;
  });
}

int64_t unique_rows(const TensorImpl& rows, bool consecutive, const TensorImpl& first,
                    const TensorImpl* inverse, const TensorImpl* counts) {
  const int64_t n = rows.sizes()[0];
  const int64_t m = rows.sizes()[1];
  if (n == 0) return 0;
  return detail::visit_dtype(rows.dtype(), [&]<class T>(TypeTag<T>) -> int64_t {
    using C = compute_t<T>;
    const T* data = reinterpret_cast<const T*>(rows.data());
    auto row = [&](int64_t i) { return data + i * m; };
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
    if (!consecutive) {
      // Lexicographic, NaN the largest (a strict weak order: NaNs tie with each other here and
      // are told apart only by the equality below).
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        const T* ra = row(a);
        const T* rb = row(b);
        for (int64_t j = 0; j < m; ++j) {
          const C x = static_cast<C>(ra[j]), y = static_cast<C>(rb[j]);
          if (less_nan_last(x, y)) return true;
          if (less_nan_last(y, x)) return false;
        }
        return false;
      });
    }
    auto equal = [&](int64_t a, int64_t b) {
      const T* ra = row(a);
      const T* rb = row(b);
      for (int64_t j = 0; j < m; ++j) {
        if (!(static_cast<C>(ra[j]) == static_cast<C>(rb[j]))) return false;
      }
      return true;
    };
    int64_t* out_first = reinterpret_cast<int64_t*>(first.data());
    int64_t* inv = inverse ? reinterpret_cast<int64_t*>(inverse->data()) : nullptr;
    int64_t* cnt = counts ? reinterpret_cast<int64_t*>(counts->data()) : nullptr;
    int64_t groups = 0;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t r = order[static_cast<size_t>(i)];
      if (i == 0 || !equal(out_first[groups - 1], r)) {
        out_first[groups] = r;
        if (cnt) cnt[groups] = 0;
        ++groups;
      }
      if (cnt) ++cnt[groups - 1];
      if (inv) inv[r] = groups - 1;
    }
    return groups;
  });
}

}  // namespace ember::cpu
