#include "ember/nn/modules/conv.h"

#include <cmath>
#include <ostream>

#include "ember/nn/init.h"
#include "ember/ops.h"

namespace ember::nn {
namespace detail {

void make_conv_parameters(Module& module, const char* layer, int64_t in_channels,
                          int64_t out_channels, IntArrayRef kernel_size, int64_t groups, bool bias,
                          bool transposed, Tensor& weight_out, Tensor& bias_out) {
  EMBER_CHECK(in_channels > 0 && out_channels > 0, layer,
              "expected positive in_channels and out_channels, got ", in_channels, " and ",
              out_channels);
  EMBER_CHECK(groups > 0, layer, "expected a positive number of groups, got ", groups);
  EMBER_CHECK(in_channels % groups == 0, layer, "in_channels must be divisible by groups, got ",
              in_channels, " channels and ", groups, " groups");
  EMBER_CHECK(out_channels % groups == 0, layer, "out_channels must be divisible by groups, got ",
              out_channels, " channels and ", groups, " groups");
  for (int64_t k : kernel_size) {
    EMBER_CHECK(k > 0, layer, "expected a positive kernel_size, got ", kernel_size);
  }
  std::vector<int64_t> shape = transposed
                                   ? std::vector<int64_t>{in_channels, out_channels / groups}
                                   : std::vector<int64_t>{out_channels, in_channels / groups};
  shape.insert(shape.end(), kernel_size.begin(), kernel_size.end());
  weight_out = module.register_parameter("weight", ember::empty(shape));
  bias_out =
      module.register_parameter("bias", bias ? ember::empty({out_channels}) : Tensor(), bias);
  reset_conv_parameters(weight_out, bias_out);
}

void reset_conv_parameters(const Tensor& weight, const Tensor& bias) {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (!bias.defined()) return;
  auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
  if (fan_in == 0) return;
  const double bound = 1 / std::sqrt(static_cast<double>(fan_in));
  init::uniform_(bias, -bound, bound);
}

void print_conv_head(std::ostream& stream, int64_t in_channels, int64_t out_channels,
                     IntArrayRef kernel_size, IntArrayRef stride) {
  stream << in_channels << ", " << out_channels << ", kernel_size=" << kernel_size
         << ", stride=" << stride;
}

void print_conv_tail(std::ostream& stream, IntArrayRef dilation, int64_t groups, bool bias,
                     const conv_padding_mode_t& padding_mode) {
  bool unit_dilation = true;
  for (int64_t d : dilation) unit_dilation = unit_dilation && d == 1;
  if (!unit_dilation) stream << ", dilation=" << dilation;
  if (groups != 1) stream << ", groups=" << groups;
  if (!bias) stream << ", bias=false";
  if (!std::holds_alternative<enumtype::kZeros>(padding_mode)) {
    stream << ", padding_mode=" << enumtype::get_enum_name(padding_mode);
  }
}

std::vector<int64_t> transposed_output_padding(const Tensor& input, IntArrayRef output_size,
                                               IntArrayRef stride, IntArrayRef padding,
                                               IntArrayRef kernel_size, IntArrayRef dilation,
                                               const char* layer) {
  const auto spatial = static_cast<int64_t>(kernel_size.size());
  const int64_t leading = input.dim() == spatial + 2 ? 2 : 1;
  std::vector<int64_t> size(output_size.begin(), output_size.end());
  if (static_cast<int64_t>(size.size()) == leading + spatial) {
    size.erase(size.begin(), size.begin() + leading);
  }
  EMBER_CHECK(static_cast<int64_t>(size.size()) == spatial, layer, "for ", input.dim(),
              "D input, output_size must have ", spatial, " or ", spatial + leading,
              " elements (got ", output_size.size(), ")");
  std::vector<int64_t> output_padding;
  for (int64_t d = 0; d < spatial; ++d) {
    const int64_t min_size = (input.size(d + leading) - 1) * stride[d] - 2 * padding[d] +
                             dilation[d] * (kernel_size[d] - 1) + 1;
    const int64_t max_size = min_size + stride[d] - 1;
    EMBER_CHECK(size[d] >= min_size && size[d] <= max_size, layer, "requested an output size of ",
                IntArrayRef(size), ", but valid sizes range from ", min_size, " to ", max_size,
                " in dim ", d, " (for an input of ", input.sizes(), ")");
    output_padding.push_back(size[d] - min_size);
  }
  return output_padding;
}

std::vector<int64_t> reversed_padding(IntArrayRef padding, IntArrayRef kernel_size,
                                      IntArrayRef dilation, bool same) {
  std::vector<int64_t> pad;
  for (size_t i = kernel_size.size(); i-- > 0;) {
    if (same) {
      // As PyTorch's 'same': the total d·(k - 1), the extra one on the right.
      const int64_t total = dilation[i] * (kernel_size[i] - 1);
      pad.push_back(total / 2);
      pad.push_back(total - total / 2);
    } else if (padding.empty()) {
      pad.insert(pad.end(), {0, 0});  // 'valid'
    } else {
      pad.insert(pad.end(), {padding[i], padding[i]});
    }
  }
  return pad;
}

Tensor pad_for_mode(const Tensor& input, const std::vector<int64_t>& pad,
                    const conv_padding_mode_t& mode) {
  return ember::pad(input, pad, enumtype::get_enum_name(mode));
}

}  // namespace detail

void FoldImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Fold(output_size=" << options.output_size()
         << ", kernel_size=" << options.kernel_size() << ", dilation=" << options.dilation()
         << ", padding=" << options.padding() << ", stride=" << options.stride() << ")";
}

Tensor FoldImpl::forward(const Tensor& input) {
  return functional::fold(input, options);
}

void UnfoldImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Unfold(kernel_size=" << options.kernel_size()
         << ", dilation=" << options.dilation() << ", padding=" << options.padding()
         << ", stride=" << options.stride() << ")";
}

Tensor UnfoldImpl::forward(const Tensor& input) {
  return functional::unfold(input, options);
}

}  // namespace ember::nn
