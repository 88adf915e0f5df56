#pragma once
// Scalars and number lists <-> the 0-d / 1-d tensors of a flat state dict (STATE_FORMAT.md):
// doubles are kDouble, counters kLong, flags kBool.
#include <string>
#include <vector>

#include "ember/ordered_dict.h"
#include "ember/tensor.h"

namespace ember::optim::detail {

Tensor state_double(double v);
Tensor state_long(int64_t v);
Tensor state_bool(bool v);
Tensor state_doubles(const std::vector<double>& v);
Tensor state_longs(const std::vector<int64_t>& v);

double read_double(const Tensor& t);
int64_t read_long(const Tensor& t);
bool read_bool(const Tensor& t);
std::vector<double> read_doubles(const Tensor& t);
std::vector<int64_t> read_longs(const Tensor& t);

/// Raises ember::Error("[who] ...") unless `given` has exactly the keys of `expected`, each with
/// the same dtype and shape. Nothing is changed, so a bad dict is never half-applied.
void check_same_layout(const char* who, const OrderedDict<std::string, Tensor>& expected,
                       const OrderedDict<std::string, Tensor>& given);

}  // namespace ember::optim::detail
