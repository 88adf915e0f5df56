#pragma once
/// The data pipeline, `ember::data`, with libtorch's `torch::data` API: examples, datasets
/// (TensorDataset, MNIST, map/stateful), transforms, samplers and `make_data_loader`.
#include "ember/data/dataloader.h"
#include "ember/data/dataloader_options.h"
#include "ember/data/datasets.h"
#include "ember/data/example.h"
#include "ember/data/sample_random.h"
#include "ember/data/samplers.h"
#include "ember/data/transforms.h"
#include "ember/data/vision/functional.h"
#include "ember/data/vision/transforms.h"
