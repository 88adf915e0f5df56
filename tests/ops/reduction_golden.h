#pragma once
// Shared by the reduction-family golden tests: fixture args and a runner that checks every case
// of an op (values, tuples of values, or an ember::Error).
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "support/golden.h"
#include "support/golden_error.h"

namespace ember::testing {

struct Args {
  const Json& json;
  bool has(const char* key) const { return json.contains(key) && !json.at(key).is_null(); }
  std::vector<int64_t> dims() const {
    if (!has("dim")) return {};
    if (json.at("dim").is_number()) return {json.at("dim").get<int64_t>()};
    return json.at("dim").get<std::vector<int64_t>>();
  }
  bool has_dim() const { return has("dim"); }
  int64_t dim() const {
    const auto d = dims();
    EXPECT_EQ(d.size(), 1u);
    return d.at(0);
  }
  std::optional<int64_t> opt_dim() const {
    return has_dim() ? std::optional<int64_t>(dim()) : std::nullopt;
  }
  bool keepdim() const { return json.value("keepdim", false); }
  std::optional<ScalarType> dtype() const {
    if (!has("dtype")) return std::nullopt;
    return testing::dtype_from_name(json.at("dtype").get<std::string>());
  }
  std::optional<Scalar> correction() const {
    if (!has("correction")) return std::nullopt;
    const Json& c = json.at("correction");
    return c.is_number_integer() ? Scalar(c.get<int64_t>()) : Scalar(c.get<double>());
  }
};

using Result = std::vector<Tensor>;
using OpFn = std::function<Result(const Tensor&, const Args&)>;

inline Result one(Tensor t) {
  return {std::move(t)};
}
inline Result two(std::tuple<Tensor, Tensor> t) {
  return {std::get<0>(t), std::get<1>(t)};
}

/// The bound for output `index` of a case (`result`, computed from `input`): Note [Golden
/// tolerances].
using ToleranceFn = std::function<Tolerance(const Tensor& input, const Args& args,
                                            const Tensor& result, size_t index)>;

/// For ops that select, count or permute: PyTorch's bits.
inline ToleranceFn exactly() {
  return [](const Tensor&, const Args&, const Tensor&, size_t) { return Tolerance::bitwise(); };
}

inline bool expects_error(const Json& c) {
  return c.at("expected").is_object() && c.at("expected").contains("error");
}

/// Runs every fixture case of `op` in `family` (those `include` accepts, if given) through `fn`,
/// comparing within `tolerance`.
inline void check_golden_cases(const std::string& family, const std::string& op, const OpFn& fn,
                               const ToleranceFn& tolerance,
                               const std::function<bool(const Json&)>& include = nullptr) {
  const auto cases = cases_for(family, op);
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    if (include && !include(c)) continue;
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto inputs = tensors_from_json(c.at("inputs"));
    const Args args{c.at("args")};
    const Json& expected = c.at("expected");
    if (expects_error(c)) {
      EXPECT_GOLDEN_ERROR(fn(inputs[0], args), expected);
      continue;
    }
    const Result r = fn(inputs[0], args);
    if (expected.is_array()) {
      ASSERT_EQ(r.size(), expected.size());
      for (size_t i = 0; i < r.size(); ++i) {
        EXPECT_MATCHES_GOLDEN(r[i], expected[i], tolerance(inputs[0], args, r[i], i));
      }
    } else {
      ASSERT_EQ(r.size(), 1u);
      EXPECT_MATCHES_GOLDEN(r[0], expected, tolerance(inputs[0], args, r[0], 0));
    }
  }
}

}  // namespace ember::testing
