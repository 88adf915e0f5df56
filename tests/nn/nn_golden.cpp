#include "nn/nn_golden.h"

#include <gtest/gtest.h>

#include <exception>

#include "support/golden_error.h"

namespace ember::testing {

Tensor tensor_arg(const Json& args, const char* name) {
  return tensor_from_json(args.at(name));
}

Tensor optional_tensor_arg(const Json& args, const char* name) {
  return args.contains(name) ? tensor_from_json(args.at(name)) : Tensor();
}

double double_arg(const Json& args, const char* name, double fallback) {
  return args.contains(name) ? args.at(name).get<double>() : fallback;
}

int64_t int_arg(const Json& args, const char* name, int64_t fallback) {
  return args.contains(name) ? args.at(name).get<int64_t>() : fallback;
}

bool bool_arg(const Json& args, const char* name, bool fallback) {
  return args.contains(name) ? args.at(name).get<bool>() : fallback;
}

std::optional<int64_t> optional_int_arg(const Json& args, const char* name) {
  if (!args.contains(name) || args.at(name).is_null()) return std::nullopt;
  return args.at(name).get<int64_t>();
}

std::optional<double> optional_double_arg(const Json& args, const char* name) {
  if (!args.contains(name) || args.at(name).is_null()) return std::nullopt;
  return args.at(name).get<double>();
}

std::string string_arg(const Json& args, const char* name, const std::string& fallback) {
  return args.contains(name) ? args.at(name).get<std::string>() : fallback;
}

nn::loss_reduction_t reduction_arg(const Json& args) {
  const std::string r = string_arg(args, "reduction", "mean");
  if (r == "none") return kNone;
  if (r == "sum") return kSum;
  return kMean;
}

namespace {

void check_case(const Json& c, const NnCall& call, const CaseTolerance& tolerance) {
  Inputs inputs = tensors_from_json(c.at("inputs"));
  for (Tensor& t : inputs) {
    if (t.is_floating_point()) t.requires_grad_();
  }
  const Json& args = c.at("args");
  const Json& expected = c.at("expected");
  if (expected.is_object() && expected.contains("error")) {
    EXPECT_GOLDEN_ERROR(call(inputs, args), expected);
    return;
  }
  Tensor out;
  try {
    out = call(inputs, args);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "raised: " << e.what();
    return;
  }
  auto tol = [&](const Tensor& result, size_t index) {
    return tolerance ? tolerance(inputs, args, result, index)
                     : default_tolerance(result.scalar_type());
  };
  EXPECT_MATCHES_GOLDEN(out, expected.at(0), tol(out, 0));
  if (expected.size() == 1) return;
  std::vector<Tensor> diff;
  for (const Tensor& t : inputs) {
    if (t.requires_grad()) diff.push_back(t);
  }
  ASSERT_EQ(diff.size() + 1, expected.size()) << "gradient count";
  ASSERT_TRUE(out.requires_grad()) << "the output does not require grad";
  std::vector<Tensor> grads =
      autograd::grad({out}, diff, {tensor_from_json(args.at("grad_output"))}, std::nullopt,
                     /*create_graph=*/false, /*allow_unused=*/true);
  for (size_t i = 0; i < grads.size(); ++i) {
    SCOPED_TRACE("gradient of input " + std::to_string(i));
    Tensor g = grads[i].defined() ? grads[i] : ember::zeros_like(diff[i]);
    EXPECT_MATCHES_GOLDEN(g, expected.at(i + 1), tol(g, i + 1));
  }
}

}  // namespace

void check_nn_family(const std::string& family, const NnTable& table,
                     const NnTolerances& tolerances) {
  const Json& cases = fixture(family);
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    const std::string op = c.at("op");
    SCOPED_TRACE(op + " / " + c.at("name").get<std::string>());
    const auto it = table.find(op);
    if (it == table.end()) {
      ADD_FAILURE() << "fixture op \"" << op << "\" has no C++ counterpart";
      continue;
    }
    const auto bound = tolerances.find(op);
    check_case(c, it->second, bound == tolerances.end() ? nullptr : bound->second);
  }
  for (const auto& [op, call] : table) {
    EXPECT_FALSE(cases_for(family, op).empty()) << op << " has no fixture case";
  }
}

}  // namespace ember::testing
