#pragma once
/// Every op as a free function, by family.
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"
