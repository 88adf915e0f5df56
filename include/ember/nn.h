#pragma once
/// The layer library: `ember::nn` modules, `ember::nn::functional` (alias `F` in user code:
/// `namespace F = ember::nn::functional;`), `ember::nn::init` and `ember::nn::utils`.
#include "ember/autograd.h"
#include "ember/nn/cloneable.h"
#include "ember/nn/functional.h"
#include "ember/nn/init.h"
#include "ember/nn/module.h"
#include "ember/nn/modules.h"
#include "ember/nn/options.h"
#include "ember/nn/pimpl.h"
#include "ember/nn/utils.h"
#include "ember/ops.h"
