#pragma once
/// Ember's optimizers (libtorch's `torch::optim`): `#include <ember/optim.h>`. See docs/optim.md.
#include "ember/optim/adam.h"
#include "ember/optim/optimizer.h"
#include "ember/optim/sgd.h"
