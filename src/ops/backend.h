#pragma once
// Note [Device backends]
// The op layer owns everything that does not depend on where data lives: argument checks, shape
// and dtype rules, autograd recording. It reaches kernels only through the table of the device
// its tensors are on: one function pointer per kernel of ops/kernels.def, filled in by the
// device's backend (the CPU's in backend/cpu/cpu_backend.cpp, meta's in backend/meta/). A
// backend implements kernels, not rules, so a new device is a new table and its kernels.
// Storage comes from the device's allocator
// (core/allocator.h), not from this table, so that core needs no backend.
#include <cstdint>
#include <vector>

#include "core/tensor_impl.h"
#include "ember/device.h"
#include "ember/generator.h"
#include "ember/scalar.h"
#include "ember/tensor.h"
#include "ops/binary.h"
#include "ops/elementwise_args.h"
#include "ops/kernel_args.h"
#include "ops/kinds.h"
#include "ops/ternary.h"
#include "ops/unary.h"

namespace ember::detail {

/// The kernels of one device.
struct Backend {
#define EMBER_KERNEL(name, Result, parameters) Result(*name) parameters = nullptr;
#include "ops/kernels.def"
#undef EMBER_KERNEL
};

/// The table of `device`'s backend; raises "[op] no backend for device ..." when this build has
/// none.
const Backend& backend_for(Device device, const char* op);

/// The backend that copies from `src` into `dst` when they may be on different devices: meta's
/// when either is meta (it raises for copying out of meta), else the one that is not the CPU's
/// (an accelerator moves data both ways).
const Backend& backend_for_copy(const TensorImpl& dst, const TensorImpl& src);

/// The table of the device `t` lives on (the op has checked that the device has one).
inline const Backend& backend_of(const TensorImpl& t) {
  return backend_for(t.device(), "kernel");
}
inline const Backend& backend_of(const Tensor& t) {
  return backend_of(*t.unsafeGetTensorImpl());
}

}  // namespace ember::detail
