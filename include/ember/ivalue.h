#pragma once
/// A small tagged value (none, bool, int, double, string, Tensor, int list), as libtorch's
/// `c10::IValue`, for what custom autograd functions keep in `ctx->saved_data`.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ember/tensor.h"

namespace ember {

class IValue {
 public:
  IValue() = default;
  IValue(bool v) : value_(v) {}  // NOLINT: implicit, as libtorch
  IValue(int v) : value_(static_cast<int64_t>(v)) {}
  IValue(int64_t v) : value_(v) {}
  IValue(double v) : value_(v) {}
  IValue(std::string v) : value_(std::move(v)) {}
  IValue(const char* v) : value_(std::string(v)) {}
  IValue(Tensor v) : value_(std::move(v)) {}
  IValue(std::vector<int64_t> v) : value_(std::move(v)) {}

  bool isNone() const { return std::holds_alternative<std::monostate>(value_); }
  bool isBool() const { return std::holds_alternative<bool>(value_); }
  bool isInt() const { return std::holds_alternative<int64_t>(value_); }
  bool isDouble() const { return std::holds_alternative<double>(value_); }
  bool isString() const { return std::holds_alternative<std::string>(value_); }
  bool isTensor() const { return std::holds_alternative<Tensor>(value_); }
  bool isIntList() const { return std::holds_alternative<std::vector<int64_t>>(value_); }

  /// Each raises ember::Error when the value holds another kind (an int converts to double).
  bool toBool() const;
  int64_t toInt() const;
  double toDouble() const;
  const std::string& toStringRef() const;
  Tensor toTensor() const;
  std::vector<int64_t> toIntVector() const;
  /// "None", "Bool", "Int", "Double", "String", "Tensor" or "IntList".
  const char* tagKind() const;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Tensor, std::vector<int64_t>>
      value_;
};

}  // namespace ember
