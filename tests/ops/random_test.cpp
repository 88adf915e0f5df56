// Random ops: PyTorch's shapes, dtypes and errors (tests/reference/families/random.py),
// reproducibility, and error messages. Distributions: random_stats_test.cpp.
//
// The fixture cannot hold PyTorch's values: PyTorch draws from an mt19937 and Ember from Philox
// (Note [Random streams]), so the same seed gives other numbers by design. Non-error cases check
// dtype and shape only; values are checked by the known-answer tests of the generator
// (tests/core/generator_test.cpp) and by the properties and statistics below.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <map>

#include "support/errors.h"
#include "support/golden.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::Json;

double number(const Json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    return s == "inf" ? std::numeric_limits<double>::infinity()
                      : -std::numeric_limits<double>::infinity();
  }
  return v.get<double>();
}

TensorOptions options_of(const Json& args) {
  return args.contains("dtype") ? TensorOptions(testing::dtype_from_name(args.at("dtype")))
                                : TensorOptions();
}

std::vector<int64_t> sizes_of(const Json& args) {
  return args.at("sizes").get<std::vector<int64_t>>();
}

using RunFn = std::function<Tensor(std::vector<Tensor>&, const Json&)>;

const std::map<std::string, RunFn>& runners() {
  static const std::map<std::string, RunFn> r = {
      {"rand", [](auto&, const Json& a) { return rand(sizes_of(a), options_of(a)); }},
      {"randn", [](auto&, const Json& a) { return randn(sizes_of(a), options_of(a)); }},
      {"rand_like",
       [](auto& in, const Json& a) {
         return a.contains("dtype") ? rand_like(in[0], options_of(a)) : rand_like(in[0]);
       }},
      {"randn_like",
       [](auto& in, const Json& a) {
         return a.contains("dtype") ? randn_like(in[0], options_of(a)) : randn_like(in[0]);
       }},
      {"randint",
       [](auto&, const Json& a) {
         return a.contains("low")
                    ? randint(a.at("low"), a.at("high"), sizes_of(a), options_of(a))
                    : randint(a.at("high").get<int64_t>(), sizes_of(a), options_of(a));
       }},
      {"randint_like",
       [](auto& in, const Json& a) {
         return a.contains("low") ? randint_like(in[0], a.at("low"), a.at("high"))
                                  : randint_like(in[0], a.at("high").get<int64_t>());
       }},
      {"randperm", [](auto&, const Json& a) { return randperm(a.at("n"), options_of(a)); }},
      {"bernoulli",
       [](auto& in, const Json& a) {
         return a.contains("p") ? bernoulli(in[0], number(a.at("p"))) : bernoulli(in[0]);
       }},
      {"normal",
       [](auto& in, const Json& a) {
         if (a.contains("sizes")) {
           return normal(number(a.at("mean")), number(a.at("std")), sizes_of(a), std::nullopt,
                         options_of(a));
         }
         if (in.size() == 2) return normal(in[0], in[1]);
         return a.contains("std") ? normal(in[0], number(a.at("std")))
                                  : normal(number(a.at("mean")), in[0]);
       }},
      {"multinomial",
       [](auto& in, const Json& a) {
         return multinomial(in[0], a.at("num_samples"), a.at("replacement"));
       }},
      {"uniform_",
       [](auto& in, const Json& a) {
         return in[0].uniform_(number(a.at("from")), number(a.at("to")));
       }},
      {"normal_",
       [](auto& in, const Json& a) {
         return in[0].normal_(number(a.at("mean")), number(a.at("std")));
       }},
      {"random_",
       [](auto& in, const Json& a) {
         const std::string form = a.at("form");
         if (form == "from_to")
           return in[0].random_(a.at("from").get<int64_t>(), a.at("to").get<int64_t>());
         if (form == "to") return in[0].random_(a.at("to").get<int64_t>());
         if (form == "from")
           return in[0].random_(a.at("from").get<int64_t>(), std::optional<int64_t>());
         return in[0].random_();
       }},
      {"bernoulli_", [](auto& in, const Json& a) { return in[0].bernoulli_(number(a.at("p"))); }},
  };
  return r;
}

class RandomGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(RandomGolden, ShapesDtypesAndErrorsMatchPyTorch) {
  const RunFn& run = runners().at(GetParam());
  const auto cases = testing::cases_for("random", GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Json& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    auto inputs = testing::tensors_from_json(c.at("inputs"));
    const Json& expected = c.at("expected");
    if (expected.contains("error")) {
      EXPECT_GOLDEN_ERROR(run(inputs, c.at("args")), expected);
      continue;
    }
    // Values are not compared: see the top of this file.
    const Tensor r = run(inputs, c.at("args"));
    EXPECT_EQ(std::string(dtype_name(r.scalar_type())), expected.at("dtype").get<std::string>());
    EXPECT_EQ(r.sizes().vec(), expected.at("shape").get<std::vector<int64_t>>());
    if (GetParam().back() == '_') {
      EXPECT_TRUE(r.is_same(inputs[0])) << "an in-place op returns self";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, RandomGolden,
                         ::testing::Values("rand", "rand_like", "randn", "randn_like", "randint",
                                           "randint_like", "randperm", "bernoulli", "normal",
                                           "multinomial", "uniform_", "normal_", "random_",
                                           "bernoulli_"));

// ---- Reproducibility ---------------------------------------------------------------------------

std::vector<double> values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

// Bitwise equality of dtype, shape and data (compares int64 exactly, unlike `values`).
bool same(const Tensor& a, const Tensor& b) {
  if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes()) return false;
  const Tensor ca = a.contiguous(), cb = b.contiguous();
  return std::memcmp(ca.data_ptr(), cb.data_ptr(), ca.nbytes()) == 0;
}

// One call of every op that draws, on `gen`; sizes above the grain so that threads split them.
std::vector<Tensor> draw_all(Generator gen) {
  const int64_t n = 2 * 32768 + 7;   // three chunks of the parallel split
  Tensor u = empty({n / 7, 7}).t();  // non-contiguous in-place targets
  Tensor v = empty({n / 7, 7}, kDouble).t();
  Tensor w = empty({n}, kInt);
  Tensor b = empty({n}, kHalf);
  return {rand({n}, gen),
          rand({n}, gen, kDouble),
          rand({n}, gen, kHalf),
          rand({n}, gen, kBFloat16),
          randn({n}, gen),
          randn({n}, gen, kDouble),
          randint(-5, 1000, {n}, gen),
          randint(std::numeric_limits<int64_t>::min() + 1, std::numeric_limits<int64_t>::max(), {n},
                  gen),
          randperm(n, gen),
          bernoulli(full({n}, 0.3), gen),
          bernoulli(empty({n}, kInt), 0.7, gen),
          normal(arange(n, kFloat), 2.0, gen),
          normal(1.0, full({n}, 3.0, kDouble), gen),
          normal(zeros({2, n / 2}), ones({n / 2}), gen),
          normal(1.0, 2.0, {n}, gen),
          multinomial(ones({n / 10, 10}), 5, false, gen),
          multinomial(ones({n / 10, 10}), 5, true, gen),
          multinomial(ones({3, 30000}), 1, true, gen),
          u.uniform_(-1, 2, gen).clone(),
          v.normal_(3, 0.5, gen).clone(),
          w.random_(-3, 17, gen).clone(),
          b.random_(gen).clone(),
          w.bernoulli_(0.4, gen).clone()};
}

void expect_identical(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("draw " + std::to_string(i));
    EXPECT_EQ(a[i].scalar_type(), b[i].scalar_type());
    EXPECT_TRUE(same(a[i], b[i]));
  }
}

TEST(RandomReproducible, SameSeedSameTensors) {
  expect_identical(draw_all(Generator(2024)), draw_all(Generator(2024)));
}

TEST(RandomReproducible, DifferentSeedsDiffer) {
  const auto a = draw_all(Generator(1)), b = draw_all(Generator(2));
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("draw " + std::to_string(i));
    EXPECT_FALSE(same(a[i], b[i]));
  }
}

TEST(RandomReproducible, IndependentOfTheThreadCount) {
  const int before = get_num_threads();
  set_num_threads(1);
  const auto one = draw_all(Generator(99));
  set_num_threads(2);
  const auto two = draw_all(Generator(99));
  set_num_threads(4);
  const auto four = draw_all(Generator(99));
  set_num_threads(before);
  expect_identical(one, two);
  expect_identical(one, four);
}

TEST(RandomReproducible, ManualSeedRestartsTheDefaultStream) {
  manual_seed(7);
  const Tensor a = rand({100});
  const Tensor b = randn({100});
  manual_seed(7);
  EXPECT_TRUE(same(rand({100}), a));
  EXPECT_TRUE(same(randn({100}), b));
  EXPECT_FALSE(same(rand({100}), a));  // the stream moved on
  manual_seed(8);
  EXPECT_FALSE(same(rand({100}), a));
}

TEST(RandomReproducible, AnExplicitGeneratorLeavesTheDefaultAlone) {
  manual_seed(3);
  Generator g(11);
  rand({1000}, g);
  randint(10, {1000}, g);
  Tensor t = empty({50});
  t.normal_(0, 1, g);
  EXPECT_EQ(Generator::default_cpu().offset(), 0u);
  EXPECT_GT(g.offset(), 0u);
  const Tensor a = rand({10});
  manual_seed(3);
  EXPECT_TRUE(same(rand({10}), a));
}

TEST(RandomReproducible, CopiesOfAGeneratorShareOneStream) {
  Generator g(5);
  Generator copy = g;
  const Tensor a = rand({8}, g);
  const Tensor b = rand({8}, copy);  // continues where g stopped
  EXPECT_FALSE(same(a, b));
  Generator fresh(5);
  rand({8}, fresh);
  EXPECT_TRUE(same(rand({8}, fresh), b));
}

TEST(RandomReproducible, OffsetsAdvanceByTheBlocksUsed) {
  Generator g(1);
  rand({10}, g);  // one word each: ceil(10 / 4)
  EXPECT_EQ(g.offset(), 3u);
  rand({10}, g, kDouble);  // two words each
  EXPECT_EQ(g.offset(), 8u);
  randn({3}, g);  // two pairs of one-word uniforms
  EXPECT_EQ(g.offset(), 9u);
  rand({0}, g);
  EXPECT_EQ(g.offset(), 9u);
}

TEST(RandomReproducible, ElementsDependOnlyOnTheirIndex) {
  // Counter-based: a short draw is a prefix of a long one from the same stream position.
  EXPECT_EQ(values(rand({10}, Generator(4))), values(rand({100000}, Generator(4)).slice(0, 0, 10)));
  EXPECT_EQ(values(randn({9}, Generator(4), kDouble)),
            values(randn({100001}, Generator(4), kDouble).slice(0, 0, 9)));
  EXPECT_EQ(values(randint(0, 1000, {5}, Generator(4))),
            values(randint(0, 1000, {50000}, Generator(4)).slice(0, 0, 5)));
}

TEST(RandomReproducible, InPlaceFillsFollowRowMajorOrder) {
  Tensor strided = empty({5, 4}).t();  // [4, 5], not contiguous
  strided.uniform_(0, 1, Generator(8));
  const Tensor dense = empty({4, 5}).uniform_(0, 1, Generator(8));
  EXPECT_TRUE(same(strided, dense));
  // Writes land in the viewed elements only, and bump the version.
  Tensor base = zeros({4, 6});
  const uint32_t before = base._version();
  Tensor cols = base.slice(1, 0, 6, 2);
  cols.random_(1, 10, Generator(1));
  EXPECT_GT(base._version(), before);
  EXPECT_TRUE(same(base.slice(1, 1, 6, 2), zeros({4, 3})));
  for (double v : values(cols)) {
    EXPECT_GE(v, 1);
    EXPECT_LT(v, 10);
  }
}

// ---- Errors name the op ------------------------------------------------------------------------

void expect_error(const std::function<void()>& f, const std::string& op,
                  const std::string& detail = "") {
  try {
    f();
    ADD_FAILURE() << "expected an error from " << op;
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("[" + op + "]", 0), 0u) << msg;
    EXPECT_NE(msg.find(detail), std::string::npos) << msg;
  }
}

TEST(RandomErrors, MessagesNameTheOpAndTheProblem) {
  expect_error([] { rand({2}, kLong); }, "rand", "not implemented for 'Long'");
  expect_error([] { rand({2}, kBool); }, "rand", "not implemented for 'Bool'");
  expect_error([] { randn({2}, kInt); }, "randn", "not implemented for 'Int'");
  expect_error([] { rand({-1}); }, "rand");
  expect_error([] { rand_like(zeros({2}, kLong)); }, "rand_like", "'Long'");
  expect_error([] { randn_like(zeros({2}, kInt)); }, "randn_like", "'Int'");
  expect_error([] { rand_like(Tensor()); }, "rand_like");
  expect_error([] { randint(5, 3, {2}); }, "randint", "from=5 >= to=3");
  expect_error([] { randint(0, {2}); }, "randint", "from=0 >= to=0");
  expect_error([] { randint(0, 300, {2}, kByte); }, "randint", "to - 1 is out of bounds");
  expect_error([] { randint(-1, 2, {2}, kByte); }, "randint", "from is out of bounds");
  expect_error([] { randint(0, 3, {2}, kBool); }, "randint", "out of bounds");
  expect_error([] { randint_like(zeros({2}, kChar), 300); }, "randint_like", "out of bounds");
  expect_error([] { randperm(-1); }, "randperm", "negative dimension -1");
  expect_error([] { randperm(129, kChar); }, "randperm", "cannot be converted to type Char");
  expect_error([] { randperm(2050, kHalf); }, "randperm", "2049");
  expect_error([] { randperm(258, kBFloat16); }, "randperm", "257");
  expect_error([] { randperm(3, kBool); }, "randperm", "'Bool'");
  expect_error([] { bernoulli(full({3}, 1.5)); }, "bernoulli", "[0, 1]");
  expect_error([] { bernoulli(full({3}, std::nan(""))); }, "bernoulli", "[0, 1]");
  expect_error([] { bernoulli(ones({3}, kLong)); }, "bernoulli", "'Long'");
  expect_error([] { bernoulli(zeros({3}), 1.3); }, "bernoulli", "p=1.3");
  expect_error([] { normal(zeros({2, 3}), ones({4})); }, "normal");
  expect_error([] { normal(zeros({3}), tensor({1.0, -1.0, 1.0})); }, "normal", "std >= 0.0");
  expect_error([] { normal(zeros({3}), -1.0); }, "normal", "std >= 0.0");
  expect_error([] { normal(0.0, -1.0, {2}); }, "normal", "std >= 0.0");
  expect_error([] { normal(zeros({3}, kLong), 1.0); }, "normal", "'Long'");
  expect_error([] { normal(0.0, ones({3}, kLong)); }, "normal", "'Long'");
  expect_error([] { normal(0.0, 1.0, {2}, std::nullopt, kLong); }, "normal", "'Long'");
  expect_error([] { multinomial(ones({2, 2, 2}), 1); }, "multinomial", "1 or 2 dim");
  expect_error([] { multinomial(ones({2}, kLong), 1); }, "multinomial", "floating-point");
  expect_error([] { multinomial(ones({2}), 0, true); }, "multinomial", "n_sample <= 0");
  expect_error([] { multinomial(ones({2}), 3); }, "multinomial", "without replacement");
  expect_error([] { multinomial(tensor({0.2, -0.8}), 1); }, "multinomial", "element < 0");
  expect_error([] { multinomial(tensor({0.2, -0.8}), 2, true); }, "multinomial", "entry < 0");
  expect_error(
      [] {
        multinomial(tensor({0.2, std::numeric_limits<double>::infinity()}), 2, true);
      },
      "multinomial", "infinity or NaN");
  expect_error([] { multinomial(zeros({2, 3}), 1); }, "multinomial", "sum of probabilities");
  expect_error([] { multinomial(zeros({3}), 2, true); }, "multinomial", "sum of probabilities");
  expect_error([] { zeros({3}, kLong).uniform_(); }, "uniform_", "'Long'");
  expect_error([] { zeros({3}).uniform_(1, 0); }, "uniform_", "from=1 > to=0");
  expect_error([] { zeros({3}, kHalf).uniform_(0, 1e5); }, "uniform_", "to is out of bounds");
  expect_error([] { zeros({3}).uniform_(-3e38, 3e38); }, "uniform_", "to - from");
  expect_error([] { zeros({3}).uniform_(std::nan(""), 1); }, "uniform_", "from is out of bounds");
  expect_error([] { zeros({3}).normal_(0, -1); }, "normal_", "std >= 0.0");
  expect_error([] { zeros({3}, kLong).normal_(); }, "normal_", "'Long'");
  expect_error([] { zeros({3}).random_(5, 3); }, "random_", "from=5 >= to=3");
  expect_error([] { zeros({3}, kChar).random_(0, 200); }, "random_", "to - 1 is out of bounds");
  expect_error([] { zeros({3}, kHalf).random_(0); }, "random_", "from=0 >= to=0");
  expect_error([] { zeros({3}).random_(int64_t{1} << 24, std::optional<int64_t>()); }, "random_",
               "16777216");
  expect_error(
      [] {
        zeros({3}, kInt).random_(std::numeric_limits<int64_t>::min(), std::optional<int64_t>());
      },
      "random_", "full 64-bit range");
  expect_error([] { zeros({3}).bernoulli_(1.5); }, "bernoulli_", "p=1.5");
  expect_error([] { zeros({3}).bernoulli_(std::nan("")); }, "bernoulli_", "p=nan");
  expect_error([] { Tensor().uniform_(); }, "uniform_");
}

TEST(RandomErrors, AFailedCheckConsumesNoRandomness) {
  Generator g(1);
  EXPECT_EMBER_ERROR(rand({4}, g, kLong), "not implemented for 'Long'");
  EXPECT_EMBER_ERROR(zeros({4}).uniform_(1, 0, g), "range, but found from=1 > to=0");
  EXPECT_EMBER_ERROR(multinomial(tensor({-1.0, 2.0}), 1, false, g),
                     "probability tensor contains either `inf`, `nan` or element < 0");
  EXPECT_EQ(g.offset(), 0u);
}

}  // namespace
}  // namespace ember
