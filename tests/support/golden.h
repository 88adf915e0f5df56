#pragma once
// Golden values from PyTorch: loads the committed fixtures that tests/reference/generate.py
// writes, rebuilds their input tensors (including non-contiguous views), and compares results.
//
// Fixture format (one JSON file per op family, `fixtures/<family>.json`): a list of cases
//   {"op": "add", "name": "broadcast/float32", "inputs": [TENSOR...], "args": {...},
//    "expected": TENSOR | [TENSOR...] | {"error": true}}
// TENSOR = {"dtype": "float32", "shape": [2, 3], "data": [flat row-major values],
//           "views": [["transpose", 0, 1], ["slice", dim, start, end, step], ["expand", [sizes]],
//                     ["permute", [dims]]]}
// Non-finite floats are the strings "nan", "inf" and "-inf".
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "ember/ember.h"
#include "support/tolerance.h"

namespace ember::testing {

using Json = nlohmann::json;

/// All cases of a family's fixture file (loaded once).
const Json& fixture(const std::string& family);
/// The cases of `family` whose "op" is `op`.
std::vector<Json> cases_for(const std::string& family, const std::string& op);
/// Every fixture family present on disk.
std::vector<std::string> fixture_families();

/// The device golden tests run their ops on: the CPU, or the one the EMBER_TEST_DEVICE
/// environment variable names. On "meta" every case runs its checks and its shape and dtype rules
/// and compare_to_json checks shapes and dtypes only (Note [Meta device] in ember/device.h).
Device test_device();

ScalarType dtype_from_name(const std::string& name);
/// Builds the tensor a TENSOR spec describes (data in a fresh contiguous tensor, then its views).
Tensor tensor_from_json(const Json& spec);
std::vector<Tensor> tensors_from_json(const Json& specs);

/// The bound for result `index` of a fixture case (as the test numbers its outputs and
/// gradients), computed from the case's inputs and args.
using CaseTolerance = std::function<Tolerance(const std::vector<Tensor>& inputs, const Json& args,
                                              const Tensor& result, size_t index)>;

/// Checks dtype, shape and values of `actual` against a TENSOR spec, within `tol` (by default
/// default_tolerance of the dtype; Note [Golden tolerances]); returns a description of the
/// first mismatch, or an empty string.
std::string compare_to_json(const Tensor& actual, const Json& expected,
                            std::optional<Tolerance> tol = std::nullopt);

}  // namespace ember::testing

/// EXPECT that `actual` matches the TENSOR spec `expected`.
#define EXPECT_MATCHES_GOLDEN(actual, expected, ...)                                    \
  do {                                                                                  \
    std::string mismatch_ =                                                             \
        ::ember::testing::compare_to_json(actual, expected __VA_OPT__(, ) __VA_ARGS__); \
    EXPECT_TRUE(mismatch_.empty()) << mismatch_;                                        \
  } while (false)
