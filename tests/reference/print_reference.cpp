// Writes tests/reference/fixtures/print.json: how libtorch's operator<< prints a set of tensors
// (the committed file came from Debian's libtorch 1.13.1). tests/core/print_test.cpp rebuilds
// each tensor in Ember from its "tensor" spec and expects the same "printed" text.
//
// Not built by CMake. Needs libtorch (Debian libtorch-dev); run by hand from the repo root:
//   g++ -std=c++17 -O1 tests/reference/print_reference.cpp -o /tmp/print_reference \
//       -I/usr/include/torch/csrc/api/include -ltorch -ltorch_cpu -lc10
//   /tmp/print_reference > tests/reference/fixtures/print.json
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string dtype_name(torch::Dtype d) {
  switch (d) {
    case torch::kBool:
      return "bool";
    case torch::kByte:
      return "uint8";
    case torch::kChar:
      return "int8";
    case torch::kShort:
      return "int16";
    case torch::kInt:
      return "int32";
    case torch::kLong:
      return "int64";
    case torch::kHalf:
      return "float16";
    case torch::kBFloat16:
      return "bfloat16";
    case torch::kFloat:
      return "float32";
    default:
      return "float64";
  }
}

// The fixture TENSOR spec (tests/support/golden.h) of `t`'s dtype, shape and values.
std::string spec(const torch::Tensor& t) {
  std::ostringstream out;
  out << "{\"dtype\":\"" << dtype_name(t.scalar_type()) << "\",\"shape\":[";
  for (int64_t d = 0; d < t.dim(); ++d) out << (d ? "," : "") << t.size(d);
  out << "],\"data\":[";
  torch::Tensor flat = t.reshape({-1});
  for (int64_t i = 0; i < flat.numel(); ++i) {
    if (i) out << ",";
    if (t.scalar_type() == torch::kLong) {
      out << flat[i].item<int64_t>();
      continue;
    }
    const double v = flat[i].item<double>();
    if (std::isnan(v)) {
      out << "\"nan\"";
    } else if (std::isinf(v)) {
      out << (v > 0 ? "\"inf\"" : "\"-inf\"");
    } else if (v == 0 && std::signbit(v)) {
      out << "-0.0";  // "-0" would parse as the integer 0
    } else {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      out << buf;
    }
  }
  out << "]}";
  return out.str();
}

torch::Tensor values(std::vector<double> v, torch::Dtype dtype, std::vector<int64_t> shape = {}) {
  torch::Tensor t = torch::tensor(v, torch::kDouble).to(dtype);
  if (!shape.empty()) t = t.reshape(shape);
  return t;
}

}  // namespace

int main() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::pair<std::string, torch::Tensor>> cases = {
      {"int64_2d", torch::arange(6).reshape({2, 3})},
      {"int64_1d_negative", values({-5, 0, 12, -130}, torch::kLong)},
      {"int64_large", values({12345678901.0, 2}, torch::kLong)},
      {"int32_2d", values({-1, 20, 300, -4000}, torch::kInt, {2, 2})},
      {"uint8", values({0, 7, 255}, torch::kByte)},
      {"int8", values({-128, 5, 127}, torch::kChar)},
      {"int16_3d", values({1, -2, 3, -4, 5, -6, 7, -8}, torch::kShort, {2, 2, 2})},
      {"float_simple", values({1.5, 2.25, -3.0}, torch::kFloat)},
      {"float_2d", values({0.1, 0.2, 0.3, 0.4}, torch::kFloat, {2, 2})},
      {"float_integral", values({1, 2, 3}, torch::kFloat)},
      {"float_integral_negative", values({100, -5, 0}, torch::kFloat, {1, 3})},
      {"float_integral_large", values({1e10, 1}, torch::kFloat)},
      {"float_mixed", values({1e-3, 1.0, 1000.0}, torch::kFloat)},
      {"float_mixed_wide", values({0.001, 12345.678}, torch::kFloat)},
      {"float_scale_large", values({1e5, 2e5, 3.5e5}, torch::kFloat)},
      {"float_scale_large_2d", values({123456.0, 7.5, 99999.5, -20000.25}, torch::kFloat, {2, 2})},
      {"float_scale_factor", values({123456.5, 234567.25, 100000.0}, torch::kFloat)},
      {"float_scale_factor_2d",
       values({123456.5, 234567.25, 100000.0, 150000.75}, torch::kFloat, {2, 2})},
      {"float_scale_3d", torch::arange(8, torch::kFloat).reshape({2, 2, 2}) * 12345.5 + 100000},
      {"float_negative_tiny", values({-0.001, -0.002, -0.0015}, torch::kFloat)},
      {"int64_eight_digits", values({12345678, 1}, torch::kLong)},
      {"float_4d_order", torch::arange(16, torch::kFloat).reshape({2, 2, 2, 2}) - 7.5},
      {"int_5d", torch::arange(24).reshape({2, 3, 2, 1, 2})},
      // libtorch keeps the 4-digit precision of a fixed-point slice for a later integral one.
      {"precision_carry_3d",
       values({0.5, 1.5, 2.5, 3.5, 123456, 7, 8, 9}, torch::kFloat, {2, 2, 2})},
      {"float_tiny", values({1e-5, 2e-5, 3.5e-5}, torch::kFloat)},
      {"float_tiny_2d", values({0.01, 0.02, 0.015, 0.001}, torch::kFloat, {2, 2})},
      {"float_tiny_and_one", values({1e-10, 1.0}, torch::kFloat)},
      {"float_huge_exponents", values({1e-120, 1e120}, torch::kDouble)},
      {"float_negative_max", values({-1000.5, 0.5}, torch::kFloat)},
      {"float_negative_first", values({-0.5, 200.25, 3.0}, torch::kFloat)},
      {"float_nan_inf", values({nan, inf, -inf, 1.5}, torch::kFloat)},
      {"float_nan_integral", values({nan, 1.0, 2.0}, torch::kFloat)},
      {"float_all_nan", values({nan, nan}, torch::kFloat)},
      {"float_inf_2d", values({inf, 0.25, -inf, 2.5}, torch::kFloat, {2, 2})},
      {"float_zeros", torch::zeros({2, 2})},
      {"float_negative_zero", values({-0.0, 1.5}, torch::kFloat)},
      {"double", values({0.1, 1.0 / 3.0}, torch::kDouble)},
      {"double_3d", torch::arange(12, torch::kDouble).reshape({2, 3, 2}) / 4},
      {"float_4d", torch::arange(8, torch::kFloat).reshape({2, 1, 2, 2}) * 0.5},
      {"float_3d_scaled", torch::arange(8, torch::kFloat).reshape({2, 2, 2}) * 12345.5},
      {"wide_matrix", torch::arange(30, torch::kFloat).reshape({2, 15}) * 1.5},
      {"wide_matrix_scaled", torch::arange(24, torch::kFloat).reshape({2, 12}) * 1e5 + 0.5},
      {"wide_3d", torch::arange(40, torch::kFloat).reshape({2, 1, 20}) / 3},
      {"wide_int", torch::arange(50).reshape({2, 25}) * 1000},
      {"zero_dim_float", values({3.5}, torch::kFloat).reshape({})},
      {"zero_dim_float_long", values({0.123456789}, torch::kFloat).reshape({})},
      {"zero_dim_int", values({7}, torch::kLong).reshape({})},
      {"zero_dim_bool", values({1}, torch::kBool).reshape({})},
      {"zero_dim_double_big", values({1234567.0}, torch::kDouble).reshape({})},
      {"zero_dim_half", values({0.1}, torch::kHalf).reshape({})},
      {"zero_dim_nan", values({nan}, torch::kFloat).reshape({})},
      {"one_element_1d", values({2.5}, torch::kFloat)},
      {"empty_1d", torch::zeros({0})},
      {"empty_2d", torch::zeros({2, 0})},
      {"empty_3d", torch::zeros({0, 3, 2}, torch::kLong)},
      {"bool_1d", values({1, 0, 1}, torch::kBool)},
      {"bool_2d", values({1, 0, 0, 1}, torch::kBool, {2, 2})},
      {"half", values({0.1, 2.5, -65504}, torch::kHalf)},
      {"bfloat16", values({0.1, 2.5, 3e38}, torch::kBFloat16)},
      {"bfloat16_2d", values({0.5, 1.25, -2, 8}, torch::kBFloat16, {2, 2})},
  };
  std::cout << "[\n";
  for (size_t i = 0; i < cases.size(); ++i) {
    std::ostringstream printed;
    printed << cases[i].second;
    std::cout << "{\"op\":\"print\",\"name\":" << json_string(cases[i].first)
              << ",\"tensor\":" << spec(cases[i].second)
              << ",\"printed\":" << json_string(printed.str()) << "}"
              << (i + 1 < cases.size() ? ",\n" : "\n");
  }
  std::cout << "]\n";
}
