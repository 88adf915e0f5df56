#include "optim/schedulers/state_util.h"

#include "ember/error.h"
#include "ember/ops.h"

namespace ember::optim::detail {

Tensor state_double(double v) {
  return ember::scalar_tensor(v, TensorOptions().dtype(kDouble));
}
Tensor state_long(int64_t v) {
  return ember::scalar_tensor(v, TensorOptions().dtype(kLong));
}
Tensor state_bool(bool v) {
  return ember::scalar_tensor(v, TensorOptions().dtype(kBool));
}
Tensor state_doubles(const std::vector<double>& v) {
  return ember::tensor(v, TensorOptions().dtype(kDouble)).reshape({static_cast<int64_t>(v.size())});
}
Tensor state_longs(const std::vector<int64_t>& v) {
  return ember::tensor(v, TensorOptions().dtype(kLong)).reshape({static_cast<int64_t>(v.size())});
}

double read_double(const Tensor& t) {
  return t.item<double>();
}
int64_t read_long(const Tensor& t) {
  return t.item<int64_t>();
}
bool read_bool(const Tensor& t) {
  return t.item<bool>();
}
std::vector<double> read_doubles(const Tensor& t) {
  Tensor c = t.contiguous();
  const double* p = c.data_ptr<double>();
  return std::vector<double>(p, p + c.numel());
}
std::vector<int64_t> read_longs(const Tensor& t) {
  Tensor c = t.contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

void check_same_layout(const char* who, const OrderedDict<std::string, Tensor>& expected,
                       const OrderedDict<std::string, Tensor>& given) {
  for (const auto& item : expected) {
    const Tensor* t = given.find(item.key());
    EMBER_CHECK(t != nullptr, who, "load_state_dict: missing key '", item.key(), "'");
    EMBER_CHECK(t->defined(), who, "load_state_dict: key '", item.key(),
                "' holds an undefined tensor");
    EMBER_CHECK(t->scalar_type() == item.value().scalar_type(), who, "load_state_dict: key '",
                item.key(), "' expected dtype ", item.value().scalar_type(), ", got ",
                t->scalar_type());
    EMBER_CHECK(t->sizes() == item.value().sizes(), who, "load_state_dict: key '", item.key(),
                "' expected shape ", item.value().sizes(), ", got ", t->sizes());
  }
  for (const auto& item : given) {
    EMBER_CHECK(expected.find(item.key()) != nullptr, who, "load_state_dict: unexpected key '",
                item.key(), "'");
  }
}

}  // namespace ember::optim::detail
