#pragma once
/// `ember::save` / `ember::load` with libtorch's call shapes, in the safetensors format
/// (ember/serialize/safetensors.h; key layout in docs/serialization.md):
///
///     ember::save(model, "model.safetensors");      // nn::Linear, shared_ptr<Module>, ...
///     ember::load(model, "model.safetensors");      // strict load_state_dict
///     ember::save(std::vector<ember::Tensor>{a, b}, stream);
///
/// What is stored for each kind of value:
/// - `Tensor`: one entry named "tensor".
/// - `std::vector<Tensor>`: entries "0", "1", ... (decimal, no padding); loading requires
///   exactly the keys "0" to "n-1".
/// - `OrderedDict<std::string, Tensor>`: its keys as they are.
/// - anything with `state_dict()` / `load_state_dict(dict)` (modules, optimizers, schedulers),
///   directly or through a pointer or module holder: its state_dict's keys; loading calls
///   `load_state_dict`, which validates keys and shapes (strictly, for modules).
/// Loading raises `ember::Error` for a file that cannot be read or is malformed, and for
/// contents that do not fit the value.
#include <concepts>
#include <iosfwd>
#include <string>
#include <vector>

#include "ember/serialize/safetensors.h"

namespace ember {

namespace serialize {

/// A value whose state is a tensor dict (Note [State format] in docs/serialization.md).
template <class T>
concept HasStateDict = requires(T& value, const T& cvalue, const TensorDict& dict) {
  { cvalue.state_dict() } -> std::convertible_to<TensorDict>;
  value.load_state_dict(dict);
};

/// A pointer or module holder to such a value (`nn::Linear`, `std::shared_ptr<Module>`).
template <class T>
concept PointsToStateDict = !HasStateDict<T> && requires(T & value) {
  { *value } -> HasStateDict;
};

namespace detail {
TensorDict tensor_to_dict(const Tensor& tensor);
Tensor tensor_from_dict(TensorDict dict, const std::string& source);
TensorDict tensors_to_dict(const std::vector<Tensor>& tensors);
std::vector<Tensor> tensors_from_dict(const TensorDict& dict, const std::string& source);

template <class T>
TensorDict state_of(const T& value) {
  if constexpr (PointsToStateDict<T>) {
    EMBER_CHECK(static_cast<bool>(value), "save", "expected a module or object, got an empty one");
    return (*value).state_dict();
  } else {
    return value.state_dict();
  }
}

template <class T>
void load_state_into(T& value, const TensorDict& dict) {
  if constexpr (PointsToStateDict<T>) {
    EMBER_CHECK(static_cast<bool>(value), "load", "expected a module or object, got an empty one");
    (*value).load_state_dict(dict);
  } else {
    value.load_state_dict(dict);
  }
}
}  // namespace detail

}  // namespace serialize

// ---- save ---------------------------------------------------------------------------------

/// Writes `tensor` as a safetensors file with one entry, "tensor".
void save(const Tensor& tensor, const std::string& path);
void save(const Tensor& tensor, std::ostream& out);
/// Writes `tensors` as entries "0", "1", ...
void save(const std::vector<Tensor>& tensors, const std::string& path);
void save(const std::vector<Tensor>& tensors, std::ostream& out);
/// Writes `dict` under its own keys.
void save(const OrderedDict<std::string, Tensor>& dict, const std::string& path);
void save(const OrderedDict<std::string, Tensor>& dict, std::ostream& out);

/// Writes the state_dict of a module, optimizer, scheduler, ... (or of what a holder or pointer
/// refers to).
template <class T>
requires serialize::HasStateDict<T> || serialize::PointsToStateDict<T>
void save(const T& value, const std::string& path) {
  save(serialize::detail::state_of(value), path);
}
template <class T>
requires serialize::HasStateDict<T> || serialize::PointsToStateDict<T>
void save(const T& value, std::ostream& out) {
  save(serialize::detail::state_of(value), out);
}

// ---- load ---------------------------------------------------------------------------------

/// Replaces `tensor` with the file's single "tensor" entry.
void load(Tensor& tensor, const std::string& path);
void load(Tensor& tensor, std::istream& in);
/// Replaces `tensors` with the entries "0" to "n-1".
void load(std::vector<Tensor>& tensors, const std::string& path);
void load(std::vector<Tensor>& tensors, std::istream& in);
/// Replaces `dict` with the file's tensors (in the order of their data in the file).
void load(OrderedDict<std::string, Tensor>& dict, const std::string& path);
void load(OrderedDict<std::string, Tensor>& dict, std::istream& in);

/// Reads a state_dict and hands it to `value.load_state_dict` (strict for modules).
template <class T>
requires serialize::HasStateDict<T> || serialize::PointsToStateDict<T>
void load(T& value, const std::string& path) {
  serialize::detail::load_state_into(value, serialize::read_safetensors(path).tensors);
}
template <class T>
requires serialize::HasStateDict<T> || serialize::PointsToStateDict<T>
void load(T& value, std::istream& in) {
  serialize::detail::load_state_into(value, serialize::read_safetensors(in).tensors);
}

}  // namespace ember
