// Rearranging ops against PyTorch's golden values (tests/reference/families/rearrange.py), plus
// the properties fixtures cannot show: error messages name the op, results own their data.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::expect_error_names;

using testing::Json;

using Result = std::vector<Tensor>;
using OpFn = std::function<Result(const std::vector<Tensor>&, const Json&)>;

std::vector<int64_t> ints(const Json& args, const char* key) {
  return args.at(key).get<std::vector<int64_t>>();
}

std::optional<int64_t> opt_dim(const Json& args) {
  if (!args.contains("dim")) return std::nullopt;
  return args.at("dim").get<int64_t>();
}

Scalar scalar_from_json(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  return v.get<double>();
}

Result one(Tensor t) {
  return {std::move(t)};
}

const std::map<std::string, OpFn>& rearrange_ops() {
  static const std::map<std::string, OpFn> ops = {
      {"cat", [](auto& in, auto& a) { return one(cat(in, a.at("dim"))); }},
      {"concat", [](auto& in, auto& a) { return one(concat(in, a.at("dim"))); }},
      {"stack", [](auto& in, auto& a) { return one(stack(in, a.at("dim"))); }},
      {"hstack", [](auto& in, auto&) { return one(hstack(in)); }},
      {"vstack", [](auto& in, auto&) { return one(vstack(in)); }},
      {"dstack", [](auto& in, auto&) { return one(dstack(in)); }},
      {"meshgrid",
       [](auto& in, auto& a) {
         return meshgrid(in, a.at("indexing").template get<std::string>());
       }},
      {"cartesian_prod", [](auto& in, auto&) { return one(cartesian_prod(in)); }},
      {"flip", [](auto& in, auto& a) { return one(in.at(0).flip(ints(a, "dims"))); }},
      {"fliplr", [](auto& in, auto&) { return one(fliplr(in.at(0))); }},
      {"flipud", [](auto& in, auto&) { return one(flipud(in.at(0))); }},
      {"roll",
       [](auto& in, auto& a) { return one(in.at(0).roll(ints(a, "shifts"), ints(a, "dims"))); }},
      {"rot90",
       [](auto& in, auto& a) {
         return one(in.at(0).rot90(a.at("k").template get<int64_t>(), ints(a, "dims")));
       }},
      {"repeat", [](auto& in, auto& a) { return one(in.at(0).repeat(ints(a, "repeats"))); }},
      {"tile", [](auto& in, auto& a) { return one(in.at(0).tile(ints(a, "dims"))); }},
      {"repeat_interleave",
       [](auto& in, auto& a) {
         if (a.contains("counts_only")) return one(repeat_interleave(in.at(0)));
         if (a.contains("repeats")) {
           return one(
               in.at(0).repeat_interleave(a.at("repeats").template get<int64_t>(), opt_dim(a)));
         }
         return one(in.at(0).repeat_interleave(in.at(1), opt_dim(a)));
       }},
      {"constant_pad_nd",
       [](auto& in, auto& a) {
         return one(constant_pad_nd(in.at(0), ints(a, "pad"), scalar_from_json(a.at("value"))));
       }},
      {"pad",
       [](auto& in, auto& a) {
         std::optional<double> value;
         if (a.contains("value")) value = a.at("value").template get<double>();
         return one(pad(in.at(0), ints(a, "pad"), a.at("mode").template get<std::string>(), value));
       }},
  };
  return ops;
}

class RearrangeGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(RearrangeGolden, MatchesPyTorch) {
  const OpFn& fn = rearrange_ops().at(GetParam());
  const auto cases = testing::cases_for("rearrange", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& args = c.at("args");
    const Json& expected = c.at("expected");
    if (expected.is_object() && expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(inputs, args), expected);
      continue;
    }
    const Result result = fn(inputs, args);
    // Rearranging moves values: PyTorch's bits.
    const testing::Tolerance exact = testing::Tolerance::bitwise();
    if (expected.is_array()) {
      ASSERT_EQ(result.size(), expected.size());
      for (size_t i = 0; i < result.size(); ++i) {
        EXPECT_MATCHES_GOLDEN(result[i], expected[i], exact);
      }
    } else {
      ASSERT_EQ(result.size(), 1u);
      EXPECT_MATCHES_GOLDEN(result[0], expected, exact);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, RearrangeGolden,
                         ::testing::Values("cat", "concat", "stack", "hstack", "vstack", "dstack",
                                           "meshgrid", "cartesian_prod", "flip", "fliplr", "flipud",
                                           "roll", "rot90", "repeat", "tile", "repeat_interleave",
                                           "constant_pad_nd", "pad"));

// The message of the error `f` raises starts with "[op]".

TEST(Rearrange, ErrorsNameTheOp) {
  const Tensor a = ones({2, 3});
  const Tensor b = ones({2, 4});
  expect_error_names([&] { cat({a, b}); }, "cat");
  expect_error_names([&] { cat({a, ones({2, 3, 1})}); }, "cat");
  expect_error_names([&] { cat({ones({}), a}); }, "cat");
  expect_error_names([&] { cat(TensorList{}); }, "cat");
  expect_error_names([&] { concat({a, b}); }, "concat");
  expect_error_names([&] { stack({a, b}); }, "stack");
  expect_error_names([&] { stack({a, a}, 3); }, "stack");
  expect_error_names([&] { hstack({a, ones({3, 3})}); }, "hstack");
  expect_error_names([&] { vstack({a, b}); }, "vstack");
  expect_error_names([&] { dstack({a, b}); }, "dstack");
  expect_error_names([&] { meshgrid({a}); }, "meshgrid");
  expect_error_names([&] { meshgrid({ones({2}), ones({2}, kInt)}); }, "meshgrid");
  expect_error_names([&] { meshgrid({ones({2})}, "yx"); }, "meshgrid");
  expect_error_names([&] { cartesian_prod({a}); }, "cartesian_prod");
  expect_error_names([&] { cartesian_prod({ones({2}), ones({2}, kInt)}); }, "cartesian_prod");
  expect_error_names([&] { a.flip({0, 0}); }, "flip");
  expect_error_names([&] { fliplr(ones({3})); }, "fliplr");
  expect_error_names([&] { a.roll({1, 2}); }, "roll");
  expect_error_names([&] { a.roll({}); }, "roll");
  expect_error_names([&] { a.rot90(1, {0, 0}); }, "rot90");
  expect_error_names([&] { a.repeat({2}); }, "repeat");
  expect_error_names([&] { a.repeat({2, -1}); }, "repeat");
  expect_error_names([&] { a.tile({-2}); }, "tile");
  expect_error_names([&] { a.repeat_interleave(-1); }, "repeat_interleave");
  expect_error_names([&] { a.repeat_interleave(tensor({1, -1}), 0); }, "repeat_interleave");
  expect_error_names([&] { a.repeat_interleave(tensor({1.0, 1.0}), 0); }, "repeat_interleave");
  expect_error_names([&] { a.repeat_interleave(tensor({1, 2, 3}), 0); }, "repeat_interleave");
  expect_error_names([&] { constant_pad_nd(a, {1}); }, "constant_pad_nd");
  expect_error_names([&] { constant_pad_nd(a, {-2, -2}); }, "constant_pad_nd");
  const Tensor x = ones({1, 2, 4});
  expect_error_names([&] { pad(x, {4, 0}, "reflect"); }, "pad");
  expect_error_names([&] { pad(x, {5, 0}, "circular"); }, "pad");
  expect_error_names([&] { pad(x, {1, 1}, "reflect", 1.0); }, "pad");
  expect_error_names([&] { pad(x, {1, 1}, "symmetric"); }, "pad");
  expect_error_names([&] { pad(ones({4}), {1, 1}, "replicate"); }, "pad");
  expect_error_names([&] { pad(ones({1, 2, 4}, kInt), {1, 1}, "reflect"); }, "pad");
  expect_error_names([&] { pad(x, {1, 1, 1, 1, 1, 1, 1, 1}); }, "pad");
}

// Crops that PyTorch turns into out-of-bounds or uninitialised reads raise in Ember.
TEST(Rearrange, PadCropsPastTheInputRaise) {
  const Tensor x = arange(3, kFloat).reshape({1, 1, 3});
  expect_error_names([&] { pad(x, {-5, 4}, "reflect"); }, "pad");
  expect_error_names([&] { pad(x, {-2, 2}, "circular"); }, "pad");  // wraps 1 element twice
  expect_error_names([&] { pad(x, {-3, 3}, "circular"); }, "pad");  // nothing left to wrap
  // Replicate clamps, so a large crop stays in bounds: [x2, x2] as PyTorch.
  const Tensor r = pad(x, {-5, 4}, "replicate");
  EXPECT_EQ(r.sizes(), IntArrayRef({1, 1, 2}));
  EXPECT_EQ(r.flatten()[0].item<float>(), 2.0f);
  EXPECT_EQ(r.flatten()[1].item<float>(), 2.0f);
}

TEST(Rearrange, ResultsOwnTheirData) {
  const Tensor a = arange(6, kFloat).reshape({2, 3});
  for (const Tensor& r : {cat({a}), stack({a}).squeeze(0), a.flip({}), a.roll({0}, {0}), a.rot90(0),
                          a.repeat({1, 1}), a.tile({1}), a.repeat_interleave(1, 0),
                          constant_pad_nd(a, {0, 0}), pad(a, {-1, 0}), hstack({a})}) {
    EXPECT_FALSE(r.is_alias_of(a));
  }
  // meshgrid returns broadcast views of its inputs, as PyTorch does.
  const Tensor v = arange(3, kFloat);
  EXPECT_TRUE(meshgrid({v, v})[0].is_alias_of(v));
}

// Shape and values, row-major.
std::pair<std::vector<int64_t>, std::vector<double>> contents(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  return {t.sizes().vec(),
          std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel())};
}

TEST(Rearrange, RotationsCompose) {
  const Tensor a = arange(24, kFloat).reshape({2, 3, 4});
  EXPECT_EQ(contents(a.rot90(1, {1, 2}).rot90(1, {1, 2})), contents(a.rot90(2, {1, 2})));
  EXPECT_EQ(contents(a.rot90(1, {1, 2}).rot90(-1, {1, 2})), contents(a));
  EXPECT_EQ(contents(a.rot90(1, {2, 1})), contents(a.rot90(3, {1, 2})));
  EXPECT_NE(contents(a.rot90(1, {1, 2})), contents(a.rot90(3, {1, 2})));
}

TEST(Rearrange, RepeatOverflowRaises) {
  const Tensor a = ones({2, 3});
  expect_error_names([&] { a.repeat({int64_t{1} << 62, 1}); }, "repeat");
  expect_error_names([&] { a.repeat_interleave(int64_t{1} << 62, 0); }, "repeat_interleave");
}

TEST(Rearrange, UndefinedInputsRaise) {
  EXPECT_EMBER_ERROR(cat({ones({2}), Tensor()}), "undefined");
  EXPECT_EMBER_ERROR(stack({Tensor()}), "undefined");
  EXPECT_EMBER_ERROR(flip(Tensor(), {0}), "undefined");
  EXPECT_EMBER_ERROR(Tensor().repeat({1}), "undefined");
  EXPECT_EMBER_ERROR(pad(Tensor(), {1, 1}), "undefined");
  EXPECT_EMBER_ERROR(meshgrid({Tensor()}), "undefined");
  EXPECT_EMBER_ERROR(ones({2}).repeat_interleave(Tensor()), "undefined");
}

}  // namespace
}  // namespace ember
