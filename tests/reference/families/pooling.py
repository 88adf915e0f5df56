"""Pooling: max_pool*, avg_pool*, adaptive_*_pool*, max_unpool*.

Window arguments travel in "args" as lists (kernel_size, stride, padding, dilation, output_size)
plus ceil_mode, count_include_pad and divisor_override. A case with args "grad": true has one
more input, the upstream gradient of the (first) output, and one more expected tensor: the
input's gradient. Values are continuous random numbers, so max windows have no ties.
"""
import torch
import torch.nn.functional as F

from common import case, outcome, random_values, spec, to_json, with_ember_words

F32, F64, BF16 = torch.float32, torch.float64, torch.bfloat16


def short(dtype):
    return str(dtype)[6:]


def quantized(shape, dtype=F32):
    """Random values on a grid of 1/64 (short in JSON; ties in max windows do occur, and the
    first maximum wins in PyTorch as in Ember)."""
    v = random_values(shape, dtype)
    return v if not v.is_floating_point() else (v.double() * 64).round().div(64).to(dtype)


def rand(shape, dtype=F32, views=()):
    return spec(quantized(shape, dtype), views)


def channels_last(shape, dtype=F32):
    """An (N, C, *spatial) input stored channels-last: a permuted view of (N, *spatial, C)."""
    n = len(shape)
    base = [shape[0]] + list(shape[2:]) + [shape[1]]
    return rand(base, dtype, [("permute", [0, n - 1] + list(range(1, n - 1)))])


def strided(shape, dtype=F32):
    base = list(shape)
    base[-1] *= 2
    return rand(base, dtype, [("slice", -1, 0, base[-1], 2)])


def run(fn, x, grad):
    """Expected outputs of fn(x) (a tensor or a tuple), plus x's gradient for `grad` upstream."""
    if grad is None:
        return outcome(lambda: fn(x))
    x = x.detach().clone().requires_grad_()
    r = fn(x)
    out = r[0] if isinstance(r, tuple) else r
    out.backward(grad)
    outs = list(r) if isinstance(r, tuple) else [r]
    return [to_json(t) for t in outs] + [to_json(x.grad)]


def pool_case(op, name, inp, fn, with_grad=False, **args):
    x, s = inp
    inputs = [s]
    grad = None
    if with_grad:
        shape = fn(x.detach())
        shape = (shape[0] if isinstance(shape, tuple) else shape).shape
        g, gs = rand(shape, x.dtype)
        grad = g
        inputs.append(gs)
        args["grad"] = True
    return case(op, name, inputs, run(fn, x, grad), **args)


def max_fn(n, k, s, p, d, ceil, indices):
    f = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[n]
    return lambda x: f(x, k, s, p, d, ceil_mode=ceil, return_indices=indices)


def max_configs(n):
    """(label, kernel, stride, padding, dilation, ceil_mode) covering the window rules."""
    one = lambda v: [v] * n  # noqa: E731
    mixed = lambda a, b: ([a] * (n - 1) + [b])  # noqa: E731
    return [
        ("k2", [2], [], [0], [1], False),
        ("k3s2", [3], [2], [0], [1], False),
        ("k3s2p1", one(3), one(2), one(1), one(1), False),
        ("mixed", mixed(3, 2), mixed(2, 1), mixed(1, 0), [1], False),
        ("dilation2", [2], [1], [1], [2], False),
        ("ceil", [2], [2], [0], [1], True),
        ("ceil_pad", [3], [2], [1], [1], True),
        ("ceil_dilation", [3], [2], [1], [2], True),
        ("stride_gt_kernel", [2], [3], [0], [1], True),
    ]


def small(n):
    return {1: (1, 2, 4), 2: (1, 2, 4, 4), 3: (1, 1, 4, 4, 4)}[n]


def shapes(n):
    return {1: (2, 2, 9), 2: (2, 2, 7, 6), 3: (1, 2, 5, 4, 4)}[n]


def max_pool_cases():
    out = []
    for n in (1, 2, 3):
        shape = shapes(n)
        eshape = small(n)
        for op, indices in ((f"max_pool{n}d", False), (f"max_pool{n}d_with_indices", True)):
            # max_poolNd shares max_poolNd_with_indices' path: a few configurations suffice.
            configs = max_configs(n) if indices else max_configs(n)[::3]
            for label, k, s, p, d, ceil in configs:
                fn = max_fn(n, k, s, p, d, ceil, indices)
                args = dict(kernel_size=k, stride=s, padding=p, dilation=d, ceil_mode=ceil)
                out.append(pool_case(op, f"{label}/float32", rand(shape), fn, with_grad=indices,
                                     **args))
            fn = max_fn(n, [2], [], [0], [1], False, indices)
            args = dict(kernel_size=[2], stride=[], padding=[0], dilation=[1], ceil_mode=False)
            for dtype in (F64, BF16) if n < 3 else (F64,):  # torch 1.13: no bfloat16 3-d
                out.append(pool_case(op, f"k2/{short(dtype)}", rand(shape, dtype), fn,
                                     with_grad=indices and dtype == F64, **args))
            out.append(pool_case(op, "channels_last", channels_last(shape), fn, with_grad=indices,
                                 **args))
            out.append(pool_case(op, "strided", strided(shape), fn, **args))
            out.append(pool_case(op, "unbatched", rand(shape[1:]), fn, with_grad=indices, **args))
            out.append(pool_case(op, "zero_batch", rand((0,) + shape[1:]), fn, **args))
            # NaN wins the max (the last NaN of a window); -inf everywhere keeps the first index.
            x = quantized(shape, F32)
            x.view(-1)[::7] = float("nan")
            x.view(-1)[1::5] = float("-inf")
            out.append(pool_case(op, "nan_inf", spec(x), fn, **args))
            fn3 = max_fn(n, [3], [1], [1], [1], False, indices)
            out.append(pool_case(op, "all_neg_inf", spec(torch.full(shape, float("-inf"))), fn3,
                                 kernel_size=[3], stride=[1], padding=[1], dilation=[1],
                                 ceil_mode=False))
            # Errors.
            base = dict(kernel_size=[2], stride=[], padding=[0], dilation=[1], ceil_mode=False)
            errs = [
                ("rank", rand(eshape[2:]), base),
                ("empty_channel", rand((1, 0) + eshape[2:]), base),
                ("kernel_len", rand(eshape), dict(base, kernel_size=[2] * (n + 1))),
                ("kernel_zero", rand(eshape), dict(base, kernel_size=[0])),
                ("stride_zero", rand(eshape), dict(base, stride=[0])),
                ("pad_too_large", rand(eshape), dict(base, kernel_size=[3], padding=[2])),
                ("pad_negative", rand(eshape), dict(base, padding=[-1])),
                ("dilation_zero", rand(eshape), dict(base, dilation=[0])),
                ("int64", rand(eshape, torch.int64), base),
            ]
            # torch 1.13's max_pool1d returns an empty result here; 2.x raises (checked in C++).
            if op != "max_pool1d":
                errs.append(("too_small", rand(eshape[:2] + (1,) * n), base))
            for label, inp, a in errs:
                fn = max_fn(n, a["kernel_size"], a["stride"], a["padding"], a["dilation"],
                            a["ceil_mode"], indices)
                out.append(pool_case(op, f"error/{label}", inp, fn, **a))
    return out


def avg_fn(n, k, s, p, ceil, include, divisor):
    if n == 1:
        return lambda x: F.avg_pool1d(x, k, s, p, ceil, include)
    f = F.avg_pool2d if n == 2 else F.avg_pool3d
    return lambda x: f(x, k, s, p, ceil, include, divisor)


def avg_pool_cases():
    out = []
    for n in (1, 2, 3):
        op = f"avg_pool{n}d"
        shape = shapes(n)
        eshape = small(n)
        configs = [("k2", [2], [], [0], False, True, None),
                   ("k3s2p1", [3], [2], [1], False, True, None),
                   ("k3s2p1_exclude_pad", [3], [2], [1], False, False, None),
                   ("ceil", [2], [2], [0], True, True, None),
                   ("ceil_pad", [3], [2], [1], True, True, None),
                   ("ceil_pad_exclude", [3], [2], [1], True, False, None),
                   ("mixed", [3] * (n - 1) + [2], [2] * (n - 1) + [1], [1] * (n - 1) + [0],
                    False, True, None)]
        if n > 1:
            configs += [("divisor", [3], [2], [1], False, True, 5),
                        ("divisor_negative", [2], [], [0], True, False, -3)]
        for label, k, s, p, ceil, include, div in configs:
            args = dict(kernel_size=k, stride=s, padding=p, ceil_mode=ceil,
                        count_include_pad=include)
            if div is not None:
                args["divisor_override"] = div
            out.append(pool_case(op, f"{label}/float32", rand(shape),
                                 avg_fn(n, k, s, p, ceil, include, div), with_grad=True, **args))
        base = dict(kernel_size=[2], stride=[], padding=[0], ceil_mode=False,
                    count_include_pad=True)
        fn = avg_fn(n, [2], [], [0], False, True, None)
        out.append(pool_case(op, "k2/float64", rand(shape, F64), fn, with_grad=True, **base))
        out.append(pool_case(op, "channels_last", channels_last(shape), fn, with_grad=True,
                             **base))
        out.append(pool_case(op, "strided", strided(shape), fn, **base))
        out.append(pool_case(op, "unbatched", rand(shape[1:]), fn, with_grad=True, **base))
        out.append(pool_case(op, "zero_batch", rand((0,) + shape[1:]), fn, **base))
        errs = [("rank", rand(eshape[2:]), base),
                ("empty_channel", rand((1, 0) + eshape[2:]), base),
                ("kernel_len", rand(eshape), dict(base, kernel_size=[2] * (n + 1))),
                ("stride_zero", rand(eshape), dict(base, stride=[0])),
                ("pad_too_large", rand(eshape), dict(base, kernel_size=[3], padding=[2])),
                ("too_small", rand(eshape[:2] + (1,) * n), base)]
        if n > 1:
            errs.append(("divisor_zero", rand(eshape), dict(base, divisor_override=0)))
        for label, inp, a in errs:
            fn = avg_fn(n, a["kernel_size"], a["stride"], a["padding"], False, True,
                        a.get("divisor_override"))
            out.append(pool_case(op, f"error/{label}", inp, fn, **a))
    return out


def adaptive_cases():
    out = []
    avg = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
    mx = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
    for n in (1, 2, 3):
        shape = shapes(n)
        eshape = small(n)
        sizes = [("divisible", [s // 2 if s % 2 == 0 else s for s in shape[2:]]),
                 ("uneven", [3] * n), ("one", [1] * n), ("larger", [s + 2 for s in shape[2:]]),
                 ("zero", [0] + [2] * (n - 1))]
        for kind, fns in (("avg", avg), ("max", mx)):
            op = f"adaptive_{kind}_pool{n}d"
            f = fns[n]
            call = (lambda f: lambda size: lambda x: f(x, size))(f) if kind == "avg" else \
                (lambda f: lambda size: lambda x: f(x, size, return_indices=True))(f)
            for label, size in sizes:
                out.append(pool_case(op, f"{label}/float32", rand(shape), call(size),
                                     with_grad=label != "zero", output_size=size))
            size = [3] * n
            out.append(pool_case(op, "uneven/float64", rand(shape, F64), call(size),
                                 with_grad=True, output_size=size))
            out.append(pool_case(op, "channels_last", channels_last(shape), call(size),
                                 with_grad=True, output_size=size))
            out.append(pool_case(op, "strided", strided(shape), call(size), output_size=size))
            out.append(pool_case(op, "unbatched", rand(shape[1:]), call(size), with_grad=True,
                                 output_size=size))
            out.append(pool_case(op, "zero_batch", rand((0,) + shape[1:]), call(size),
                                 output_size=size))
            for label, inp, sz in [("rank", rand(eshape[2:]), size),
                                   ("empty_spatial", rand(eshape[:2] + (0,) + eshape[3:]), size),
                                   ("int64", rand(eshape, torch.int64), size)]:
                out.append(pool_case(op, f"error/{label}", inp, call(sz), output_size=sz))
    return out


def unpool_fn(n, size, stride=None, padding=None):
    if n == 1:
        return lambda x, i: torch._C._nn.max_unpool2d(x.unsqueeze(-1), i.unsqueeze(-1),
                                                      size + [1]).squeeze(-1)
    if n == 2:
        return lambda x, i: torch._C._nn.max_unpool2d(x, i, size)
    return lambda x, i: torch._C._nn.max_unpool3d(x, i, size, stride, padding)


def unpool_case(n, name, x, idx, size, with_grad=False, **extra):
    op = f"max_unpool{n}d"
    fn = unpool_fn(n, size, extra.get("stride"), extra.get("padding"))
    xs = spec(x)
    ids = spec(idx)
    args = dict(output_size=size, **extra)
    inputs = [xs[1], ids[1]]
    if not with_grad:
        return case(op, name, inputs, outcome(lambda: fn(x, idx)), **args)
    xg = x.detach().clone().requires_grad_()
    r = fn(xg, idx)
    g, gs = rand(r.shape, x.dtype)
    r.backward(g)
    args["grad"] = True
    return case(op, name, inputs + [gs], [to_json(r), to_json(xg.grad)], **args)


def unpool_cases():
    out = []
    for n in (1, 2, 3):
        shape = shapes(n)
        eshape = small(n)
        extra = dict(stride=[2] * n, padding=[0] * n) if n == 3 else {}
        pool = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[n]
        for dtype in (F32, F64):
            x = quantized(shape, dtype)
            v, i = pool(x, 2, return_indices=True)
            size = list(shape[2:])
            out.append(unpool_case(n, f"roundtrip/{short(dtype)}", v, i, size, True, **extra))
            bigger = [s + 1 for s in size]
            out.append(unpool_case(n, f"larger/{short(dtype)}", v, i, bigger, True, **extra))
        v, i = pool(quantized(shape[1:], F32), 2, return_indices=True)
        out.append(unpool_case(n, "unbatched", v, i, list(shape[2:]), True, **extra))
        v, i = pool(quantized((0,) + shape[1:], F32), 2, return_indices=True)
        out.append(unpool_case(n, "zero_batch", v, i, list(shape[2:]), **extra))
        v, i = pool(quantized(shape, F32), 2, return_indices=True)
        size = list(shape[2:])
        out.append(unpool_case(n, "error/invalid_index", v, i, [2] * n, **extra))
        out.append(unpool_case(n, "error/index_dtype", v, i.int(), size, **extra))
        out.append(unpool_case(n, "error/shape_mismatch", v, i[:1], size, **extra))
        out.append(unpool_case(n, "error/size_len", v, i, size + [2], **extra))
    return out


# Error cases whose PyTorch message cannot apply to Ember (Note [Golden errors] in
# tests/support/golden_error.h): the words Ember's message must contain instead.
KERNEL_LEN_1D = "kernel_size must be an int, list of ints or tuple of ints of size 1 but got size 2"
EMPTY_1D = ("Expected input to have non-zero size for non-batch dimensions, but input has sizes "
            "[1, 2, 0] with dimension 2 being empty")
EMBER_WORDS = {
    # Python's argument parser ("argument 'kernel_size' should contain one int").
    ("max_pool1d_with_indices", "error/kernel_len"): KERNEL_LEN_1D,
    # Python's argument parser ("argument 'kernel_size' should contain one int").
    ("avg_pool1d", "error/kernel_len"): KERNEL_LEN_1D,
    # torch runs the 1-d op as 2-d and reports the unsqueezed dim's dilation (dilationH: 1).
    ("max_pool1d_with_indices", "error/dilation_zero"):
        "dilation should be greater than zero, but got dilationW: 0",
    # torch reads input.size(-3) before its rank check: an index error, not the rank's message.
    ("avg_pool2d", "error/rank"): "Expected 3D or 4D (batch mode) tensor",
    # torch runs the 1-d op as 2-d and reports the unsqueezed sizes [1, 2, 1, 0] and dimension 3.
    ("adaptive_avg_pool1d", "error/empty_spatial"): EMPTY_1D,
    # torch runs the 1-d op as 2-d and reports the unsqueezed sizes [1, 2, 1, 0] and dimension 3.
    ("adaptive_max_pool1d", "error/empty_spatial"): EMPTY_1D,
    # The generator calls max_unpool2d on the unsqueezed input: one more output_size element.
    ("max_unpool1d", "error/size_len"):
        "There should be exactly one element (width) in output_size, but got 2 elements.",
}


def cases():
    return with_ember_words(max_pool_cases() + avg_pool_cases() + adaptive_cases() +
                            unpool_cases(), EMBER_WORDS)
