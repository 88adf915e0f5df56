#pragma once
// The CPU's kernel table (Note [Device backends] in ops/backend.h).
#include "ops/backend.h"

namespace ember::cpu {

const detail::Backend& backend();

}  // namespace ember::cpu
