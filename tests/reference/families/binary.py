"""Binary elementwise primitives: broadcasting, promotion, layouts, numbers, errors."""
import torch

from common import ALL, FLOATS, INTS, case, layouts, outcome, random_values, spec
from elementwise_ref import outcome16

# (fixture op, torch function, keyword args, whether the op takes a number as `other`)
OPS = [
    ("add", torch.add, {}, True), ("sub", torch.sub, {}, True), ("mul", torch.mul, {}, True),
    ("div", torch.div, {}, True),
    ("div", torch.div, {"rounding_mode": "trunc"}, True),
    ("div", torch.div, {"rounding_mode": "floor"}, True),
    ("remainder", torch.remainder, {}, True), ("fmod", torch.fmod, {}, True),
    ("pow", torch.pow, {}, True), ("atan2", torch.atan2, {}, False),
    ("hypot", torch.hypot, {}, False), ("maximum", torch.maximum, {}, False),
    ("minimum", torch.minimum, {}, False), ("fmax", torch.fmax, {}, False),
    ("fmin", torch.fmin, {}, False),
    ("eq", torch.eq, {}, True), ("ne", torch.ne, {}, True), ("lt", torch.lt, {}, True),
    ("le", torch.le, {}, True), ("gt", torch.gt, {}, True), ("ge", torch.ge, {}, True),
    ("logical_and", torch.logical_and, {}, False), ("logical_or", torch.logical_or, {}, False),
    ("logical_xor", torch.logical_xor, {}, False),
    ("bitwise_and", torch.bitwise_and, {}, True), ("bitwise_or", torch.bitwise_or, {}, True),
    ("bitwise_xor", torch.bitwise_xor, {}, True),
    ("bitwise_left_shift", torch.bitwise_left_shift, {}, True),
    ("bitwise_right_shift", torch.bitwise_right_shift, {}, True),
]
DIVISIONS = {"div", "remainder", "fmod"}
SHIFTS = {"bitwise_left_shift", "bitwise_right_shift"}


def dtypes_for(op):
    return [d for d in ALL if not (op == "sub" and d == torch.bool)]


def fix_other(op, kwargs, b):
    """Keeps `other` where PyTorch 1.13 (the generator) and PyTorch 2 agree: no integer division
    by zero (a separate case checks it raises), shift amounts within the bit width, and no
    negative integer exponents (a separate case covers them)."""
    if b.dtype.is_floating_point or b.dtype == torch.bool:
        return b
    if op in DIVISIONS and (op != "div" or kwargs):
        return torch.where(b == 0, torch.ones_like(b), b)
    if op == "div":
        return torch.where(b == 0, torch.ones_like(b), b)
    if op in SHIFTS or op == "pow":
        return b.abs() % 7
    return b


def name(label, kwargs):
    return f"{kwargs['rounding_mode']}/{label}" if kwargs else label


def cases():
    out = []
    for op, fn, kwargs, takes_number in OPS:
        f = (lambda x, y: fn(x, y, **kwargs))
        add = lambda label, inputs, expected, **args: out.append(
            case(op, name(label, kwargs), inputs, expected, **kwargs, **args))
        for dtype in dtypes_for(op):
            low = 0.5 if op in DIVISIONS else -3.0
            for label, a, a_spec in layouts((3, 4), dtype):
                b, b_spec = spec(fix_other(op, kwargs, random_values((3, 4), dtype, low, 3.0)))
                add(f"{label}/{str(dtype)[6:]}", [a_spec, b_spec], outcome16(f, a, b))
        # Broadcasting, 0-d, zero-size, and mixed dtypes.
        a, a_spec = spec(random_values((2, 1, 3), torch.float32))
        b, b_spec = spec(random_values((4, 1), torch.float32, 0.5))
        add("broadcast", [a_spec, b_spec], outcome16(f, a, b))
        b, b_spec = spec(random_values((3,), torch.float32, 0.5), [("expand", [2, 3])])
        a, a_spec = spec(random_values((2, 3), torch.float32))
        add("expanded_input", [a_spec, b_spec], outcome16(f, a, b))
        a, a_spec = spec(random_values((), torch.float64))
        b, b_spec = spec(random_values((), torch.float64, 0.5))
        add("zero_dim", [a_spec, b_spec], outcome16(f, a, b))
        a, a_spec = spec(random_values((0, 3), torch.float32))
        b, b_spec = spec(random_values((1, 3), torch.float32))
        add("zero_size", [a_spec, b_spec], outcome16(f, a, b))
        for da, db in [(torch.int32, torch.float32), (torch.uint8, torch.int8),
                       (torch.float16, torch.bfloat16), (torch.bool, torch.int64),
                       (torch.int64, torch.float64)]:
            a, a_spec = spec(random_values((5,), da, 0.5))
            b, b_spec = spec(fix_other(op, kwargs, random_values((5,), db, 0.5)))
            if op == "sub" and da == db == torch.bool:
                continue
            add(f"promote/{str(da)[6:]}_{str(db)[6:]}", [a_spec, b_spec],
                outcome16(f, a, b))
        if takes_number:
            # A 0-d tensor or a number does not raise a dimensioned tensor's dtype within a
            # category.
            for dtype, number in [(torch.int32, 2), (torch.int32, 2.5), (torch.float16, 2.0),
                                  (torch.uint8, 3), (torch.bool, 1.5), (torch.float32, True)]:
                a, a_spec = spec(random_values((4,), dtype, 0.5))
                add(f"number/{str(dtype)[6:]}_{number!r}", [a_spec],
                    outcome16(f, a, number), scalar=number)
        a, a_spec = spec(random_values((4,), torch.float16, 0.5))
        b, b_spec = spec(random_values((), torch.float64, 0.5))
        add("zero_dim_same_category", [a_spec, b_spec], outcome16(f, a, b))
        a, a_spec = spec(random_values((4,), torch.int32, 0.5))
        add("zero_dim_higher_category", [a_spec, b_spec], outcome16(f, a, b))
        # Shape mismatch is an error.
        a, a_spec = spec(random_values((2, 3), torch.float32))
        b, b_spec = spec(random_values((4,), torch.float32))
        add("mismatch", [a_spec, b_spec], outcome16(f, a, b))
        # Every pair of special values, for the floating dtypes.
        specials = [float("nan"), float("inf"), float("-inf"), 0.0, -0.0, 1.0, -1.0, 2.5, -2.5,
                    7.0, -7.0, 0.5]
        for dtype in [torch.float32, torch.float64, torch.float16]:
            grid = torch.tensor(specials, dtype=torch.float64)
            a, a_spec = spec(grid.repeat_interleave(len(specials)).to(dtype))
            b, b_spec = spec(grid.repeat(len(specials)).to(dtype))
            add(f"special/{str(dtype)[6:]}", [a_spec, b_spec], outcome16(f, a, b))
        if op in DIVISIONS and op != "div" or kwargs:
            for dtype in INTS:
                a, a_spec = spec(torch.tensor([7, -7, 7, -7, 0, 100], dtype=torch.int64)
                                 .clamp(torch.iinfo(dtype).min, None).to(dtype))
                b, b_spec = spec(torch.tensor([2, 2, -2, -2, 3, -1], dtype=torch.int64)
                                 .clamp(torch.iinfo(dtype).min, None).to(dtype))
                add(f"signs/{str(dtype)[6:]}", [a_spec, b_spec], outcome16(f, a, b))
                b, b_spec = spec(torch.tensor([1, 0, 1, 1, 1, 1], dtype=dtype))
                add(f"by_zero/{str(dtype)[6:]}", [a_spec, b_spec], outcome16(f, a, b))
    # Integer powers: negative tensor exponents, a negative number exponent (raises), number
    # bases.
    a, a_spec = spec(torch.tensor([-2, -1, 0, 1, 2, 3, -1, 1]))
    b, b_spec = spec(torch.tensor([-1, -3, -2, -5, -2, 0, -2, 3]))
    out.append(case("pow", "negative_exponents/int64", [a_spec, b_spec],
                    outcome(lambda: torch.pow(a, b))))
    out.append(case("pow", "negative_number_exponent/int64", [a_spec],
                    outcome(lambda: torch.pow(a, -2)), scalar=-2))
    for base in [2, 2.5, True]:
        for dtype in [torch.int64, torch.float32, torch.uint8]:
            e, e_spec = spec(random_values((5,), dtype, -2, 2).abs())
            out.append(case("pow", f"number_base/{base!r}_{str(dtype)[6:]}", [e_spec],
                            outcome(lambda: torch.pow(base, e)), base=base))
    for number in [7, -7.5]:
        b, b_spec = spec(torch.tensor([2.0, -2.0, 3.0, -0.5]))
        out.append(case("remainder", f"number_self/{number!r}", [b_spec],
                        outcome(lambda: torch.remainder(number, b)), base=number))
    a, a_spec = spec(torch.tensor([1, 2], dtype=torch.int32))
    out.append(case("div", "bad_rounding_mode", [a_spec, a_spec],
                    outcome(lambda: torch.div(a, a, rounding_mode="bad")), rounding_mode="bad"))
    return out
