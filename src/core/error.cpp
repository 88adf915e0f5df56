#include "ember/error.h"

#include <ostream>

#include "ember/array_ref.h"

namespace ember {
namespace detail {

void throw_error(const char* op, const std::string& message) {
  throw Error(str_cat("[", op, "] ", message));
}

}  // namespace detail

std::ostream& operator<<(std::ostream& out, IntArrayRef list) {
  out << "[";
  for (size_t i = 0; i < list.size(); ++i) out << (i ? ", " : "") << list[i];
  return out << "]";
}

}  // namespace ember
