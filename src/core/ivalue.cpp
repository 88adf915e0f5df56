#include "ember/ivalue.h"

namespace ember {
namespace {

template <class T>
const T& get(const std::variant<std::monostate, bool, int64_t, double, std::string, Tensor,
                                std::vector<int64_t>>& v,
             const char* want, const char* have) {
  const T* p = std::get_if<T>(&v);
  EMBER_CHECK(p != nullptr, "IValue", "expected ", want, " but the value holds ", have);
  return *p;
}

}  // namespace

const char* IValue::tagKind() const {
  static const char* kinds[] = {"None", "Bool", "Int", "Double", "String", "Tensor", "IntList"};
  return kinds[value_.index()];
}

bool IValue::toBool() const {
  return get<bool>(value_, "Bool", tagKind());
}
int64_t IValue::toInt() const {
  return get<int64_t>(value_, "Int", tagKind());
}
double IValue::toDouble() const {
  if (isInt()) return static_cast<double>(toInt());
  return get<double>(value_, "Double", tagKind());
}
const std::string& IValue::toStringRef() const {
  return get<std::string>(value_, "String", tagKind());
}
Tensor IValue::toTensor() const {
  return get<Tensor>(value_, "Tensor", tagKind());
}
std::vector<int64_t> IValue::toIntVector() const {
  return get<std::vector<int64_t>>(value_, "IntList", tagKind());
}

}  // namespace ember
