"""Reductions: sums, means, products, extremes, logical reductions, counts, statistics, norms.

Args understood by tests/ops/reduction_test.cpp: "dim" (null, an int or a list), "keepdim",
"dtype" (a dtype name), "correction", "unbiased", "p" (a number, "inf", "-inf" or "fro").
"""
import math

import torch

from common import ALL, FLOATS, INTS, case, layouts, outcome, random_values, spec

NAMES = {v: k for k, v in {
    "bool": torch.bool, "uint8": torch.uint8, "int8": torch.int8, "int16": torch.int16,
    "int32": torch.int32, "int64": torch.int64, "float16": torch.float16,
    "bfloat16": torch.bfloat16, "float32": torch.float32, "float64": torch.float64}.items()}


def dname(dtype):
    return NAMES[dtype]


# op -> (how it takes dims: "list", "int" or "none"; has dtype arg; torch callable(x, **args))
def _dims_call(fn):
    def call(x, dim=None, keepdim=False, dtype=None):
        kw = {}
        if dtype is not None:
            kw["dtype"] = dtype
        if dim is None:
            return fn(x, **kw)
        return fn(x, dim, keepdim=keepdim, **kw)
    return call


def _max_like(fn):
    def call(x, dim=None, keepdim=False):
        if dim is None:
            return fn(x)
        return tuple(fn(x, dim, keepdim=keepdim))
    return call


def _arg_like(fn):
    def call(x, dim=None, keepdim=False):
        return fn(x, dim=dim, keepdim=keepdim)
    return call


def _amax_like(fn):
    def call(x, dim=None, keepdim=False):
        return fn(x, [] if dim is None else dim, keepdim=keepdim)
    return call


OPS = {
    "sum": ("list", True, _dims_call(torch.sum)),
    "nansum": ("list", True, _dims_call(torch.nansum)),
    "mean": ("list", True, _dims_call(torch.mean)),
    "nanmean": ("list", True, _dims_call(torch.nanmean)),
    "prod": ("int", True, _dims_call(torch.prod)),
    "max": ("int", False, _max_like(torch.max)),
    "min": ("int", False, _max_like(torch.min)),
    "amax": ("list", False, _amax_like(torch.amax)),
    "amin": ("list", False, _amax_like(torch.amin)),
    "argmax": ("int", False, _arg_like(torch.argmax)),
    "argmin": ("int", False, _arg_like(torch.argmin)),
    "all": ("int", False, _dims_call(torch.all)),
    "any": ("int", False, _dims_call(torch.any)),
}


def _count_nonzero(x, dim=None, keepdim=False):
    return torch.count_nonzero(x, dim)


def _via_float(fn, x):
    """fn(x) computed on float32 and rounded back to x's 16-bit dtype: PyTorch 2.x supports these
    ops for float16/bfloat16 on the CPU (accumulating in float), the installed torch 1.13 raises."""
    r = fn(x.float())
    if isinstance(r, tuple):
        return tuple(t.to(x.dtype) if t.is_floating_point() else t for t in r)
    return r.to(x.dtype) if r.is_floating_point() else r


def _range_for(op):
    # Products of many numbers stay finite in float16 near 1.
    return (0.6, 1.4) if op == "prod" else (-3.0, 3.0)


def _dims_for(kind):
    if kind == "list":
        return [None, 0, -1, [0, 2], [2, 0, 1]]
    return [None, 0, 1, -1]


def _add(out, op, name, tensors, fn, **args):
    """A case whose inputs are (torch tensor, spec) pairs, expected = fn(*torch tensors)."""
    out.append(case(op, name, [s for _, s in tensors], outcome(lambda: fn(*[t for t, _ in tensors])),
                    **args))


def _json_args(dim=None, keepdim=False, dtype=None, **more):
    args = {"dim": dim, "keepdim": keepdim}
    if dtype is not None:
        args["dtype"] = dname(dtype)
    args.update(more)
    return args


def _simple_cases(out, op, kind, has_dtype, fn):
    low, high = _range_for(op)
    base_dtype = torch.float32
    # Dims (negative, several, keepdim) over layouts.
    for label, x, s in layouts((3, 4, 5), base_dtype, low, high):
        for dim in _dims_for(kind):
            for keepdim in (False, True):
                if dim is None and keepdim and op not in ("argmax", "argmin", "amax", "amin"):
                    continue
                out.append(case(op, f"{label}/dim{dim}/keep{keepdim}", [s],
                                outcome(lambda: fn(x, dim=dim, keepdim=keepdim)),
                                **_json_args(dim, keepdim)))
    # Expanded (stride 0) and permuted inputs.
    x, s = spec(random_values((4, 1, 5), base_dtype, low, high), [("expand", [4, 3, 5])])
    for dim in (None, 1, 0):
        out.append(case(op, f"expanded/dim{dim}", [s], outcome(lambda: fn(x, dim=dim)),
                        **_json_args(dim)))
    x, s = spec(random_values((2, 3, 4), base_dtype, low, high), [("permute", [2, 0, 1])])
    for dim in (None, 0, 2):
        out.append(case(op, f"permuted/dim{dim}", [s], outcome(lambda: fn(x, dim=dim)),
                        **_json_args(dim)))
    # Dtype sweep.
    for dtype in ALL:
        x, s = spec(random_values((3, 6), dtype, low, high))
        for dim in (None, 1):
            f = (lambda: _via_float(lambda y: fn(y, dim=dim), x)) \
                if op == "prod" and dtype in (torch.float16, torch.bfloat16) \
                else (lambda: fn(x, dim=dim))
            out.append(case(op, f"dtype/{dname(dtype)}/dim{dim}", [s], outcome(f),
                            **_json_args(dim)))
    # 0-d input, with and without a dim.
    x, s = spec(random_values((), torch.float64, low, high))
    for dim in (None, 0, -1):
        out.append(case(op, f"zero_dim/dim{dim}", [s], outcome(lambda: fn(x, dim=dim)),
                        **_json_args(dim)))
    # Zero-size inputs: reducing the empty dim, the other dim, or everything.
    x, s = spec(random_values((0, 3), torch.float32))
    for dim in (None, 0, 1):
        for keepdim in (False, True):
            out.append(case(op, f"zero_size/dim{dim}/keep{keepdim}", [s],
                            outcome(lambda: fn(x, dim=dim, keepdim=keepdim)),
                            **_json_args(dim, keepdim)))
    # NaN and infinities.
    data = torch.tensor([[1.0, float("nan"), 3.0, float("nan")], [2.0, 5.0, -1.0, 5.0],
                         [float("inf"), 0.0, float("-inf"), 1.0]])
    x, s = spec(data)
    for dim in (None, 1, 0):
        out.append(case(op, f"nonfinite/dim{dim}", [s], outcome(lambda: fn(x, dim=dim)),
                        **_json_args(dim)))
    # Ties: first occurrence for indices.
    x, s = spec(torch.tensor([[2, 7, 7, 1, 1], [3, 3, 3, 3, 3]], dtype=torch.int32))
    for dim in (None, 1, 0):
        out.append(case(op, f"ties/dim{dim}", [s], outcome(lambda: fn(x, dim=dim)),
                        **_json_args(dim)))
    # dtype arguments.
    if has_dtype:
        for src, dst in [(torch.int32, torch.float64), (torch.float32, torch.float64),
                         (torch.int64, torch.float32), (torch.float64, torch.float32),
                         (torch.bool, torch.int32), (torch.int16, torch.int64),
                         (torch.float16, torch.float32)]:
            x, s = spec(random_values((3, 4), src, low, high))
            for dim in (None, 1):
                out.append(case(op, f"dtype_arg/{dname(src)}_{dname(dst)}/dim{dim}", [s],
                                outcome(lambda: fn(x, dim=dim, dtype=dst)),
                                **_json_args(dim, dtype=dst)))
    # Errors: dim out of range, repeated dims.
    x, s = spec(random_values((2, 3), torch.float32))
    out.append(case(op, "error/bad_dim", [s], outcome(lambda: fn(x, dim=2)), **_json_args(2)))
    out.append(case(op, "error/bad_negative_dim", [s], outcome(lambda: fn(x, dim=-3)),
                    **_json_args(-3)))
    if kind == "list":
        out.append(case(op, "error/repeated_dim", [s], outcome(lambda: fn(x, dim=[1, -1])),
                        **_json_args([1, -1])))


def _stat_cases(out):
    """var, std, var_mean, std_mean: correction, unbiased overloads."""
    fns = {"var": (torch.var, False), "std": (torch.std, False),
           "var_mean": (torch.var_mean, True), "std_mean": (torch.std_mean, True)}
    for op, (fn, pair) in fns.items():
        def call(x, dim=None, keepdim=False, correction=None, unbiased=None, fn=fn, pair=pair):
            if unbiased is not None:
                r = fn(x, unbiased) if dim is None else fn(x, dim, unbiased, keepdim)
            else:
                r = fn(x, dim, correction=correction, keepdim=keepdim)
            return tuple(r) if pair else r
        for label, x, s in layouts((3, 4, 5), torch.float32):
            for dim in (None, 1, [0, 2], -1):
                for correction in (None, 0, 2):
                    keepdim = dim == 1
                    out.append(case(op, f"{label}/dim{dim}/corr{correction}", [s],
                                    outcome(lambda: call(x, dim, keepdim, correction)),
                                    **_json_args(dim, keepdim, correction=correction)))
        x, s = spec(random_values((3, 5), torch.float32))
        for dim in (None, [1]):
            for unbiased in (True, False):
                out.append(case(op, f"unbiased{unbiased}/dim{dim}", [s],
                                outcome(lambda: call(x, dim, False, None, unbiased)),
                                **_json_args(dim, unbiased=unbiased)))
        x, s = spec(random_values((3, 5), torch.float32))
        # torch 1.13 takes only integer corrections; PyTorch 2.x any number: var scales as
        # N / (N - correction).
        def fractional(x=x, call=call):
            v, m = torch.var_mean(x, [1], correction=0)
            v = v * 5 / (5 - 0.5)
            v = v.sqrt() if op.startswith("std") else v
            return (v, m) if op.endswith("_mean") else v
        out.append(case(op, "fractional_correction", [s], outcome(fractional),
                        **_json_args([1], correction=0.5)))
        for dtype in ALL:
            x, s = spec(random_values((4, 6), dtype))
            out.append(case(op, f"dtype/{dname(dtype)}", [s], outcome(lambda: call(x, [1])),
                            **_json_args([1])))
        x, s = spec(random_values((4, 1), torch.float64), [("expand", [4, 3])])
        out.append(case(op, "expanded", [s], outcome(lambda: call(x, [1])), **_json_args([1])))
        x, s = spec(random_values((), torch.float64))
        out.append(case(op, "zero_dim", [s], outcome(lambda: call(x)), **_json_args()))
        out.append(case(op, "zero_dim/corr0", [s], outcome(lambda: call(x, None, False, 0)),
                        **_json_args(correction=0)))
        x, s = spec(random_values((0, 3), torch.float32))
        for dim in (None, [0], [1]):
            out.append(case(op, f"zero_size/dim{dim}", [s], outcome(lambda: call(x, dim)),
                            **_json_args(dim)))
        x, s = spec(torch.tensor([[1.0, float("nan"), 2.0], [1.0, float("inf"), 2.0],
                                  [1e8, 1e8 + 1, 1e8 + 2]], dtype=torch.float64))
        out.append(case(op, "nonfinite_and_offset", [s], outcome(lambda: call(x, [1])),
                        **_json_args([1])))
        x, s = spec(random_values((2, 3), torch.float32))
        out.append(case(op, "error/bad_dim", [s], outcome(lambda: call(x, [3])),
                        **_json_args([3])))
        out.append(case(op, "error/repeated_dim", [s], outcome(lambda: call(x, [0, 0])),
                        **_json_args([0, 0])))


def _p_json(p):
    if isinstance(p, float) and math.isinf(p):
        return "inf" if p > 0 else "-inf"
    return p


def _norm_cases(out):
    def call(x, p, dim=None, keepdim=False):
        if dim is None:
            return torch.norm(x, p)
        return torch.norm(x, p, dim, keepdim=keepdim)
    ps = [2, 1, float("inf"), float("-inf"), 0, 3, 0.5, -1, 1.5, "fro"]
    for label, x, s in layouts((3, 4, 5), torch.float32):
        for p in ps:
            for dim in (None, 1, [0, 2]):
                if p == "fro" and dim is None:
                    continue
                keepdim = dim == 1
                out.append(case("norm", f"{label}/p{p}/dim{dim}", [s],
                                outcome(lambda: call(x, p, dim, keepdim)),
                                **_json_args(dim, keepdim, p=_p_json(p))))
    for dtype in ALL:
        x, s = spec(random_values((3, 4), dtype))
        out.append(case("norm", f"dtype/{dname(dtype)}", [s], outcome(lambda: call(x, 2)),
                        **_json_args(p=2)))
    x, s = spec(torch.tensor([[1.0, float("nan"), -3.0], [float("-inf"), 2.0, 0.0]]))
    for p in (2, 1, float("inf"), float("-inf"), 0):
        out.append(case("norm", f"nonfinite/p{p}", [s], outcome(lambda: call(x, p, [1])),
                        **_json_args([1], p=_p_json(p))))
    x, s = spec(random_values((), torch.float64))
    out.append(case("norm", "zero_dim", [s], outcome(lambda: call(x, 2)), **_json_args(p=2)))
    x, s = spec(random_values((4, 1), torch.float64), [("expand", [4, 3])])
    out.append(case("norm", "expanded", [s], outcome(lambda: call(x, 2, [1])),
                    **_json_args([1], p=2)))
    x, s = spec(random_values((0, 3), torch.float32))
    for p in (2, 1, 0, 3):
        out.append(case("norm", f"zero_size/p{p}", [s], outcome(lambda: call(x, p)),
                        **_json_args(p=_p_json(p))))
        out.append(case("norm", f"zero_size/p{p}/dim1", [s], outcome(lambda: call(x, p, [1])),
                        **_json_args([1], p=_p_json(p))))
    # PyTorch 2.x (linalg.vector_norm) raises for the inf and negative norms of an empty range,
    # which have no identity; the installed torch 1.13 returned 0 there.
    for p in (float("inf"), float("-inf"), -1):
        out.append(case("norm", f"error/zero_size/p{p}", [s],
                        outcome(lambda: torch.linalg.vector_norm(x, p)),
                        **_json_args(p=_p_json(p))))
    x, s = spec(random_values((2, 3), torch.float32))
    out.append(case("norm", "error/bad_dim", [s], outcome(lambda: call(x, 2, [2])),
                    **_json_args([2], p=2)))


def _logsumexp_cases(out):
    def call(x, dim, keepdim=False):
        return torch.logsumexp(x, dim, keepdim=keepdim)
    for label, x, s in layouts((3, 4, 5), torch.float32, -20.0, 20.0):
        for dim in ([1], [0, 2], [-1], [0, 1, 2]):
            for keepdim in (False, True):
                out.append(case("logsumexp", f"{label}/dim{dim}/keep{keepdim}", [s],
                                outcome(lambda: call(x, dim, keepdim)), **_json_args(dim, keepdim)))
    for dtype in FLOATS:
        x, s = spec(random_values((3, 4), dtype, -50.0, 50.0))
        f = (lambda: _via_float(lambda y: call(y, [1]), x)) if dtype == torch.float16 \
            else (lambda: call(x, [1]))
        out.append(case("logsumexp", f"dtype/{dname(dtype)}", [s], outcome(f),
                        **_json_args([1])))
    # Integer inputs compute in the default float dtype (PyTorch 2.x; torch 1.13 agrees).
    for dtype in (torch.int32, torch.int64, torch.bool, torch.uint8):
        x, s = spec(random_values((3, 4), dtype))
        out.append(case("logsumexp", f"dtype/{dname(dtype)}", [s], outcome(lambda: call(x, [1])),
                        **_json_args([1])))
    x, s = spec(torch.tensor([[float("inf"), 1.0], [float("-inf"), float("-inf")],
                              [float("nan"), 1.0], [1000.0, 1000.0], [float("inf"),
                                                                       float("-inf")]]))
    out.append(case("logsumexp", "nonfinite", [s], outcome(lambda: call(x, [1])),
                    **_json_args([1])))
    x, s = spec(random_values((), torch.float64))
    out.append(case("logsumexp", "zero_dim", [s], outcome(lambda: call(x, [0])),
                    **_json_args([0])))
    x, s = spec(random_values((0, 3), torch.float32))
    for dim in ([0], [1]):
        out.append(case("logsumexp", f"zero_size/dim{dim}", [s], outcome(lambda: call(x, dim)),
                        **_json_args(dim)))
    x, s = spec(random_values((2, 3), torch.float32))
    out.append(case("logsumexp", "error/bad_dim", [s], outcome(lambda: call(x, [2])),
                    **_json_args([2])))


def _count_nonzero_cases(out):
    for label, x, s in layouts((3, 4, 5), torch.int32):
        for dim in (None, 1, [0, 2], -1):
            out.append(case("count_nonzero", f"{label}/dim{dim}", [s],
                            outcome(lambda: torch.count_nonzero(x, dim)), **_json_args(dim)))
    for dtype in ALL:
        x, s = spec(random_values((3, 4), dtype))
        out.append(case("count_nonzero", f"dtype/{dname(dtype)}", [s],
                        outcome(lambda: torch.count_nonzero(x, 1)), **_json_args(1)))
    x, s = spec(torch.tensor([0.0, float("nan"), -0.0, 1.0]))
    out.append(case("count_nonzero", "nan_and_negative_zero", [s],
                    outcome(lambda: torch.count_nonzero(x)), **_json_args()))
    x, s = spec(random_values((0, 3), torch.float32))
    out.append(case("count_nonzero", "zero_size", [s], outcome(lambda: torch.count_nonzero(x, 0)),
                    **_json_args(0)))
    x, s = spec(random_values((2, 3), torch.float32))
    out.append(case("count_nonzero", "error/repeated_dim", [s],
                    outcome(lambda: torch.count_nonzero(x, [0, 0])), **_json_args([0, 0])))


def cases():
    out = []
    for op, (kind, has_dtype, fn) in OPS.items():
        _simple_cases(out, op, kind, has_dtype, fn)
    # mean/nanmean need a floating dtype; other dtype errors.
    x, s = spec(random_values((2, 3), torch.int64))
    for op, fn in (("mean", torch.mean), ("nanmean", torch.nanmean)):
        out.append(case(op, "error/int_without_dtype", [s], outcome(lambda: fn(x)), dim=None,
                        keepdim=False))
        out.append(case(op, "error/int_dtype_arg", [s],
                        outcome(lambda: fn(x, dtype=torch.int64)), dim=None,
                        keepdim=False, dtype="int64"))
    _stat_cases(out)
    _norm_cases(out)
    _logsumexp_cases(out)
    _count_nonzero_cases(out)
    return out
