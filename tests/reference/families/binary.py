"""Binary elementwise primitives: broadcasting, promotion, layouts, numbers, errors."""
import torch

from common import ALL, FLOATS, INTS, case, layouts, outcome, random_values, spec

OPS = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
    "eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le, "gt": torch.gt, "ge": torch.ge,
}


def dtypes_for(op):
    return [d for d in ALL if not (op == "sub" and d == torch.bool)]


def cases():
    out = []
    for op, fn in OPS.items():
        for dtype in dtypes_for(op):
            low = 0.5 if op == "div" else -3.0
            for label, a, a_spec in layouts((3, 4), dtype):
                b, b_spec = spec(random_values((3, 4), dtype, low, 3.0))
                if op == "div" and dtype not in FLOATS:
                    b_spec["data"] = [v if v != 0 else 1 for v in b_spec["data"]]
                    b = torch.tensor(b_spec["data"], dtype=dtype).reshape(3, 4)
                out.append(case(op, f"{label}/{str(dtype)[6:]}", [a_spec, b_spec],
                                outcome(lambda: fn(a, b))))
        # Broadcasting, 0-d, zero-size, and mixed dtypes.
        a, a_spec = spec(random_values((2, 1, 3), torch.float32))
        b, b_spec = spec(random_values((4, 1), torch.float32, 0.5))
        out.append(case(op, "broadcast", [a_spec, b_spec], outcome(lambda: fn(a, b))))
        b, b_spec = spec(random_values((3,), torch.float32, 0.5), [("expand", [2, 3])])
        a, a_spec = spec(random_values((2, 3), torch.float32))
        out.append(case(op, "expanded_input", [a_spec, b_spec], outcome(lambda: fn(a, b))))
        a, a_spec = spec(random_values((), torch.float64))
        b, b_spec = spec(random_values((), torch.float64, 0.5))
        out.append(case(op, "zero_dim", [a_spec, b_spec], outcome(lambda: fn(a, b))))
        a, a_spec = spec(random_values((0, 3), torch.float32))
        b, b_spec = spec(random_values((1, 3), torch.float32))
        out.append(case(op, "zero_size", [a_spec, b_spec], outcome(lambda: fn(a, b))))
        for da, db in [(torch.int32, torch.float32), (torch.uint8, torch.int8),
                       (torch.float16, torch.bfloat16), (torch.bool, torch.int64),
                       (torch.int64, torch.float64)]:
            a, a_spec = spec(random_values((5,), da, 0.5))
            b, b_spec = spec(random_values((5,), db, 0.5))
            if op == "sub" and da == db == torch.bool:
                continue
            out.append(case(op, f"promote/{str(da)[6:]}_{str(db)[6:]}", [a_spec, b_spec],
                            outcome(lambda: fn(a, b))))
        # A 0-d tensor or a number does not raise a dimensioned tensor's dtype within a category.
        for dtype, number in [(torch.int32, 2), (torch.int32, 2.5), (torch.float16, 2.0),
                              (torch.uint8, 3), (torch.bool, 1.5), (torch.float32, True)]:
            a, a_spec = spec(random_values((4,), dtype, 0.5))
            out.append(case(op, f"number/{str(dtype)[6:]}_{number!r}", [a_spec],
                            outcome(lambda: fn(a, number)), scalar=number))
        a, a_spec = spec(random_values((4,), torch.float16, 0.5))
        b, b_spec = spec(random_values((), torch.float64, 0.5))
        out.append(case(op, "zero_dim_same_category", [a_spec, b_spec], outcome(lambda: fn(a, b))))
        a, a_spec = spec(random_values((4,), torch.int32, 0.5))
        out.append(case(op, "zero_dim_higher_category", [a_spec, b_spec], outcome(lambda: fn(a, b))))
        # Shape mismatch is an error.
        a, a_spec = spec(random_values((2, 3), torch.float32))
        b, b_spec = spec(random_values((4,), torch.float32))
        out.append(case(op, "mismatch", [a_spec, b_spec], outcome(lambda: fn(a, b))))
    return out
