#include "ember/scalar.h"

#include <ostream>

namespace ember {

Scalar Scalar::operator-() const {
  if (kind_ == kDouble) return Scalar(-v_.d);
  if (kind_ == kLong) return Scalar(-v_.i);
  return Scalar(-static_cast<int64_t>(v_.b));
}

std::ostream& operator<<(std::ostream& out, const Scalar& s) {
  if (s.isFloatingPoint()) return out << s.toDouble();
  if (s.isBoolean()) return out << (s.toBool() ? "true" : "false");
  return out << s.toLong();
}

}  // namespace ember
