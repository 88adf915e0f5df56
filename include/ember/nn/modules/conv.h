#pragma once
/// Convolution layers (Conv1d/2d/3d, ConvTranspose1d/2d/3d) and Fold / Unfold.
#include <optional>
#include <ostream>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/functional/conv.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

namespace detail {
/// Registers a convolution's weight (out, in / groups, k...) — or (in, out / groups, k...) when
/// `transposed` — and bias, drawn as PyTorch's: kaiming_uniform_(a = sqrt(5)) and bias uniform
/// in ±1/sqrt(fan_in).
void make_conv_parameters(Module& module, const char* layer, int64_t in_channels,
                          int64_t out_channels, IntArrayRef kernel_size, int64_t groups, bool bias,
                          bool transposed, Tensor& weight_out, Tensor& bias_out);
void reset_conv_parameters(const Tensor& weight, const Tensor& bias);
/// "in, out, kernel_size=[..], stride=[..]", as libtorch prints a convolution.
void print_conv_head(std::ostream& stream, int64_t in_channels, int64_t out_channels,
                     IntArrayRef kernel_size, IntArrayRef stride);
/// The options after the padding, each only when not its default.
void print_conv_tail(std::ostream& stream, IntArrayRef dilation, int64_t groups, bool bias,
                     const conv_padding_mode_t& padding_mode);
/// The output_padding that makes a transposed convolution produce `output_size` (PyTorch's
/// _output_padding, with its error for sizes out of reach).
std::vector<int64_t> transposed_output_padding(const Tensor& input, IntArrayRef output_size,
                                               IntArrayRef stride, IntArrayRef padding,
                                               IntArrayRef kernel_size, IntArrayRef dilation,
                                               const char* layer);
/// F::pad sizes (last dim first) for a non-zero padding_mode.
std::vector<int64_t> reversed_padding(IntArrayRef padding, IntArrayRef kernel_size,
                                      IntArrayRef dilation, bool same);
Tensor pad_for_mode(const Tensor& input, const std::vector<int64_t>& pad,
                    const conv_padding_mode_t& mode);
}  // namespace detail

template <size_t D, class Derived>
class ConvNdImpl : public Cloneable<Derived> {
 public:
  ConvNdImpl(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : ConvNdImpl(ConvOptions<D>(in_channels, out_channels, kernel_size)) {}
  explicit ConvNdImpl(ConvOptions<D> options_) : options(std::move(options_)) { reset(); }

  void reset() override {
    const bool same = std::holds_alternative<enumtype::kSame>(options.padding());
    EMBER_CHECK(!same || *options.stride() == *ExpandingArray<D>(1), Derived::kName,
                "padding='same' is not supported for strided convolutions");
    detail::make_conv_parameters(*this, Derived::kName, options.in_channels(),
                                 options.out_channels(), options.kernel_size(), options.groups(),
                                 options.bias(), /*transposed=*/false, weight, bias);
  }
  void reset_parameters() { detail::reset_conv_parameters(weight, bias); }

  void pretty_print(std::ostream& stream) const override {
    stream << "ember::nn::" << Derived::kName << "(";
    detail::print_conv_head(stream, options.in_channels(), options.out_channels(),
                            options.kernel_size(), options.stride());
    std::visit(
        [&](const auto& p) {
          using P = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<P, enumtype::kValid>) stream << ", padding='valid'";
          if constexpr (std::is_same_v<P, enumtype::kSame>) stream << ", padding='same'";
          if constexpr (std::is_same_v<P, ExpandingArray<D>>) {
            if (*p != *ExpandingArray<D>(0)) stream << ", padding=" << p;
          }
        },
        options.padding());
    detail::print_conv_tail(stream, options.dilation(), options.groups(), options.bias(),
                            options.padding_mode());
    stream << ")";
  }

  /// input (N, C_in, *spatial) or unbatched (C_in, *spatial).
  Tensor forward(const Tensor& input) {
    check_input(input);
    functional::ConvFuncOptions<D> o;
    o.bias(bias).stride(options.stride()).dilation(options.dilation()).groups(options.groups());
    if (std::holds_alternative<enumtype::kZeros>(options.padding_mode())) {
      return Derived::conv(input, weight, o.padding(options.padding()));
    }
    const auto* sizes = std::get_if<ExpandingArray<D>>(&options.padding());
    const bool same = std::holds_alternative<enumtype::kSame>(options.padding());
    auto pad = detail::reversed_padding(sizes ? IntArrayRef(*sizes) : IntArrayRef(),
                                        options.kernel_size(), options.dilation(), same);
    return Derived::conv(detail::pad_for_mode(input, pad, options.padding_mode()), weight,
                         o.padding(ExpandingArray<D>(0)));
  }

  ConvOptions<D> options;
  Tensor weight;
  Tensor bias;

 private:
  void check_input(const Tensor& input) const {
    const int64_t dim = input.dim();
    EMBER_CHECK(dim == static_cast<int64_t>(D) + 1 || dim == static_cast<int64_t>(D) + 2,
                Derived::kName, "expected ", D + 1, "D (unbatched) or ", D + 2,
                "D (batched) input, got input of shape ", input.sizes());
    const int64_t channels = input.size(dim == static_cast<int64_t>(D) + 2 ? 1 : 0);
    EMBER_CHECK(channels == options.in_channels(), Derived::kName, "expected input ", input.sizes(),
                " to have ", options.in_channels(), " channels, but got ", channels,
                " channels instead");
  }
};

#define EMBER_CONV_MODULE(Name, D)                                \
  class Name##Impl : public ConvNdImpl<D, Name##Impl> {           \
   public:                                                        \
    using ConvNdImpl::ConvNdImpl;                                 \
    static constexpr const char* kName = #Name;                   \
    static Tensor conv(const Tensor& x, const Tensor& w,          \
                       const functional::ConvFuncOptions<D>& o) { \
      return functional::conv##D##d(x, w, o);                     \
    }                                                             \
  };                                                              \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_CONV_MODULE(Conv1d, 1);
EMBER_CONV_MODULE(Conv2d, 2);
EMBER_CONV_MODULE(Conv3d, 3);
#undef EMBER_CONV_MODULE

template <size_t D, class Derived>
class ConvTransposeNdImpl : public Cloneable<Derived> {
 public:
  /// `forward`'s output_size may be left out (Sequential and AnyModule calls).
  static constexpr size_t kForwardRequiredArgs = 1;

  ConvTransposeNdImpl(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : ConvTransposeNdImpl(ConvTransposeOptions<D>(in_channels, out_channels, kernel_size)) {}
  explicit ConvTransposeNdImpl(ConvTransposeOptions<D> options_) : options(std::move(options_)) {
    reset();
  }

  void reset() override {
    EMBER_CHECK(std::holds_alternative<enumtype::kZeros>(options.padding_mode()), Derived::kName,
                "Only \"zeros\" padding mode is supported for ", Derived::kName);
    detail::make_conv_parameters(*this, Derived::kName, options.in_channels(),
                                 options.out_channels(), options.kernel_size(), options.groups(),
                                 options.bias(), /*transposed=*/true, weight, bias);
  }
  void reset_parameters() { detail::reset_conv_parameters(weight, bias); }

  void pretty_print(std::ostream& stream) const override {
    stream << "ember::nn::" << Derived::kName << "(";
    detail::print_conv_head(stream, options.in_channels(), options.out_channels(),
                            options.kernel_size(), options.stride());
    if (*options.padding() != *ExpandingArray<D>(0)) stream << ", padding=" << options.padding();
    if (*options.output_padding() != *ExpandingArray<D>(0)) {
      stream << ", output_padding=" << options.output_padding();
    }
    detail::print_conv_tail(stream, options.dilation(), options.groups(), options.bias(),
                            options.padding_mode());
    stream << ")";
  }

  /// `output_size` (spatial, or with the leading dims) picks among the output sizes the stride
  /// allows; by default output_padding decides.
  Tensor forward(const Tensor& input,
                 const std::optional<std::vector<int64_t>>& output_size = std::nullopt) {
    std::vector<int64_t> output_padding(options.output_padding()->begin(),
                                        options.output_padding()->end());
    if (output_size) {
      output_padding = detail::transposed_output_padding(input, *output_size, options.stride(),
                                                         options.padding(), options.kernel_size(),
                                                         options.dilation(), Derived::kName);
    }
    return Derived::conv_transpose(input, weight,
                                   functional::ConvTransposeFuncOptions<D>()
                                       .bias(bias)
                                       .stride(options.stride())
                                       .padding(options.padding())
                                       .output_padding(ExpandingArray<D>(output_padding))
                                       .groups(options.groups())
                                       .dilation(options.dilation()));
  }

  ConvTransposeOptions<D> options;
  Tensor weight;
  Tensor bias;
};

#define EMBER_CONV_TRANSPOSE_MODULE(Name, D)                                         \
  class Name##Impl : public ConvTransposeNdImpl<D, Name##Impl> {                     \
   public:                                                                           \
    using ConvTransposeNdImpl::ConvTransposeNdImpl;                                  \
    static constexpr const char* kName = #Name;                                      \
    static Tensor conv_transpose(const Tensor& x, const Tensor& w,                   \
                                 const functional::ConvTransposeFuncOptions<D>& o) { \
      return functional::conv_transpose##D##d(x, w, o);                              \
    }                                                                                \
  };                                                                                 \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_CONV_TRANSPOSE_MODULE(ConvTranspose1d, 1);
EMBER_CONV_TRANSPOSE_MODULE(ConvTranspose2d, 2);
EMBER_CONV_TRANSPOSE_MODULE(ConvTranspose3d, 3);
#undef EMBER_CONV_TRANSPOSE_MODULE

class FoldImpl : public Cloneable<FoldImpl> {
 public:
  FoldImpl(ExpandingArray<2> output_size, ExpandingArray<2> kernel_size)
      : FoldImpl(FoldOptions(output_size, kernel_size)) {}
  explicit FoldImpl(const FoldOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  FoldOptions options;
};
EMBER_MODULE_IMPL(Fold, FoldImpl);

class UnfoldImpl : public Cloneable<UnfoldImpl> {
 public:
  explicit UnfoldImpl(const UnfoldOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  UnfoldOptions options;
};
EMBER_MODULE_IMPL(Unfold, UnfoldImpl);

}  // namespace ember::nn
