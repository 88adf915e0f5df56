#pragma once
/// `EMBER_ARG(T, name)` declares an option field with libtorch's builder accessors (libtorch's
/// `TORCH_ARG`, which <ember/torch.h> maps onto it):
///
///     struct LinearOptions {
///       EMBER_ARG(bool, bias) = true;
///     };
///     LinearOptions().bias(false).bias();   // setter returns *this; getter returns the value
#include <utility>

#define EMBER_ARG(T, name)                                 \
 public:                                                   \
  inline auto name(const T& new_##name)->decltype(*this) { \
    this->name##_ = new_##name;                            \
    return *this;                                          \
  }                                                        \
  inline auto name(T&& new_##name)->decltype(*this) {      \
    this->name##_ = std::move(new_##name);                 \
    return *this;                                          \
  }                                                        \
  inline const T& name() const noexcept {                  \
    return this->name##_;                                  \
  }                                                        \
  inline T& name() noexcept {                              \
    return this->name##_;                                  \
  }                                                        \
                                                           \
 private:                                                  \
  T name##_
