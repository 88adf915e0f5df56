#pragma once
/// rearrange ops (being filled in).
#include "ember/tensor.h"

namespace ember {}  // namespace ember
