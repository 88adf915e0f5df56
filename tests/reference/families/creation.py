"""Factories: sizes/values/ranges to tensors, dtype inference, memory views, and type promotion.

Cases have no (or few) inputs; "args" hold the factory's arguments. A "dtype" arg absent means
the factory infers it. `empty` cases only pin dtype and shape (their data is meaningless).
"""
import itertools

import torch

from common import (ALL, DTYPE_NAMES, FLOATS, INTS, case, error, layouts, outcome, random_values,
                    spec)

NAME_OF = DTYPE_NAMES


def _opts(dtype):
    return {} if dtype is None else {"dtype": NAME_OF[dtype]}


def _kw(dtype):
    return {} if dtype is None else {"dtype": dtype}


def sized_factories():
    out = []
    for shape in [(2, 3), (0, 4), (), (5,)]:
        for dtype in [None] + ALL:
            label = f"{list(shape)}/{'default' if dtype is None else NAME_OF[dtype]}"
            r = torch.empty(shape, **_kw(dtype))
            out.append(case("empty", label, [], {"dtype": NAME_OF[r.dtype], "shape": list(shape)},
                            sizes=list(shape), **_opts(dtype)))
            for op, fn in [("zeros", torch.zeros), ("ones", torch.ones)]:
                out.append(case(op, label, [], outcome(lambda: fn(shape, **_kw(dtype))),
                                sizes=list(shape), **_opts(dtype)))
    for sizes, strides, dtype in [((2, 3), (1, 2), None), ((2, 3), (3, 1), torch.int64),
                                  ((4,), (0,), None), ((0, 3), (3, 1), torch.float16),
                                  ((2, 2), (1,), None), ((2, 2), (-1, 1), None)]:
        def fn():
            r = torch.empty_strided(sizes, strides, **_kw(dtype))
            return {"dtype": NAME_OF[r.dtype], "shape": list(r.shape), "strides": list(r.stride())}
        try:
            expected = fn()
        except RuntimeError as e:
            expected = error(e)
        out.append(case("empty_strided", f"{list(sizes)}/{list(strides)}", [], expected,
                        sizes=list(sizes), strides=list(strides), **_opts(dtype)))
    for op in ["empty", "zeros", "ones"]:
        out.append(case(op, "negative_size", [], outcome(lambda: getattr(torch, op)([2, -1])),
                        sizes=[2, -1]))
    # full: the dtype follows the value when none is given; values that do not fit raise.
    fulls = [(7, None), (2.5, None), (True, None), (False, None), (-3, torch.float64),
             (2.7, torch.int32), (-2.7, torch.int64), (300, torch.uint8), (-1, torch.uint8),
             (-256, torch.uint8), (-129, torch.int8), (127, torch.int8), (2, torch.bool),
             (2.5, torch.bool), (float("nan"), torch.int32), (float("inf"), torch.float16),
             (float("nan"), torch.float32), (1e10, torch.float16), (65504.0, torch.float16),
             (1e300, torch.float32), (1e38, torch.bfloat16), (0.1, torch.float16),
             (0.1, torch.bfloat16), (2**40, torch.int32), (2**62, torch.int64),
             (2**40, torch.float32)]
    for value, dtype in fulls:
        for shape in [(2, 3)]:
            out.append(case("full", f"{value!r}/{'infer' if dtype is None else NAME_OF[dtype]}",
                            [], outcome(lambda: torch.full(shape, value, **_kw(dtype))),
                            sizes=list(shape), value=_num(value), **_opts(dtype)))
    out.append(case("full", "zero_size", [], outcome(lambda: torch.full((0, 2), 1.5)),
                    sizes=[0, 2], value=1.5))
    out.append(case("full", "zero_dim", [], outcome(lambda: torch.full((), 4)), sizes=[],
                    value=4))
    # scalar_tensor: the default float dtype, whatever the value's kind.
    for value, dtype in [(3, None), (2.5, None), (True, None), (3, torch.int64),
                         (-1.5, torch.float64), (1, torch.bool), (300, torch.uint8)]:
        out.append(case("scalar_tensor", f"{value!r}/{'infer' if dtype is None else NAME_OF[dtype]}",
                        [], outcome(lambda: torch.scalar_tensor(value, **_kw(dtype))),
                        value=_num(value), **_opts(dtype)))
    return out


def _num(v):
    if isinstance(v, float) and v != v:
        return "nan"
    if isinstance(v, float) and v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    return v


def _strided(fn):
    """outcome(fn) plus the result's strides: *_like keep a dense input's layout."""
    r = outcome(fn)
    if "error" not in r:
        r["strides"] = list(fn().stride())
    return r


def like_factories():
    out = []
    for dtype in [torch.float32, torch.int32, torch.bool, torch.float16]:
        for label, x, x_spec in layouts((2, 3), dtype):
            for target in [None, torch.float64, torch.int64]:
                tl = f"{label}/{NAME_OF[dtype]}->{'same' if target is None else NAME_OF[target]}"
                r = torch.empty_like(x, **_kw(target))
                out.append(case("empty_like", tl, [x_spec],
                                {"dtype": NAME_OF[r.dtype], "shape": list(r.shape),
                                 "strides": list(r.stride())}, **_opts(target)))
                out.append(case("zeros_like", tl, [x_spec],
                                _strided(lambda: torch.zeros_like(x, **_kw(target))), **_opts(target)))
                out.append(case("ones_like", tl, [x_spec],
                                _strided(lambda: torch.ones_like(x, **_kw(target))), **_opts(target)))
                for value in [5, -1.25, True]:
                    out.append(case("full_like", f"{tl}/{value!r}", [x_spec],
                                    _strided(lambda: torch.full_like(x, value, **_kw(target))),
                                    value=value, **_opts(target)))
    x, x_spec = spec(random_values((2, 3, 4), torch.float32), [("permute", [2, 0, 1])])
    out.append(case("ones_like", "permuted", [x_spec], _strided(lambda: torch.ones_like(x))))
    x, x_spec = spec(random_values((3, 1, 4), torch.float32), [("transpose", 0, 2)])
    out.append(case("zeros_like", "transposed_size1", [x_spec], _strided(lambda: torch.zeros_like(x))))
    x, x_spec = spec(random_values((0, 3), torch.float32))
    out.append(case("ones_like", "zero_size", [x_spec], outcome(lambda: torch.ones_like(x))))
    x, x_spec = spec(random_values((), torch.float64))
    out.append(case("zeros_like", "zero_dim", [x_spec], outcome(lambda: torch.zeros_like(x))))
    x, x_spec = spec(random_values((3,), torch.uint8))
    out.append(case("full_like", "overflow", [x_spec],
                    outcome(lambda: torch.full_like(x, 256)), value=256))
    return out


def ranges():
    out = []
    aranges = [
        ((5,), None), ((5.0,), None), ((2, 9), None), ((2, 9, 3), None), ((10, 0, -3), None),
        ((10.0, 0, -3), None), ((0, 1, 0.1), None), ((1, 2.5, 0.3), None), ((0, 1, 0.1), torch.float64),
        ((0, 1, 0.3), torch.float16), ((0, 1, 0.3), torch.bfloat16), ((-1.5, 10, 1.25), torch.int32),
        ((0.5, 5), torch.int64), ((0, 2.5, 0.5), torch.int64), ((0, 10, 3), torch.float32),
        ((-5, 5, 2), torch.int8), ((0, 0), None), ((3, 3, -1), None), ((5, 0, 1), None),
        ((0, 10, -1), None), ((0, 5, 0), None), ((0, 5, 0.0), None), ((0.0, 1.0, 0.25), None),
        ((-2.5, 2.5, 0.5), None), ((1, 0, -0.1), None), ((True, 5), None), ((10,), torch.uint8),
        ((-3, 3), torch.float16), ((0, 255, 16), torch.uint8), ((2**40, 2**40 + 3), None),
        ((-(2**62), -(2**62) + 4 * 2**60, 2**60), None), ((0, 3, 1), torch.bool),
        ((0, 1e-3, 1e-4), torch.float64), ((1, 2, 0.1), torch.float32),
    ]
    for args, dtype in aranges:
        name = ",".join(repr(a) for a in args) + f"/{'infer' if dtype is None else NAME_OF[dtype]}"
        keys = ["end"] if len(args) == 1 else ["start", "end", "step"][: len(args)]
        out.append(case("arange", name, [], outcome(lambda: torch.arange(*args, **_kw(dtype))),
                        **dict(zip(keys, args)), **_opts(dtype)))
    for bad in [float("inf"), float("nan")]:
        out.append(case("arange", f"nonfinite/{bad}", [], outcome(lambda: torch.arange(bad)),
                        end=_num(bad)))
    linspaces = [
        ((0, 1, 5), None), ((-1, 1, 4), None), ((0, 10, 1), None), ((0, 10, 0), None),
        ((1, 0, 7), None), ((0, 10, 4), torch.int64), ((0, 1, 5), torch.float16),
        ((0, 1, 7), torch.bfloat16), ((-3.5, 2.25, 11), torch.float64), ((0, 1, 100), None),
        ((0, 1, 101), torch.float32), ((10, -10, 6), torch.int32), ((0, 5, 3), torch.uint8),
        ((3, 3, 4), None), ((0, 1, 2), torch.bool), ((0, 1, -1), None), ((1e-3, 1e3, 9), None),
    ]
    for (a, b, n), dtype in linspaces:
        name = f"{a!r},{b!r},{n}/{'default' if dtype is None else NAME_OF[dtype]}"
        out.append(case("linspace", name, [], outcome(lambda: torch.linspace(a, b, n, **_kw(dtype))),
                        start=a, end=b, steps=n, **_opts(dtype)))
    logspaces = [
        ((0, 3, 4, 10.0), None), ((0, 2, 3, 2.0), None), ((-2, 2, 5, 10.0), torch.float64),
        ((0, 3, 4, 10.0), torch.int32), ((0, 1, 0, 10.0), None), ((1, -1, 5, 3.0), None),
        ((0, 4, 5, 2.0), torch.float16), ((0, 1, 1, 10.0), None), ((0, 1, -2, 10.0), None),
        ((0.5, 2.5, 7, 10.0), torch.bfloat16), ((0, 2, 3, 10.0), torch.bool),
    ]
    for (a, b, n, base), dtype in logspaces:
        name = f"{a!r},{b!r},{n},base={base}/{'default' if dtype is None else NAME_OF[dtype]}"
        fn = lambda: torch.logspace(a, b, n, base=base, **_kw(dtype))
        if dtype == torch.float16:
            # PyTorch 2.x has a float16 logspace on the CPU (1.13 has none): powers computed in
            # double, then rounded.
            fn = lambda: torch.logspace(a, b, n, base=base, dtype=torch.float64).half()
        out.append(case("logspace", name, [], outcome(fn), start=a, end=b, steps=n, base=base,
                        **_opts(dtype)))
    for (n, m), dtype in [((3, None), None), ((2, 4), None), ((4, 2), None), ((0, None), None),
                          ((3, 3), torch.int64), ((2, 3), torch.bool), ((1, 1), torch.float16),
                          ((-1, None), None), ((2, -3), None), ((0, 3), None)]:
        name = f"{n},{m}/{'default' if dtype is None else NAME_OF[dtype]}"
        fn = (lambda: torch.eye(n, **_kw(dtype))) if m is None else (lambda: torch.eye(n, m, **_kw(dtype)))
        args = {"n": n} if m is None else {"n": n, "m": m}
        out.append(case("eye", name, [], outcome(fn), **args, **_opts(dtype)))
    return out


def tensors():
    out = []
    values = [
        ("ints", [1, 2, 3]), ("floats", [1.5, -2.0]), ("bools", [True, False, True]),
        ("int_float", [1, 2.5]), ("bool_int", [True, 2]), ("bool_float", [False, 0.5]),
        ("nested", [[1, 2, 3], [4, 5, 6]]), ("nested3", [[[1.0], [2.0]], [[3.0], [4.0]]]),
        ("scalar_int", 7), ("scalar_float", -0.25), ("scalar_bool", True), ("empty", []),
        ("empty_nested", [[], []]), ("ragged", [[1, 2], [3]]), ("ragged_depth", [[1, 2], 3]),
        ("ragged_deeper", [[1], [[2]]]), ("big_int", [2**40, -(2**40)]),
    ]
    # PyTorch's messages for these are Python's, about the Python objects it walks ("not a
    # sequence", "'list' object cannot be interpreted as an integer"); Ember's name the dim.
    ember = {"ragged_depth": "expected sequence of length 2 at dim 1 (got a number",
             "ragged_deeper": "expected a number at dim 2 (got a list"}

    def expected(name, fn):
        r = outcome(fn)
        if name in ember:
            r["ember"] = ember[name]
        return r

    for name, v in values:
        out.append(case("tensor", name, [], expected(name, lambda: torch.tensor(v)), values=v))
        for dtype in [torch.float64, torch.int32, torch.bool, torch.float16]:
            out.append(case("tensor", f"{name}/{NAME_OF[dtype]}", [],
                            expected(name, lambda: torch.tensor(v, dtype=dtype)), values=v,
                            dtype=NAME_OF[dtype]))
    return out


def blobs():
    out = []
    data = list(range(12))
    for dtype in [torch.float32, torch.int64, torch.int16, torch.float64]:
        base = torch.tensor(data, dtype=dtype)
        for sizes, strides in [((3, 4), None), ((12,), None), ((4, 3), (1, 4)), ((2, 3), (5, 2)),
                               ((3, 2), (0, 1)), ((0, 5), None), ((), None)]:
            st = strides if strides is not None else torch.empty(sizes).stride()
            args = {"sizes": list(sizes), "dtype": NAME_OF[dtype], "data": data}
            if strides is not None:
                args["strides"] = list(strides)
            out.append(case("from_blob", f"{list(sizes)}/{list(st)}/{NAME_OF[dtype]}", [],
                            outcome(lambda: base.as_strided(sizes, st).clone()), **args))
    return out


def promotion():
    out = []
    for a, b in itertools.product(ALL, ALL):
        out.append(case("promote_types", f"{NAME_OF[a]}/{NAME_OF[b]}", [],
                        {"dtype": NAME_OF[torch.promote_types(a, b)]}, a=NAME_OF[a], b=NAME_OF[b]))
    # result_type over mixes of dimensioned tensors, 0-d tensors and numbers.
    numbers = [True, 2, 2.5]
    for a, b in itertools.product(ALL, ALL):
        for kinds in [("dim", "zero"), ("zero", "zero"), ("zero", "dim")]:
            ta = torch.zeros((2,) if kinds[0] == "dim" else (), dtype=a)
            tb = torch.zeros((2,) if kinds[1] == "dim" else (), dtype=b)
            out.append(case("result_type", f"{kinds[0]}_{NAME_OF[a]}/{kinds[1]}_{NAME_OF[b]}",
                            [spec(ta)[1], spec(tb)[1]],
                            {"dtype": NAME_OF[torch.result_type(ta, tb)]}))
    for a in ALL:
        for n in numbers:
            for shape in [(2,), ()]:
                ta = torch.zeros(shape, dtype=a)
                out.append(case("result_type", f"{len(shape)}d_{NAME_OF[a]}/number_{n!r}",
                                [spec(ta)[1]], {"dtype": NAME_OF[torch.result_type(ta, n)]},
                                numbers=[n]))
    # Three operands: the dimensioned tensor wins within a category; 0-d and numbers lift it.
    for a, b, n in [(torch.int8, torch.int64, 2.5), (torch.uint8, torch.float64, True),
                    (torch.float16, torch.float64, 1), (torch.bool, torch.int32, 2.5),
                    (torch.int16, torch.float16, 1.0), (torch.bool, torch.bool, 3)]:
        ta, tb = torch.zeros(3, dtype=a), torch.zeros((), dtype=b)
        out.append(case("result_type", f"three/{NAME_OF[a]}_{NAME_OF[b]}_{n!r}",
                        [spec(ta)[1], spec(tb)[1]],
                        {"dtype": NAME_OF[_result_type3(ta, tb, n)]},
                        numbers=[n]))
    return out


def _result_type3(ta, tb, n):
    # torch.result_type takes two operands; apply the rule the way an op with three sees them.
    from torch._prims_common import elementwise_dtypes, ELEMENTWISE_TYPE_PROMOTION_KIND
    return elementwise_dtypes(ta, tb, n,
                              type_promotion_kind=ELEMENTWISE_TYPE_PROMOTION_KIND.DEFAULT)[1]


def cases():
    return sized_factories() + like_factories() + ranges() + tensors() + blobs() + promotion()
