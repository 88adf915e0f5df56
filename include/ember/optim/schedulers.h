#pragma once
/// Every learning-rate scheduler (torch::optim's schedulers; docs/optim.md).
#include "ember/optim/schedulers/cosine_lr.h"
#include "ember/optim/schedulers/cyclic_lr.h"
#include "ember/optim/schedulers/lambda_lr.h"
#include "ember/optim/schedulers/linear_lr.h"
#include "ember/optim/schedulers/lr_scheduler.h"
#include "ember/optim/schedulers/reduce_on_plateau_scheduler.h"
#include "ember/optim/schedulers/sequential_lr.h"
#include "ember/optim/schedulers/step_lr.h"
