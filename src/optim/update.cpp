#include "optim/update.h"

namespace ember::optim::detail {

void check_param(const char* op, const Tensor& param, const Tensor& grad) {
  EMBER_CHECK(param.scalar_type() == kFloat || param.scalar_type() == kDouble, op,
              "expected float32 or float64 parameters, got ", param.scalar_type());
  EMBER_CHECK(grad.scalar_type() == param.scalar_type() && grad.sizes() == param.sizes(), op,
              "expected a gradient of the parameter's dtype ", param.scalar_type(), " and shape ",
              param.sizes(), ", got ", grad.scalar_type(), " of shape ", grad.sizes());
}

void check_state(const char* op, const Tensor& param, const Tensor& state) {
  EMBER_CHECK(state.defined() && state.is_contiguous() &&
                  state.scalar_type() == param.scalar_type() && state.sizes() == param.sizes(),
              op, "expected contiguous state tensors of the parameter's dtype ",
              param.scalar_type(), " and shape ", param.sizes());
}

}  // namespace ember::optim::detail
