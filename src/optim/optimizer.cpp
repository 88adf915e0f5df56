#include "ember/optim/optimizer.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string_view>

#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"

namespace ember::optim {

// ---- Options, state, groups ------------------------------------------------------------------

std::unique_ptr<OptimizerParamState> OptimizerParamState::clone() const {
  EMBER_FAIL("OptimizerParamState",
             "clone() is not implemented: derive the state from OptimizerCloneableParamState");
}
void OptimizerParamState::visit_fields(OptimizerFieldVisitor&) {}

std::unique_ptr<OptimizerOptions> OptimizerOptions::clone() const {
  EMBER_FAIL("OptimizerOptions",
             "clone() is not implemented: derive the options from OptimizerCloneableOptions");
}
double OptimizerOptions::get_lr() const {
  EMBER_FAIL("OptimizerOptions", "get_lr() is not overridden by these options");
}
void OptimizerOptions::set_lr(double) {
  EMBER_FAIL("OptimizerOptions", "set_lr() is not overridden by these options");
}
void OptimizerOptions::visit_fields(OptimizerFieldVisitor&) {}

OptimizerParamGroup::OptimizerParamGroup(const OptimizerParamGroup& other)
    : params_(other.params_), options_(other.options_ ? other.options_->clone() : nullptr) {}

OptimizerParamGroup& OptimizerParamGroup::operator=(const OptimizerParamGroup& other) {
  if (this != &other) {
    params_ = other.params_;
    options_ = other.options_ ? other.options_->clone() : nullptr;
  }
  return *this;
}

OptimizerOptions& OptimizerParamGroup::options() {
  EMBER_CHECK(options_ != nullptr, "OptimizerParamGroup", "the group has no options");
  return *options_;
}
const OptimizerOptions& OptimizerParamGroup::options() const {
  EMBER_CHECK(options_ != nullptr, "OptimizerParamGroup", "the group has no options");
  return *options_;
}

// ---- Optimizer -----------------------------------------------------------------------------

Optimizer::Optimizer(const std::vector<OptimizerParamGroup>& param_groups,
                     std::unique_ptr<OptimizerOptions> defaults)
    : defaults_(std::move(defaults)) {
  EMBER_CHECK(defaults_ != nullptr, "Optimizer", "expected default options, got none");
  for (const auto& group : param_groups) add_param_group(group);
}

Optimizer::Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults)
    : Optimizer(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(parameters))},
                std::move(defaults)) {}

void Optimizer::check_new_params(const std::vector<Tensor>& params) const {
  for (size_t i = 0; i < params.size(); ++i) {
    const Tensor& p = params[i];
    EMBER_CHECK(p.defined(), name(), "expected defined parameters, got an undefined tensor");
    EMBER_CHECK(p.is_leaf(), name(), "can't optimize a non-leaf Tensor");
    bool seen = false;
    for (size_t j = 0; j < i; ++j) seen = seen || params[j].is_same(p);
    for (const auto& group : param_groups_) {
      for (const Tensor& q : group.params()) seen = seen || q.is_same(p);
    }
    EMBER_CHECK(!seen, name(), "some parameters appear in more than one parameter group");
  }
}

void Optimizer::add_param_group(const OptimizerParamGroup& param_group) {
  check_new_params(param_group.params());
  param_groups_.emplace_back(param_group.params(), param_group.has_options()
                                                       ? param_group.options().clone()
                                                       : defaults_->clone());
}

void Optimizer::add_parameters(const std::vector<Tensor>& parameters) {
  EMBER_CHECK(!param_groups_.empty(), name(), "add_parameters needs a parameter group");
  check_new_params(parameters);
  auto& first = param_groups_.front().params();
  first.insert(first.end(), parameters.begin(), parameters.end());
}

void Optimizer::zero_grad(bool set_to_none) {
  for (auto& group : param_groups_) {
    for (Tensor& p : group.params()) {
      Tensor& g = p.mutable_grad();
      if (!g.defined()) continue;
      if (set_to_none) {
        g = Tensor();
      } else {
        if (g.grad_fn()) {
          g.detach_();
        } else {
          g.requires_grad_(false);
        }
        g.zero_();
      }
    }
  }
}

const std::vector<Tensor>& Optimizer::parameters() const {
  EMBER_CHECK(!param_groups_.empty(), "Optimizer", "the optimizer has no parameter groups");
  return param_groups_.front().params();
}
std::vector<Tensor>& Optimizer::parameters() {
  EMBER_CHECK(!param_groups_.empty(), "Optimizer", "the optimizer has no parameter groups");
  return param_groups_.front().params();
}

size_t Optimizer::size() const noexcept {
  size_t n = 0;
  for (const auto& group : param_groups_) n += group.params().size();
  return n;
}

OptimizerParamState* Optimizer::find_state(const Tensor& param) const {
  auto it = state_.find(param.unsafeGetTensorImpl());
  return it == state_.end() ? nullptr : it->second.get();
}

Tensor Optimizer::evaluate_closure(const LossClosure& closure) {
  if (!closure) return Tensor();
  EnableGradGuard enable_grad;
  return closure();
}

// ---- state_dict ----------------------------------------------------------------------------

namespace {

// Writes fields into the flat dict under `prefix` (Note [Optimizer fields]).
class FieldWriter final : public OptimizerFieldVisitor {
 public:
  FieldWriter(OrderedDict<std::string, Tensor>& out, std::string prefix)
      : out_(out), prefix_(std::move(prefix)) {}
  void field(const char* name, double& v) override { put(name, scalar_tensor(v, kDouble)); }
  void field(const char* name, int64_t& v) override { put(name, scalar_tensor(v, kLong)); }
  void field(const char* name, bool& v) override { put(name, scalar_tensor(v, kBool)); }
  void field(const char* name, std::tuple<double, double>& v) override {
    put(name, tensor(std::vector<double>{std::get<0>(v), std::get<1>(v)}, kDouble));
  }
  void field(const char* name, std::optional<double>& v) override {
    if (v) field(name, *v);
  }
  void field(const char* name, std::optional<int64_t>& v) override {
    if (v) field(name, *v);
  }
  void field(const char* name, std::optional<std::string>& v) override {
    if (!v) return;
    std::vector<int64_t> bytes(v->begin(), v->end());
    put(name, tensor(bytes, kLong).to(kByte));
  }
  void field(const char* name, Tensor& v, bool) override {
    if (v.defined()) put(name, v.detach());
  }
  void field(const char* name, std::vector<Tensor>& v) override { list(name, v); }
  void field(const char* name, std::deque<Tensor>& v) override { list(name, v); }

 private:
  void put(const char* name, Tensor t) { out_.insert(prefix_ + name, std::move(t)); }
  template <class List>
  void list(const char* name, List& v) {
    for (size_t k = 0; k < v.size(); ++k) {
      put((std::string(name) + "." + std::to_string(k)).c_str(), v[k].detach());
    }
  }
  OrderedDict<std::string, Tensor>& out_;
  std::string prefix_;
};

// Reads fields from the flat dict under `prefix`, validating each, and records which keys it
// used so that leftovers can be reported.
class FieldReader final : public OptimizerFieldVisitor {
 public:
  FieldReader(const char* op, const OrderedDict<std::string, Tensor>& in, std::string prefix,
              const Tensor* param, std::set<std::string>& used)
      : op_(op), in_(in), prefix_(std::move(prefix)), param_(param), used_(used) {}

  void field(const char* name, double& v) override {
    const Tensor& t = required(name);
    scalar(name, t, t.is_floating_point() || is_integral(t), "a real number");
    v = t.item<double>();
  }
  void field(const char* name, int64_t& v) override {
    const Tensor& t = required(name);
    scalar(name, t, is_integral(t), "an integer");
    v = t.item<int64_t>();
  }
  void field(const char* name, bool& v) override {
    const Tensor& t = required(name);
    scalar(name, t, t.scalar_type() == kBool, "a bool");
    v = t.item<bool>();
  }
  void field(const char* name, std::tuple<double, double>& v) override {
    const Tensor& t = required(name);
    EMBER_CHECK(t.dim() == 1 && t.numel() == 2 && t.is_floating_point(), op_,
                "load_state_dict: expected '", prefix_, name,
                "' to be a 1-d floating tensor of 2 values, got ", t.scalar_type(), " of shape ",
                t.sizes());
    Tensor d = t.to(kDouble).contiguous();
    v = {d.data_ptr<double>()[0], d.data_ptr<double>()[1]};
  }
  void field(const char* name, std::optional<double>& v) override {
    if (!find(name)) {
      v.reset();
      return;
    }
    double d = 0;
    field(name, d);
    v = d;
  }
  void field(const char* name, std::optional<int64_t>& v) override {
    if (!find(name)) {
      v.reset();
      return;
    }
    int64_t i = 0;
    field(name, i);
    v = i;
  }
  void field(const char* name, std::optional<std::string>& v) override {
    const Tensor* t = find(name);
    if (!t) {
      v.reset();
      return;
    }
    EMBER_CHECK(t->dim() == 1 && t->scalar_type() == kByte, op_, "load_state_dict: expected '",
                prefix_, name, "' to be a 1-d uint8 tensor (a string), got ", t->scalar_type(),
                " of shape ", t->sizes());
    Tensor c = t->contiguous();
    const auto* bytes = c.data_ptr<uint8_t>();
    v = std::string(bytes, bytes + c.numel());
  }
  void field(const char* name, Tensor& v, bool like_param) override {
    const Tensor* t = find(name);
    v = t ? load_tensor(name, *t, like_param) : Tensor();
  }
  void field(const char* name, std::vector<Tensor>& v) override { list(name, v); }
  void field(const char* name, std::deque<Tensor>& v) override { list(name, v); }

 private:
  static bool is_integral(const Tensor& t) {
    return !t.is_floating_point() && t.scalar_type() != kBool;
  }
  const Tensor* find(const std::string& name) {
    std::string key = prefix_ + name;
    const Tensor* t = in_.find(key);
    if (t) used_.insert(key);
    return t;
  }
  const Tensor& required(const char* name) {
    const Tensor* t = find(name);
    EMBER_CHECK(t != nullptr, op_, "load_state_dict: missing key '", prefix_, name, "'");
    EMBER_CHECK(t->defined(), op_, "load_state_dict: '", prefix_, name, "' is undefined");
    return *t;
  }
  void scalar(const char* name, const Tensor& t, bool dtype_ok, const char* what) {
    EMBER_CHECK(t.dim() == 0 && dtype_ok, op_, "load_state_dict: expected '", prefix_, name,
                "' to be a 0-d tensor holding ", what, ", got ", t.scalar_type(), " of shape ",
                t.sizes());
  }
  Tensor load_tensor(const std::string& name, const Tensor& t, bool like_param) {
    EMBER_CHECK(t.defined(), op_, "load_state_dict: '", prefix_, name, "' is undefined");
    if (!like_param) return t.detach().clone();
    EMBER_CHECK(t.is_floating_point(), op_, "load_state_dict: expected '", prefix_, name,
                "' to be a floating tensor, got ", t.scalar_type());
    EMBER_CHECK(t.sizes() == param_->sizes(), op_, "load_state_dict: '", prefix_, name,
                "' has shape ", t.sizes(), ", but its parameter has shape ", param_->sizes());
    // A copy in the parameter's dtype, so that the loaded optimizer shares nothing with the dict.
    Tensor out = empty(param_->sizes(),
                       TensorOptions().dtype(param_->scalar_type()).device(param_->device()));
    out.copy_(t.detach());
    return out;
  }
  template <class List>
  void list(const char* name, List& v) {
    v.clear();
    for (size_t k = 0;; ++k) {
      std::string item = std::string(name) + "." + std::to_string(k);
      const Tensor* t = find(item);
      if (!t) break;
      v.push_back(load_tensor(item, *t, false));
    }
  }

  const char* op_;
  const OrderedDict<std::string, Tensor>& in_;
  std::string prefix_;
  const Tensor* param_;
  std::set<std::string>& used_;
};

// Parses "<prefix><index>.<rest>" and returns the index, or -1 when `key` has another form.
int64_t index_after(std::string_view key, std::string_view prefix) {
  if (key.substr(0, prefix.size()) != prefix) return -1;
  key.remove_prefix(prefix.size());
  size_t dot = key.find('.');
  if (dot == 0 || dot == std::string_view::npos) return -1;
  int64_t index = -1;
  auto [end, ec] = std::from_chars(key.data(), key.data() + dot, index);
  if (ec != std::errc() || end != key.data() + dot) return -1;
  return index;
}

}  // namespace

OrderedDict<std::string, Tensor> Optimizer::state_dict() const {
  OrderedDict<std::string, Tensor> out("Key");
  int64_t index = 0;
  for (const auto& group : param_groups_) {
    for (const Tensor& p : group.params()) {
      if (OptimizerParamState* s = find_state(p)) {
        FieldWriter writer(out, "state." + std::to_string(index) + ".");
        s->visit_fields(writer);
      }
      ++index;
    }
  }
  index = 0;
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    const auto& group = param_groups_[g];
    std::string prefix = "param_groups." + std::to_string(g) + ".";
    FieldWriter writer(out, prefix);
    // visit_fields only reads through the writer; the options are not modified.
    const_cast<OptimizerOptions&>(group.options()).visit_fields(writer);
    std::vector<int64_t> ids(group.params().size());
    for (auto& id : ids) id = index++;
    out.insert(prefix + "params", tensor(ids, kLong));
  }
  return out;
}

void Optimizer::load_state_dict(const OrderedDict<std::string, Tensor>& state_dict) {
  const char* op = name();
  std::set<std::string> used;
  // Groups: their count, sizes and parameter indices.
  size_t saved_groups = 0;
  for (const auto& item : state_dict) {
    int64_t g = index_after(item.key(), "param_groups.");
    if (g >= 0) saved_groups = std::max(saved_groups, static_cast<size_t>(g) + 1);
  }
  EMBER_CHECK(saved_groups == param_groups_.size(), op,
              "load_state_dict: loaded state dict has a different number of parameter groups (",
              saved_groups, ") than the optimizer (", param_groups_.size(), ")");
  std::unordered_map<int64_t, const Tensor*> param_of;
  std::vector<std::unique_ptr<OptimizerOptions>> new_options;
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    const auto& group = param_groups_[g];
    std::string prefix = "param_groups." + std::to_string(g) + ".";
    const Tensor* ids = state_dict.find(prefix + "params");
    EMBER_CHECK(ids != nullptr, op, "load_state_dict: missing key '", prefix, "params'");
    used.insert(prefix + "params");
    EMBER_CHECK(ids->defined() && ids->dim() == 1 && !ids->is_floating_point() &&
                    ids->scalar_type() != kBool,
                op, "load_state_dict: expected '", prefix, "params' to be a 1-d integer tensor");
    EMBER_CHECK(ids->numel() == static_cast<int64_t>(group.params().size()), op,
                "load_state_dict: loaded state dict contains a parameter group of ", ids->numel(),
                " parameters, but the optimizer's group ", g, " has ", group.params().size());
    Tensor ids_long = ids->to(kLong).contiguous();
    for (int64_t k = 0; k < ids_long.numel(); ++k) {
      int64_t id = ids_long.data_ptr<int64_t>()[k];
      EMBER_CHECK(param_of.emplace(id, &group.params()[static_cast<size_t>(k)]).second, op,
                  "load_state_dict: parameter index ", id, " appears twice in param_groups");
    }
    auto options = group.options().clone();
    FieldReader reader(op, state_dict, prefix, nullptr, used);
    options->visit_fields(reader);
    new_options.push_back(std::move(options));
  }
  // Per-parameter state.
  std::unordered_map<void*, std::unique_ptr<OptimizerParamState>> new_state;
  for (const auto& item : state_dict) {
    int64_t id = index_after(item.key(), "state.");
    if (id < 0 || used.count(item.key())) continue;
    auto it = param_of.find(id);
    EMBER_CHECK(it != param_of.end(), op, "load_state_dict: unexpected key '", item.key(),
                "': no parameter has index ", id);
    const Tensor& param = *it->second;
    auto state = make_param_state();
    FieldReader reader(op, state_dict, "state." + std::to_string(id) + ".", &param, used);
    state->visit_fields(reader);
    new_state[param.unsafeGetTensorImpl()] = std::move(state);
  }
  for (const auto& item : state_dict) {
    EMBER_CHECK(used.count(item.key()) != 0, op, "load_state_dict: unexpected key '", item.key(),
                "'");
  }
  // Everything validated: apply.
  for (size_t g = 0; g < param_groups_.size(); ++g) {
    param_groups_[g].set_options(std::move(new_options[g]));
  }
  state_ = std::move(new_state);
}

}  // namespace ember::optim
