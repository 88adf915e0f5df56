"""Helpers shared by the fixture families: tensors to JSON, and input layouts.

A fixture tensor is stored as contiguous data plus a list of views that the C++ loader replays
with Ember's own view ops, so that non-contiguous inputs are tested as non-contiguous.
"""
import math

import torch

DTYPE_NAMES = {
    torch.bool: "bool", torch.uint8: "uint8", torch.int8: "int8", torch.int16: "int16",
    torch.int32: "int32", torch.int64: "int64", torch.float16: "float16",
    torch.bfloat16: "bfloat16", torch.float32: "float32", torch.float64: "float64",
}
FLOATS = [torch.float32, torch.float64, torch.float16, torch.bfloat16]
INTS = [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64]
ALL = [torch.bool] + INTS + FLOATS


def _number(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def to_json(t):
    """A tensor's dtype, shape and row-major values."""
    t = t.detach()
    flat = t.reshape(-1)
    if t.dtype in (torch.float16, torch.bfloat16):
        flat = flat.double()
    return {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape),
            "data": [_number(v) for v in flat.tolist()]}


def apply_views(t, views):
    for v in views:
        kind = v[0]
        if kind == "transpose":
            t = t.transpose(v[1], v[2])
        elif kind == "slice":
            dim, start, end, step = v[1:]
            t = t[(slice(None),) * (dim % t.dim()) + (slice(start, end, step),)]
        elif kind == "expand":
            t = t.expand(*v[1])
        elif kind == "permute":
            t = t.permute(*v[1])
        else:
            raise ValueError(kind)
    return t


def spec(base, views=()):
    """(torch tensor after views, its fixture spec)."""
    s = to_json(base)
    if views:
        s["views"] = [list(v) for v in views]
    return apply_views(base, views), s


def random_values(shape, dtype, low=-3.0, high=3.0, gen=None):
    """Values suited to `dtype`: small integers for integer types, uniform floats otherwise."""
    if dtype == torch.bool:
        return torch.rand(shape, generator=gen) > 0.5
    if dtype == torch.uint8:
        return torch.randint(0, 10, shape, generator=gen).to(dtype)
    if dtype in INTS:
        return torch.randint(-10, 10, shape, generator=gen).to(dtype)
    return (torch.rand(shape, generator=gen, dtype=torch.float64) * (high - low) + low).to(dtype)


def layouts(shape, dtype, low=-3.0, high=3.0):
    """Inputs of `shape` in several layouts: contiguous, transposed, sliced with a step.
    Yields (label, torch tensor, spec)."""
    yield ("contiguous",) + spec(random_values(shape, dtype, low, high))
    if len(shape) >= 2:
        base_shape = list(shape)
        base_shape[-1], base_shape[-2] = base_shape[-2], base_shape[-1]
        yield ("transposed",) + spec(random_values(base_shape, dtype, low, high),
                                     [("transpose", -1, -2)])
    if len(shape) >= 1 and shape[-1] > 0:
        base_shape = list(shape)
        base_shape[-1] = shape[-1] * 2
        yield ("strided",) + spec(random_values(base_shape, dtype, low, high),
                                  [("slice", -1, 0, base_shape[-1], 2)])


def case(op, name, inputs, expected, **args):
    c = {"op": op, "name": name, "inputs": inputs, "args": args}
    c["expected"] = expected
    return c


def error(e):
    """The expectation of an error case: the first line of PyTorch's message (Note [Golden errors]
    in tests/support/golden_error.h)."""
    return {"error": str(e).strip().split("\n")[0]}


def with_ember_words(cases, words):
    """`cases`, where the error cases named in `words` {(op, name): WORDS} carry the words Ember's
    message must contain instead of PyTorch's (Note [Golden errors])."""
    for c in cases:
        w = words.get((c["op"], c["name"]))
        if w is not None:
            assert "error" in c["expected"], (c["op"], c["name"])
            c["expected"]["ember"] = w
    return cases


def outcome(fn):
    """fn()'s result as fixture JSON, or {"error": MESSAGE} when PyTorch raises."""
    try:
        r = fn()
    except (RuntimeError, ValueError, IndexError, TypeError) as e:
        return error(e)
    if isinstance(r, (tuple, list)):
        return [to_json(x) for x in r]
    return to_json(r)
