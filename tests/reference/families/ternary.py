"""clamp, lerp, addcmul, addcdiv, where, and the whole-tensor comparisons isclose, allclose,
equal."""
import torch

import common
from common import ALL, FLOATS, INTS, layouts, outcome, random_values, spec, to_json
from elementwise_ref import outcome16

NAN = float("nan")


def dt(d):
    return str(d)[6:]


def case(op, name, inputs, expected, **args):
    """common.case, with NaN arguments written as the string "nan" (JSON has no NaN)."""
    args = {k: ("nan" if isinstance(v, float) and v != v else v) for k, v in args.items()}
    return common.case(op, name, inputs, expected, **args)


def as_bool(fn):
    """A Python bool result as a 0-d bool tensor."""
    def run():
        return torch.tensor(fn())
    return run


def clamp_cases():
    out = []
    for dtype in ALL:
        for label, a, a_spec in layouts((3, 4), dtype):
            out.append(case("clamp", f"{label}/{dt(dtype)}", [a_spec],
                            outcome16(lambda x: torch.clamp(x, -1, 2), a), min=-1, max=2))
    a, a_spec = spec(torch.tensor([NAN, -3.0, -0.5, 0.5, 3.0, float("inf"), float("-inf")]))
    for lo, hi in [(-1.0, 1.0), (None, 1.0), (-1.0, None), (2.0, 1.0), (NAN, 1.0), (-1.0, NAN),
                   (None, None), (0.5, 0.5)]:
        args = {k: v for k, v in (("min", lo), ("max", hi)) if v is not None}
        out.append(case("clamp", f"scalar/{lo}_{hi}", [a_spec],
                        outcome16(torch.clamp, a, lo, hi), **args))
    for dtype, lo, hi in [(torch.int32, 0.5, 3), (torch.int64, -2, 2), (torch.uint8, 1, 5),
                          (torch.float16, -1, 1.5), (torch.bool, 0, 1), (torch.int32, -3, None)]:
        a, a_spec = spec(random_values((6,), dtype))
        args = {k: v for k, v in (("min", lo), ("max", hi)) if v is not None}
        out.append(case("clamp", f"promote/{dt(dtype)}_{lo!r}_{hi!r}", [a_spec],
                        outcome16(torch.clamp, a, lo, hi), **args))
    # Tensor bounds broadcast against self.
    a, a_spec = spec(random_values((3, 4), torch.float32))
    lo, lo_spec = spec(random_values((4,), torch.float32, -2, 0))
    hi, hi_spec = spec(random_values((3, 1), torch.float32, 0, 2))
    out.append(case("clamp", "tensor_bounds", [a_spec, lo_spec, hi_spec],
                    outcome16(torch.clamp, a, lo, hi)))
    lo, lo_spec = spec(torch.tensor([NAN, -1.0, -1.0, NAN]))
    hi, hi_spec = spec(torch.tensor([1.0, NAN, 1.0, 2.0]))
    b, b_spec = spec(torch.tensor([0.0, 0.0, NAN, 5.0]))
    out.append(case("clamp", "tensor_nan", [b_spec, lo_spec, hi_spec],
                    outcome(lambda: torch.clamp(b, lo, hi))))
    i, i_spec = spec(random_values((2, 4), torch.int64))
    lo, lo_spec = spec(random_values((4,), torch.float32, -2, 0))
    out.append(case("clamp", "tensor_promote", [i_spec, lo_spec, hi_spec],
                    outcome(lambda: torch.clamp(i, lo, hi))))
    lo, lo_spec = spec(random_values((5,), torch.float32))
    out.append(case("clamp", "tensor_mismatch", [a_spec, lo_spec, hi_spec],
                    outcome16(torch.clamp, a, lo, hi)))
    # clamp_min / clamp_max: numbers and tensors.
    for op, fn in [("clamp_min", torch.clamp_min), ("clamp_max", torch.clamp_max)]:
        for dtype in ALL:
            a, a_spec = spec(random_values((3, 4), dtype))
            out.append(case(op, f"number/{dt(dtype)}", [a_spec], outcome16(fn, a, 1),
                            bound=1))
        a, a_spec = spec(torch.tensor([NAN, -3.0, 0.5, 3.0, float("inf")]))
        for bound in [0.5, 1, NAN]:
            out.append(case(op, f"number/{bound!r}", [a_spec], outcome(lambda: fn(a, bound)),
                            bound=bound))
        i, i_spec = spec(random_values((5,), torch.int32))
        out.append(case(op, "number_promote", [i_spec], outcome(lambda: fn(i, 0.5)), bound=0.5))
        b, b_spec = spec(torch.tensor([1.0, NAN, 0.0, -1.0, 2.0]))
        out.append(case(op, "tensor", [a_spec, b_spec], outcome(lambda: fn(a, b))))
        b, b_spec = spec(random_values((3, 1), torch.float64))
        a, a_spec = spec(random_values((2, 1, 4), torch.float32))
        out.append(case(op, "tensor_broadcast", [a_spec, b_spec], outcome(lambda: fn(a, b))))
    return out


def lerp_cases():
    out = []
    for dtype in ALL:
        a, a_spec = spec(random_values((3, 4), dtype))
        b, b_spec = spec(random_values((3, 4), dtype))
        out.append(case("lerp", f"scalar/{dt(dtype)}", [a_spec, b_spec],
                        outcome16(torch.lerp, a, b, 0.3), weight=0.3))
    for dtype in FLOATS:
        for label, a, a_spec in layouts((3, 4), dtype):
            b, b_spec = spec(random_values((4,), dtype))
            w, w_spec = spec(random_values((3, 1), dtype, -0.5, 1.5))
            out.append(case("lerp", f"tensor/{label}/{dt(dtype)}", [a_spec, b_spec, w_spec],
                            outcome16(torch.lerp, a, b, w)))
        for weight in [0.0, 1.0, 0.5, 0.7, -1.5, 2.0]:
            a, a_spec = spec(random_values((5,), dtype, -100, 100))
            b, b_spec = spec(random_values((5,), dtype, -100, 100))
            out.append(case("lerp", f"weights/{weight}/{dt(dtype)}", [a_spec, b_spec],
                            outcome16(torch.lerp, a, b, weight), weight=weight))
    a, a_spec = spec(random_values((3,), torch.float32))
    b, b_spec = spec(random_values((3,), torch.float64))
    out.append(case("lerp", "end_dtype_mismatch", [a_spec, b_spec],
                    outcome(lambda: torch.lerp(a, b, 0.5)), weight=0.5))
    w, w_spec = spec(random_values((3,), torch.float64))
    out.append(case("lerp", "weight_dtype_mismatch", [a_spec, a_spec, w_spec],
                    outcome(lambda: torch.lerp(a, a, w))))
    b, b_spec = spec(random_values((2,), torch.float32))
    out.append(case("lerp", "shape_mismatch", [a_spec, b_spec],
                    outcome(lambda: torch.lerp(a, b, 0.5)), weight=0.5))
    a, a_spec = spec(random_values((), torch.float64))
    out.append(case("lerp", "zero_dim", [a_spec, a_spec], outcome(lambda: torch.lerp(a, a, 0.5)),
                    weight=0.5))
    a, a_spec = spec(random_values((0, 2), torch.float32))
    out.append(case("lerp", "zero_size", [a_spec, a_spec, a_spec],
                    outcome(lambda: torch.lerp(a, a, a))))
    return out


def addc_cases():
    out = []
    for op, fn in [("addcmul", torch.addcmul), ("addcdiv", torch.addcdiv)]:
        for dtype in ALL:
            a, a_spec = spec(random_values((3, 4), dtype))
            b, b_spec = spec(random_values((3, 4), dtype))
            c, c_spec = spec(random_values((3, 4), dtype, 0.5, 3))
            out.append(case(op, f"{dt(dtype)}", [a_spec, b_spec, c_spec],
                            outcome16(lambda x, y, z: fn(x, y, z, value=2), a, b, c), value=2))
        for label, a, a_spec in layouts((3, 4), torch.float32):
            b, b_spec = spec(random_values((4,), torch.float32))
            c, c_spec = spec(random_values((3, 1), torch.float32, 0.5, 3), [("expand", [3, 4])])
            out.append(case(op, f"layout/{label}", [a_spec, b_spec, c_spec],
                            outcome(lambda: fn(a, b, c, value=-0.5)), value=-0.5))
        for da, db, dc, value in [(torch.int64, torch.float32, torch.int64, 1),
                                  (torch.float16, torch.float32, torch.float16, 0.25),
                                  (torch.int32, torch.int32, torch.int64, 3),
                                  (torch.int64, torch.int64, torch.int64, 0.5),
                                  (torch.float64, torch.int32, torch.int32, 1),
                                  (torch.float32, torch.float32, torch.float32, True)]:
            a, a_spec = spec(random_values((4,), da))
            b, b_spec = spec(random_values((4,), db))
            c, c_spec = spec(random_values((4,), dc, 0.5, 3))
            out.append(case(op, f"promote/{dt(da)}_{dt(db)}_{dt(dc)}_{value!r}",
                            [a_spec, b_spec, c_spec], outcome16(lambda x, y, z: fn(x, y, z, value=value), a, b, c),
                            value=value))
        a, a_spec = spec(random_values((), torch.float64))
        out.append(case(op, "zero_dim", [a_spec, a_spec, a_spec],
                        outcome(lambda: fn(a, a, a, value=1)), value=1))
        a, a_spec = spec(random_values((2, 3), torch.float32))
        b, b_spec = spec(random_values((4,), torch.float32))
        out.append(case(op, "mismatch", [a_spec, a_spec, b_spec],
                        outcome(lambda: fn(a, a, b, value=1)), value=1))
    return out


def where_cases():
    out = []
    for dtype in ALL:
        cnd, c_spec = spec(random_values((3, 4), torch.bool))
        a, a_spec = spec(random_values((3, 4), dtype))
        b, b_spec = spec(random_values((3, 4), dtype))
        out.append(case("where", dt(dtype), [c_spec, a_spec, b_spec],
                        outcome(lambda: torch.where(cnd, a, b))))
    cnd, c_spec = spec(random_values((3, 1), torch.bool))
    for label, a, a_spec in layouts((3, 4), torch.float32):
        b, b_spec = spec(random_values((4,), torch.int64))
        out.append(case("where", f"broadcast/{label}", [c_spec, a_spec, b_spec],
                        outcome(lambda: torch.where(cnd, a, b))))
    for da, db in [(torch.int32, torch.float16), (torch.uint8, torch.int8),
                   (torch.bool, torch.float64)]:
        a, a_spec = spec(random_values((3, 4), da))
        b, b_spec = spec(random_values((), db))
        out.append(case("where", f"promote/{dt(da)}_{dt(db)}", [c_spec, a_spec, b_spec],
                        outcome(lambda: torch.where(cnd, a, b))))
    a, a_spec = spec(random_values((3, 4), torch.int32))
    for x, y in [(None, 1.5), (2, None), (None, 7), (1, 2.5), (True, False)]:
        args = {k: v for k, v in (("x", x), ("y", y)) if v is not None}
        inputs = [c_spec] + ([a_spec] if x is None or y is None else [])
        xx = a if x is None else x
        yy = a if y is None else y
        out.append(case("where", f"numbers/{x!r}_{y!r}", inputs,
                        outcome(lambda: torch.where(cnd, xx, yy)), **args))
    u, u_spec = spec(torch.tensor([0, 1, 2, 0], dtype=torch.uint8))
    b, b_spec = spec(random_values((4,), torch.float32))
    out.append(case("where", "uint8_condition", [u_spec, b_spec, b_spec.copy()],
                    outcome(lambda: torch.where(u, b, -b))))
    out[-1]["inputs"][2] = to_json(-b)
    f, f_spec = spec(random_values((4,), torch.float32))
    out.append(case("where", "float_condition", [f_spec, b_spec, b_spec],
                    outcome(lambda: torch.where(f, b, b))))
    cnd, c_spec = spec(random_values((2,), torch.bool))
    out.append(case("where", "mismatch", [c_spec, b_spec, b_spec],
                    outcome(lambda: torch.where(cnd, b, b))))
    cnd, c_spec = spec(random_values((0, 4), torch.bool))
    out.append(case("where", "zero_size", [c_spec, b_spec, b_spec],
                    outcome(lambda: torch.where(cnd, b, b))))
    return out


def close_cases():
    out = []
    x = [1.0, 1.0, 1.0, 0.0, NAN, NAN, float("inf"), float("inf"), float("-inf"), 100.0, 1e-9,
         -2.0]
    y = [1.0, 1.000001, 1.001, 1e-8, NAN, 1.0, float("inf"), float("-inf"), float("-inf"),
         100.01, 0.0, -2.0000001]
    for dtype in [torch.float32, torch.float64, torch.float16]:
        a, a_spec = spec(torch.tensor(x, dtype=dtype))
        b, b_spec = spec(torch.tensor(y, dtype=dtype))
        for rtol, atol, equal_nan in [(1e-5, 1e-8, False), (1e-5, 1e-8, True), (0, 0, False),
                                      (1e-3, 0, False), (0, 1e-2, True)]:
            args = dict(rtol=rtol, atol=atol, equal_nan=equal_nan)
            label = f"{dt(dtype)}/{rtol}_{atol}_{equal_nan}"
            out.append(case("isclose", label, [a_spec, b_spec],
                            outcome(lambda: torch.isclose(a, b, **args)), **args))
            out.append(case("allclose", label, [a_spec, b_spec],
                            outcome(as_bool(lambda: torch.allclose(a, b, **args))), **args))
        out.append(case("allclose", f"{dt(dtype)}/self", [a_spec, a_spec],
                        outcome(as_bool(lambda: torch.allclose(a[:4], a[:4]))),
                        rtol=1e-5, atol=1e-8, equal_nan=False))
        out[-1]["inputs"] = [to_json(a[:4]), to_json(a[:4])]
    for dtype in INTS + [torch.bool]:
        a, a_spec = spec(random_values((6,), dtype))
        b, b_spec = spec(random_values((6,), dtype))
        for atol in [0.0, 1.0, 3.0]:
            args = dict(rtol=0.1, atol=atol, equal_nan=False)
            out.append(case("isclose", f"{dt(dtype)}/{atol}", [a_spec, b_spec],
                            outcome(lambda: torch.isclose(a, b, **args)), **args))
    a, a_spec = spec(random_values((3, 4), torch.float32))
    b, b_spec = spec(random_values((4,), torch.float32))
    args = dict(rtol=1e-5, atol=1e-8, equal_nan=False)
    out.append(case("isclose", "broadcast", [a_spec, b_spec],
                    outcome(lambda: torch.isclose(a, b)), **args))
    out.append(case("allclose", "broadcast", [a_spec, b_spec],
                    outcome(as_bool(lambda: torch.allclose(a, b))), **args))
    i, i_spec = spec(random_values((4,), torch.int64))
    out.append(case("isclose", "dtype_mismatch", [b_spec, i_spec],
                    outcome(lambda: torch.isclose(b, i)), **args))
    out.append(case("allclose", "dtype_mismatch", [b_spec, i_spec],
                    outcome(as_bool(lambda: torch.allclose(b, i))), **args))
    bad = dict(rtol=-1.0, atol=1e-8, equal_nan=False)
    out.append(case("isclose", "negative_rtol", [b_spec, b_spec],
                    outcome(lambda: torch.isclose(b, b, **bad)), **bad))
    bad = dict(rtol=1e-5, atol=-1.0, equal_nan=False)
    out.append(case("isclose", "negative_atol", [b_spec, b_spec],
                    outcome(lambda: torch.isclose(b, b, **bad)), **bad))
    # equal: sizes and values (after promotion), NaN != NaN.
    a, a_spec = spec(random_values((3, 4), torch.float32))
    for label, b in [("same", a.clone()), ("transposed_view", a.t().contiguous().t()),
                     ("one_differs", a.clone().index_put_((torch.tensor([1]), torch.tensor([2])),
                                                          torch.tensor(9.0))),
                     ("other_shape", a.reshape(4, 3)), ("double", a.double()),
                     ("broadcastable", a[:1])]:
        b_views = [("transpose", 0, 1)] if label == "transposed_view" else []
        base = b.t().contiguous() if label == "transposed_view" else b
        bb, b_spec = spec(base, b_views)
        out.append(case("equal", label, [a_spec, b_spec],
                        outcome(as_bool(lambda: torch.equal(a, bb)))))
    n, n_spec = spec(torch.tensor([1.0, NAN]))
    out.append(case("equal", "nan", [n_spec, n_spec], outcome(as_bool(lambda: torch.equal(n, n)))))
    i, i_spec = spec(torch.tensor([3, -2]))
    f, f_spec = spec(torch.tensor([3.0, -2.0]))
    out.append(case("equal", "int_float", [i_spec, f_spec],
                    outcome(as_bool(lambda: torch.equal(i, f)))))
    e, e_spec = spec(torch.zeros(0, 3))
    out.append(case("equal", "empty", [e_spec, e_spec], outcome(as_bool(lambda: torch.equal(e, e)))))
    return out


def cases():
    return clamp_cases() + lerp_cases() + addc_cases() + where_cases() + close_cases()
