#pragma once
/// Internal: option setters in libtorch's TORCH_ARG style.

// libtorch's TORCH_ARG: `name()` reads, `name(value)` sets and returns *this for chaining.
#define EMBER_DATA_ARG(T, name)                     \
 public:                                            \
  auto name(const T& new_##name)->decltype(*this) { \
    this->name##_ = new_##name;                     \
    return *this;                                   \
  }                                                 \
  const T& name() const noexcept {                  \
    return name##_;                                 \
  }                                                 \
  T& name() noexcept {                              \
    return name##_;                                 \
  }                                                 \
                                                    \
 private:                                           \
  T name##_
