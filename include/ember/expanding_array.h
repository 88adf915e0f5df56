#pragma once
/// `ExpandingArray<D>`: D sizes given either one for all (`3` → [3, 3]) or one per dimension
/// (`{3, 5}`), as libtorch's option fields `kernel_size`, `stride`, `padding` take them.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <vector>

#include "ember/array_ref.h"
#include "ember/error.h"

namespace ember {

template <size_t D, class T = int64_t>
class ExpandingArray {
 public:
  /*implicit*/ ExpandingArray(T single) { values_.fill(single); }  // NOLINT
  /*implicit*/ ExpandingArray(std::initializer_list<T> list)       // NOLINT
      : ExpandingArray(ArrayRef<T>(list)) {}
  /*implicit*/ ExpandingArray(const std::vector<T>& values)  // NOLINT
      : ExpandingArray(ArrayRef<T>(values)) {}
  /*implicit*/ ExpandingArray(const std::array<T, D>& values) : values_(values) {}  // NOLINT
  explicit ExpandingArray(ArrayRef<T> values) {
    EMBER_CHECK(values.size() == D, "ExpandingArray", "expected ", D, " values, got ",
                values.size());
    for (size_t i = 0; i < D; ++i) values_[i] = values[i];
  }

  std::array<T, D>& operator*() { return values_; }
  const std::array<T, D>& operator*() const { return values_; }
  std::array<T, D>* operator->() { return &values_; }
  const std::array<T, D>* operator->() const { return &values_; }
  operator ArrayRef<T>() const { return ArrayRef<T>(values_.data(), D); }  // NOLINT
  T& operator[](size_t i) { return values_[i]; }
  const T& operator[](size_t i) const { return values_[i]; }
  size_t size() const noexcept { return D; }
  bool operator==(const ExpandingArray& other) const { return values_ == other.values_; }

 private:
  std::array<T, D> values_;
};

template <size_t D, class T>
std::ostream& operator<<(std::ostream& os, const ExpandingArray<D, T>& a) {
  os << "[";
  for (size_t i = 0; i < D; ++i) os << (i ? ", " : "") << a[i];
  return os << "]";
}

}  // namespace ember
