#pragma once
/// Reverse-mode automatic differentiation, as in PyTorch:
///
///     auto w = ember::randn({3}, ember::requires_grad());
///     auto loss = (w * x + b).sum();
///     loss.backward();            // w.grad() now holds d loss / d w
///
/// Grad modes (NoGradGuard, InferenceMode, anomaly detection), backward and grad, the graph's
/// nodes, custom functions (Function<T>) and gradcheck.
#include "ember/autograd/backward.h"
#include "ember/autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/autograd/gradcheck.h"
#include "ember/autograd/node.h"
