// ember::save / ember::load (ember/serialize.h).
#include "ember/serialize.h"

#include <istream>
#include <ostream>

namespace ember {
namespace serialize::detail {

TensorDict tensor_to_dict(const Tensor& tensor) {
  TensorDict dict;
  dict.insert("tensor", tensor);
  return dict;
}

Tensor tensor_from_dict(TensorDict dict, const std::string& source) {
  const Tensor* t = dict.find("tensor");
  EMBER_CHECK(t != nullptr && dict.size() == 1, "load", source,
              ": expected one tensor named 'tensor', got ", dict.size(), " tensors",
              dict.size() ? " (first: '" + dict.begin()->key() + "')" : std::string());
  return *t;
}

TensorDict tensors_to_dict(const std::vector<Tensor>& tensors) {
  TensorDict dict;
  for (size_t i = 0; i < tensors.size(); ++i) dict.insert(std::to_string(i), tensors[i]);
  return dict;
}

std::vector<Tensor> tensors_from_dict(const TensorDict& dict, const std::string& source) {
  // Keys are unique and each names an index below size(), so every slot gets filled.
  std::vector<Tensor> out(dict.size());
  for (const auto& item : dict) {
    const std::string& key = item.key();
    // Canonical decimal only: "0", "1", ..., no sign, no leading zeros.
    bool ok = !key.empty() && key.size() <= 19 && (key == "0" || key[0] != '0');
    size_t index = 0;
    for (const char c : key) {
      ok = ok && c >= '0' && c <= '9';
      if (ok) index = index * 10 + static_cast<size_t>(c - '0');
    }
    EMBER_CHECK(ok && index < dict.size(), "load", source,
                ": expected a tensor list with keys '0' to '", dict.size() - 1, "', got key '", key,
                "'");
    out[index] = item.value();
  }
  return out;
}

}  // namespace serialize::detail

namespace {
const std::string kStream = "<stream>";
std::string quoted(const std::string& path) {
  return "'" + path + "'";
}
}  // namespace

void save(const Tensor& tensor, const std::string& path) {
  serialize::write_safetensors(serialize::detail::tensor_to_dict(tensor), path);
}
void save(const Tensor& tensor, std::ostream& out) {
  serialize::write_safetensors(serialize::detail::tensor_to_dict(tensor), out);
}
void save(const std::vector<Tensor>& tensors, const std::string& path) {
  serialize::write_safetensors(serialize::detail::tensors_to_dict(tensors), path);
}
void save(const std::vector<Tensor>& tensors, std::ostream& out) {
  serialize::write_safetensors(serialize::detail::tensors_to_dict(tensors), out);
}
void save(const OrderedDict<std::string, Tensor>& dict, const std::string& path) {
  serialize::write_safetensors(dict, path);
}
void save(const OrderedDict<std::string, Tensor>& dict, std::ostream& out) {
  serialize::write_safetensors(dict, out);
}

void load(Tensor& tensor, const std::string& path) {
  tensor =
      serialize::detail::tensor_from_dict(serialize::read_safetensors(path).tensors, quoted(path));
}
void load(Tensor& tensor, std::istream& in) {
  tensor = serialize::detail::tensor_from_dict(serialize::read_safetensors(in).tensors, kStream);
}
void load(std::vector<Tensor>& tensors, const std::string& path) {
  tensors =
      serialize::detail::tensors_from_dict(serialize::read_safetensors(path).tensors, quoted(path));
}
void load(std::vector<Tensor>& tensors, std::istream& in) {
  tensors = serialize::detail::tensors_from_dict(serialize::read_safetensors(in).tensors, kStream);
}
void load(OrderedDict<std::string, Tensor>& dict, const std::string& path) {
  dict = serialize::read_safetensors(path).tensors;
}
void load(OrderedDict<std::string, Tensor>& dict, std::istream& in) {
  dict = serialize::read_safetensors(in).tensors;
}

}  // namespace ember
