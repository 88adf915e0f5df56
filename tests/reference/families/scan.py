"""Scans: cumsum, cumprod, cummax, cummin, logcumsumexp.

Args understood by tests/ops/scan_test.cpp: "dim" and, for cumsum/cumprod, "dtype".
"""
import torch

from common import ALL, case, layouts, outcome, random_values, spec
from families.reduction import _via_float, dname

OPS = {
    "cumsum": torch.cumsum, "cumprod": torch.cumprod, "cummax": torch.cummax,
    "cummin": torch.cummin, "logcumsumexp": torch.logcumsumexp,
}


def _call(op, x, dim, dtype=None):
    fn = OPS[op]
    r = fn(x, dim, dtype=dtype) if dtype is not None else fn(x, dim)
    return tuple(r) if op in ("cummax", "cummin") else r


def _expected(op, x, dim, dtype=None):
    # PyTorch 2.x scans float16 on the CPU (accumulating in float); torch 1.13 raises.
    if x.dtype == torch.float16 and dtype is None:
        return outcome(lambda: _via_float(lambda y: _call(op, y, dim), x))
    if dtype == torch.float16:
        return outcome(lambda: _via_float(lambda y: _call(op, y, dim), x.to(dtype)))
    return outcome(lambda: _call(op, x, dim, dtype))


def cases():
    out = []
    for op in OPS:
        low, high = (0.7, 1.3) if op == "cumprod" else (-3.0, 3.0)
        for label, x, s in layouts((3, 4, 5), torch.float32, low, high):
            for dim in (0, 1, 2, -1):
                out.append(case(op, f"{label}/dim{dim}", [s], _expected(op, x, dim), dim=dim))
        for dtype in ALL:
            x, s = spec(random_values((3, 6), dtype, low, high))
            out.append(case(op, f"dtype/{dname(dtype)}", [s], _expected(op, x, 1), dim=1))
        x, s = spec(random_values((4, 1), torch.float64, low, high), [("expand", [4, 3])])
        out.append(case(op, "expanded", [s], _expected(op, x, 1), dim=1))
        x, s = spec(random_values((), torch.float64, low, high))
        out.append(case(op, "zero_dim", [s], _expected(op, x, 0), dim=0))
        x, s = spec(random_values((0, 3), torch.float32))
        for dim in (0, 1):
            out.append(case(op, f"zero_size/dim{dim}", [s], _expected(op, x, dim), dim=dim))
        x, s = spec(torch.tensor([[1.0, float("nan"), 3.0, float("nan"), 0.0],
                                  [float("-inf"), float("-inf"), 2.0, float("inf"), 1.0],
                                  [2.0, 2.0, 1.0, 2.0, 3.0]]))
        out.append(case(op, "nonfinite_and_ties", [s], _expected(op, x, 1), dim=1))
        x, s = spec(torch.tensor([[3, 3, 1, 3, 5, 5]], dtype=torch.int32))
        out.append(case(op, "int_ties", [s], _expected(op, x, 1), dim=1))
        x, s = spec(random_values((2, 3), torch.float32))
        out.append(case(op, "error/bad_dim", [s], _expected(op, x, 2), dim=2))
    for op in ("cumsum", "cumprod"):
        for src, dst in [(torch.int32, torch.float64), (torch.float32, torch.float64),
                         (torch.int64, torch.int32), (torch.bool, torch.int16),
                         (torch.float64, torch.float16)]:
            x, s = spec(random_values((3, 4), src, 0.7, 1.3))
            out.append(case(op, f"dtype_arg/{dname(src)}_{dname(dst)}", [s],
                            _expected(op, x, 1, dst), dim=1, dtype=dname(dst)))
        # A long line: float32 accumulates in double.
        x, s = spec(torch.full((1, 5000), 0.1 if op == "cumsum" else 1.0001))
        out.append(case(op, "long_line", [s], _expected(op, x, 1), dim=1))
    return out
