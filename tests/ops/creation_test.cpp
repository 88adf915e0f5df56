// Factories and type promotion against PyTorch's golden values
// (tests/reference/families/creation.py).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>

#include "ops/op_util.h"
#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::expect_error_names;

using testing::Json;

Scalar scalar_from_json(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "nan") return std::nan("");
    return s == "inf" ? INFINITY : -INFINITY;
  }
  return v.get<double>();
}

TensorOptions options_from(const Json& args) {
  TensorOptions o = TensorOptions().device(testing::test_device());
  if (args.contains("dtype")) o = o.dtype(testing::dtype_from_name(args.at("dtype")));
  return o;
}

std::optional<TensorOptions> like_options_from(const Json& args) {
  if (!args.contains("dtype")) return std::nullopt;
  return options_from(args);
}

NestedValues nested_from_json(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return v.get<double>();
  std::vector<NestedValues> children;
  for (const Json& child : v) children.push_back(nested_from_json(child));
  return NestedValues(std::move(children));
}

std::vector<int64_t> ints(const Json& v) {
  return v.get<std::vector<int64_t>>();
}

// Builds a from_blob tensor over a buffer holding `data` converted to the dtype, and returns a
// copy taken while the buffer is alive.
Tensor blob_case(const Json& args) {
  const ScalarType dtype = testing::dtype_from_name(args.at("dtype"));
  std::vector<double> values = args.at("data").get<std::vector<double>>();
  Tensor buffer = tensor(values, kDouble).to(dtype);
  const auto sizes = ints(args.at("sizes"));
  Tensor view = args.contains("strides")
                    ? from_blob(buffer.data_ptr(), sizes, ints(args.at("strides")), dtype)
                    : from_blob(buffer.data_ptr(), sizes, dtype);
  return view.clone();
}

using CaseFn = std::function<Tensor(const std::vector<Tensor>&, const Json&)>;

const std::map<std::string, CaseFn>& factories() {
  static const std::map<std::string, CaseFn> fns = {
      {"empty", [](auto&, auto& a) { return empty(ints(a.at("sizes")), options_from(a)); }},
      {"empty_strided",
       [](auto&, auto& a) {
         return empty_strided(ints(a.at("sizes")), ints(a.at("strides")), options_from(a));
       }},
      {"zeros", [](auto&, auto& a) { return zeros(ints(a.at("sizes")), options_from(a)); }},
      {"ones", [](auto&, auto& a) { return ones(ints(a.at("sizes")), options_from(a)); }},
      {"full",
       [](auto&, auto& a) {
         return full(ints(a.at("sizes")), scalar_from_json(a.at("value")), options_from(a));
       }},
      {"scalar_tensor",
       [](auto&, auto& a) {
         return scalar_tensor(scalar_from_json(a.at("value")), options_from(a));
       }},
      {"empty_like", [](auto& in, auto& a) { return empty_like(in[0], like_options_from(a)); }},
      {"zeros_like", [](auto& in, auto& a) { return zeros_like(in[0], like_options_from(a)); }},
      {"ones_like", [](auto& in, auto& a) { return ones_like(in[0], like_options_from(a)); }},
      {"full_like",
       [](auto& in, auto& a) {
         return full_like(in[0], scalar_from_json(a.at("value")), like_options_from(a));
       }},
      {"arange",
       [](auto&, auto& a) {
         if (!a.contains("start")) return arange(scalar_from_json(a.at("end")), options_from(a));
         if (!a.contains("step")) {
           return arange(scalar_from_json(a.at("start")), scalar_from_json(a.at("end")),
                         options_from(a));
         }
         return arange(scalar_from_json(a.at("start")), scalar_from_json(a.at("end")),
                       scalar_from_json(a.at("step")), options_from(a));
       }},
      {"linspace",
       [](auto&, auto& a) {
         return linspace(scalar_from_json(a.at("start")), scalar_from_json(a.at("end")),
                         a.at("steps").template get<int64_t>(), options_from(a));
       }},
      {"logspace",
       [](auto&, auto& a) {
         return logspace(scalar_from_json(a.at("start")), scalar_from_json(a.at("end")),
                         a.at("steps").template get<int64_t>(), a.at("base").template get<double>(),
                         options_from(a));
       }},
      {"eye",
       [](auto&, auto& a) {
         const int64_t n = a.at("n").template get<int64_t>();
         return a.contains("m") ? eye(n, a.at("m").template get<int64_t>(), options_from(a))
                                : eye(n, options_from(a));
       }},
      {"tensor",
       [](auto&, auto& a) { return tensor(nested_from_json(a.at("values")), options_from(a)); }},
      {"from_blob", [](auto&, auto& a) { return blob_case(a); }},
  };
  return fns;
}

class CreationGolden : public ::testing::TestWithParam<std::string> {};

// Note [Golden tolerances]: factories write given values, and arange's start + i * step and
// logspace's powers round the same operations as PyTorch's: PyTorch's bits. linspace rounds
// start + i * step (end - (steps - 1 - i) * step past the middle) in two steps whose terms are
// as large as max(|start|, |end|), and PyTorch rounds the step to the dtype first (Ember keeps
// it in float for the 16-bit floats; linspace(0, 1, 7) in bfloat16 is 0.6640625 in PyTorch,
// the correctly rounded 0.66796875 in Ember): one ulp apart, one eps of the largest value
// where the sum cancels (-3.5 + 9 * 0.575 = -0.05).
testing::Tolerance creation_tolerance(const std::string& op) {
  if (op == "linspace") return testing::Tolerance::composite(1, 1);
  return testing::Tolerance::bitwise();
}

TEST_P(CreationGolden, MatchesPyTorch) {
  const CaseFn& fn = factories().at(GetParam());
  const auto cases = testing::cases_for("creation", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& expected = c.at("expected");
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(fn(inputs, c.at("args")), expected);
      continue;
    }
    Tensor result;
    try {
      result = fn(inputs, c.at("args"));
    } catch (const Error& e) {
      ADD_FAILURE() << "unexpected error: " << e.what();
      continue;
    }
    if (!expected.contains("data")) {  // empty*: only dtype, shape (and strides) are defined
      EXPECT_EQ(result.scalar_type(), testing::dtype_from_name(expected.at("dtype")));
      EXPECT_EQ(result.sizes().vec(), ints(expected.at("shape")));
      if (expected.contains("strides")) {
        EXPECT_EQ(result.strides().vec(), ints(expected.at("strides")));
      } else {
        EXPECT_TRUE(result.is_contiguous());
      }
      continue;
    }
    EXPECT_MATCHES_GOLDEN(result, expected, creation_tolerance(GetParam()));
    if (expected.contains("strides")) {
      EXPECT_EQ(result.strides().vec(), ints(expected.at("strides")));
    } else {
      EXPECT_TRUE(result.is_contiguous());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, CreationGolden,
                         ::testing::Values("empty", "empty_strided", "zeros", "ones", "full",
                                           "scalar_tensor", "empty_like", "zeros_like", "ones_like",
                                           "full_like", "arange", "linspace", "logspace", "eye",
                                           "tensor", "from_blob"));

TEST(Promotion, PromoteTypesMatchesPyTorchForEveryPair) {
  const auto cases = testing::cases_for("creation", "promote_types");
  ASSERT_EQ(cases.size(), static_cast<size_t>(kNumDtypes * kNumDtypes));
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const ScalarType a = testing::dtype_from_name(c.at("args").at("a"));
    const ScalarType b = testing::dtype_from_name(c.at("args").at("b"));
    EXPECT_EQ(promote_types(a, b), testing::dtype_from_name(c.at("expected").at("dtype")));
  }
}

TEST(Promotion, ResultTypeMatchesPyTorch) {
  const auto cases = testing::cases_for("creation", "result_type");
  ASSERT_GT(cases.size(), 300u);
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    detail::ResultType rt;
    for (const Tensor& t : testing::tensors_from_json(c.at("inputs"))) rt.add(t);
    if (c.at("args").contains("numbers")) {
      for (const Json& n : c.at("args").at("numbers")) rt.add(scalar_from_json(n));
    }
    EXPECT_EQ(rt.get(), testing::dtype_from_name(c.at("expected").at("dtype")));
  }
}

TEST(Promotion, UndefinedDtypeRaises) {
  // libtorch returns Undefined here; Ember refuses it.
  EXPECT_EMBER_ERROR(promote_types(kFloat, ScalarType::Undefined), "expected defined dtypes");
}

// ---- Behaviour golden values cannot show -------------------------------------------------------

TEST(Creation, ErrorsNameTheOp) {
  expect_error_names([] { arange(0, 5, 0); }, "arange");
  expect_error_names([] { arange(0, 5, -1); }, "arange");
  expect_error_names([] { arange(INFINITY); }, "arange");
  expect_error_names([] { linspace(0, 1, -1); }, "linspace");
  expect_error_names([] { logspace(0, 1, -1); }, "logspace");
  expect_error_names([] { eye(-1); }, "eye");
  expect_error_names([] { zeros({2, -1}); }, "zeros");
  expect_error_names([] { full({2}, 300, kByte); }, "full");
  expect_error_names([] { tensor({{1, 2}, {3}}); }, "tensor");
  expect_error_names([] { from_blob(nullptr, {2}); }, "from_blob");
  expect_error_names([] { zeros({2}, Device(kCUDA)); }, "zeros");
}

TEST(Creation, OptionsConvertImplicitly) {
  EXPECT_EQ(zeros({2, 3}, kInt).scalar_type(), kInt);
  EXPECT_EQ(ones(5).sizes().vec(), std::vector<int64_t>{5});
  EXPECT_EQ(full({2}, 1.5, dtype(kDouble)).scalar_type(), kDouble);
  EXPECT_TRUE(zeros({2}, ember::requires_grad()).requires_grad());
  EXPECT_FALSE(zeros({2}, dtype(kFloat).requires_grad(false)).requires_grad());
  EXPECT_EMBER_ERROR(zeros({2}, dtype(kInt).requires_grad(true)), "can require gradients");
}

TEST(Creation, TensorFromVectorsAndArrays) {
  std::vector<float> v = {1.5f, 2.5f};
  Tensor a = tensor(v);
  EXPECT_EQ(a.scalar_type(), kFloat);
  EXPECT_EQ(a[1].item<float>(), 2.5f);
  v[1] = 9;  // the tensor owns a copy
  EXPECT_EQ(a[1].item<float>(), 2.5f);
  std::vector<int32_t> w = {3, 4, 5};
  Tensor b = tensor(ArrayRef<int32_t>(w), kDouble);
  EXPECT_EQ(b.scalar_type(), kDouble);
  EXPECT_EQ(b[2].item<double>(), 5.0);
  EXPECT_EQ(tensor(std::vector<int64_t>{}).sizes().vec(), std::vector<int64_t>{0});
}

TEST(Creation, FromBlobSharesTheCallersMemory) {
  float data[6] = {0, 1, 2, 3, 4, 5};
  Tensor t = from_blob(data, {2, 3});
  EXPECT_EQ(t.data_ptr<float>(), data);
  t[1][2].fill_(42);
  EXPECT_EQ(data[5], 42.0f);
  data[0] = -1;
  EXPECT_EQ(t[0][0].item<float>(), -1.0f);
  Tensor s = from_blob(data, {3}, {2});
  EXPECT_EQ(s[2].item<float>(), 4.0f);
  EXPECT_FALSE(s.is_contiguous());
}

TEST(Creation, FromBlobCallsDeleterOnceWhenTheLastHandleGoes) {
  int calls = 0;
  void* seen = nullptr;
  double data[4] = {1, 2, 3, 4};
  {
    Tensor t = from_blob(
        data, {4},
        [&](void* p) {
          ++calls;
          seen = p;
        },
        kDouble);
    Tensor view = t.slice(0, 1, 3);
    Tensor copy = t;
    t = Tensor();
    EXPECT_EQ(calls, 0);
    copy = Tensor();
    EXPECT_EQ(calls, 0);  // the view still holds the storage
    EXPECT_EQ(view[0].item<double>(), 2.0);
  }
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, data);
  {
    Tensor strided = from_blob(
        data, {2}, {2}, [&](void*) { ++calls; }, kDouble);
    EXPECT_EQ(strided[1].item<double>(), 3.0);
  }
  EXPECT_EQ(calls, 2);
}

TEST(Creation, FromBlobNullPointer) {
  // libtorch does not check the pointer; Ember does.
  EXPECT_EMBER_ERROR(from_blob(nullptr, {3}), "expected a non-null data pointer");
  EXPECT_EMBER_ERROR(from_blob(nullptr, {3}, {1}, [](void*) {}),
                     "expected a non-null data pointer");
  Tensor empty_ok = from_blob(nullptr, {0, 3});  // no elements: nothing is read
  EXPECT_EQ(empty_ok.numel(), 0);
  float x = 0;
  EXPECT_EMBER_ERROR(from_blob(&x, {2, 2}, {1}),
                     "dimensionality of sizes (2) must match dimensionality of strides (1)");
  EXPECT_EMBER_ERROR(from_blob(&x, {2}, {-1}), "size calculation overflowed");  // negative stride
  EXPECT_EMBER_ERROR(from_blob(&x, {-1}), "create tensor with negative dimension -1: [-1]");
}

TEST(Creation, HugeSizesRaiseInsteadOfOverflowing) {
  const int64_t big = int64_t{1} << 40;
  expect_error_names([&] { zeros({big, big}); }, "zeros");
  expect_error_names([&] { empty({big, big, big}); }, "empty");
  // No bytes, but the strides of the other dims overflow int64.
  expect_error_names([&] { empty({0, big, big}); }, "empty");
  EXPECT_EQ(empty({0, big}).stride(0), big);
  expect_error_names([&] { empty_strided({big}, {big * 16}); }, "empty_strided");
  float x = 0;
  expect_error_names([&] { from_blob(&x, {big, big}); }, "from_blob");
  expect_error_names([&] { from_blob(&x, {2}, {std::numeric_limits<int64_t>::max()}); },
                     "from_blob");
  expect_error_names([&] { from_blob(&x, {int64_t{1} << 62}, {1}, kDouble); }, "from_blob");
  expect_error_names([&] { arange(0, 1e300); }, "arange");
  expect_error_names([&] { arange(0, 1e30, 1, kLong); }, "arange");
  expect_error_names([&] { linspace(0, 1e30, 3, kInt); }, "linspace");
  expect_error_names([&] { eye(big, big); }, "eye");
}

TEST(Creation, ArangeCountsWideInt64RangesExactly) {
  const int64_t q = int64_t{1} << 62;
  Tensor t = arange(-q, q, q);
  ASSERT_EQ(t.numel(), 2);
  EXPECT_EQ(t[1].item<int64_t>(), 0);
  Tensor u = arange(q, -q - 1, -q);  // end is below -2^62: three elements
  ASSERT_EQ(u.numel(), 3);
  EXPECT_EQ(u[2].item<int64_t>(), -q);
  Tensor v = arange(std::numeric_limits<int64_t>::max() - 2, std::numeric_limits<int64_t>::max());
  ASSERT_EQ(v.numel(), 2);
  EXPECT_EQ(v[1].item<int64_t>(), std::numeric_limits<int64_t>::max() - 1);
}

TEST(Creation, EmptyStridedHasTheGivenStrides) {
  Tensor t = empty_strided({2, 3}, {1, 2});
  EXPECT_EQ(t.strides().vec(), (std::vector<int64_t>{1, 2}));
  EXPECT_FALSE(t.is_contiguous());
  t.fill_(3);
  EXPECT_EQ(t[1][2].item<float>(), 3.0f);
  EXPECT_EMBER_ERROR(empty_strided({2, 3}, {1}),
                     "dimensionality of sizes (2) must match dimensionality of strides (1)");
  EXPECT_EQ(empty_strided({0, 3}, {3, 1}).numel(), 0);
}

TEST(Creation, LikeFactoriesKeepADenseLayout) {
  Tensor base = arange(6, kFloat).reshape({2, 3}).t();
  Tensor z = zeros_like(base);
  EXPECT_EQ(z.sizes().vec(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(z.strides().vec(), (std::vector<int64_t>{1, 3}));
  EXPECT_FALSE(z.is_alias_of(base));
  EXPECT_TRUE(ones_like(base.slice(0, 0, 3, 2)).is_contiguous());
  EXPECT_TRUE(full_like(arange(3).expand({2, 3}), 4).is_contiguous());
  EXPECT_EQ(ones_like(base, kInt).scalar_type(), kInt);
  EXPECT_EMBER_ERROR(zeros_like(Tensor()), "undefined");
}

TEST(Creation, ArangeFloatStepCountFollowsPyTorch) {
  // ceil((end - start) / step) computed in double, as PyTorch does.
  EXPECT_EQ(arange(0, 1, 0.1).numel(), 10);
  EXPECT_EQ(arange(1, 2.5, 0.3).numel(), 5);
  EXPECT_EQ(arange(0.0, 1.0 + 1e-12, 0.25).numel(), 5);
}

}  // namespace
}  // namespace ember
