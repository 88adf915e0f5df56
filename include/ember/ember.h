#pragma once
/// The whole public API: `#include <ember/ember.h>`.
#include "ember/autograd.h"
#include "ember/device.h"
#include "ember/dtype.h"
#include "ember/error.h"
#include "ember/generator.h"
#include "ember/indexing.h"
#include "ember/nn.h"
#include "ember/ops.h"
#include "ember/parallel.h"
#include "ember/scalar.h"
#include "ember/tensor.h"
#include "ember/tensor_options.h"
