#include "ember/nn/utils/convert_parameters.h"

#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::utils {

Tensor parameters_to_vector(const std::vector<Tensor>& parameters) {
  std::vector<Tensor> flat;
  for (const Tensor& p : parameters) {
    EMBER_CHECK(p.defined(), "parameters_to_vector", "expected defined parameters");
    EMBER_CHECK(p.device() == parameters.front().device(), "parameters_to_vector",
                "Found two parameters on different devices, this is currently not supported.");
    flat.push_back(p.reshape({-1}));
  }
  return ember::cat(flat);
}

void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters) {
  EMBER_CHECK(vec.defined() && vec.dim() == 1, "vector_to_parameters",
              "expected a 1-d vector, got ", vec.defined() ? vec.sizes() : IntArrayRef{});
  int64_t total = 0;
  for (const Tensor& p : parameters) total += p.numel();
  EMBER_CHECK(total == vec.numel(), "vector_to_parameters", "expected a vector of ", total,
              " elements (the parameters' total), got ", vec.numel());
  int64_t offset = 0;
  for (const Tensor& p : parameters) {
    p.set_data(vec.detach().narrow(0, offset, p.numel()).view_as(p));
    offset += p.numel();
  }
}

}  // namespace ember::nn::utils
