#include "ember/nn/functional/conv.h"

#include "ember/ops.h"

namespace ember::nn::functional {
namespace {

// Calls the string-padding or size-padding form of a convolution op.
template <size_t D, class Op>
Tensor conv_nd(const Tensor& input, const Tensor& weight, const ConvFuncOptions<D>& o, Op op) {
  return std::visit(
      [&](const auto& padding) {
        using P = std::decay_t<decltype(padding)>;
        if constexpr (std::is_same_v<P, ExpandingArray<D>>) {
          return op(input, weight, o.bias(), o.stride(), IntArrayRef(padding), o.dilation(),
                    o.groups());
        } else {
          return op(input, weight, o.bias(), o.stride(), std::string_view(padding.name()),
                    o.dilation(), o.groups());
        }
      },
      o.padding());
}

}  // namespace

Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options) {
  return conv_nd<1>(input, weight, options, [](auto&&... a) { return ember::conv1d(a...); });
}

Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options) {
  return conv_nd<2>(input, weight, options, [](auto&&... a) { return ember::conv2d(a...); });
}

Tensor conv3d(const Tensor& input, const Tensor& weight, const Conv3dFuncOptions& options) {
  return conv_nd<3>(input, weight, options, [](auto&&... a) { return ember::conv3d(a...); });
}

Tensor conv_transpose1d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose1dFuncOptions& o) {
  return ember::conv_transpose1d(input, weight, o.bias(), o.stride(), o.padding(),
                                 o.output_padding(), o.groups(), o.dilation());
}

Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose2dFuncOptions& o) {
  return ember::conv_transpose2d(input, weight, o.bias(), o.stride(), o.padding(),
                                 o.output_padding(), o.groups(), o.dilation());
}

Tensor conv_transpose3d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose3dFuncOptions& o) {
  return ember::conv_transpose3d(input, weight, o.bias(), o.stride(), o.padding(),
                                 o.output_padding(), o.groups(), o.dilation());
}

Tensor unfold(const Tensor& input, const UnfoldFuncOptions& o) {
  return ember::im2col(input, o.kernel_size(), o.dilation(), o.padding(), o.stride());
}

Tensor fold(const Tensor& input, const FoldFuncOptions& o) {
  return ember::col2im(input, o.output_size(), o.kernel_size(), o.dilation(), o.padding(),
                       o.stride());
}

}  // namespace ember::nn::functional
