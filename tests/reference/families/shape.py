"""Views and copies: new geometry over the same data (view, slice, expand, ...), reshape's copy
fallback, dtype conversions (to; Note [16-bit rounding cases]), and copy_ with broadcasting.

A case's "shares" (present when the input has elements) says whether PyTorch's result shares
the input's storage, which the C++ test checks with is_alias_of.
"""
import math

import torch

from common import ALL, DTYPE_NAMES, FLOATS, INTS, case, layouts, outcome, random_values, spec


def _shares(x, r):
    if x.numel() == 0:
        return None
    rs = r if isinstance(r, (list, tuple)) else [r]
    flags = {t.storage().data_ptr() == x.storage().data_ptr() for t in rs if t.numel() > 0}
    return None if len(flags) != 1 else flags.pop()


def add(out, op, name, inputs, fn, **args):
    """inputs: list of (torch tensor, spec)."""
    tensors = [t for t, _ in inputs]
    c = case(op, name, [s for _, s in inputs], outcome(lambda: fn(*tensors)), **args)
    if "error" not in c["expected"]:
        shares = _shares(tensors[0], fn(*tensors))
        if shares is not None:
            c["shares"] = shares
    out.append(c)


def inputs(shape, dtype=torch.float32):
    """(label, (tensor, spec)) in several layouts, plus an expanded one when a dim is 1."""
    for label, t, s in layouts(shape, dtype):
        yield label, (t, s)
    if len(shape) >= 2 and shape[0] > 1:
        t, s = spec(random_values(shape[1:], dtype), [("expand", list(shape))])
        yield "expanded", (t, s)


def one(shape, dtype=torch.float32, views=()):
    t, s = spec(random_values(shape, dtype), views)
    return (t, s)


def view_cases(out):
    for label, x in inputs((2, 3, 4)):
        for sizes in [[24], [-1], [6, 4], [2, 12], [4, -1, 2], [2, 3, 4], [2, 3, 2, 2],
                      [1, 2, 1, 12], [-1, -1], [5, 5], [-1, 5], [2, -2, -6]]:
            add(out, "view", f"{label}/{sizes}", [x], lambda t: t.view(sizes), sizes=sizes)
            add(out, "reshape", f"{label}/{sizes}", [x], lambda t: t.reshape(sizes), sizes=sizes)
    for sizes in [[1], [], [-1], [1, 1], [2]]:
        x = one(())
        add(out, "view", f"zero_dim/{sizes}", [x], lambda t: t.view(sizes), sizes=sizes)
        add(out, "reshape", f"zero_dim/{sizes}", [x], lambda t: t.reshape(sizes), sizes=sizes)
    for sizes in [[3, 0], [-1, 3], [0], [-1], [0, -1], [2, 0, 5]]:
        x = one((0, 3))
        add(out, "view", f"zero_size/{sizes}", [x], lambda t: t.view(sizes), sizes=sizes)
        add(out, "reshape", f"zero_size/{sizes}", [x], lambda t: t.reshape(sizes), sizes=sizes)
    # Size-1 dims with odd strides do not block a view.
    x = one((4, 1, 6), views=[("slice", 2, 0, 6, 2)])
    for sizes in [[12], [2, 2, 3], [4, 3, 1]]:
        add(out, "view", f"size1_strided/{sizes}", [x], lambda t: t.view(sizes), sizes=sizes)
    x = one((3, 4), torch.int64)
    add(out, "view", "int64", [x], lambda t: t.view([4, 3]), sizes=[4, 3])
    for label, x in inputs((2, 3, 4)):
        for s, e in [(0, -1), (1, 2), (0, 0), (-2, -1), (2, 1), (0, 5)]:
            add(out, "flatten", f"{label}/{s},{e}", [x], lambda t: t.flatten(s, e),
                start_dim=s, end_dim=e)
    add(out, "flatten", "zero_dim", [one(())], lambda t: t.flatten(), start_dim=0, end_dim=-1)
    add(out, "flatten", "zero_size", [one((2, 0, 3))], lambda t: t.flatten(), start_dim=0,
        end_dim=-1)
    for label, x in inputs((2, 12)):
        for dim, sizes in [(1, [3, 4]), (-1, [2, -1, 3]), (0, [1, 2]), (1, [5, -1]), (1, [2, 2]),
                           (2, [3, 4]), (1, [-1, -1])]:
            add(out, "unflatten", f"{label}/{dim},{sizes}", [x], lambda t: t.unflatten(dim, sizes),
                dim=dim, sizes=sizes)


def squeeze_cases(out):
    for label, x in [("contiguous", one((1, 3, 1, 2))),
                     ("transposed", one((1, 2, 1, 3), views=[("transpose", -1, -3)])),
                     ("expanded", one((3, 1, 2), views=[("expand", [1, 3, 1, 2])]))]:
        add(out, "squeeze", f"{label}/all", [x], lambda t: t.squeeze())
        for dims in [[0], [1], [-2], [0, 2], [2, 0, 3], [4], [0, 0]]:
            def fn(t, dims=dims):
                # torch 1.13 squeezes one dim at a time; PyTorch 2.x's list form refuses
                # repeated dims.
                for d in dims:
                    if not -t.dim() <= d < t.dim():
                        t.squeeze(d)  # raises PyTorch's own out-of-range message
                wrapped = [d % t.dim() for d in dims]
                if len(set(wrapped)) != len(wrapped):
                    raise RuntimeError("dim appears multiple times in the list of dims")
                for d in sorted(wrapped, reverse=True):
                    t = t.squeeze(d)
                return t
            add(out, "squeeze", f"{label}/{dims}", [x], fn, dims=dims)
        for dim in [0, 2, 4, -1, -5, 5, -6]:
            add(out, "unsqueeze", f"{label}/{dim}", [x], lambda t: t.unsqueeze(dim), dim=dim)
    add(out, "squeeze", "zero_dim", [one(())], lambda t: t.squeeze())
    add(out, "squeeze", "zero_dim/[0]", [one(())], lambda t: t.squeeze(0), dims=[0])
    add(out, "squeeze", "zero_size", [one((0, 1))], lambda t: t.squeeze())
    add(out, "unsqueeze", "zero_dim/0", [one(())], lambda t: t.unsqueeze(0), dim=0)
    add(out, "unsqueeze", "zero_dim/-1", [one(())], lambda t: t.unsqueeze(-1), dim=-1)


def permute_cases(out):
    for label, x in inputs((2, 3, 4)):
        for a, b in [(0, 1), (0, 2), (-1, 0), (1, 1), (0, 3)]:
            add(out, "transpose", f"{label}/{a},{b}", [x], lambda t: t.transpose(a, b), dim0=a, dim1=b)
        for dims in [[2, 0, 1], [0, 1, 2], [-1, -2, -3], [0, 1], [0, 0, 1], [0, 1, 3]]:
            add(out, "permute", f"{label}/{dims}", [x], lambda t: t.permute(dims), dims=dims)
        for src, dst in [([0], [2]), ([0, 1], [2, 0]), ([-1], [0]), ([0, 0], [1, 2]),
                         ([0], [3]), ([0, 1], [1])]:
            add(out, "movedim", f"{label}/{src}->{dst}", [x], lambda t: torch.movedim(t, src, dst),
                source=src, destination=dst)
    add(out, "transpose", "zero_dim", [one(())], lambda t: t.transpose(0, -1), dim0=0, dim1=-1)
    add(out, "permute", "zero_dim", [one(())], lambda t: t.permute([]), dims=[])
    for shape in [(), (4,), (2, 3), (2, 3, 4), (0, 3)]:
        for label, x in [("contiguous", one(shape))] + (
                [("transposed", one(shape[::-1], views=[("transpose", 0, 1)]))] if len(shape) == 2 else []):
            add(out, "t", f"{label}/{list(shape)}", [x], lambda t: t.t())


def expand_cases(out):
    for label, x in [("contiguous", one((3, 1))), ("transposed", one((1, 3), views=[("transpose", 0, 1)])),
                     ("strided", one((3, 2), views=[("slice", 1, 0, 2, 2)]))]:
        for sizes in [[3, 4], [2, 3, 4], [-1, 4], [3, 1], [0, 3, 4], [3, 0], [4, 4], [4], [-1, 3, 4],
                      [2, -1, -1], [3, -2]]:
            add(out, "expand", f"{label}/{sizes}", [x], lambda t: t.expand(sizes), sizes=sizes)
            if sizes == [3, -2]:  # torch 1.13 fails on an internal numel overflow, not the size
                out[-1]["expected"]["ember"] = "the expanded size of the tensor (-2)"
    add(out, "expand", "zero_dim", [one(())], lambda t: t.expand([2, 3]), sizes=[2, 3])
    add(out, "expand", "expanded", [one((3,), views=[("expand", [1, 3])])],
        lambda t: t.expand([2, 2, 3]), sizes=[2, 2, 3])


def slicing_cases(out):
    for label, x in inputs((4, 6)):
        for dim, start, end, step in [(0, 1, 3, 1), (1, None, None, 2), (1, -4, None, 1),
                                      (1, 2, 100, 3), (0, -100, 2, 1), (1, 5, 2, 1), (1, 7, 9, 1),
                                      (-1, 0, 6, 4), (0, None, -1, 2), (1, 0, 6, 0), (1, 0, 6, -1),
                                      (2, 0, 1, 1)]:
            def fn(t):
                d = dim % 2 if -2 <= dim < 2 else 5
                if d == 5:  # Python indexing has no dim argument: aten's slice says it
                    return torch.ops.aten.slice(t, dim, start, end, step)
                return t[(slice(None),) * d + (slice(start, end, step),)]
            add(out, "slice", f"{label}/{dim},{start},{end},{step}", [x], fn, dim=dim, start=start,
                end=end, step=step)
        for dim, start, length in [(0, 1, 2), (1, 0, 6), (1, -3, 2), (1, 6, 0), (0, 3, 2), (1, -7, 1),
                                   (0, 0, -1), (2, 0, 1)]:
            add(out, "narrow", f"{label}/{dim},{start},{length}", [x],
                lambda t: t.narrow(dim, start, length), dim=dim, start=start, length=length)
        for dim, index in [(0, 0), (0, 3), (1, -1), (1, -6), (0, 4), (1, -7), (2, 0)]:
            add(out, "select", f"{label}/{dim},{index}", [x], lambda t: t.select(dim, index),
                dim=dim, index=index)
        for dim in [0, 1, -1, 2]:
            add(out, "unbind", f"{label}/{dim}", [x], lambda t: t.unbind(dim), dim=dim)
    add(out, "select", "zero_dim", [one(())], lambda t: t.select(0, 0), dim=0, index=0)
    add(out, "narrow", "zero_dim", [one(())], lambda t: t.narrow(0, 0, 1), dim=0, start=0, length=1)
    add(out, "unbind", "zero_size", [one((0, 3))], lambda t: t.unbind(0), dim=0)
    add(out, "unbind", "zero_dim", [one(())], lambda t: t.unbind(0), dim=0)
    add(out, "slice", "zero_size", [one((0, 3))], lambda t: t[1:2], dim=0, start=1, end=2, step=1)


def split_cases(out):
    for label, x in inputs((5, 6)):
        for size, dim in [(2, 0), (3, 1), (6, 1), (10, 0), (1, -1), (0, 0), (-1, 0), (2, 2)]:
            add(out, "split", f"{label}/{size},{dim}", [x], lambda t: t.split(size, dim),
                split_size=size, dim=dim)
        for sizes, dim in [([2, 3], 0), ([1, 0, 5], 1), ([6], 1), ([2, 2], 0), ([6, -1], 1), ([], 0)]:
            add(out, "split_with_sizes", f"{label}/{sizes},{dim}", [x],
                lambda t: t.split_with_sizes(sizes, dim), split_sizes=sizes, dim=dim)
        for chunks, dim in [(2, 0), (3, 0), (4, 1), (5, 1), (6, 1), (7, 1), (1, 0), (0, 0), (-1, 0),
                            (2, 3)]:
            add(out, "chunk", f"{label}/{chunks},{dim}", [x], lambda t: t.chunk(chunks, dim),
                chunks=chunks, dim=dim)
    x = one((0, 3))
    for chunks in [1, 3]:
        add(out, "chunk", f"empty_dim/{chunks}", [x], lambda t: t.chunk(chunks, 0), chunks=chunks, dim=0)
    add(out, "split", "empty_dim/0", [x], lambda t: t.split(0, 0), split_size=0, dim=0)
    add(out, "split", "empty_dim/2", [x], lambda t: t.split(2, 0), split_size=2, dim=0)
    add(out, "split_with_sizes", "empty_dim", [x], lambda t: t.split_with_sizes([0, 0], 0),
        split_sizes=[0, 0], dim=0)
    add(out, "split", "zero_dim", [one(())], lambda t: t.split(1, 0), split_size=1, dim=0)
    add(out, "chunk", "zero_dim", [one(())], lambda t: t.chunk(1, 0), chunks=1, dim=0)


def misc_view_cases(out):
    for label, x in inputs((3, 4)):
        for offset in [0, 1, 3, 4, 10, -1, -2, -3, -10]:
            add(out, "diagonal", f"{label}/{offset}", [x], lambda t: t.diagonal(offset),
                offset=offset, dim1=0, dim2=1)
        add(out, "diagonal", f"{label}/swapped", [x], lambda t: t.diagonal(1, 1, 0), offset=1,
            dim1=1, dim2=0)
    for label, x in inputs((2, 3, 4)):
        for offset, d1, d2 in [(0, 0, 2), (1, -1, 0), (-1, 1, 2), (0, 1, 1), (0, 0, 3)]:
            add(out, "diagonal", f"{label}/{offset},{d1},{d2}", [x],
                lambda t: t.diagonal(offset, d1, d2), offset=offset, dim1=d1, dim2=d2)
    add(out, "diagonal", "one_dim", [one((4,))], lambda t: t.diagonal(), offset=0, dim1=0, dim2=1)
    add(out, "diagonal", "zero_size", [one((0, 3))], lambda t: t.diagonal(), offset=0, dim1=0, dim2=1)
    for label, x in inputs((3, 4)):
        for sizes, strides, off in [([2, 2], [1, 2], 0), ([3], [4], 1), ([2, 3], [0, 1], None),
                                    ([12], [1], 0), ([13], [1], 0), ([2, 2], [5, 1], 5),
                                    ([0, 5], [100, 100], 0), ([], [], 11), ([], [], 12),
                                    ([2], [1, 1], 0), ([2], [-1], 2)]:
            kw = {} if off is None else {"storage_offset": off}
            add(out, "as_strided", f"{label}/{sizes},{strides},{off}", [x],
                lambda t: t.as_strided(sizes, strides, *([off] if off is not None else [])),
                sizes=sizes, strides=strides, **kw)
    for label, x in inputs((3, 8)):
        for dim, size, step in [(1, 3, 2), (1, 8, 1), (0, 2, 1), (-1, 1, 3), (1, 0, 1), (1, 9, 1),
                                (1, 2, 0), (2, 1, 1)]:
            add(out, "unfold", f"{label}/{dim},{size},{step}", [x],
                lambda t: t.unfold(dim, size, step), dim=dim, size=size, step=step)
    add(out, "unfold", "zero_dim", [one(())], lambda t: t.unfold(0, 1, 1), dim=0, size=1, step=1)


def copy_cases(out):
    for dtype in ALL:
        for label, x in inputs((3, 4), dtype):
            add(out, "contiguous", f"{label}/{DTYPE_NAMES[dtype]}", [x], lambda t: t.contiguous())
            add(out, "clone", f"{label}/{DTYPE_NAMES[dtype]}", [x], lambda t: t.clone())
    add(out, "clone", "zero_dim", [one(())], lambda t: t.clone())
    add(out, "clone", "zero_size", [one((0, 3))], lambda t: t.clone())
    add(out, "contiguous", "zero_dim", [one(())], lambda t: t.contiguous())
    # Conversions: values chosen to show truncation, wrapping, rounding and special values.
    sources = {
        torch.float64: [0.0, -0.0, 0.5, -0.5, 1.7, -1.7, 2.5, -2.9, 100.25, 0.1, 1e-8, 65504.0,
                        65519.0, 65520.0, 1e5, 3.4e38, 1e-40, float("nan"), float("inf"),
                        float("-inf"), 1.0 + 2 ** -10, 1.0 + 3 * 2 ** -11, 1.0 + 2 ** -24,
                        1.0 + 2 ** -8, 1.0 + 3 * 2 ** -9, 255.9, -127.5, 126.99],
        torch.float32: [0.0, 0.1, -1.5, 2.5, 1e-30, 7.3, -7.9, 65519.0, 1.00390625, 200.0,
                        float("nan"), float("-inf"), 1.0 + 2 ** -12],
        torch.int64: [0, 1, -1, 255, 256, -129, 127, 300, 2 ** 31, 2 ** 53 + 1, -(2 ** 40), 65504,
                      70000, 2049],
        torch.int32: [0, -1, 300, -300, 65535, 2 ** 24 + 1, 127],
        torch.uint8: [0, 1, 127, 128, 255],
        torch.int8: [0, -128, 127, -1, 5],
        torch.int16: [0, -32768, 32767, -1, 256],
        torch.bool: [True, False, True],
        torch.float16: [0.0, 0.1, -2.5, 65504.0, float("nan"), float("inf"), 1e-7, 0.333],
        torch.bfloat16: [0.0, 0.1, -2.5, 3e38, float("nan"), 1.0 + 2 ** -7, 255.0, 1e-40],
    }
    for src_dtype, values in sources.items():
        base = torch.tensor(values, dtype=torch.float64 if src_dtype in FLOATS else torch.int64)
        base = base.to(src_dtype)
        for dst in ALL:
            finite_ok = True
            if dst not in FLOATS and dst != torch.bool and src_dtype in FLOATS:
                # Float to integer out of the target's range is undefined in C++ and in
                # PyTorch (platform-dependent): keep only values that fit.
                info = torch.iinfo(dst)
                keep = [v for v in base.double().tolist()
                        if v == v and abs(v) != float("inf") and info.min <= int(v) <= info.max]
                x = spec(torch.tensor(keep, dtype=torch.float64).to(src_dtype))
                finite_ok = False
            else:
                x = spec(base)
            add(out, "to", f"{DTYPE_NAMES[src_dtype]}->{DTYPE_NAMES[dst]}{'' if finite_ok else '/in_range'}",
                [x], lambda t: t.to(dst), dtype=DTYPE_NAMES[dst])
    for label, x in inputs((3, 4)):
        add(out, "to", f"{label}/float32->float64", [x], lambda t: t.to(torch.float64), dtype="float64")
        add(out, "to", f"{label}/float32->float32", [x], lambda t: t.to(torch.float32), dtype="float32")
        add(out, "to", f"{label}/float32->int32", [x], lambda t: t.to(torch.int32), dtype="int32")
    add(out, "to", "zero_dim", [one((), torch.float64)], lambda t: t.to(torch.float16), dtype="float16")
    add(out, "to", "zero_size", [one((0, 2))], lambda t: t.to(torch.int64), dtype="int64")
    # copy_: dst (input 0) receives src (input 1), broadcast and converted.
    pairs = [
        ("same", one((3, 4)), one((3, 4))),
        ("broadcast_row", one((3, 4)), one((4,))),
        ("broadcast_col", one((3, 4)), one((3, 1))),
        ("zero_dim_src", one((3, 4)), one(())),
        ("transposed_dst", one((4, 3), views=[("transpose", 0, 1)]), one((3, 4))),
        ("strided_src", one((3, 4)), one((3, 8), views=[("slice", 1, 0, 8, 2)])),
        ("expanded_src", one((3, 4)), one((4,), views=[("expand", [3, 4])])),
        ("float_to_int", one((3, 4), torch.int32), one((3, 4), torch.float64)),
        ("int_to_half", one((3, 4), torch.float16), one((3, 4), torch.int64)),
        ("to_bool", one((3, 4), torch.bool), one((3, 4), torch.float32)),
        ("bool_to_float", one((3, 4)), one((3, 4), torch.bool)),
        ("double_to_bfloat16", one((3, 4), torch.bfloat16), one((3, 4), torch.float64)),
        ("zero_size", one((0, 4)), one((4,))),
        ("mismatch", one((3, 4)), one((3,))),
        ("src_bigger", one((4,)), one((3, 4))),
        ("zero_dim_dst", one(()), one((1,))),
        ("expanded_dst", one((3,), views=[("expand", [2, 3])]), one((2, 3))),
        ("expanded_size1_dst", one((3,), views=[("expand", [1, 3])]), one((1, 3))),
    ]
    for name, d, s in pairs:
        add(out, "copy_", name, [d, s], lambda a, b: _copy(a, b))


def _copy(d, s):
    return d.copy_(s)  # d is a fresh input; copying twice gives the same result


def cases():
    out = []
    view_cases(out)
    squeeze_cases(out)
    permute_cases(out)
    expand_cases(out)
    slicing_cases(out)
    split_cases(out)
    misc_view_cases(out)
    copy_cases(out)
    rounding_cases(out)
    return out


# Note [16-bit rounding cases]
# float32 and float64 tensors converted to float16 and bfloat16, each value placed where a wrong
# rounding shows: on a tie (halfway between two neighbours, rounding to the even one), one
# float32 or float64 ulp either side of it, in the subnormal range, at the overflow threshold
# (the tie above the largest finite value rounds to infinity), and the special values. From
# float64, a value 2^-40 off a 16-bit tie is what PyTorch's conversion through float32 (c10's
# Half and BFloat16 are built from a float) rounds onto the tie. Then 16-bit values of every
# exponent, normal and subnormal, infinite and NaN, widened to float32 and float64 and narrowed
# back. The C++ test compares them bit for bit.
_FORMATS = {  # (significand bits, smallest normal exponent, largest finite value)
    torch.float16: (11, -14, 65504.0),
    torch.bfloat16: (8, -126, (2 - 2 ** -7) * 2.0 ** 127),
}


def _rounding_values(dtype, source):
    digits, emin, largest = _FORMATS[dtype]
    step = 2.0 ** -52 if source == torch.float64 else 2.0 ** -23  # relative ulp of the source

    def ulp(x):  # the 16-bit spacing at x
        exponent = math.frexp(x)[1] - 1 if x else emin
        return 2.0 ** (max(exponent, emin) - digits + 1)

    def source_ulp(x):
        tiny = 2.0 ** -1074 if source == torch.float64 else 2.0 ** -149
        return max(2.0 ** (math.frexp(x)[1] - 1) * step, tiny)

    values = [0.0, -0.0, float("nan"), float("inf"), float("-inf"), largest, 2.0 ** emin,
              0.1, 1 / 3, 2.0 ** (emin - digits + 1), 2.0 ** (emin - digits - 2), 2.0 ** -149]
    values += [torch.tensor(v, dtype=torch.float32).item() for v in (0.1, 1 / 3)]
    # Lower neighbours with an even and an odd last bit, normal, large, subnormal and at the top.
    below = [1.0, 1.0 + ulp(1.0), 2.0 ** digits, 2.0 ** digits + 2, 0.0,
             2.0 ** (emin - digits + 1), 2.0 ** emin - 2.0 ** (emin - digits + 1), largest]
    for low in below:
        tie = low + ulp(low) / 2
        values += [tie, tie + source_ulp(tie), tie - source_ulp(tie)]
        if source == torch.float64:
            off = 2.0 ** -40 * max(tie, 2.0 ** emin)
            values += [tie + off, tie - off]
    values += [2 * largest, 1e39 if source == torch.float64 else torch.finfo(torch.float32).max]
    values += [-v for v in values if v == v and v != 0]
    kept = []
    for v in values:  # only values the source dtype holds exactly (the rest would round first)
        if v != v or torch.tensor(v, dtype=torch.float64).to(source).double().item() == v:
            kept.append(v)
    return torch.tensor(kept, dtype=torch.float64).to(source)


def _every_exponent(dtype):
    """16-bit values of each exponent and sign, with a few significands (NaNs at the top)."""
    digits, _, _ = _FORMATS[dtype]
    bits = 16 - digits  # exponent bits
    mantissas = [0, 1, 0x55 << (digits - 8), 0x2A << (digits - 7), (1 << (digits - 1)) - 1]
    patterns = [(sign << 15) | (e << (digits - 1)) | m
                for sign in (0, 1) for e in range(1 << bits) for m in sorted(set(mantissas))]
    as_int16 = [p - (1 << 16) if p >= 1 << 15 else p for p in patterns]
    return torch.tensor(as_int16, dtype=torch.int16).view(dtype)


def rounding_cases(out):
    for dtype in (torch.float16, torch.bfloat16):
        name = DTYPE_NAMES[dtype]
        for source in (torch.float32, torch.float64):
            x = _rounding_values(dtype, source)
            add(out, "to", f"rounding/{DTYPE_NAMES[source]}->{name}", [spec(x)],
                lambda t: t.to(dtype), dtype=name)
        values = _every_exponent(dtype)
        for wide in (torch.float32, torch.float64):
            add(out, "to", f"every_exponent/{name}->{DTYPE_NAMES[wide]}", [spec(values)],
                lambda t: t.to(wide), dtype=DTYPE_NAMES[wide])
            add(out, "to", f"every_exponent/{DTYPE_NAMES[wide]}->{name}", [spec(values.to(wide))],
                lambda t: t.to(dtype), dtype=name)
