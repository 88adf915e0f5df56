"""Convolutions: conv1d/2d/3d (stride, padding incl. "same"/"valid", dilation, groups and
depthwise, no bias), conv_transpose1d/2d/3d (output_padding), im2col (F.unfold) and col2im
(F.fold). Differentiable cases also carry PyTorch's input/weight/bias gradients.

Note [Convolution fixture layout]
inputs = [input, weight, bias (when args.bias), grad_output (when args.grads)];
expected = [output, grad input, grad weight, grad bias (when args.bias)] with grads, else the
output alone. Args "k" and "bound" follow Note [Product tolerances] (linalg.py): k the longest
contraction of any of the products, bound the largest value of the same computation on the
inputs' absolute values.
"""
import torch
import torch.nn.functional as F

from common import case, error, outcome, random_values, spec, to_json, with_ember_words

F32, F64 = torch.float32, torch.float64
DIMS = {"conv1d": 1, "conv2d": 2, "conv3d": 3,
        "conv_transpose1d": 1, "conv_transpose2d": 2, "conv_transpose3d": 3}


def short(dtype):
    return str(dtype)[6:]


def rand(shape, dtype, views=()):
    return spec(random_values(shape, dtype, -1.0, 1.0), views)


def call(op, x, w, b, a):
    if op.startswith("conv_transpose"):
        return getattr(F, op)(x, w, b, stride=a.get("stride", 1), padding=a.get("padding", 0),
                              output_padding=a.get("output_padding", 0),
                              groups=a.get("groups", 1), dilation=a.get("dilation", 1))
    return getattr(F, op)(x, w, b, stride=a.get("stride", 1), padding=a.get("padding", 0),
                          dilation=a.get("dilation", 1), groups=a.get("groups", 1))


def run(op, x, w, b, gout, a):
    """[y, gx, gw, (gb)] (or [y] without gout)."""
    leaves = [t.detach().requires_grad_() for t in (x, w)] + (
        [b.detach().requires_grad_()] if b is not None else [])
    y = call(op, leaves[0], leaves[1], leaves[2] if b is not None else None, a)
    if gout is None:
        return [y]
    grads = torch.autograd.grad(y, leaves, gout)
    return [y] + list(grads)


def conv_case(op, name, x_shape, w_shape, dtype, bias=True, grads=True, x_views=(), **a):
    x, xs = rand(x_shape, dtype, x_views)
    w, ws = rand(w_shape, dtype)
    inputs, tensors = [xs, ws], [x, w]
    b = None
    if bias:
        out_ch = w_shape[1] * a.get("groups", 1) if op.startswith("conv_transpose") else w_shape[0]
        b, bs = rand((out_ch,), dtype)
        inputs.append(bs)
    gout = None
    y = outcome(lambda: call(op, x, w, b, a))
    if grads and "error" not in y:
        gout, gs = rand(tuple(y["shape"]), dtype)
        inputs.append(gs)
    try:
        results = run(op, x, w, b, gout, a)
        expected = [to_json(r) for r in results] if grads else to_json(results[0])
        absolute = run(op, x.double().abs(), w.double().abs(),
                       b.double().abs() if b is not None else None,
                       gout.double().abs() if gout is not None else None, a)
        bound = max(float(r.abs().max()) if r.numel() else 0.0 for r in absolute)
    except (RuntimeError, ValueError) as e:
        expected, bound = error(e), 0.0
    # The longest contraction: input channels per group x kernel (output), output channels per
    # group x kernel (input grad), batch x output positions (weight grad).
    k = 1
    for s in w_shape:
        k *= s
    batch_positions = 1
    if "error" not in (expected if isinstance(expected, dict) else {}):
        ys = expected[0]["shape"] if grads else expected["shape"]
        for s in ys[:1] + ys[2:]:
            batch_positions *= s
    k = max(k, batch_positions)
    return case(op, name, inputs, expected, bias=bias, grads=grads and gout is not None,
                k=k, bound=bound, **a)


# float64 repeats the cases whose names are listed here (keeps the fixture small).
F64_CASES = {"basic", "groups", "strided_input", "stride_output_padding", "same_even_kernel",
             "stride_pad_dilation", "depthwise"}


def both_dtypes(make):
    """make(dtype) for float32, and the F64_CASES among them again for float64."""
    out = make(F32)
    return out + [c for c in make(F64) if c["name"].split("/")[0] in F64_CASES]


def conv_cases():
    def make(dtype):
        t = short(dtype)
        return [
            conv_case("conv1d", f"basic/{t}", (2, 3, 7), (4, 3, 3), dtype),
            conv_case("conv1d", f"stride_pad_dilation/{t}", (2, 2, 10), (3, 2, 3), dtype,
                      stride=2, padding=2, dilation=2),
            conv_case("conv1d", f"same_even_kernel/{t}", (1, 2, 6), (2, 2, 4), dtype,
                      padding="same"),
            conv_case("conv1d", f"valid/{t}", (2, 2, 6), (2, 2, 3), dtype, padding="valid"),
            conv_case("conv2d", f"basic/{t}", (2, 3, 5, 4), (3, 3, 3, 3), dtype, padding=1),
            conv_case("conv2d", f"stride_asym/{t}", (2, 2, 7, 6), (3, 2, 3, 2), dtype,
                      stride=[2, 1], padding=[1, 0]),
            conv_case("conv2d", f"dilation/{t}", (1, 2, 7, 7), (2, 2, 3, 3), dtype, dilation=2,
                      padding=1),
            conv_case("conv2d", f"groups/{t}", (2, 4, 5, 5), (6, 2, 3, 3), dtype, groups=2),
            conv_case("conv2d", f"depthwise/{t}", (1, 3, 5, 5), (6, 1, 3, 3), dtype, groups=3,
                      padding=1),
            conv_case("conv2d", f"no_bias/{t}", (2, 3, 5, 4), (2, 3, 2, 2), dtype, bias=False),
            conv_case("conv2d", f"pointwise/{t}", (2, 3, 4, 4), (5, 3, 1, 1), dtype),
            conv_case("conv2d", f"same_dilated_even/{t}", (1, 2, 5, 6), (2, 2, 2, 4), dtype,
                      padding="same", dilation=[1, 1]),
            conv_case("conv2d", f"same_odd/{t}", (1, 2, 5, 5), (2, 2, 3, 3), dtype,
                      padding="same", dilation=2),
            conv_case("conv2d", f"transposed_input/{t}", (2, 3, 5, 6), (2, 3, 3, 3), dtype,
                      padding=1, x_views=[("transpose", 2, 3)]),
            conv_case("conv2d", f"strided_input/{t}", (2, 3, 5, 12), (2, 3, 3, 3), dtype,
                      x_views=[("slice", 3, 0, 12, 2)]),
            conv_case("conv2d", f"unbatched/{t}", (3, 5, 5), (2, 3, 3, 3), dtype, padding=1),
            conv_case("conv2d", f"empty_batch/{t}", (0, 3, 5, 5), (2, 3, 3, 3), dtype),
            conv_case("conv3d", f"basic/{t}", (1, 2, 3, 4, 3), (2, 2, 2, 3, 2), dtype, padding=1),
            conv_case("conv3d", f"stride_dilation_groups/{t}", (1, 4, 5, 4, 5), (4, 2, 2, 2, 2),
                      dtype, stride=2, dilation=[1, 2, 1], groups=2),
        ]
    out = both_dtypes(make)
    # Integer convolutions raise (PyTorch's CPU convolution has floating kernels only).
    out.append(conv_case("conv2d", "error/int64", (1, 2, 4, 4), (2, 2, 2, 2), torch.int64,
                         grads=False, padding=1))
    out.append(conv_case("conv1d", "error/int32", (2, 2, 5), (3, 2, 2), torch.int32, grads=False))
    # Errors.
    err = lambda op, name, xs, ws, **a: conv_case(op, f"error/{name}", xs, ws, F32, **a)
    out += [
        err("conv2d", "rank", (3, 28), (4, 3, 3, 3)),
        err("conv2d", "weight_rank", (1, 3, 8, 8), (4, 3, 3)),
        err("conv2d", "channels", (1, 3, 8, 8), (4, 1, 3, 3)),
        err("conv2d", "groups_divide", (1, 4, 8, 8), (4, 2, 3, 3), groups=3),
        err("conv2d", "kernel_too_large", (1, 4, 2, 2), (4, 4, 3, 3)),
        err("conv2d", "stride_zero", (1, 4, 4, 4), (4, 4, 1, 1), stride=0),
        err("conv2d", "negative_padding", (1, 4, 4, 4), (4, 4, 1, 1), padding=-1),
        err("conv2d", "dilation_zero", (1, 4, 4, 4), (4, 4, 1, 1), dilation=0),
        err("conv2d", "groups_zero", (1, 4, 4, 4), (4, 4, 1, 1), groups=0),
        err("conv2d", "same_strided", (1, 4, 4, 4), (4, 4, 1, 1), padding="same", stride=2),
        err("conv2d", "param_length", (1, 4, 4, 4), (4, 4, 1, 1), stride=[1, 1, 1]),
        err("conv1d", "zero_out_channels", (1, 4, 4), (0, 4, 1)),
    ]
    return out


def conv_transpose_cases():
    def make(dtype):
        t = short(dtype)
        return [
            conv_case("conv_transpose1d", f"basic/{t}", (2, 3, 5), (3, 2, 3), dtype),
            conv_case("conv_transpose1d", f"stride_output_padding/{t}", (2, 2, 4), (2, 3, 3),
                      dtype, stride=3, padding=1, output_padding=2),
            conv_case("conv_transpose2d", f"basic/{t}", (2, 3, 4, 3), (3, 2, 3, 3), dtype,
                      padding=1),
            conv_case("conv_transpose2d", f"stride_output_padding/{t}", (2, 2, 3, 4),
                      (2, 3, 3, 2), dtype, stride=2, padding=[1, 0], output_padding=1),
            conv_case("conv_transpose2d", f"groups_dilation/{t}", (1, 4, 3, 3), (4, 3, 2, 2),
                      dtype, groups=2, dilation=2, stride=2, output_padding=1),
            conv_case("conv_transpose2d", f"no_bias/{t}", (2, 2, 3, 3), (2, 2, 2, 2), dtype,
                      bias=False),
            conv_case("conv_transpose2d", f"strided_input/{t}", (2, 2, 3, 8), (2, 2, 3, 3),
                      dtype, x_views=[("slice", 3, 0, 8, 2)]),
            conv_case("conv_transpose2d", f"unbatched/{t}", (2, 3, 3), (2, 3, 2, 2), dtype),
            conv_case("conv_transpose2d", f"empty_batch/{t}", (0, 2, 3, 3), (2, 3, 2, 2), dtype),
            conv_case("conv_transpose3d", f"basic/{t}", (1, 2, 3, 2, 3), (2, 2, 2, 2, 2), dtype,
                      stride=[1, 2, 1], padding=[0, 1, 0], output_padding=[0, 1, 0]),
        ]
    out = both_dtypes(make)
    out.append(conv_case("conv_transpose2d", "error/int64", (1, 2, 3, 3), (2, 2, 2, 2), torch.int64,
                         grads=False, stride=2))
    err = lambda op, name, xs, ws, **a: conv_case(op, f"error/{name}", xs, ws, F32, **a)
    out += [
        err("conv_transpose2d", "rank", (2, 3, 3, 3, 3), (2, 2, 2, 2)),
        err("conv_transpose2d", "channels", (1, 3, 3, 3), (2, 2, 2, 2)),
        err("conv_transpose2d", "output_padding", (1, 2, 3, 3), (2, 2, 3, 3), stride=2,
            output_padding=2),
        err("conv_transpose2d", "output_too_small", (1, 2, 2, 2), (2, 2, 3, 3), padding=3),
        err("conv_transpose2d", "groups_divide", (1, 3, 3, 3), (3, 2, 2, 2), groups=2),
        err("conv_transpose1d", "stride_zero", (1, 2, 3), (2, 2, 2), stride=0),
        err("conv_transpose3d", "negative_output_padding", (1, 2, 2, 2, 2), (2, 2, 2, 2, 2),
            output_padding=-1),
    ]
    return out


def fold_cases():
    out = []
    for dtype in [F32, F64]:
        t = short(dtype)
        for name, shape, k, d, p, s, views in [
                ("basic", (2, 2, 4, 5), [2, 3], 1, 0, 1, ()),
                ("stride_pad_dilation", (1, 2, 7, 6), [3, 2], [2, 1], 1, [2, 1], ()),
                ("unbatched", (2, 4, 4), 2, 1, 1, 2, ()),
                ("strided_input", (2, 2, 4, 10), 2, 1, 0, 1, [("slice", 3, 0, 10, 2)])]:
            if dtype == F64 and name != "basic":
                continue
            x, xs = rand(shape, dtype, views)
            out.append(case("im2col", f"{name}/{t}", [xs],
                            outcome(lambda: F.unfold(x, k, d, p, s)),
                            kernel_size=k, dilation=d, padding=p, stride=s))
            cols = F.unfold(x, k, d, p, s)
            c, cs = rand(tuple(cols.shape), dtype)
            size = list(shape[-2:])
            out.append(case("col2im", f"{name}/{t}", [cs],
                            outcome(lambda: F.fold(c, size, k, d, p, s)), output_size=size,
                            kernel_size=k, dilation=d, padding=p, stride=s))
    x, xs = rand((0, 2, 4, 4), F32)
    out.append(case("im2col", "empty_batch", [xs], outcome(lambda: F.unfold(x, 2)),
                    kernel_size=2, dilation=1, padding=0, stride=1))
    for name, shape, k, d, p, s in [("rank", (3, 4), 2, 1, 0, 1),
                                    ("kernel_zero", (1, 1, 4, 4), 0, 1, 0, 1),
                                    ("too_small", (1, 1, 2, 2), 3, 1, 0, 1),
                                    ("stride_zero", (1, 1, 4, 4), 2, 1, 0, 0)]:
        x, xs = rand(shape, F32)
        out.append(case("im2col", f"error/{name}", [xs], outcome(lambda: F.unfold(x, k, d, p, s)),
                        kernel_size=k, dilation=d, padding=p, stride=s))
    for name, shape, size, k in [("divisible", (1, 5, 9), [4, 4], 2),
                                 ("blocks", (1, 4, 8), [4, 4], 2),
                                 ("rank", (4,), [4, 4], 2)]:
        c, cs = rand(shape, F32)
        out.append(case("col2im", f"error/{name}", [cs], outcome(lambda: F.fold(c, size, k)),
                        output_size=size, kernel_size=k, dilation=1, padding=0, stride=1))
    return out


def compact(node):
    """float32 data with 9 significant digits (enough to round-trip a float32): a smaller file."""
    if isinstance(node, list):
        return [compact(x) for x in node]
    if isinstance(node, dict):
        if node.get("dtype") == "float32" and "data" in node:
            node["data"] = [float("%.9g" % v) if isinstance(v, float) else v
                            for v in node["data"]]
        return {k: compact(v) for k, v in node.items()}
    return node


# Error cases whose PyTorch message cannot apply to Ember (Note [Golden errors] in
# tests/support/golden_error.h): the words Ember's message must contain instead.
EMBER_WORDS = {
    # The generator sets requires_grad on an integer tensor: torch refuses that first.
    ("conv2d", "error/int64"): "not implemented for 'Long'",
    # The generator sets requires_grad on an integer tensor: torch refuses that first.
    ("conv1d", "error/int32"): "not implemented for 'Int'",
    # The generator sets requires_grad on an integer tensor: torch refuses that first.
    ("conv_transpose2d", "error/int64"): "not implemented for 'Long'",
    # torch indexes the input's dim 2 before checking its rank: an index error.
    ("im2col", "error/rank"): "Expected 3D or 4D (batch mode) tensor for input",
}


def cases():
    return with_ember_words(compact(conv_cases() + conv_transpose_cases() + fold_cases()),
                            EMBER_WORDS)
