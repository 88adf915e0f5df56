#pragma once
/// Every op as a free function, by family.
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/indexing.h"
#include "ember/ops/linalg.h"
#include "ember/ops/random.h"
#include "ember/ops/rearrange.h"
#include "ember/ops/reduction.h"
#include "ember/ops/shape.h"
