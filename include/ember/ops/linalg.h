#pragma once
/// linalg ops (being filled in).
#include "ember/tensor.h"

namespace ember {}  // namespace ember
