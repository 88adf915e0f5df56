#pragma once
// Runs nn fixture families (format in tests/reference/families/nn_functional.py): each case's
// op names an entry of a table of calls; the output and the gradients of
// L = (out * grad_output).sum() with respect to the case's inputs are compared with PyTorch's.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ember/ember.h"
#include "support/golden.h"

namespace ember::testing {

using Inputs = std::vector<Tensor>;
/// Calls the op on the inputs (leaves that require grad) with the case's args.
using NnCall = std::function<Tensor(const Inputs&, const Json& args)>;
using NnTable = std::map<std::string, NnCall>;

/// Bounds for the ops whose results need more than default_tolerance: the output is result 0,
/// the gradient of the i-th input that requires grad result i + 1.
using NnTolerances = std::map<std::string, CaseTolerance>;

/// Checks every case of `family` against `table`, within `tolerances`; also that every table
/// entry has cases.
void check_nn_family(const std::string& family, const NnTable& table,
                     const NnTolerances& tolerances = {});

// Case arguments.
Tensor tensor_arg(const Json& args, const char* name);
/// The named tensor, or an undefined one when the case has none.
Tensor optional_tensor_arg(const Json& args, const char* name);
double double_arg(const Json& args, const char* name, double fallback);
int64_t int_arg(const Json& args, const char* name, int64_t fallback);
bool bool_arg(const Json& args, const char* name, bool fallback);
std::optional<int64_t> optional_int_arg(const Json& args, const char* name);
std::optional<double> optional_double_arg(const Json& args, const char* name);
std::string string_arg(const Json& args, const char* name, const std::string& fallback);
/// The "reduction" arg as the options' variant (mean when absent).
nn::loss_reduction_t reduction_arg(const Json& args);

}  // namespace ember::testing
