#pragma once
// Builds any optimizer from its name and PyTorch-style JSON options (the golden fixture's
// format), through the options' own field list (Note [Optimizer fields]).
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ember/optim.h"
#include "support/golden.h"

namespace ember::testing {

// Sets the options named in a JSON object; other fields keep their defaults.
class JsonOptionsSetter final : public optim::OptimizerFieldVisitor {
 public:
  explicit JsonOptionsSetter(const Json& json) : json_(json) {}
  void field(const char* name, double& v) override {
    if (json_.contains(name)) v = json_.at(name).get<double>();
  }
  void field(const char* name, int64_t& v) override {
    if (json_.contains(name)) v = json_.at(name).get<int64_t>();
  }
  void field(const char* name, bool& v) override {
    if (json_.contains(name)) v = json_.at(name).get<bool>();
  }
  void field(const char* name, std::tuple<double, double>& v) override {
    if (json_.contains(name)) v = {json_.at(name).at(0).get<double>(), json_.at(name).at(1)};
  }
  void field(const char* name, std::optional<double>& v) override {
    if (json_.contains(name)) v = json_.at(name).get<double>();
  }
  void field(const char* name, std::optional<int64_t>& v) override {
    if (json_.contains(name)) v = json_.at(name).get<int64_t>();
  }
  void field(const char* name, std::optional<std::string>& v) override {
    if (json_.contains(name)) v = json_.at(name).get<std::string>();
  }
  void field(const char*, Tensor&, bool) override {}
  void field(const char*, std::vector<Tensor>&) override {}
  void field(const char*, std::deque<Tensor>&) override {}

 private:
  const Json& json_;
};

template <class Options>
Options options_from_json(const Json& json) {
  Options options(0.0);
  JsonOptionsSetter setter(json);
  options.visit_fields(setter);
  return options;
}

template <class Opt, class Options>
std::unique_ptr<optim::Optimizer> make_with(const std::vector<optim::OptimizerParamGroup>& groups,
                                            const Json& options) {
  return std::make_unique<Opt>(groups, options_from_json<Options>(options));
}

/// Optimizer `name` over `groups` (groups without options take `options`).
inline std::unique_ptr<optim::Optimizer> make_optimizer(
    const std::string& name, const std::vector<optim::OptimizerParamGroup>& groups,
    const Json& options) {
  using Factory = std::function<std::unique_ptr<optim::Optimizer>(
      const std::vector<optim::OptimizerParamGroup>&, const Json&)>;
  static const std::map<std::string, Factory> factories = {
      {"SGD", make_with<optim::SGD, optim::SGDOptions>},
      {"Adam", make_with<optim::Adam, optim::AdamOptions>},
      {"AdamW", make_with<optim::AdamW, optim::AdamWOptions>},
      {"RMSprop", make_with<optim::RMSprop, optim::RMSpropOptions>},
      {"Adagrad", make_with<optim::Adagrad, optim::AdagradOptions>},
      {"Adadelta", make_with<optim::Adadelta, optim::AdadeltaOptions>},
      {"Adamax", make_with<optim::Adamax, optim::AdamaxOptions>},
      {"NAdam", make_with<optim::NAdam, optim::NAdamOptions>},
      {"RAdam", make_with<optim::RAdam, optim::RAdamOptions>},
  };
  return factories.at(name)(groups, options);
}

/// Options of optimizer `name` (for param groups with their own options).
inline std::unique_ptr<optim::OptimizerOptions> make_options(const std::string& name,
                                                             const Json& options) {
  auto opt = make_optimizer(name, {}, options);
  return opt->defaults().clone();
}

}  // namespace ember::testing
