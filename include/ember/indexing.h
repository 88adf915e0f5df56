#pragma once
/// `t.index({Slice(1, None), 0, None, Ellipsis, mask})`: libtorch's indexing vocabulary.
#include <cstdint>
#include <optional>

#include "ember/tensor.h"

namespace ember::indexing {

/// `None` inserts a new dimension of size 1 (and, as a Slice bound, means "open").
inline constexpr std::nullopt_t None = std::nullopt;

struct EllipsisIndexType {};
/// Stands for as many full slices as needed.
inline constexpr EllipsisIndexType Ellipsis{};

/// Python's `start:stop:step`; missing bounds are open.
class Slice {
 public:
  Slice(std::optional<int64_t> start = std::nullopt, std::optional<int64_t> stop = std::nullopt,
        std::optional<int64_t> step = std::nullopt)
      : start_(start), stop_(stop), step_(step.value_or(1)) {}
  std::optional<int64_t> start() const { return start_; }
  std::optional<int64_t> stop() const { return stop_; }
  int64_t step() const { return step_; }

 private:
  std::optional<int64_t> start_, stop_;
  int64_t step_;
};

/// One entry of an index list: an integer, a Slice, None, Ellipsis, a bool or a Tensor (integer
/// indices or a boolean mask).
class TensorIndex {
 public:
  enum class Kind { kInteger, kSlice, kNone, kEllipsis, kBoolean, kTensor };

  TensorIndex(std::nullopt_t) : kind_(Kind::kNone) {}             // NOLINT: implicit like libtorch
  TensorIndex(EllipsisIndexType) : kind_(Kind::kEllipsis) {}      // NOLINT
  TensorIndex(const char* text);                                  // NOLINT: "..." means Ellipsis
  TensorIndex(int64_t i) : kind_(Kind::kInteger), integer_(i) {}  // NOLINT
  TensorIndex(int i) : TensorIndex(static_cast<int64_t>(i)) {}    // NOLINT
  TensorIndex(bool b) : kind_(Kind::kBoolean), boolean_(b) {}     // NOLINT
  TensorIndex(Slice s) : kind_(Kind::kSlice), slice_(s) {}        // NOLINT
  TensorIndex(Tensor t) : kind_(Kind::kTensor), tensor_(std::move(t)) {}  // NOLINT

  Kind kind() const { return kind_; }
  int64_t integer() const { return integer_; }
  bool boolean() const { return boolean_; }
  const Slice& slice() const { return slice_; }
  const Tensor& tensor() const { return tensor_; }

 private:
  Kind kind_;
  int64_t integer_ = 0;
  bool boolean_ = false;
  Slice slice_;
  Tensor tensor_;
};

}  // namespace ember::indexing
