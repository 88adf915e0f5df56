#pragma once
/// Readable C++ type names, for messages and module names.
#include <string>
#include <typeinfo>

namespace ember::detail {

/// The demangled form of a mangled symbol or type name; the input itself if it is not one.
std::string demangle(const char* mangled);
/// `type`'s name as written in C++ (`ember::nn::LinearImpl`).
inline std::string demangled_name(const std::type_info& type) {
  return demangle(type.name());
}

}  // namespace ember::detail
