#pragma once
/// Enum-like option values, as libtorch's `torch::kMean`, `torch::kReLU`, `torch::kZeros`: each is
/// a distinct tag type, so an option can accept exactly the values that make sense for it as a
/// `std::variant` of tags (`std::variant<enumtype::kNone, enumtype::kMean, enumtype::kSum>`).
/// `enumtype::get_enum_name(v)` gives the name PyTorch uses ("mean", "relu", "zeros").
#include <string>
#include <variant>

namespace ember {
namespace enumtype {

#define EMBER_ENUM_VALUES(X)             \
  X(Linear, "linear")                    \
  X(Conv1D, "conv1d")                    \
  X(Conv2D, "conv2d")                    \
  X(Conv3D, "conv3d")                    \
  X(ConvTranspose1D, "conv_transpose1d") \
  X(ConvTranspose2D, "conv_transpose2d") \
  X(ConvTranspose3D, "conv_transpose3d") \
  X(Sigmoid, "sigmoid")                  \
  X(Tanh, "tanh")                        \
  X(ReLU, "relu")                        \
  X(GELU, "gelu")                        \
  X(SiLU, "silu")                        \
  X(LeakyReLU, "leaky_relu")             \
  X(SELU, "selu")                        \
  X(FanIn, "fan_in")                     \
  X(FanOut, "fan_out")                   \
  X(Constant, "constant")                \
  X(Reflect, "reflect")                  \
  X(Replicate, "replicate")              \
  X(Circular, "circular")                \
  X(Nearest, "nearest")                  \
  X(NearestExact, "nearest-exact")       \
  X(Bilinear, "bilinear")                \
  X(Bicubic, "bicubic")                  \
  X(Trilinear, "trilinear")              \
  X(Area, "area")                        \
  X(Sum, "sum")                          \
  X(Mean, "mean")                        \
  X(Max, "max")                          \
  X(None, "none")                        \
  X(BatchMean, "batchmean")              \
  X(Zeros, "zeros")                      \
  X(Border, "border")                    \
  X(Reflection, "reflection")            \
  X(RNN_TANH, "RNN_TANH")                \
  X(RNN_RELU, "RNN_RELU")                \
  X(LSTM, "LSTM")                        \
  X(GRU, "GRU")                          \
  X(Valid, "valid")                      \
  X(Same, "same")

#define EMBER_ENUM_TAG(Name, text)                                  \
  struct k##Name {                                                  \
    static constexpr const char* name() noexcept { return text; }   \
    bool operator==(const k##Name&) const noexcept { return true; } \
  };
EMBER_ENUM_VALUES(EMBER_ENUM_TAG)
#undef EMBER_ENUM_TAG

/// The PyTorch name of the alternative a variant of tags holds.
template <class... Tags>
std::string get_enum_name(const std::variant<Tags...>& v) {
  return std::visit([](const auto& tag) { return std::string(tag.name()); }, v);
}

}  // namespace enumtype

#define EMBER_ENUM_CONSTANT(Name, text) inline constexpr enumtype::k##Name k##Name{};
EMBER_ENUM_VALUES(EMBER_ENUM_CONSTANT)
#undef EMBER_ENUM_CONSTANT
#undef EMBER_ENUM_VALUES

}  // namespace ember
