"""Random ops: PyTorch's errors, shapes and dtypes.

Ember's streams are Philox4x32-10 and PyTorch's CPU generator is an mt19937, so no random value
can match: a non-error case records only the result's dtype and shape ("expected" has no
"data"), and the C++ test (tests/ops/random_test.cpp) checks those. Values are covered there by
known-answer, reproducibility and distribution tests instead. Error cases are PyTorch's.
"""
import torch

from common import DTYPE_NAMES, FLOATS, INTS, _number, case, outcome, random_values, spec

I64_MIN = -2**63


def shape_only(fn):
    """fn()'s dtype and shape (no values), or {"error": true} when PyTorch raises."""
    r = outcome(fn)
    if "error" not in r:
        del r["data"]
    return r


def dt(dtype):
    return DTYPE_NAMES[dtype]


def factories(out):
    # rand / randn: sizes and dtype; non-floating dtypes raise.
    for op, fn in (("rand", torch.rand), ("randn", torch.randn)):
        for dtype in FLOATS:
            out.append(case(op, f"dtype/{dt(dtype)}", [], shape_only(lambda: fn((2, 3), dtype=dtype)),
                            sizes=[2, 3], dtype=dt(dtype)))
        out.append(case(op, "default_dtype", [], shape_only(lambda: fn((4,))), sizes=[4]))
        out.append(case(op, "zero_dim", [], shape_only(lambda: fn(())), sizes=[]))
        out.append(case(op, "zero_size", [], shape_only(lambda: fn((0, 3))), sizes=[0, 3]))
        for dtype in [torch.bool] + INTS:
            out.append(case(op, f"error/dtype_{dt(dtype)}", [],
                            shape_only(lambda: fn((2,), dtype=dtype)), sizes=[2], dtype=dt(dtype)))
        out.append(case(op, "error/negative_size", [], shape_only(lambda: fn((2, -1))),
                        sizes=[2, -1]))

    # rand_like / randn_like: the input's shape and dtype, or the dtype asked for.
    for op, fn in (("rand_like", torch.rand_like), ("randn_like", torch.randn_like)):
        for dtype in FLOATS:
            x, s = spec(random_values((2, 3), dtype))
            out.append(case(op, f"like/{dt(dtype)}", [s], shape_only(lambda: fn(x))))
        x, s = spec(random_values((3, 2), torch.float32), [("transpose", 0, 1)])
        out.append(case(op, "transposed", [s], shape_only(lambda: fn(x))))
        x, s = spec(random_values((0, 2), torch.float32))
        out.append(case(op, "zero_size", [s], shape_only(lambda: fn(x))))
        x, s = spec(random_values((3,), torch.int32))
        out.append(case(op, "error/int32", [s], shape_only(lambda: fn(x))))
        out.append(case(op, "int32_as_float64", [s],
                        shape_only(lambda: fn(x, dtype=torch.float64)), dtype="float64"))

    # randint(low, high, sizes): int64 by default; any dtype whose range holds [low, high).
    randint_cases = [
        ("default", 0, 10, [3, 2], None), ("low_high", -5, 7, [4], None),
        ("zero_size", 0, 3, [0], None), ("zero_dim", 0, 3, [], None),
        ("int8_full", -128, 128, [5], torch.int8), ("uint8_full", 0, 256, [5], torch.uint8),
        ("bool", 0, 2, [5], torch.bool), ("int16", -300, 300, [5], torch.int16),
        ("int32", -10, 10, [5], torch.int32), ("float32", 0, 10, [5], torch.float32),
        ("float16", -20, 20, [5], torch.float16), ("bfloat16", 0, 100, [5], torch.bfloat16),
        ("float64", 0, 10, [5], torch.float64),
        ("error/low_above_high", 5, 3, [2], None), ("error/empty_range", 5, 5, [2], None),
        ("error/empty_range_zero_size", 5, 3, [0], None),
        ("error/uint8_high", 0, 300, [2], torch.uint8), ("error/uint8_low", -1, 2, [2], torch.uint8),
        ("error/int8_high", 0, 129, [2], torch.int8), ("error/bool_high", 0, 3, [2], torch.bool),
        ("error/float16_high", 0, 2**20, [2], torch.float16),
        ("error/negative_size", 0, 3, [-1], None),
    ]
    for name, low, high, sizes, dtype in randint_cases:
        kw = {} if dtype is None else {"dtype": dtype}
        args = {"low": low, "high": high, "sizes": sizes}
        if dtype is not None:
            args["dtype"] = dt(dtype)
        out.append(case("randint", name, [],
                        shape_only(lambda: torch.randint(low, high, tuple(sizes), **kw)), **args))
    out.append(case("randint", "high_only", [], shape_only(lambda: torch.randint(10, (2, 2))),
                    high=10, sizes=[2, 2]))
    out.append(case("randint", "error/high_only_zero", [], shape_only(lambda: torch.randint(0, (2,))),
                    high=0, sizes=[2]))

    # randint_like(self, [low,] high): self's shape and dtype.
    for name, dtype, low, high in [("float32", torch.float32, None, 5), ("int8", torch.int8, -3, 3),
                                   ("uint8", torch.uint8, 0, 256), ("int64", torch.int64, 2, 9),
                                   ("error/int8_high", torch.int8, None, 300),
                                   ("error/low_above_high", torch.int8, 3, 1)]:
        x, s = spec(random_values((2, 3), dtype))
        if low is None:
            out.append(case("randint_like", name, [s],
                            shape_only(lambda: torch.randint_like(x, high)), high=high))
        else:
            out.append(case("randint_like", name, [s],
                            shape_only(lambda: torch.randint_like(x, low, high)), low=low, high=high))

    # randperm(n): int64 by default; n must fit the dtype exactly.
    for name, n, dtype in [("default", 5, None), ("zero", 0, None), ("one", 1, None),
                           ("float32", 5, torch.float32), ("float64", 7, torch.float64),
                           ("int32", 9, torch.int32), ("int8_max", 128, torch.int8),
                           ("uint8_max", 256, torch.uint8), ("float16_max", 2049, torch.float16),
                           ("error/int8", 129, torch.int8), ("error/uint8", 257, torch.uint8),
                           ("error/float16", 2050, torch.float16), ("error/bool", 2, torch.bool),
                           ("error/negative", -1, None)]:
        kw = {} if dtype is None else {"dtype": dtype}
        args = {"n": n}
        if dtype is not None:
            args["dtype"] = dt(dtype)
        out.append(case("randperm", name, [], shape_only(lambda: torch.randperm(n, **kw)), **args))

    # normal(mean, std, sizes): floats only, std >= 0.
    for name, mean, std, dtype in [("default", 0.0, 1.0, None), ("float64", 2.0, 3.0, torch.float64),
                                   ("float16", 0.0, 1.0, torch.float16),
                                   ("error/negative_std", 0.0, -1.0, None),
                                   ("error/int64", 0.0, 1.0, torch.int64)]:
        kw = {} if dtype is None else {"dtype": dtype}
        args = {"mean": mean, "std": std, "sizes": [2, 3]}
        if dtype is not None:
            args["dtype"] = dt(dtype)
        out.append(case("normal", f"sizes/{name}", [],
                        shape_only(lambda: torch.normal(mean, std, (2, 3), **kw)), **args))


def sampling(out):
    # bernoulli(p): p's shape and dtype; every p in [0, 1]. (float16 is left out: torch 1.13
    # lacks the CPU kernel that PyTorch 2 has; Ember supports it, see random_stats_test.cpp.)
    for dtype in (torch.float32, torch.float64, torch.bfloat16):
        p, s = spec(random_values((2, 3), dtype, 0.0, 1.0))
        out.append(case("bernoulli", f"tensor/{dt(dtype)}", [s], shape_only(lambda: torch.bernoulli(p))))
    p, s = spec(random_values((3, 2), torch.float32, 0.0, 1.0), [("transpose", 0, 1)])
    out.append(case("bernoulli", "tensor/transposed", [s], shape_only(lambda: torch.bernoulli(p))))
    p, s = spec(torch.zeros(0, 2))
    out.append(case("bernoulli", "tensor/zero_size", [s], shape_only(lambda: torch.bernoulli(p))))
    for name, value in [("above_one", 1.5), ("negative", -0.5), ("nan", float("nan"))]:
        p, s = spec(torch.full((3,), value))
        expected = shape_only(lambda: torch.bernoulli(p))
        # PyTorch's message is an internal assert's ("Expected p_in >= 0 && p_in <= 1 to be
        # true, but got false."); Ember's says which probability is out of range.
        expected["ember"] = f"expected every probability in [0, 1], but got p={value}"
        out.append(case("bernoulli", f"error/tensor_{name}", [s], expected))
    p, s = spec(torch.ones(3, dtype=torch.int64))
    out.append(case("bernoulli", "error/tensor_int64", [s], shape_only(lambda: torch.bernoulli(p))))
    # bernoulli(self, p): self's shape and dtype (any dtype).
    for dtype, pv in [(torch.float32, 0.3), (torch.int64, 0.3), (torch.float64, 1.0)]:
        x, s = spec(random_values((2, 2), dtype))
        out.append(case("bernoulli", f"scalar_p/{dt(dtype)}", [s],
                        shape_only(lambda: torch.bernoulli(x, pv)), p=pv))
    x, s = spec(random_values((3,), torch.float32))
    out.append(case("bernoulli", "error/scalar_p_above_one", [s],
                    shape_only(lambda: torch.bernoulli(x, 1.3)), p=1.3))

    # normal(mean, std) with tensors: broadcast; mean's dtype; std >= 0 everywhere.
    m, ms = spec(random_values((2, 3), torch.float32))
    sd, ss = spec(random_values((3,), torch.float32, 0.5, 2.0))
    out.append(case("normal", "tensors/broadcast", [ms, ss], shape_only(lambda: torch.normal(m, sd))))
    sd, ss = spec(random_values((3,), torch.float64, 0.5, 2.0))
    out.append(case("normal", "tensors/float32_mean_float64_std", [ms, ss],
                    shape_only(lambda: torch.normal(m, sd))))
    m2, ms2 = spec(random_values((3,), torch.float64))
    sd2, ss2 = spec(random_values((3,), torch.float32, 0.5, 2.0))
    out.append(case("normal", "tensors/float64_mean_float32_std", [ms2, ss2],
                    shape_only(lambda: torch.normal(m2, sd2))))
    m3, ms3 = spec(random_values((), torch.float32))
    sd3, ss3 = spec(random_values((), torch.float32, 0.5, 2.0))
    out.append(case("normal", "tensors/zero_dim", [ms3, ss3], shape_only(lambda: torch.normal(m3, sd3))))
    m4, ms4 = spec(random_values((3, 2), torch.float32), [("transpose", 0, 1)])
    sd4, ss4 = spec(random_values((2, 1), torch.float32, 0.5, 2.0))
    out.append(case("normal", "tensors/transposed_mean", [ms4, ss4],
                    shape_only(lambda: torch.normal(m4, sd4))))
    bad, bs = spec(random_values((4,), torch.float32, 0.5, 2.0))
    out.append(case("normal", "error/tensors_mismatch", [ms, bs], shape_only(lambda: torch.normal(m, bad))))
    neg, ns = spec(torch.tensor([1.0, -1.0, 1.0]))
    m5, ms5 = spec(torch.zeros(3))
    out.append(case("normal", "error/tensors_negative_std", [ms5, ns],
                    shape_only(lambda: torch.normal(m5, neg))))
    nan, nans = spec(torch.tensor([1.0, float("nan"), 1.0]))
    out.append(case("normal", "error/tensors_nan_std", [ms5, nans],
                    shape_only(lambda: torch.normal(m5, nan))))
    mi, mis = spec(torch.zeros(3, dtype=torch.int64))
    one, ones = spec(torch.ones(3))
    out.append(case("normal", "error/tensors_int64_mean", [mis, ones],
                    shape_only(lambda: torch.normal(mi, one))))
    # normal(mean tensor, std number) and normal(mean number, std tensor).
    for dtype in (torch.float32, torch.float64):
        m6, ms6 = spec(random_values((2, 3), dtype))
        out.append(case("normal", f"tensor_mean/{dt(dtype)}", [ms6],
                        shape_only(lambda: torch.normal(m6, 2.0)), std=2.0))
        sd6, ss6 = spec(random_values((2, 3), dtype, 0.5, 2.0))
        out.append(case("normal", f"tensor_std/{dt(dtype)}", [ss6],
                        shape_only(lambda: torch.normal(1.0, sd6)), mean=1.0))
    out.append(case("normal", "error/tensor_mean_negative_std", [ms5],
                    shape_only(lambda: torch.normal(m5, -1.0)), std=-1.0))
    out.append(case("normal", "error/tensor_mean_int64", [mis],
                    shape_only(lambda: torch.normal(mi, 1.0)), std=1.0))
    si, sis = spec(torch.ones(3, dtype=torch.int64))
    out.append(case("normal", "error/tensor_std_int64", [sis],
                    shape_only(lambda: torch.normal(0.0, si)), mean=0.0))

    # multinomial: the checks of Distributions.cpp, by path.
    def mc(name, probs, n, replacement, views=()):
        p, s = spec(probs, views)
        out.append(case("multinomial", name, [s],
                        shape_only(lambda: torch.multinomial(p, n, replacement)),
                        num_samples=n, replacement=replacement))
    mc("with_replacement", torch.tensor([0.2, 0.8]), 3, True)
    mc("without_replacement", torch.tensor([0.2, 0.3, 0.5]), 2, False)
    mc("all_without_replacement", torch.tensor([0.2, 0.3, 0.5]), 3, False)
    mc("zero_probs_last", torch.tensor([0.0, 1.0, 0.0]), 3, False)
    mc("rows", torch.rand(3, 4, dtype=torch.float64), 2, False)
    mc("bfloat16", torch.rand(3, 4).bfloat16(), 2, True)
    mc("rows_with_replacement", torch.rand(3, 4), 6, True)
    mc("transposed_rows", torch.rand(4, 3), 2, True, [("transpose", 0, 1)])
    mc("zero_rows", torch.ones(0, 3), 2, False)
    mc("unnormalised", torch.tensor([2.0, 5.0, 1.0]), 1, True)
    mc("error/too_many_without_replacement", torch.tensor([0.2, 0.8]), 3, False)
    mc("error/negative", torch.tensor([0.2, -0.8]), 1, False)
    mc("error/negative_with_replacement", torch.tensor([0.2, -0.8]), 2, True)
    mc("error/inf", torch.tensor([0.2, float("inf")]), 1, False)
    mc("error/inf_with_replacement", torch.tensor([0.2, float("inf")]), 2, True)
    mc("error/nan", torch.tensor([0.2, float("nan")]), 1, False)
    mc("error/nan_with_replacement", torch.tensor([0.2, float("nan")]), 2, True)
    mc("error/zero_sum", torch.tensor([0.0, 0.0]), 1, False)
    mc("error/zero_sum_with_replacement", torch.tensor([0.0, 0.0]), 2, True)
    mc("error/zero_sum_row", torch.tensor([[0.2, 0.8], [0.0, 0.0]]), 1, False)
    mc("error/int64", torch.tensor([1, 2]), 1, False)
    mc("error/zero_dim", torch.tensor(1.0), 1, False)
    mc("error/three_dim", torch.ones(2, 2, 2), 1, False)
    mc("error/zero_samples", torch.ones(2), 0, True)
    mc("error/negative_samples", torch.ones(2), -1, True)
    mc("error/no_categories", torch.ones(0), 1, True)


def in_place(out):
    def ip(op, name, x, fn, views=(), **args):
        t, s = spec(x, views)
        out.append(case(op, name, [s], shape_only(lambda: fn(t.clone() if not views else t)), **args))

    for dtype in FLOATS:
        ip("uniform_", f"dtype/{dt(dtype)}", random_values((2, 3), dtype),
           lambda t: t.uniform_(-2, 3), **{"from": -2, "to": 3})
        ip("normal_", f"dtype/{dt(dtype)}", random_values((2, 3), dtype),
           lambda t: t.normal_(1, 2), mean=1, std=2)
    ip("uniform_", "transposed", random_values((3, 2), torch.float32), lambda t: t.uniform_(0, 1),
       [("transpose", 0, 1)], **{"from": 0, "to": 1})
    ip("uniform_", "strided", random_values((2, 6), torch.float32), lambda t: t.uniform_(0, 1),
       [("slice", 1, 0, 6, 2)], **{"from": 0, "to": 1})
    ip("uniform_", "empty_range", random_values((3,), torch.float32), lambda t: t.uniform_(2, 2),
       **{"from": 2, "to": 2})
    ip("uniform_", "zero_size", torch.zeros(0, 2), lambda t: t.uniform_(0, 1), **{"from": 0, "to": 1})
    for name, x, a, b in [("error/int64", torch.zeros(3, dtype=torch.int64), 0, 1),
                          ("error/int64_zero_size", torch.zeros(0, dtype=torch.int64), 0, 1),
                          ("error/from_above_to", torch.zeros(3), 1, 0),
                          ("error/from_above_to_zero_size", torch.zeros(0), 1, 0),
                          ("error/float16_to_out_of_range", torch.zeros(3, dtype=torch.float16), 0, 1e5),
                          ("error/float16_span", torch.zeros(3, dtype=torch.float16), -6e4, 6e4),
                          ("error/float32_span", torch.zeros(3), -3e38, 3e38),
                          ("error/to_inf", torch.zeros(3), 0, float("inf")),
                          ("error/from_nan", torch.zeros(3), float("nan"), 1)]:
        ip("uniform_", name, x, lambda t: t.uniform_(a, b), **{"from": a, "to": b})

    ip("normal_", "transposed", random_values((3, 2), torch.float32), lambda t: t.normal_(0, 1),
       [("transpose", 0, 1)], mean=0, std=1)
    ip("normal_", "zero_std", torch.zeros(3), lambda t: t.normal_(5, 0), mean=5, std=0)
    for name, x, m, sd in [("error/negative_std", torch.zeros(3), 0, -1),
                           ("error/negative_std_zero_size", torch.zeros(0), 0, -1),
                           ("error/nan_std", torch.zeros(3), 0, float("nan")),
                           ("error/int64", torch.zeros(3, dtype=torch.int64), 0, 1)]:
        ip("normal_", name, x, lambda t: t.normal_(m, sd), mean=m, std=sd)

    # random_: form "from_to" random_(from, to), "to" random_(to), "full" random_(), and
    # "from" random_(from, None).
    random_cases = [
        ("from_to/float32", torch.float32, "from_to", 5, 10), ("from_to/int8", torch.int8, "from_to", 0, 128),
        ("from_to/bool", torch.bool, "from_to", 0, 2), ("from_to/int64", torch.int64, "from_to", -7, 7),
        ("from_to/float32_beyond_exact", torch.float32, "from_to", 2**24 + 1, 2**24 + 3),
        ("to/float16", torch.float16, "to", None, 5), ("to/int32", torch.int32, "to", None, 1000),
        ("full/bool", torch.bool, "full", None, None), ("full/uint8", torch.uint8, "full", None, None),
        ("full/int8", torch.int8, "full", None, None), ("full/int64", torch.int64, "full", None, None),
        ("full/float16", torch.float16, "full", None, None), ("full/bfloat16", torch.bfloat16, "full", None, None),
        ("full/float64", torch.float64, "full", None, None),
        ("from/float32_below_top", torch.float32, "from", 2**24 - 1, None),
        ("from/int64_all_bits", torch.int64, "from", I64_MIN, None),
        ("from/float32_all_bits", torch.float32, "from", I64_MIN, None),
        ("error/from_above_to", torch.float32, "from_to", 5, 3),
        ("error/from_above_to_zero_size", torch.int8, "from_to_empty", 5, 3),
        ("error/int8_to", torch.int8, "from_to", 0, 200), ("error/int8_from", torch.int8, "from_to", -200, 2),
        ("error/uint8_from", torch.uint8, "from_to", -1, 3), ("error/bool_to", torch.bool, "from_to", 0, 3),
        ("error/float16_to", torch.float16, "from_to", 0, 70000),
        ("error/to_zero", torch.float16, "to", None, 0), ("error/to_negative", torch.float16, "to", None, -1),
        ("error/int8_from_only", torch.int8, "from", 1000, None),
        ("error/float32_from_at_top", torch.float32, "from", 2**24, None),
        ("error/float32_rounded_bounds", torch.float32, "from_to", 2**25 + 1, 2**25 + 2),
        ("error/int32_all_bits", torch.int32, "from", I64_MIN, None),
        ("error/float16_all_bits", torch.float16, "from", I64_MIN, None),
    ]
    for name, dtype, form, a, b in random_cases:
        shape = (0,) if form == "from_to_empty" else (2, 3)
        form = "from_to" if form == "from_to_empty" else form
        x = torch.zeros(shape, dtype=dtype)
        fn = {"from_to": lambda t: t.random_(a, b), "to": lambda t: t.random_(b),
              "full": lambda t: t.random_(), "from": lambda t: t.random_(a, None)}[form]
        args = {"form": form}
        if a is not None:
            args["from"] = a
        if b is not None:
            args["to"] = b
        ip("random_", name, x, fn, **args)
    ip("random_", "transposed", torch.zeros(3, 2, dtype=torch.int32), lambda t: t.random_(0, 10),
       [("transpose", 0, 1)], form="from_to", **{"from": 0, "to": 10})

    for name, dtype, p in [("int32", torch.int32, 0.5), ("bool", torch.bool, 0.5),
                           ("float32", torch.float32, 0.25), ("bfloat16", torch.bfloat16, 1.0),
                           ("zero", torch.float64, 0.0), ("error/above_one", torch.float32, 1.5),
                           ("error/negative", torch.float32, -0.1),
                           ("error/nan", torch.float32, float("nan"))]:
        ip("bernoulli_", name, torch.zeros(2, 3, dtype=dtype), lambda t: t.bernoulli_(p), p=p)
    ip("bernoulli_", "error/above_one_zero_size", torch.zeros(0), lambda t: t.bernoulli_(1.5), p=1.5)
    ip("bernoulli_", "transposed", torch.zeros(3, 2), lambda t: t.bernoulli_(0.5),
       [("transpose", 0, 1)], p=0.5)


def cases():
    out = []
    factories(out)
    sampling(out)
    in_place(out)
    for c in out:  # NaN and infinities in arguments travel as strings, as in tensors
        c["args"] = {k: _number(v) for k, v in c["args"].items()}
    return out
