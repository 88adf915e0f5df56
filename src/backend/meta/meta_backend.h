#pragma once
// The meta device's kernel table (Note [Device backends] in ops/backend.h): tensors with sizes,
// strides and a dtype but no data. The op layer runs its checks and shape and dtype rules as on
// any device, and the kernels compute nothing. A kernel whose result depends on the data (a
// count, a maximum, unique values) raises, as does copying out of meta to a device with data.
#include "ops/backend.h"

namespace ember::meta {

const detail::Backend& backend();

}  // namespace ember::meta
