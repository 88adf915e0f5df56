// Golden tests of ember::data::vision::functional against torchvision 0.14
// (tests/reference/families/vision.py).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ember/data/vision/functional.h"
#include "support/golden.h"

namespace ember::data::vision {
namespace {

namespace F = functional;
using testing::Json;

Interpolation interpolation_of(const Json& args) {
  return args.at("interpolation").get<std::string>() == "nearest" ? Interpolation::kNearest
                                                                  : Interpolation::kBilinear;
}

PaddingMode mode_of(const std::string& mode) {
  if (mode == "edge") return PaddingMode::kEdge;
  if (mode == "reflect") return PaddingMode::kReflect;
  if (mode == "symmetric") return PaddingMode::kSymmetric;
  return PaddingMode::kConstant;
}

Tensor run_case(const std::string& op, const Tensor& x, const Json& a) {
  if (op == "vision.resize") {
    return F::resize(x, a.at("size").get<std::vector<int64_t>>(), interpolation_of(a));
  }
  if (op == "vision.crop") {
    return F::crop(x, a.at("top"), a.at("left"), a.at("height"), a.at("width"));
  }
  if (op == "vision.center_crop")
    return F::center_crop(x, a.at("size").get<std::vector<int64_t>>());
  if (op == "vision.pad") {
    return F::pad(x, a.at("padding").get<std::vector<int64_t>>(), a.at("fill").get<double>(),
                  mode_of(a.at("mode")));
  }
  if (op == "vision.hflip") return F::hflip(x);
  if (op == "vision.vflip") return F::vflip(x);
  if (op == "vision.rotate") {
    return F::rotate(x, a.at("angle"), interpolation_of(a),
                     a.at("fill").get<std::vector<double>>());
  }
  if (op == "vision.rgb_to_grayscale") return F::rgb_to_grayscale(x);
  if (op == "vision.adjust_brightness") return F::adjust_brightness(x, a.at("factor"));
  if (op == "vision.adjust_contrast") return F::adjust_contrast(x, a.at("factor"));
  if (op == "vision.adjust_saturation") return F::adjust_saturation(x, a.at("factor"));
  if (op == "vision.adjust_hue") return F::adjust_hue(x, a.at("factor"));
  if (op == "vision.normalize") {
    return F::normalize(x, a.at("mean").get<std::vector<double>>(),
                        a.at("std").get<std::vector<double>>());
  }
  if (op == "vision.to_tensor") return F::to_tensor(x, a.at("hwc"));
  ADD_FAILURE() << "unknown op " << op;
  return {};
}

std::string test_name(const ::testing::TestParamInfo<std::string>& param) {
  std::string n = param.param;
  for (char& ch : n) {
    if (ch == '.') ch = '_';
  }
  return n;
}

// Note [Golden tolerances]: crops, pads and flips copy, and the colour transforms evaluate
// torchvision's formulas step for step: torchvision's bits. resize and rotate interpolate, and
// adjust_contrast blends with the image's mean, a sum in another order: the default bound for
// float images. uint8 resizes round float32 blends; a blend that is exactly k + 0.5 in exact
// arithmetic (163.5 for a 4x5 -> 3x3 case) comes out of PyTorch's upsample kernel as 163.49998
// and out of Ember's upsample_bilinear2d (another summation order) as 163.5, so such a pixel may
// round one step apart.
testing::Tolerance vision_tolerance(const std::string& op, ScalarType dtype) {
  using testing::Tolerance;
  if (op == "vision.resize" && dtype == kUInt8) return Tolerance::absolute(1);
  if (op == "vision.resize" || op == "vision.rotate" || op == "vision.adjust_contrast") {
    return testing::default_tolerance(dtype);
  }
  return Tolerance::bitwise();
}

class VisionGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(VisionGolden, MatchesTorchvision) {
  const std::string op = GetParam();
  const auto cases = testing::cases_for("vision", op);
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(op + " " + c.at("name").get<std::string>());
    const Tensor x = testing::tensor_from_json(c.at("inputs")[0]);
    const Json& expected = c.at("expected");
    if (expected.is_object() && expected.contains("error")) {
      try {
        run_case(op, x, c.at("args"));
        ADD_FAILURE() << "expected an error";
      } catch (const Error& e) {
        // The message names the function: "[vision::resize] ..." for "vision.resize".
        const std::string name = "vision::" + op.substr(std::string("vision.").size());
        EXPECT_NE(std::string(e.what()).find("[" + name + "]"), std::string::npos) << e.what();
      }
      continue;
    }
    const Tensor out = run_case(op, x, c.at("args"));
    EXPECT_MATCHES_GOLDEN(out, expected, vision_tolerance(op, out.scalar_type()));
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, VisionGolden,
                         ::testing::Values("vision.resize", "vision.crop", "vision.center_crop",
                                           "vision.pad", "vision.hflip", "vision.vflip",
                                           "vision.rotate", "vision.rgb_to_grayscale",
                                           "vision.adjust_brightness", "vision.adjust_contrast",
                                           "vision.adjust_saturation", "vision.adjust_hue",
                                           "vision.normalize", "vision.to_tensor"),
                         test_name);

template <class Fn>
void expect_error_names(Fn fn, const std::string& name) {
  try {
    fn();
    ADD_FAILURE() << "expected an error naming " << name;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[" + name + "]"), std::string::npos) << e.what();
  }
}

TEST(VisionFunctional, BadInputsRaiseNamingTheFunction) {
  const Tensor img = zeros({3, 4, 5});
  expect_error_names([&] { F::resize(zeros({4, 5}), {2}); }, "vision::resize");
  expect_error_names([&] { F::resize(img, {0}); }, "vision::resize");
  expect_error_names([&] { F::resize(img, {1, 2, 3}); }, "vision::resize");
  expect_error_names(
      [&] {
        F::resize(zeros({3, 4, 5}, TensorOptions().dtype(kInt32)), {2});
      },
      "vision::resize");
  expect_error_names([&] { F::crop(img, 0, 0, 0, 2); }, "vision::crop");
  expect_error_names([&] { F::center_crop(img, {}); }, "vision::center_crop");
  expect_error_names([&] { F::pad(img, {-1}); }, "vision::pad");
  expect_error_names([&] { F::pad(img, {1, 2, 3}); }, "vision::pad");
  expect_error_names(
      [&] {
        F::rotate(img, 10, Interpolation::kNearest, {1, 2});
      },
      "vision::rotate");
  expect_error_names([&] { F::rgb_to_grayscale(zeros({1, 4, 5})); }, "vision::rgb_to_grayscale");
  expect_error_names([&] { F::adjust_contrast(zeros({2, 4, 5}), 1); }, "vision::adjust_contrast");
  expect_error_names([&] { F::adjust_saturation(img, -1); }, "vision::adjust_saturation");
  expect_error_names([&] { F::normalize(img, {0.5, 0.5}, {1, 1}); }, "vision::normalize");
  expect_error_names([&] { F::to_tensor(zeros({2})); }, "vision::to_tensor");
  expect_error_names(
      [&] {
        F::to_tensor(zeros({2, 2}, TensorOptions().dtype(kInt32)));
      },
      "vision::to_tensor");
}

}  // namespace
}  // namespace ember::data::vision
