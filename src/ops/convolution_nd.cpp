// The recorded convolution primitives (ops/convolution.h) and im2col / col2im (F.unfold, F.fold).
#include <algorithm>
#include <numeric>

#include "autograd/record.h"
#include "ember/ops/convolution.h"
#include "ember/ops/reduction.h"
#include "ops/backend.h"
#include "ops/convolution.h"
#include "ops/op_util.h"

namespace ember {
namespace detail {
namespace {

using autograd::variable_list;
using autograd::detail::FormulaContext;
using autograd::detail::Recorder;

// Geometry of the forward convolution x (N, C, in) * w (O, C / groups, kernel) -> (N, O, out),
// spatial dims right-aligned into 3 (Note [Convolution geometry]).
detail::ConvGeometry geometry(int64_t batch, int64_t channels, int64_t out_channels, IntArrayRef in,
                              IntArrayRef out, IntArrayRef kernel, const ConvParams& p) {
  detail::ConvGeometry g;
  g.batch = batch;
  g.in_channels = channels;
  g.out_channels = out_channels;
  g.groups = p.groups;
  const size_t dims = in.size(), shift = 3 - dims;
  for (size_t d = 0; d < dims; ++d) {
    g.in[shift + d] = in[d];
    g.out[shift + d] = out[d];
    g.kernel[shift + d] = kernel[d];
    g.stride[shift + d] = p.stride[d];
    g.padding[shift + d] = p.padding[d];
    g.dilation[shift + d] = p.dilation[d];
  }
  return g;
}

DimVector cat_sizes(int64_t a, int64_t b, IntArrayRef rest) {
  DimVector s{a, b};
  for (int64_t v : rest) s.push_back(v);
  return s;
}

IntArrayRef spatial(const Tensor& t) {
  return t.sizes().slice(2);
}

// Which operands a bilinear formula must save: each only if the other requires grad.
std::vector<Tensor> save_pair(const Tensor& a, const Tensor& b) {
  return {b.requires_grad() ? a : Tensor(), a.requires_grad() ? b : Tensor()};
}

// Sum over every dim but 1: the bias gradient.
Tensor sum_but_channels(const Tensor& g) {
  DimVector dims{0};
  for (int64_t d = 2; d < g.dim(); ++d) dims.push_back(d);
  return g.sum(dims);
}

}  // namespace

DimVector conv_output_size(IntArrayRef in, IntArrayRef kernel, const ConvParams& p) {
  DimVector out(in.size());
  for (size_t d = 0; d < in.size(); ++d) {
    out[d] = (in[d] + 2 * p.padding[d] - p.dilation[d] * (kernel[d] - 1) - 1) / p.stride[d] + 1;
  }
  return out;
}

Tensor conv_nd(const Tensor& x, const Tensor& w, const Tensor& bias, const ConvParams& p) {
  Recorder rec({&x, &w, &bias});
  const Tensor xc = x.contiguous(), wc = w.contiguous();
  const Tensor bc = bias.defined() ? bias.contiguous() : Tensor();
  const DimVector out = conv_output_size(spatial(x), spatial(w), p);
  Tensor y = make_empty(cat_sizes(x.size(0), w.size(0), out), x.scalar_type(), x.device(), "conv");
  detail::backend_of(y).conv_forward(
      *y.unsafeGetTensorImpl(), *xc.unsafeGetTensorImpl(), *wc.unsafeGetTensorImpl(),
      bc.defined() ? bc.unsafeGetTensorImpl() : nullptr,
      geometry(x.size(0), x.size(1), w.size(0), spatial(x), out, spatial(w), p));
  if (rec) {
    const DimVector in_size(spatial(x)), kernel(spatial(w));
    rec.record(
        "ConvolutionBackward0", y, save_pair(x, w), [p, in_size, kernel](const FormulaContext& c) {
          const Tensor g = c.grad(0).contiguous();  // once for both products
          return variable_list{c.needs(0) ? conv_transpose_nd(g, c.saved(1), p, in_size) : Tensor(),
                               c.needs(1) ? conv_weight_nd(c.saved(0), g, p, kernel) : Tensor(),
                               c.needs(2) ? sum_but_channels(g) : Tensor()};
        });
  }
  return y;
}

Tensor conv_transpose_nd(const Tensor& dy, const Tensor& w, const ConvParams& p,
                         IntArrayRef in_size) {
  Recorder rec({&dy, &w});
  const Tensor dyc = dy.contiguous(), wc = w.contiguous();
  const int64_t channels = w.size(1) * p.groups;
  Tensor dx = make_empty(cat_sizes(dy.size(0), channels, in_size), dy.scalar_type(), dy.device(),
                         "conv_transpose");
  detail::backend_of(dx).conv_input_adjoint(
      *dx.unsafeGetTensorImpl(), *dyc.unsafeGetTensorImpl(), *wc.unsafeGetTensorImpl(),
      geometry(dy.size(0), channels, w.size(0), in_size, spatial(dy), spatial(w), p));
  if (rec) {
    const DimVector kernel(spatial(w));
    rec.record("ConvolutionBackward0", dx, save_pair(dy, w), [p, kernel](const FormulaContext& c) {
      const Tensor g = c.grad(0).contiguous();  // once for both products
      return variable_list{c.needs(0) ? conv_nd(g, c.saved(1), Tensor(), p) : Tensor(),
                           c.needs(1) ? conv_weight_nd(g, c.saved(0), p, kernel) : Tensor()};
    });
  }
  return dx;
}

Tensor conv_weight_nd(const Tensor& x, const Tensor& dy, const ConvParams& p, IntArrayRef kernel) {
  Recorder rec({&x, &dy});
  const Tensor xc = x.contiguous(), dyc = dy.contiguous();
  Tensor dw = make_empty(cat_sizes(dy.size(1), x.size(1) / p.groups, kernel), x.scalar_type(),
                         x.device(), "conv_weight");
  detail::backend_of(dw).conv_weight_adjoint(
      *dw.unsafeGetTensorImpl(), *xc.unsafeGetTensorImpl(), *dyc.unsafeGetTensorImpl(),
      geometry(x.size(0), x.size(1), dy.size(1), spatial(x), spatial(dy), kernel, p));
  if (rec) {
    const DimVector in_size(spatial(x));
    rec.record("ConvolutionBackwardBackward0", dw, save_pair(x, dy),
               [p, in_size](const FormulaContext& c) {
                 const Tensor g = c.grad(0).contiguous();  // once for both products
                 return variable_list{
                     c.needs(0) ? conv_transpose_nd(c.saved(1), g, p, in_size) : Tensor(),
                     c.needs(1) ? conv_nd(c.saved(0), g, Tensor(), p) : Tensor()};
               });
  }
  return dw;
}

// ---- im2col / col2im ---------------------------------------------------------------------------
namespace {

struct FoldArgs {
  DimVector kernel, dilation, padding, stride;
};

DimVector pair_arg(IntArrayRef v, const char* name, const char* op) {
  EMBER_CHECK(v.size() == 1 || v.size() == 2, op, "expected ", name,
              " to be a single value or a list of 2 values, but got ", name, "=", v);
  return v.size() == 1 ? DimVector{v[0], v[0]} : DimVector(v);
}

FoldArgs fold_args(IntArrayRef kernel_size, IntArrayRef dilation, IntArrayRef padding,
                   IntArrayRef stride, const char* op) {
  FoldArgs a{pair_arg(kernel_size, "kernel_size", op), pair_arg(dilation, "dilation", op),
             pair_arg(padding, "padding", op), pair_arg(stride, "stride", op)};
  EMBER_CHECK(a.kernel[0] > 0 && a.kernel[1] > 0, op,
              "kernel size should be greater than zero, but got kernel_size=", a.kernel);
  EMBER_CHECK(a.dilation[0] > 0 && a.dilation[1] > 0, op,
              "dilation should be greater than zero, but got dilation=", a.dilation);
  EMBER_CHECK(a.padding[0] >= 0 && a.padding[1] >= 0, op,
              "padding should be non-negative, but got padding=", a.padding);
  EMBER_CHECK(a.stride[0] > 0 && a.stride[1] > 0, op,
              "stride should be greater than zero, but got stride=", a.stride);
  return a;
}

void check_fold_dtype(const Tensor& t, const char* op) {
  EMBER_CHECK(is_floating_point(t.scalar_type()), op, "expected a floating-point input, got ",
              t.scalar_type());
}

// The sliding-block grid of a (H, W) image: each component must be at least 1.
DimVector block_grid(IntArrayRef hw, const FoldArgs& a, const char* op) {
  ConvParams p{a.stride, a.padding, a.dilation, 1};
  DimVector blocks = conv_output_size(hw, a.kernel, p);
  EMBER_CHECK(blocks[0] >= 1 && blocks[1] >= 1, op, "given spatial size ", hw,
              ", kernel_size=", a.kernel, ", dilation=", a.dilation, ", padding=", a.padding,
              ", stride=", a.stride, ", the grid of sliding blocks is ", blocks,
              ", but each of its sizes must be at least 1");
  return blocks;
}

detail::ConvGeometry fold_geometry(int64_t batch, int64_t channels, IntArrayRef hw,
                                   IntArrayRef blocks, const FoldArgs& a) {
  return geometry(batch, channels, 0, hw, blocks, a.kernel,
                  ConvParams{a.stride, a.padding, a.dilation, 1});
}

// Half and bfloat16 are folded in float32 (exact for im2col; col2im sums in float32).
ScalarType fold_compute(ScalarType t) {
  return t == kHalf || t == kBFloat16 ? kFloat : t;
}

Tensor im2col_impl(const Tensor& input, const FoldArgs& a) {
  Recorder rec({&input});
  const bool batched = input.dim() == 4;
  const Tensor x = (batched ? input : input.unsqueeze(0));
  const int64_t n = x.size(0), channels = x.size(1);
  const DimVector hw{x.size(2), x.size(3)};
  const DimVector blocks = block_grid(hw, a, "im2col");
  const ScalarType compute = fold_compute(x.scalar_type());
  const Tensor xc = x.to(compute).contiguous();
  Tensor cols = make_empty({n, channels * a.kernel[0] * a.kernel[1], blocks[0] * blocks[1]},
                           compute, x.device(), "im2col");
  detail::backend_of(cols).im2col(*cols.unsafeGetTensorImpl(), *xc.unsafeGetTensorImpl(),
                                  fold_geometry(n, channels, hw, blocks, a));
  Tensor result = cols.to(input.scalar_type());
  if (!batched) result = result.squeeze(0);
  if (rec) {
    rec.record("Im2ColBackward0", result, {}, [a, hw](const FormulaContext& c) {
      return variable_list{col2im(c.grad(0), hw, a.kernel, a.dilation, a.padding, a.stride)};
    });
  }
  return result;
}

}  // namespace
}  // namespace detail

Tensor im2col(const Tensor& input, IntArrayRef kernel_size, IntArrayRef dilation,
              IntArrayRef padding, IntArrayRef stride) {
  const char* op = "im2col";
  detail::check_defined(input, op);
  detail::check_same_device(op, {&input});
  const detail::FoldArgs a = detail::fold_args(kernel_size, dilation, padding, stride, op);
  const bool ok_rank = input.dim() == 3 || input.dim() == 4;
  bool nonzero = ok_rank;
  for (int64_t d = input.dim() - 3; ok_rank && d < input.dim(); ++d) nonzero &= input.size(d) > 0;
  EMBER_CHECK(nonzero, op,
              "Expected 3D or 4D (batch mode) tensor for input with possibly 0 batch size and "
              "non-zero dimensions for input, but got: ",
              input.sizes());
  detail::check_fold_dtype(input, op);
  return detail::im2col_impl(input, a);
}

Tensor col2im(const Tensor& input, IntArrayRef output_size, IntArrayRef kernel_size,
              IntArrayRef dilation, IntArrayRef padding, IntArrayRef stride) {
  const char* op = "col2im";
  detail::check_defined(input, op);
  detail::check_same_device(op, {&input});
  EMBER_CHECK(output_size.size() == 2, op, "expected output_size to have 2 elements, but got ",
              output_size);
  const detail::FoldArgs a = detail::fold_args(kernel_size, dilation, padding, stride, op);
  const bool ok_rank = input.dim() == 2 || input.dim() == 3;
  bool nonzero = ok_rank;
  for (int64_t d = input.dim() - 2; ok_rank && d < input.dim(); ++d) nonzero &= input.size(d) > 0;
  EMBER_CHECK(nonzero, op,
              "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
              "non-zero dimensions for input, but got: ",
              input.sizes());
  detail::check_fold_dtype(input, op);
  const bool batched = input.dim() == 3;
  const Tensor cols = batched ? input : input.unsqueeze(0);
  const int64_t kk = a.kernel[0] * a.kernel[1];
  EMBER_CHECK(cols.size(1) % kk == 0, op, "expected size of input's dimension ", batched ? 1 : 0,
              " to be divisible by the product of kernel_size, but got input.size(",
              batched ? 1 : 0, ")=", cols.size(1), " and kernel_size=", a.kernel);
  const detail::DimVector blocks = detail::block_grid(output_size, a, op);
  EMBER_CHECK(cols.size(2) == blocks[0] * blocks[1], op, "given output_size=", output_size,
              ", kernel_size=", a.kernel, ", dilation=", a.dilation, ", padding=", a.padding,
              ", stride=", a.stride, ", expected size of input's dimension ", batched ? 2 : 1,
              " to match the number of sliding blocks ", blocks[0], " * ", blocks[1], " = ",
              blocks[0] * blocks[1], ", but got ", cols.size(2));
  autograd::detail::Recorder rec({&input});
  const int64_t n = cols.size(0), channels = cols.size(1) / kk;
  const ScalarType compute = detail::fold_compute(input.scalar_type());
  const Tensor cc = cols.to(compute).contiguous();
  Tensor x =
      detail::make_empty({n, channels, output_size[0], output_size[1]}, compute, cols.device(), op);
  detail::backend_of(x).col2im(*x.unsafeGetTensorImpl(), *cc.unsafeGetTensorImpl(),
                               detail::fold_geometry(n, channels, output_size, blocks, a));
  Tensor result = x.to(input.scalar_type());
  if (!batched) result = result.squeeze(0);
  if (rec) {
    rec.record("Col2ImBackward0", result, {}, [a](const autograd::detail::FormulaContext& c) {
      return autograd::variable_list{im2col(c.grad(0), a.kernel, a.dilation, a.padding, a.stride)};
    });
  }
  return result;
}

}  // namespace ember
