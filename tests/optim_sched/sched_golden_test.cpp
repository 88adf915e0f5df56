// LR schedulers against PyTorch's lr (and momentum) sequences
// (tests/reference/families/lr_scheduler.py), state_dict round trips mid-sequence, and the
// construction errors PyTorch raises.
#include <gtest/gtest.h>

#include "ember/ops.h"
#include "optim_sched/sched_support.h"
#include "support/errors.h"
#include "support/golden_error.h"

namespace ember {
namespace {

using testing::BuiltScheduler;
using testing::Json;
using testing::ProbeOptimizer;

// The recursive forms accumulate a few roundings per step; glibc's cos/pow are the ones
// CPython calls, so only the order of operations could differ: the default composite bound
// (Note [Golden tolerances]), measured within 9 ulps, and 2 eps of the largest rate where a
// rate comes out of a cancellation (OneCycleLR's three-phase ramp crosses zero).
const testing::Tolerance kTol = testing::default_tolerance(kDouble);

// One step of the fixture's sequence: a plain step, a jump to an epoch, or a metric.
void advance(BuiltScheduler& b, const Json& args, size_t i) {
  if (args.contains("metrics")) {
    b.plateau->step(args.at("metrics")[i].get<double>());
  } else if (args.contains("epochs") && !args.at("epochs")[i].is_null()) {
    auto* warm = dynamic_cast<optim::CosineAnnealingWarmRestarts*>(b.sched.get());
    ASSERT_NE(warm, nullptr);
    warm->step(args.at("epochs")[i].get<double>());
  } else {
    b.sched->step();
  }
}

size_t sequence_length(const Json& args) {
  if (args.contains("metrics")) return args.at("metrics").size();
  if (args.contains("epochs")) return args.at("epochs").size();
  return args.at("steps").get<size_t>();
}

struct Rows {
  std::vector<double> lr, momentum;
  void record(ProbeOptimizer& opt, const BuiltScheduler& b) {
    const auto& last = b.sched ? b.sched->get_last_lr() : b.plateau->get_last_lr();
    for (size_t g = 0; g < opt.param_groups().size(); ++g) {
      lr.push_back(opt.options(g).get_lr());
      momentum.push_back(opt.options(g).momentum);
      EXPECT_EQ(last.at(g), opt.options(g).get_lr()) << "get_last_lr() differs from the group";
    }
  }
  Tensor table(const std::vector<double>& v, size_t groups) const {
    return ember::tensor(v, TensorOptions().dtype(kDouble))
        .reshape({static_cast<int64_t>(v.size() / groups), static_cast<int64_t>(groups)});
  }
};

OrderedDict<std::string, Tensor> state_of(const BuiltScheduler& b) {
  return b.sched ? b.sched->state_dict() : b.plateau->state_dict();
}
void load_into(BuiltScheduler& b, const OrderedDict<std::string, Tensor>& s) {
  if (b.sched) {
    b.sched->load_state_dict(s);
  } else {
    b.plateau->load_state_dict(s);
  }
}

class SchedulerGolden : public ::testing::TestWithParam<Json> {};

TEST_P(SchedulerGolden, MatchesPyTorch) {
  const Json& c = GetParam();
  const Json& args = c.at("args");
  const auto lrs = args.at("lrs").get<std::vector<double>>();
  const std::string op = c.at("op");
  if (c.at("expected").contains("error")) {
    ProbeOptimizer opt(lrs);
    EXPECT_GOLDEN_ERROR(testing::build_scheduler(args.at("spec"), opt), c.at("expected"));
    return;
  }
  ProbeOptimizer opt(lrs);
  BuiltScheduler b = testing::build_scheduler(args.at("spec"), opt);
  Rows rows;
  rows.record(opt, b);
  const size_t n = sequence_length(args);
  for (size_t i = 0; i < n; ++i) {
    advance(b, args, i);
    rows.record(opt, b);
  }
  EXPECT_MATCHES_GOLDEN(rows.table(rows.lr, lrs.size()), c.at("expected").at("lr"), kTol);
  if (c.at("expected").contains("momentum")) {
    EXPECT_MATCHES_GOLDEN(rows.table(rows.momentum, lrs.size()), c.at("expected").at("momentum"),
                          kTol);
  }
}

// Saving mid-sequence and loading into a fresh scheduler on a fresh optimizer (whose state is
// loaded too, as in PyTorch) continues with exactly the same learning rates.
class SchedulerRoundTrip : public ::testing::TestWithParam<Json> {};

TEST_P(SchedulerRoundTrip, StateDictContinuesIdentically) {
  const Json& c = GetParam();
  const Json& args = c.at("args");
  const auto lrs = args.at("lrs").get<std::vector<double>>();
  const size_t n = sequence_length(args);
  ProbeOptimizer opt(lrs);
  BuiltScheduler b = testing::build_scheduler(args.at("spec"), opt);
  const size_t k = n / 2;
  for (size_t i = 0; i < k; ++i) advance(b, args, i);
  const auto sched_state = state_of(b);
  const auto opt_state = opt.state_dict();

  ProbeOptimizer opt2(lrs);
  BuiltScheduler b2 = testing::build_scheduler(args.at("spec"), opt2);
  advance(b2, args, 0);  // move it away from the saved state first
  opt2.load_state_dict(opt_state);
  load_into(b2, sched_state);
  Rows r1, r2;
  for (size_t i = k; i < n; ++i) {
    advance(b, args, i);
    advance(b2, args, i);
    r1.record(opt, b);
    r2.record(opt2, b2);
  }
  EXPECT_EQ(r1.lr, r2.lr);
  EXPECT_EQ(r1.momentum, r2.momentum);
}

std::string case_name(const ::testing::TestParamInfo<Json>& info) {
  std::string name = info.param.at("op").get<std::string>() + "_" +
                     info.param.at("name").get<std::string>() + "_" + std::to_string(info.index);
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

std::vector<Json> sequence_cases() {
  std::vector<Json> out;
  for (const Json& c : testing::fixture("lr_scheduler")) {
    if (!c.at("expected").contains("error")) out.push_back(c);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    LRScheduler, SchedulerGolden,
    ::testing::ValuesIn(testing::fixture("lr_scheduler").get<std::vector<Json>>()), case_name);
INSTANTIATE_TEST_SUITE_P(LRScheduler, SchedulerRoundTrip, ::testing::ValuesIn(sequence_cases()),
                         case_name);

}  // namespace
}  // namespace ember
