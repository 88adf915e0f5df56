#pragma once
/// An insertion-ordered dictionary with unique keys, as libtorch's `torch::OrderedDict`: what
/// `Module::named_parameters()`, `named_children()` and `state_dict()` return. Iterating yields
/// items with `key()` and `value()` in insertion order.
///
///     for (const auto& item : model->named_parameters())
///       std::cout << item.key() << ": " << item.value().sizes() << "\n";
#include <cstddef>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ember/error.h"

namespace ember {

template <class Key, class Value>
class OrderedDict {
 public:
  class Item {
   public:
    Item(Key key, Value value) : pair_(std::move(key), std::move(value)) {}
    const Key& key() const noexcept { return pair_.first; }
    Value& value() noexcept { return pair_.second; }
    const Value& value() const noexcept { return pair_.second; }
    Value& operator*() noexcept { return value(); }
    const Value& operator*() const noexcept { return value(); }
    Value* operator->() noexcept { return &value(); }
    const Value* operator->() const noexcept { return &value(); }
    const std::pair<Key, Value>& pair() const noexcept { return pair_; }

   private:
    std::pair<Key, Value> pair_;
  };
  using Iterator = typename std::vector<Item>::iterator;
  using ConstIterator = typename std::vector<Item>::const_iterator;

  /// `key_description` names what the keys are in error messages ("Parameter", "Submodule").
  explicit OrderedDict(std::string key_description = "Key")
      : key_description_(std::move(key_description)) {}
  OrderedDict(std::initializer_list<Item> items) {
    for (const Item& item : items) insert(item.key(), item.value());
  }

  const std::string& key_description() const noexcept { return key_description_; }

  /// Adds a new item; raises if `key` is already present.
  Value& insert(Key key, Value value) {
    EMBER_CHECK(index_.count(key) == 0, "OrderedDict", key_description_, " '", key,
                "' already defined");
    index_.emplace(key, items_.size());
    items_.emplace_back(std::move(key), std::move(value));
    return items_.back().value();
  }
  /// Inserts every item of `other`, in order; raises, as insert does, for a key already present
  /// (libtorch's semantics: update never overwrites).
  void update(const OrderedDict& other) {
    for (const Item& item : other) insert(item.key(), item.value());
  }

  Value* find(const Key& key) noexcept {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].value();
  }
  const Value* find(const Key& key) const noexcept {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].value();
  }
  bool contains(const Key& key) const noexcept { return index_.count(key) != 0; }

  /// The value of `key`; raises if it is absent.
  Value& operator[](const Key& key) {
    Value* v = find(key);
    EMBER_CHECK(v != nullptr, "OrderedDict", key_description_, " '", key, "' is not defined");
    return *v;
  }
  const Value& operator[](const Key& key) const {
    return const_cast<OrderedDict&>(*this)[key];  // NOLINT: same lookup, const result
  }
  Item& operator[](size_t index) {
    EMBER_CHECK(index < items_.size(), "OrderedDict", "index ", index, " out of range for ",
                items_.size(), " items");
    return items_[index];
  }
  const Item& operator[](size_t index) const {
    return const_cast<OrderedDict&>(*this)[index];  // NOLINT: same lookup, const result
  }

  /// Removes `key` (later items move up one position); raises if it is absent.
  void erase(const Key& key) {
    auto it = index_.find(key);
    EMBER_CHECK(it != index_.end(), "OrderedDict", key_description_, " '", key, "' is not defined");
    size_t position = it->second;
    index_.erase(it);
    items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(position));
    for (size_t i = position; i < items_.size(); ++i) index_[items_[i].key()] = i;
  }
  void clear() {
    items_.clear();
    index_.clear();
  }

  std::vector<Key> keys() const {
    std::vector<Key> out;
    out.reserve(items_.size());
    for (const Item& item : items_) out.push_back(item.key());
    return out;
  }
  std::vector<Value> values() const {
    std::vector<Value> out;
    out.reserve(items_.size());
    for (const Item& item : items_) out.push_back(item.value());
    return out;
  }
  const std::vector<Item>& items() const noexcept { return items_; }
  std::vector<std::pair<Key, Value>> pairs() const {
    std::vector<std::pair<Key, Value>> out;
    out.reserve(items_.size());
    for (const Item& item : items_) out.push_back(item.pair());
    return out;
  }

  size_t size() const noexcept { return items_.size(); }
  bool is_empty() const noexcept { return items_.empty(); }
  bool empty() const noexcept { return items_.empty(); }
  Item& front() { return (*this)[size_t{0}]; }
  Item& back() { return (*this)[items_.empty() ? size_t{0} : items_.size() - 1]; }

  Iterator begin() { return items_.begin(); }
  Iterator end() { return items_.end(); }
  ConstIterator begin() const { return items_.begin(); }
  ConstIterator end() const { return items_.end(); }

 private:
  std::vector<Item> items_;
  std::unordered_map<Key, size_t> index_;
  std::string key_description_ = "Key";
};

}  // namespace ember
