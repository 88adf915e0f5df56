#pragma once
// Runs the fused neural-network fixture cases (tests/reference/nn_ref.py): the op's outputs,
// then the gradients of the inputs listed in args "wrt" for the upstream gradient args "gout",
// or an ember::Error whose message names an op.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ember/autograd.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember::testing {

using NnFn = std::function<std::vector<Tensor>(const std::vector<Tensor>&, const Json&)>;

inline std::optional<ScalarType> dtype_arg(const Json& args) {
  if (!args.contains("dtype")) return std::nullopt;
  return dtype_from_name(args.at("dtype").get<std::string>());
}

/// Checks every case of `op` in fixture `family` (fails when there are none), within
/// `tolerance` (by default default_tolerance of each result's dtype), which numbers the op's
/// outputs first, then the gradients of its "wrt" inputs.
inline void run_nn_golden(const std::string& family, const std::string& op, const NnFn& fn,
                          const CaseTolerance& tolerance = nullptr) {
  const auto cases = cases_for(family, op);
  ASSERT_FALSE(cases.empty()) << op;
  for (const Json& c : cases) {
    SCOPED_TRACE(op + ": " + c.at("name").get<std::string>());
    auto inputs = tensors_from_json(c.at("inputs"));
    const Json& args = c.at("args");
    const auto wrt = args.at("wrt").get<std::vector<size_t>>();
    if (c.at("expected").contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(inputs, args), c.at("expected"));
      continue;
    }
    std::vector<Tensor> leaves;
    for (size_t i : wrt) {
      inputs[i] = inputs[i].detach().requires_grad_();
      leaves.push_back(inputs[i]);
    }
    const std::vector<Tensor> outs = fn(inputs, args);
    const Json& expected = c.at("expected");
    const size_t n_out = expected.size() - wrt.size();
    // A case's tolerance may read its inputs' values, which meta tensors do not have (nor are
    // values compared there).
    auto tol = [&](const Tensor& result, size_t index) {
      return tolerance && !result.is_meta() ? tolerance(inputs, args, result, index)
                                            : default_tolerance(result.scalar_type());
    };
    ASSERT_GE(outs.size(), n_out);
    for (size_t k = 0; k < n_out; ++k) EXPECT_MATCHES_GOLDEN(outs[k], expected[k], tol(outs[k], k));
    if (wrt.empty()) continue;
    const Tensor gout = tensor_from_json(args.at("gout"));
    const auto grads = autograd::grad({outs[0]}, leaves, {gout}, std::nullopt, false, true);
    for (size_t k = 0; k < wrt.size(); ++k) {
      SCOPED_TRACE("gradient of input " + std::to_string(wrt[k]));
      const Tensor g = grads[k].defined() ? grads[k] : zeros_like(leaves[k]);
      EXPECT_MATCHES_GOLDEN(g, expected[n_out + k], tol(g, n_out + k));
    }
  }
}

}  // namespace ember::testing
