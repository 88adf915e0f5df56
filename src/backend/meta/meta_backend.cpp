#include "backend/meta/meta_backend.h"

#include <type_traits>

#include "ember/error.h"

namespace ember::meta {

namespace {

// What a kernel returns on meta: nothing to compute, unless it must return a value of the data.
template <class Result>
Result nothing(const char* kernel) {
  if constexpr (!std::is_void_v<Result>) {
    EMBER_FAIL(kernel, "cannot run on meta tensors: its result depends on the data");
  }
}

// Copies into meta tensors compute nothing; out of them there is nothing to copy (PyTorch's
// message).
void copy(const detail::TensorImpl& dst, const detail::TensorImpl& src) {
  EMBER_CHECK(dst.device().is_meta() || !src.device().is_meta(), "copy_",
              "Cannot copy out of meta tensor; no data!");
}

}  // namespace

const detail::Backend& backend() {
  static const detail::Backend table = [] {
    detail::Backend b;
    // A captureless generic lambda converts to the entry's function pointer type, whatever its
    // parameters.
#define EMBER_KERNEL(name, Result, parameters) \
  b.name = [](auto...) -> Result { return nothing<Result>(#name); };
#include "ops/kernels.def"
#undef EMBER_KERNEL
    b.copy = &copy;
    return b;
  }();
  return table;
}

}  // namespace ember::meta
