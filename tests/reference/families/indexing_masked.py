"""Mask ops and nonzero: masked_fill, masked_select, masked_scatter, nonzero.

inputs: [self, mask, (value tensor | source)]; args: scalar (a number value) or value_tensor.
PyTorch 2.x requires bool masks for these three ops; torch 1.13 (which generates the fixtures)
still accepted uint8 (and, for masked_fill, any dtype) with a deprecation warning, so those
cases are written as errors by hand, with PyTorch 2.x's messages (aten/src/ATen/native/
TensorAdvancedIndexing.cpp and its CPU kernels).
"""
import torch

from common import ALL, case, layouts, outcome, random_values, spec

NAME = lambda d: str(d)[6:]  # noqa: E731


def bool_mask_error(op, dtype):
    """PyTorch 2.x's error for a non-bool mask; `dtype` as its message prints it."""
    if op == "masked_select":
        return {"error": "masked_select: expected BoolTensor for mask"}
    return {"error": f"{op}_ only supports boolean masks, but got mask with dtype {dtype}"}


def mask_values(shape, p=0.5):
    return torch.rand(shape) < p


def add(out, op, name, tensors, fn, expected=None, **args):
    out.append(case(op, name, [s for _, s in tensors],
                    expected or outcome(lambda: fn(*[t for t, _ in tensors])), **args))


def masked_fill_cases():
    out = []
    for label, x, xs in layouts((3, 4), torch.float32):
        m = spec(mask_values((3, 4)))
        add(out, "masked_fill", label, [(x, xs), m], lambda a, k: a.masked_fill(k, -2.5), scalar=-2.5)
    x = spec(random_values((3, 4), torch.float32))
    add(out, "masked_fill", "transposed_mask", [x, spec(mask_values((4, 3)), [("transpose", 0, 1)])],
        lambda a, k: a.masked_fill(k, 1.0), scalar=1.0)
    add(out, "masked_fill", "broadcast_mask_row", [x, spec(mask_values((4,)))],
        lambda a, k: a.masked_fill(k, 1.0), scalar=1.0)
    add(out, "masked_fill", "broadcast_mask_col", [x, spec(mask_values((3, 1)))],
        lambda a, k: a.masked_fill(k, 1.0), scalar=1.0)
    add(out, "masked_fill", "broadcast_self", [spec(random_values((4,), torch.float32)), spec(mask_values((3, 4)))],
        lambda a, k: a.masked_fill(k, 1.0), scalar=1.0)
    add(out, "masked_fill", "expanded_mask", [x, spec(mask_values((4,)), [("expand", [3, 4])])],
        lambda a, k: a.masked_fill(k, 3.0), scalar=3.0)
    for dtype in ALL:
        xd = spec(random_values((3, 4), dtype))
        m = spec(mask_values((3, 4)))
        add(out, "masked_fill", f"dtype/{NAME(dtype)}", [xd, m], lambda a, k: a.masked_fill(k, 1), scalar=1)
        add(out, "masked_fill", f"dtype_tensor_value/{NAME(dtype)}", [xd, m, spec(torch.tensor(0.0))],
            lambda a, k, v: a.masked_fill(k, v), value_tensor=True)
    xi = spec(random_values((3, 4), torch.int32))
    add(out, "masked_fill", "int_self_float_value", [xi, spec(mask_values((3, 4)))],
        lambda a, k: a.masked_fill(k, 2.7), scalar=2.7)
    add(out, "masked_fill", "nan_value", [x, spec(mask_values((3, 4)))],
        lambda a, k: a.masked_fill(k, float("nan")), scalar="nan")
    add(out, "masked_fill", "zero_dim", [spec(torch.tensor(1.5)), spec(torch.tensor(True))],
        lambda a, k: a.masked_fill(k, 0.5), scalar=0.5)
    add(out, "masked_fill", "zero_size", [spec(torch.zeros(0, 4)), spec(mask_values((0, 4)))],
        lambda a, k: a.masked_fill(k, 0.5), scalar=0.5)
    add(out, "masked_fill", "error/value_not_0d", [x, spec(mask_values((3, 4))), spec(torch.tensor([1.0]))],
        lambda a, k, v: a.masked_fill(k, v), value_tensor=True)
    add(out, "masked_fill", "error/float_mask", [x, spec(torch.ones(3, 4))],
        None, expected=bool_mask_error("masked_fill", "float"), scalar=1.0)
    add(out, "masked_fill", "error/uint8_mask", [x, spec(torch.ones(3, 4, dtype=torch.uint8))],
        None, expected=bool_mask_error("masked_fill", "unsigned char"), scalar=1.0)
    add(out, "masked_fill", "error/shape_mismatch", [x, spec(mask_values((2, 4)))],
        lambda a, k: a.masked_fill(k, 1.0), scalar=1.0)
    return out


def masked_select_cases():
    out = []
    for label, x, xs in layouts((3, 4), torch.float32):
        add(out, "masked_select", label, [(x, xs), spec(mask_values((3, 4)))],
            lambda a, k: a.masked_select(k))
    x = spec(random_values((3, 4), torch.float32))
    add(out, "masked_select", "transposed_mask", [x, spec(mask_values((4, 3)), [("transpose", 0, 1)])],
        lambda a, k: a.masked_select(k))
    add(out, "masked_select", "broadcast_mask", [x, spec(mask_values((4,)))], lambda a, k: a.masked_select(k))
    add(out, "masked_select", "broadcast_self", [spec(random_values((4,), torch.float32)), spec(mask_values((3, 4)))],
        lambda a, k: a.masked_select(k))
    for dtype in ALL:
        add(out, "masked_select", f"dtype/{NAME(dtype)}", [spec(random_values((3, 4), dtype)), spec(mask_values((3, 4)))],
            lambda a, k: a.masked_select(k))
    add(out, "masked_select", "all_false", [x, spec(torch.zeros(3, 4, dtype=torch.bool))], lambda a, k: a.masked_select(k))
    add(out, "masked_select", "zero_dim", [spec(torch.tensor(1.5)), spec(torch.tensor(True))], lambda a, k: a.masked_select(k))
    add(out, "masked_select", "zero_size", [spec(torch.zeros(0, 4)), spec(mask_values((0, 4)))], lambda a, k: a.masked_select(k))
    add(out, "masked_select", "error/float_mask", [x, spec(torch.ones(3, 4))], lambda a, k: a.masked_select(k))
    # torch 1.13 still names the ByteTensor masks that 2.x refuses (bool_mask_error).
    out[-1]["expected"]["ember"] = "masked_select: expected BoolTensor for mask"
    add(out, "masked_select", "error/uint8_mask", [x, spec(torch.ones(3, 4, dtype=torch.uint8))], None,
        expected=bool_mask_error("masked_select", "Byte"))
    add(out, "masked_select", "error/shape_mismatch", [x, spec(mask_values((2, 4)))], lambda a, k: a.masked_select(k))
    return out


def masked_scatter_cases():
    out = []
    for label, x, xs in layouts((3, 4), torch.float32):
        add(out, "masked_scatter", label, [(x, xs), spec(mask_values((3, 4))), spec(random_values((12,), torch.float32))],
            lambda a, k, s: a.masked_scatter(k, s))
    x = spec(random_values((3, 4), torch.float32))
    add(out, "masked_scatter", "source_2d_transposed", [x, spec(mask_values((3, 4))), spec(random_values((5, 3), torch.float32), [("transpose", 0, 1)])],
        lambda a, k, s: a.masked_scatter(k, s))
    add(out, "masked_scatter", "source_larger", [x, spec(mask_values((3, 4))), spec(random_values((20,), torch.float32))],
        lambda a, k, s: a.masked_scatter(k, s))
    add(out, "masked_scatter", "broadcast_mask", [x, spec(mask_values((4,))), spec(random_values((12,), torch.float32))],
        lambda a, k, s: a.masked_scatter(k, s))
    add(out, "masked_scatter", "broadcast_self", [spec(random_values((4,), torch.float32)), spec(mask_values((3, 4))), spec(random_values((12,), torch.float32))],
        lambda a, k, s: a.masked_scatter(k, s))
    for dtype in ALL:
        add(out, "masked_scatter", f"dtype/{NAME(dtype)}", [spec(random_values((3, 4), dtype)), spec(mask_values((3, 4))), spec(random_values((12,), dtype))],
            lambda a, k, s: a.masked_scatter(k, s))
    add(out, "masked_scatter", "zero_dim", [spec(torch.tensor(1.5)), spec(torch.tensor(True)), spec(torch.tensor([7.0, 8.0]))],
        lambda a, k, s: a.masked_scatter(k, s))
    add(out, "masked_scatter", "zero_size", [spec(torch.zeros(0, 4)), spec(mask_values((0, 4))), spec(torch.zeros(0))],
        lambda a, k, s: a.masked_scatter(k, s))
    full = torch.ones(3, 4, dtype=torch.bool)
    add(out, "masked_scatter", "error/source_too_small", [x, spec(full), spec(random_values((11,), torch.float32))],
        lambda a, k, s: a.masked_scatter(k, s))
    add(out, "masked_scatter", "error/source_dtype", [x, spec(full), spec(random_values((12,), torch.float64))],
        lambda a, k, s: a.masked_scatter(k, s))
    add(out, "masked_scatter", "error/uint8_mask", [x, spec(torch.ones(3, 4, dtype=torch.uint8)), spec(random_values((12,), torch.float32))],
        None, expected=bool_mask_error("masked_scatter", "Byte"))
    return out


def nonzero_cases():
    out = []
    for label, x, xs in layouts((3, 4), torch.int64):
        add(out, "nonzero", label, [(x, xs)], lambda a: a.nonzero())
    for dtype in ALL:
        v = random_values((2, 3, 4), dtype)
        v[0, 1] = 0
        add(out, "nonzero", f"dtype/{NAME(dtype)}", [spec(v)], lambda a: a.nonzero())
    add(out, "nonzero", "nan_and_neg_zero", [spec(torch.tensor([0.0, float("nan"), -0.0, 2.0]))], lambda a: a.nonzero())
    add(out, "nonzero", "zero_dim_nonzero", [spec(torch.tensor(3.0))], lambda a: a.nonzero())
    add(out, "nonzero", "zero_dim_zero", [spec(torch.tensor(0))], lambda a: a.nonzero())
    add(out, "nonzero", "zero_size", [spec(torch.zeros(2, 0, 3))], lambda a: a.nonzero())
    add(out, "nonzero", "expanded", [spec(torch.tensor([0, 1, 2]), [("expand", [2, 3])])], lambda a: a.nonzero())
    return out


def cases():
    return masked_fill_cases() + masked_select_cases() + masked_scatter_cases() + nonzero_cases()
