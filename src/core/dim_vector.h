#pragma once
// Sizes and strides of a tensor: a vector of int64 that stays inline for up to six dimensions, so
// creating a tensor does not allocate for its shape.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "ember/array_ref.h"

namespace ember::detail {

class DimVector {
 public:
  static constexpr size_t kInline = 6;

  DimVector() = default;
  explicit DimVector(size_t n, int64_t value = 0) { resize(n, value); }
  DimVector(IntArrayRef values) { assign(values); }  // NOLINT: implicit, cheap
  DimVector(std::initializer_list<int64_t> values) { assign(IntArrayRef(values)); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t* data() { return size_ <= kInline ? inline_.data() : heap_.data(); }
  const int64_t* data() const { return size_ <= kInline ? inline_.data() : heap_.data(); }
  int64_t& operator[](size_t i) { return data()[i]; }
  int64_t operator[](size_t i) const { return data()[i]; }
  int64_t* begin() { return data(); }
  int64_t* end() { return data() + size_; }
  const int64_t* begin() const { return data(); }
  const int64_t* end() const { return data() + size_; }
  int64_t back() const { return data()[size_ - 1]; }
  operator IntArrayRef() const { return IntArrayRef(data(), size_); }  // NOLINT
  std::vector<int64_t> vec() const { return std::vector<int64_t>(begin(), end()); }

  void assign(IntArrayRef values) {
    resize(values.size());
    std::copy(values.begin(), values.end(), data());
  }
  void resize(size_t n, int64_t value = 0) {
    if (n <= kInline) {
      if (size_ > kInline) std::copy(heap_.begin(), heap_.begin() + n, inline_.begin());
      for (size_t i = size_; i < n; ++i) inline_[i] = value;
      heap_.clear();
    } else {
      if (size_ <= kInline) heap_.assign(inline_.begin(), inline_.begin() + size_);
      heap_.resize(n, value);
    }
    size_ = n;
  }
  void push_back(int64_t v) {
    resize(size_ + 1);
    data()[size_ - 1] = v;
  }
  void insert(size_t pos, int64_t v) {
    resize(size_ + 1);
    int64_t* d = data();
    std::copy_backward(d + pos, d + size_ - 1, d + size_);
    d[pos] = v;
  }
  void erase(size_t pos) {
    int64_t* d = data();
    std::copy(d + pos + 1, d + size_, d + pos);
    resize(size_ - 1);
  }
  friend bool operator==(const DimVector& a, const DimVector& b) {
    return IntArrayRef(a) == IntArrayRef(b);
  }

 private:
  std::array<int64_t, kInline> inline_{};
  std::vector<int64_t> heap_;
  size_t size_ = 0;
};

}  // namespace ember::detail
