// conv1d/2d/3d and conv_transpose1d/2d/3d: argument checks (PyTorch's rules and messages), the
// "same"/"valid" padding modes, unbatched inputs and dtype handling, over the recorded
// primitives of ops/convolution.h.
#include "ops/convolution.h"

#include <string>

#include "ember/ops/convolution.h"
#include "ember/ops/rearrange.h"
#include "ops/op_util.h"

namespace ember {
namespace detail {
namespace {

// What distinguishes the ops: the name, the number of spatial dims, transposed or not.
struct ConvOp {
  const char* name;
  int64_t dims;
  bool transposed;
};

// One value for every spatial dim, or one per dim (ATen's expand_param_if_needed).
DimVector expand_param(IntArrayRef v, const char* what, const ConvOp& op) {
  EMBER_CHECK(v.size() == 1 || static_cast<int64_t>(v.size()) == op.dims, op.name, "expected ",
              what, " to be a single integer value or a list of ", op.dims,
              " values to match the convolution dimensions, but got ", what, "=", v);
  return v.size() == 1 ? DimVector(static_cast<size_t>(op.dims), v[0]) : DimVector(v);
}

bool all_of(IntArrayRef v, bool (*pred)(int64_t)) {
  for (int64_t x : v) {
    if (!pred(x)) return false;
  }
  return true;
}

std::string spatial_text(IntArrayRef v) {
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? " x " : "") + std::to_string(v[i]);
  return s + ")";
}

// Checks everything but the output size.
void check_conv(const Tensor& input, const Tensor& weight, const Tensor& bias, const ConvParams& p,
                IntArrayRef output_padding, const ConvOp& op) {
  const int64_t dims = op.dims;
  EMBER_CHECK(input.dim() == dims + 1 || input.dim() == dims + 2, op.name, "Expected ", dims + 1,
              "D (unbatched) or ", dims + 2, "D (batched) input to ", op.name,
              ", but got input of size: ", input.sizes());
  if (weight.dim() != dims + 2) {
    // PyTorch takes the spatial dims from the weight, so it first finds the stride too long or
    // too short for them.
    EMBER_CHECK(
        weight.dim() < 3, op.name, "expected a ", dims + 2, "-d weight, but got weight of size ",
        weight.sizes(), ": expected stride to be a single integer value or a list of ",
        weight.dim() - 2,
        " values to match the convolution dimensions, but got stride=", IntArrayRef(p.stride));
    EMBER_FAIL(op.name, "expected a ", dims + 2, "-d weight, but got weight of size ",
               weight.sizes());
  }
  const ScalarType dtype = input.scalar_type();
  EMBER_CHECK(weight.scalar_type() == dtype, op.name,
              "expected input and weight to have the same dtype, but got ", dtype, " and ",
              weight.scalar_type());
  EMBER_CHECK(!bias.defined() || bias.scalar_type() == dtype, op.name,
              "expected input and bias to have the same dtype, but got ", dtype, " and ",
              bias.scalar_type());
  // PyTorch's CPU convolution has floating-point kernels only.
  EMBER_CHECK(is_floating_point(dtype), op.name, "not implemented for '", dtype,
              "': expected a floating-point input");
  EMBER_CHECK(all_of(p.stride, [](int64_t v) { return v > 0; }), op.name,
              "non-positive stride is not supported, got stride=", IntArrayRef(p.stride));
  EMBER_CHECK(all_of(p.padding, [](int64_t v) { return v >= 0; }), op.name,
              "negative padding is not supported, got padding=", IntArrayRef(p.padding));
  EMBER_CHECK(all_of(p.dilation, [](int64_t v) { return v > 0; }), op.name,
              "dilation should be greater than zero, but got dilation=", IntArrayRef(p.dilation));
  EMBER_CHECK(p.groups > 0, op.name, "non-positive groups is not supported, got groups=", p.groups);
  if (op.transposed) {
    EMBER_CHECK(all_of(output_padding, [](int64_t v) { return v >= 0; }), op.name,
                "negative output_padding is not supported, got output_padding=", output_padding);
    for (int64_t d = 0; d < dims; ++d) {
      EMBER_CHECK(output_padding[d] < p.stride[d] || output_padding[d] < p.dilation[d], op.name,
                  "output padding must be smaller than either stride or dilation, but got "
                  "output_padding=",
                  output_padding, ", stride=", IntArrayRef(p.stride),
                  ", dilation=", IntArrayRef(p.dilation));
    }
  }
  const int64_t channels = input.size(input.dim() - dims - 1);
  // Unbatched inputs are named with their batch dim of 1, as PyTorch does.
  DimVector batched_sizes(input.sizes());
  if (input.dim() == dims + 1) {
    batched_sizes = DimVector{1};
    for (int64_t s : input.sizes()) batched_sizes.push_back(s);
  }
  const std::string input_text = "input" + str_cat(IntArrayRef(batched_sizes));
  EMBER_CHECK(weight.size(0) % p.groups == 0, op.name, "given groups=", p.groups,
              ", expected weight to be divisible by ", p.groups,
              " at dimension 0, but got weight of size ", weight.sizes(), " instead");
  if (op.transposed) {
    EMBER_CHECK(channels == weight.size(0), op.name, "given transposed=1, weight of size ",
                weight.sizes(), ", expected ", input_text, " to have ", weight.size(0),
                " channels, but got ", channels, " channels instead");
  } else {
    EMBER_CHECK(weight.size(0) >= 1, op.name, "given groups=", p.groups,
                ", expected weight to be at least 1 at dimension 0, but got weight of size ",
                weight.sizes(), " instead");
    EMBER_CHECK(channels == weight.size(1) * p.groups, op.name, "given groups=", p.groups,
                ", weight of size ", weight.sizes(), ", expected ", input_text, " to have ",
                weight.size(1) * p.groups, " channels, but got ", channels, " channels instead");
  }
  const int64_t out_channels = op.transposed ? weight.size(1) * p.groups : weight.size(0);
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == out_channels), op.name,
              "given weight of size ", weight.sizes(), ", expected bias to be 1-dimensional with ",
              out_channels, " elements, but got bias of size ", bias.sizes(), " instead");
}

Tensor run_conv(const Tensor& x, const Tensor& weight, const Tensor& bias, const ConvParams& p,
                IntArrayRef output_padding, const ConvOp& op) {
  const IntArrayRef in = x.sizes().slice(2), kernel = weight.sizes().slice(2);
  if (!op.transposed) {
    DimVector padded(in.size());
    for (size_t d = 0; d < in.size(); ++d) padded[d] = in[d] + 2 * p.padding[d];
    bool fits = true;
    for (size_t d = 0; d < in.size(); ++d) fits &= padded[d] >= p.dilation[d] * (kernel[d] - 1) + 1;
    DimVector dilated(kernel.size());
    for (size_t d = 0; d < kernel.size(); ++d) dilated[d] = p.dilation[d] * (kernel[d] - 1) + 1;
    EMBER_CHECK(fits, op.name, "calculated padded input size per channel: ", spatial_text(padded),
                ". Kernel size: ", spatial_text(dilated),
                ". Kernel size can't be greater than actual input size");
    return conv_nd(x, weight, bias, p);
  }
  DimVector out(in.size());
  bool positive = true;
  for (size_t d = 0; d < in.size(); ++d) {
    out[d] = (in[d] - 1) * p.stride[d] - 2 * p.padding[d] + p.dilation[d] * (kernel[d] - 1) +
             output_padding[d] + 1;
    positive &= out[d] > 0;
  }
  EMBER_CHECK(positive, op.name, "given input size per channel: ", spatial_text(in),
              ". Calculated output size per channel: ", spatial_text(out),
              ". Output size is too small");
  Tensor y = conv_transpose_nd(x, weight, p, out);
  if (bias.defined()) {
    DimVector shape{1, bias.size(0)};
    for (size_t d = 0; d < in.size(); ++d) shape.push_back(1);
    y = y + bias.view(shape);
  }
  return y;
}

Tensor convolution(const Tensor& input, const Tensor& weight, const Tensor& bias,
                   IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation,
                   IntArrayRef output_padding, int64_t groups, const ConvOp& op) {
  check_defined(input, op.name, "input");
  check_defined(weight, op.name, "weight");
  check_same_device(op.name, {&input, &weight, &bias});
  const ConvParams p{expand_param(stride, "stride", op), expand_param(padding, "padding", op),
                     expand_param(dilation, "dilation", op), groups};
  const DimVector out_pad = expand_param(output_padding, "output_padding", op);
  check_conv(input, weight, bias, p, out_pad, op);
  const bool batched = input.dim() == op.dims + 2;
  Tensor x = batched ? input : input.unsqueeze(0);
  const ScalarType dtype = input.scalar_type();
  Tensor y;
  if (dtype == kHalf || dtype == kBFloat16) {
    // Computed in float32 and rounded once (PyTorch's opmath).
    y = run_conv(x.to(kFloat), weight.to(kFloat), bias.defined() ? bias.to(kFloat) : Tensor(), p,
                 out_pad, op)
            .to(dtype);
  } else {
    y = run_conv(x, weight, bias, p, out_pad, op);
  }
  return batched ? y : y.squeeze(0);
}

// padding="same" / "valid" (ATen's _convolution_mode).
Tensor convolution_mode(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, std::string_view padding, IntArrayRef dilation,
                        int64_t groups, const ConvOp& op) {
  if (padding == "valid") {
    return convolution(input, weight, bias, stride, 0, dilation, 0, groups, op);
  }
  EMBER_CHECK(padding == "same", op.name, "invalid padding string: '", padding,
              "', expected 'same' or 'valid'");
  check_defined(input, op.name, "input");
  check_defined(weight, op.name, "weight");
  const DimVector s = expand_param(stride, "stride", op);
  const DimVector d = expand_param(dilation, "dilation", op);
  for (int64_t v : s) {
    EMBER_CHECK(v == 1, op.name, "padding='same' is not supported for strided convolutions");
  }
  EMBER_CHECK(weight.dim() == op.dims + 2, op.name, "expected a ", op.dims + 2,
              "-d weight, but got weight of size ", weight.sizes());
  DimVector left(static_cast<size_t>(op.dims)), pad_nd(static_cast<size_t>(2 * op.dims), 0);
  bool symmetric = true;
  for (int64_t i = 0; i < op.dims; ++i) {
    const int64_t total = d[i] * (weight.size(2 + i) - 1);
    left[i] = total / 2;
    const int64_t right = total - left[i];
    if (right != left[i]) {
      // F.pad lists (low, high) pairs from the last dim; the extra zero goes on the high side.
      symmetric = false;
      pad_nd[2 * (op.dims - 1 - i) + 1] = right - left[i];
    }
  }
  if (symmetric) return convolution(input, weight, bias, s, left, d, 0, groups, op);
  const bool ok_rank = input.dim() == op.dims + 1 || input.dim() == op.dims + 2;
  EMBER_CHECK(ok_rank, op.name, "Expected ", op.dims + 1, "D (unbatched) or ", op.dims + 2,
              "D (batched) input to ", op.name, ", but got input of size: ", input.sizes());
  return convolution(constant_pad_nd(input, pad_nd, 0), weight, bias, s, left, d, 0, groups, op);
}

constexpr ConvOp kConv1d{"conv1d", 1, false}, kConv2d{"conv2d", 2, false},
    kConv3d{"conv3d", 3, false};
constexpr ConvOp kConvT1d{"conv_transpose1d", 1, true}, kConvT2d{"conv_transpose2d", 2, true},
    kConvT3d{"conv_transpose3d", 3, true};

}  // namespace
}  // namespace detail

Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return detail::convolution(input, weight, bias, stride, padding, dilation, 0, groups,
                             detail::kConv1d);
}
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return detail::convolution(input, weight, bias, stride, padding, dilation, 0, groups,
                             detail::kConv2d);
}
Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return detail::convolution(input, weight, bias, stride, padding, dilation, 0, groups,
                             detail::kConv3d);
}
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation, int64_t groups) {
  return detail::convolution_mode(input, weight, bias, stride, padding, dilation, groups,
                                  detail::kConv1d);
}
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation, int64_t groups) {
  return detail::convolution_mode(input, weight, bias, stride, padding, dilation, groups,
                                  detail::kConv2d);
}
Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              std::string_view padding, IntArrayRef dilation, int64_t groups) {
  return detail::convolution_mode(input, weight, bias, stride, padding, dilation, groups,
                                  detail::kConv3d);
}
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              int64_t padding, IntArrayRef dilation, int64_t groups) {
  return conv1d(input, weight, bias, stride, IntArrayRef(padding), dilation, groups);
}
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              int64_t padding, IntArrayRef dilation, int64_t groups) {
  return conv2d(input, weight, bias, stride, IntArrayRef(padding), dilation, groups);
}
Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              int64_t padding, IntArrayRef dilation, int64_t groups) {
  return conv3d(input, weight, bias, stride, IntArrayRef(padding), dilation, groups);
}
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                        int64_t groups, IntArrayRef dilation) {
  return detail::convolution(input, weight, bias, stride, padding, dilation, output_padding, groups,
                             detail::kConvT1d);
}
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                        int64_t groups, IntArrayRef dilation) {
  return detail::convolution(input, weight, bias, stride, padding, dilation, output_padding, groups,
                             detail::kConvT2d);
}
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                        int64_t groups, IntArrayRef dilation) {
  return detail::convolution(input, weight, bias, stride, padding, dilation, output_padding, groups,
                             detail::kConvT3d);
}

}  // namespace ember
