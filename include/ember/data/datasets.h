#pragma once
/// All datasets.
#include "ember/data/datasets/base.h"
#include "ember/data/datasets/csv.h"
#include "ember/data/datasets/image_folder.h"
#include "ember/data/datasets/map.h"
#include "ember/data/datasets/mnist.h"
#include "ember/data/datasets/stateful.h"
#include "ember/data/datasets/tensor.h"
