#pragma once
/// Flattening parameters into one vector and back.
#include <vector>

#include "ember/tensor.h"

namespace ember::nn::utils {

/// The parameters flattened and concatenated in order (1-d; all on one device).
Tensor parameters_to_vector(const std::vector<Tensor>& parameters);
/// Makes each parameter a view of its slice of `vec` (as PyTorch assigns `param.data`); `vec`
/// must have exactly as many elements as the parameters together.
void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters);

}  // namespace ember::nn::utils
