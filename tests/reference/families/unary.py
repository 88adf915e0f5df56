"""Unary elementwise primitives: every dtype, layouts, 0-d, zero-size, special values, errors."""
import torch

from common import ALL, FLOATS, case, layouts, outcome, random_values, spec
from elementwise_ref import outcome16

# op -> (torch function, (low, high) of random float inputs inside the domain)
OPS = {
    "neg": (torch.neg, (-3, 3)), "abs": (torch.abs, (-3, 3)), "sign": (torch.sign, (-3, 3)),
    "square": (torch.square, (-3, 3)), "reciprocal": (torch.reciprocal, (0.2, 3)),
    "exp": (torch.exp, (-3, 3)), "exp2": (torch.exp2, (-3, 3)), "expm1": (torch.expm1, (-3, 3)),
    "log": (torch.log, (0.1, 5)), "log2": (torch.log2, (0.1, 5)),
    "log10": (torch.log10, (0.1, 5)), "log1p": (torch.log1p, (-0.9, 5)),
    "sqrt": (torch.sqrt, (0.1, 5)), "rsqrt": (torch.rsqrt, (0.1, 5)),
    "sin": (torch.sin, (-6, 6)), "cos": (torch.cos, (-6, 6)), "tan": (torch.tan, (-1.4, 1.4)),
    "asin": (torch.asin, (-0.99, 0.99)), "acos": (torch.acos, (-0.99, 0.99)),
    "atan": (torch.atan, (-5, 5)), "sinh": (torch.sinh, (-3, 3)), "cosh": (torch.cosh, (-3, 3)),
    "tanh": (torch.tanh, (-3, 3)), "asinh": (torch.asinh, (-5, 5)),
    "acosh": (torch.acosh, (1.01, 5)), "atanh": (torch.atanh, (-0.99, 0.99)),
    "sigmoid": (torch.sigmoid, (-6, 6)), "logit": (torch.logit, (0.01, 0.99)),
    "erf": (torch.erf, (-3, 3)), "erfc": (torch.erfc, (-3, 3)),
    "erfinv": (torch.erfinv, (-0.99, 0.99)), "lgamma": (torch.lgamma, (0.1, 5)),
    "digamma": (torch.digamma, (0.1, 5)), "floor": (torch.floor, (-5, 5)),
    "ceil": (torch.ceil, (-5, 5)), "round": (torch.round, (-5, 5)),
    "trunc": (torch.trunc, (-5, 5)), "frac": (torch.frac, (-5, 5)),
    "nan_to_num": (torch.nan_to_num, (-3, 3)), "isnan": (torch.isnan, (-3, 3)),
    "isinf": (torch.isinf, (-3, 3)), "isfinite": (torch.isfinite, (-3, 3)),
    "logical_not": (torch.logical_not, (-3, 3)), "bitwise_not": (torch.bitwise_not, (-3, 3)),
}

# Poles, branch cuts, infinities, signed zeros, halves (rounding) and out-of-domain values.
SPECIAL = [float("nan"), float("inf"), float("-inf"), 0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5,
           -0.5, 1.5, 2.5, -2.5, 0.999, -0.999, 100.0, -100.0, 1e-8, -3.5, 1e4]


def logit_half(x, eps=None):
    """PyTorch 2's float16 logit (1.13 has no CPU kernel): eps, 1 - x and the ratio are rounded
    to float16, the log is taken in float32."""
    if eps is not None and eps >= 0:
        lo = torch.tensor(eps, dtype=torch.float16)
        hi = 1 - lo
        x = torch.where(x < lo, lo, torch.where(x > hi, hi, x))
    return torch.log((x / (1 - x)).float()).half()


def unary_outcome(op, fn, a, **kwargs):
    if op == "logit" and a.dtype == torch.float16:
        return outcome(lambda: logit_half(a, **kwargs))
    return outcome16(lambda x: fn(x, **kwargs), a)


def dt(d):
    return str(d)[6:]


def cases():
    out = []
    for op, (fn, (low, high)) in OPS.items():
        for dtype in ALL:
            a, a_spec = spec(random_values((3, 4), dtype, low, high))
            out.append(case(op, f"contiguous/{dt(dtype)}", [a_spec], unary_outcome(op, fn, a)))
        for label, a, a_spec in layouts((3, 4), torch.float32, low, high):
            if label != "contiguous":
                out.append(case(op, label, [a_spec], unary_outcome(op, fn, a)))
        a, a_spec = spec(random_values((3,), torch.float32, low, high), [("expand", [2, 3])])
        out.append(case(op, "expanded", [a_spec], unary_outcome(op, fn, a)))
        for dtype in [torch.float32, torch.float64, torch.float16]:
            a, a_spec = spec(torch.tensor(SPECIAL, dtype=dtype))
            out.append(case(op, f"special/{dt(dtype)}", [a_spec], unary_outcome(op, fn, a)))
        a, a_spec = spec(random_values((), torch.float64, low, high))
        out.append(case(op, "zero_dim", [a_spec], unary_outcome(op, fn, a)))
        a, a_spec = spec(random_values((0, 3), torch.float32, low, high))
        out.append(case(op, "zero_size", [a_spec], unary_outcome(op, fn, a)))
    # Parameters.
    for dtype in [torch.float32, torch.float64]:
        for decimals in [2, -1, 0]:
            a, a_spec = spec(random_values((3, 4), dtype, -500, 500))
            out.append(case("round", f"decimals{decimals}/{dt(dtype)}", [a_spec],
                            outcome(lambda: torch.round(a, decimals=decimals)),
                            decimals=decimals))
        a, a_spec = spec(torch.tensor([0.125, 0.375, -0.125, 1.005, 2.5, float("nan")], dtype=dtype))
        out.append(case("round", f"decimals_ties/{dt(dtype)}", [a_spec],
                        outcome(lambda: torch.round(a, decimals=2)), decimals=2))
    a, a_spec = spec(random_values((4,), torch.int32))
    out.append(case("round", "decimals/int32", [a_spec],
                    outcome(lambda: torch.round(a, decimals=1)), decimals=1))
    for eps in [0.1, 0.0, -1.0]:
        for dtype in [torch.float32, torch.float64, torch.int64, torch.float16, torch.bfloat16]:
            a, a_spec = spec(torch.tensor([-0.5, 0.0, 0.05, 0.3, 0.5, 0.95, 1.0, 1.5]).to(dtype))
            out.append(case("logit", f"eps{eps}/{dt(dtype)}", [a_spec],
                            unary_outcome("logit", torch.logit, a, eps=eps), eps=eps))
    for dtype in FLOATS:
        a, a_spec = spec(torch.tensor([float("nan"), float("inf"), float("-inf"), 1.5], dtype=dtype))
        out.append(case("nan_to_num", f"custom/{dt(dtype)}", [a_spec],
                        outcome16(lambda x: torch.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-3.0), a),
                        nan=1.0, posinf=2.0, neginf=-3.0))
        out.append(case("nan_to_num", f"posinf_only/{dt(dtype)}", [a_spec],
                        outcome16(lambda x: torch.nan_to_num(x, posinf=7.0), a), posinf=7.0))
    return out
