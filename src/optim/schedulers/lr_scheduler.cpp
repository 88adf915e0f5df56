#include "ember/optim/schedulers/lr_scheduler.h"

#include "ember/error.h"
#include "optim/schedulers/state_util.h"

namespace ember::optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(&optimizer) {
  // Note [Initial learning rates]: PyTorch stores `initial_lr` in every param group the first
  // time a scheduler is attached; Ember's param groups have no free-form keys, so a scheduler
  // records the learning rates it finds, and SequentialLR / ChainedScheduler hand their first
  // scheduler's base_lrs to the others, which is what sharing `initial_lr` achieves in PyTorch.
  base_lrs_ = get_current_lrs();
  last_lr_ = base_lrs_;
}

void LRScheduler::initial_step() {
  step_count_ = 0;
  is_initial_ = true;
  try {
    step();
  } catch (...) {
    is_initial_ = false;
    throw;
  }
  is_initial_ = false;
}

void LRScheduler::step() {
  ++step_count_;
  update_lr();
}

void LRScheduler::check_group_count() const {
  const size_t groups = optimizer_->param_groups().size();
  EMBER_CHECK(groups == base_lrs_.size(), name(), "the optimizer has ", groups,
              " param groups, but the scheduler was created for ", base_lrs_.size(),
              " (were groups added after the scheduler was created?)");
}

void LRScheduler::update_lr(std::optional<int64_t> epoch) {
  check_group_count();
  std::vector<double> values;
  if (!epoch) {
    ++last_epoch_;
    values = get_lrs();
  } else {
    last_epoch_ = *epoch;
    values = has_closed_form() ? closed_form_lrs() : get_lrs();
  }
  set_optimizer_lrs(values);
  last_lr_ = get_current_lrs();
}

std::vector<double> LRScheduler::get_current_lrs() const {
  std::vector<double> lrs;
  lrs.reserve(optimizer_->param_groups().size());
  for (const auto& group : optimizer_->param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

void LRScheduler::set_optimizer_lrs(const std::vector<double>& lrs) {
  auto& groups = optimizer_->param_groups();
  EMBER_CHECK(lrs.size() == groups.size(), name(), "the optimizer has ", groups.size(),
              " param groups, but the scheduler computed ", lrs.size(),
              " learning rates (were groups added after the scheduler was created?)");
  for (size_t i = 0; i < groups.size(); ++i) groups[i].options().set_lr(lrs[i]);
}

void LRScheduler::write_state(OrderedDict<std::string, Tensor>& out,
                              const std::string& prefix) const {
  out.insert(prefix + "last_epoch", detail::state_long(last_epoch_));
  out.insert(prefix + "base_lrs", detail::state_doubles(base_lrs_));
  out.insert(prefix + "_last_lr", detail::state_doubles(last_lr_));
  out.insert(prefix + "_step_count", detail::state_long(step_count_));
  OrderedDict<std::string, Tensor> extra;
  write_extra_state(extra);
  for (const auto& item : extra) out.insert(prefix + item.key(), item.value());
  auto kids = children();
  for (size_t i = 0; i < kids.size(); ++i) {
    kids[i]->write_state(out, prefix + "_schedulers." + std::to_string(i) + ".");
  }
}

void LRScheduler::read_state(const OrderedDict<std::string, Tensor>& in,
                             const std::string& prefix) {
  last_epoch_ = detail::read_long(in[prefix + "last_epoch"]);
  base_lrs_ = detail::read_doubles(in[prefix + "base_lrs"]);
  last_lr_ = detail::read_doubles(in[prefix + "_last_lr"]);
  step_count_ = detail::read_long(in[prefix + "_step_count"]);
  OrderedDict<std::string, Tensor> extra;
  write_extra_state(extra);
  OrderedDict<std::string, Tensor> mine;
  for (const auto& item : extra) mine.insert(item.key(), in[prefix + item.key()]);
  read_extra_state(mine);
  auto kids = children();
  for (size_t i = 0; i < kids.size(); ++i) {
    kids[i]->read_state(in, prefix + "_schedulers." + std::to_string(i) + ".");
  }
}

OrderedDict<std::string, Tensor> LRScheduler::state_dict() const {
  OrderedDict<std::string, Tensor> out;
  write_state(out, "");
  return out;
}

void LRScheduler::load_state_dict(const OrderedDict<std::string, Tensor>& state_dict) {
  // The layout (keys, dtypes, shapes) is fixed by the scheduler kind and the number of param
  // groups, so the current state is the template every loaded dict must match.
  detail::check_same_layout(name(), this->state_dict(), state_dict);
  read_state(state_dict, "");
}

namespace detail {
std::vector<double> format_group_param(const char* scheduler, const char* name,
                                       const std::vector<double>& values, size_t groups) {
  if (values.size() == 1) return std::vector<double>(groups, values[0]);
  EMBER_CHECK(values.size() == groups, scheduler, "expected ", groups, " values for ", name,
              ", got ", values.size());
  return values;
}
}  // namespace detail

}  // namespace ember::optim
