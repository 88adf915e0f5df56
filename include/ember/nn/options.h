#pragma once
/// Every layer's options struct.
#include "ember/nn/options/activation.h"
#include "ember/nn/options/conv.h"
#include "ember/nn/options/distance.h"
#include "ember/nn/options/dropout.h"
#include "ember/nn/options/embedding.h"
#include "ember/nn/options/linear.h"
#include "ember/nn/options/loss.h"
#include "ember/nn/options/normalization.h"
#include "ember/nn/options/padding.h"
#include "ember/nn/options/pixelshuffle.h"
#include "ember/nn/options/pooling.h"
#include "ember/nn/options/upsampling.h"
