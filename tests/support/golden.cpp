#include "support/golden.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace ember::testing {
namespace {

std::string fixture_dir() {
  return EMBER_FIXTURE_DIR;
}

double number_from_json(const Json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "nan") return std::nan("");
    if (s == "inf") return INFINITY;
    if (s == "-inf") return -INFINITY;
    throw std::runtime_error("bad number in fixture: " + s);
  }
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  return v.get<double>();
}

}  // namespace

const Json& fixture(const std::string& family) {
  static std::mutex mutex;
  static std::map<std::string, Json> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(family);
  if (it != cache.end()) return it->second;
  std::ifstream in(fixture_dir() + "/" + family + ".json");
  if (!in) throw std::runtime_error("missing fixture file " + family + ".json");
  return cache[family] = Json::parse(in);
}

std::vector<Json> cases_for(const std::string& family, const std::string& op) {
  std::vector<Json> out;
  for (const Json& c : fixture(family)) {
    if (c.at("op") == op) out.push_back(c);
  }
  return out;
}

std::vector<std::string> fixture_families() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_dir())) {
    if (entry.path().extension() == ".json") out.push_back(entry.path().stem().string());
  }
  return out;
}

Device test_device() {
  static const Device device = [] {
    const char* name = std::getenv("EMBER_TEST_DEVICE");
    return name != nullptr && *name != '\0' ? Device(name) : Device(kCPU);
  }();
  return device;
}

ScalarType dtype_from_name(const std::string& name) {
  static const std::map<std::string, ScalarType> names = {
      {"bool", kBool},     {"uint8", kByte},    {"int8", kChar},    {"int16", kShort},
      {"int32", kInt},     {"int64", kLong},    {"float16", kHalf}, {"bfloat16", kBFloat16},
      {"float32", kFloat}, {"float64", kDouble}};
  auto it = names.find(name);
  if (it == names.end()) throw std::runtime_error("unknown dtype in fixture: " + name);
  return it->second;
}

Tensor tensor_from_json(const Json& spec) {
  const ScalarType dtype = dtype_from_name(spec.at("dtype"));
  const std::vector<int64_t> shape = spec.at("shape").get<std::vector<int64_t>>();
  const Json& data = spec.at("data");
  Tensor flat = empty({static_cast<int64_t>(data.size())}, kDouble);
  double* p = flat.data_ptr<double>();
  for (size_t i = 0; i < data.size(); ++i) p[i] = number_from_json(data[i]);
  // int64 values beyond 2^53 do not survive a double; build those directly.
  Tensor t = dtype == kLong ? empty({static_cast<int64_t>(data.size())}, kLong) : flat.to(dtype);
  if (dtype == kLong) {
    int64_t* q = t.data_ptr<int64_t>();
    for (size_t i = 0; i < data.size(); ++i) q[i] = data[i].get<int64_t>();
  }
  t = t.reshape(shape).to(test_device());
  if (spec.contains("views")) {
    for (const Json& v : spec.at("views")) {
      const std::string kind = v.at(0);
      if (kind == "transpose") {
        t = t.transpose(v.at(1), v.at(2));
      } else if (kind == "slice") {
        t = t.slice(v.at(1), v.at(2).get<int64_t>(), v.at(3).get<int64_t>(), v.at(4));
      } else if (kind == "expand") {
        t = t.expand(v.at(1).get<std::vector<int64_t>>());
      } else if (kind == "permute") {
        t = t.permute(v.at(1).get<std::vector<int64_t>>());
      } else {
        throw std::runtime_error("unknown view in fixture: " + kind);
      }
    }
  }
  return t;
}

std::vector<Tensor> tensors_from_json(const Json& specs) {
  std::vector<Tensor> out;
  for (const Json& s : specs) out.push_back(tensor_from_json(s));
  return out;
}

Tolerance default_tolerance(ScalarType dtype) {
  switch (dtype) {
    case kHalf:
      return {1e-3, 1e-5};
    case kBFloat16:
      return {8e-3, 1e-5};
    case kFloat:
      return {1.3e-6, 1e-5};
    case kDouble:
      return {1e-7, 1e-7};
    default:
      return {0, 0};
  }
}

std::string compare_to_json(const Tensor& actual, const Json& expected,
                            std::optional<Tolerance> tol) {
  std::ostringstream why;
  if (!actual.defined()) return "actual tensor is undefined";
  const ScalarType dtype = dtype_from_name(expected.at("dtype"));
  if (actual.scalar_type() != dtype) {
    why << "dtype " << actual.scalar_type() << " != expected " << dtype;
    return why.str();
  }
  const auto shape = expected.at("shape").get<std::vector<int64_t>>();
  if (actual.device() != test_device()) {
    why << "device " << actual.device() << " != the test device " << test_device();
    return why.str();
  }
  if (actual.sizes() != IntArrayRef(shape)) {
    why << "shape " << actual.sizes() << " != expected " << IntArrayRef(shape);
    return why.str();
  }
  if (actual.is_meta()) return "";  // no values to compare
  const Tolerance t = tol.value_or(default_tolerance(dtype));
  const Json& data = expected.at("data");
  if (dtype == kLong) {
    Tensor a = actual.contiguous().reshape({-1});
    const int64_t* p = a.data_ptr<int64_t>();
    for (size_t i = 0; i < data.size(); ++i) {
      if (p[i] != data[i].get<int64_t>()) {
        why << "element " << i << ": " << p[i] << " != expected " << data[i];
        return why.str();
      }
    }
    return "";
  }
  Tensor a = actual.to(kDouble).contiguous().reshape({-1});
  const double* p = a.data_ptr<double>();
  for (size_t i = 0; i < data.size(); ++i) {
    const double want = number_from_json(data[i]);
    const double got = p[i];
    const bool same =
        (std::isnan(want) && std::isnan(got)) || got == want ||
        (std::isfinite(want) && std::abs(got - want) <= t.atol + t.rtol * std::abs(want));
    if (!same) {
      why.precision(17);
      why << "element " << i << ": " << got << " != expected " << want << " (rtol " << t.rtol
          << ", atol " << t.atol << ")";
      return why.str();
    }
  }
  return "";
}

}  // namespace ember::testing
