"""Sorting and selection: sort, argsort, topk, kthvalue, median, mode, unique.

Args understood by tests/ops/sort_test.cpp: "dim", "descending", "stable", "k", "largest",
"keepdim", "return_inverse", "return_counts". A case with "indices": "any" has ties whose index
PyTorch does not specify: its values are compared exactly and its indices are checked to point at
those values.
"""
import torch

from common import ALL, case, layouts, outcome, random_values, spec
from families.reduction import _via_float, dname

FLOAT_NONFINITE = torch.tensor([[3.0, float("nan"), -1.0, float("inf"), 2.0, float("-inf")],
                                [1.0, 1.0, float("nan"), 0.0, float("nan"), 1.0]])
TIES = torch.tensor([[2, 1, 2, 3, 1, 2], [5, 5, 5, 5, 5, 5], [0, 3, 1, 3, 0, 1]],
                    dtype=torch.int32)


def _half(fn, x):
    # PyTorch 2.x sorts and selects float16 on the CPU; torch 1.13 raises for some of these.
    if x.dtype == torch.float16:
        return outcome(lambda: _via_float(fn, x))
    return outcome(lambda: fn(x))


def _sort_cases(out):
    def call(x, dim=-1, descending=False, stable=None):
        if stable is None:
            return tuple(torch.sort(x, dim=dim, descending=descending))
        return tuple(torch.sort(x, stable=stable, dim=dim, descending=descending))
    for op in ("sort", "argsort"):
        def run(x, dim=-1, descending=False, stable=True, op=op):
            r = call(x, dim, descending, stable)
            return r if op == "sort" else r[1]
        for label, x, s in layouts((3, 4, 5), torch.float32):
            for dim in (0, 1, -1):
                for descending in (False, True):
                    out.append(case(op, f"{label}/dim{dim}/desc{descending}", [s],
                                    outcome(lambda: run(x, dim, descending)), dim=dim,
                                    descending=descending, stable=True))
        for dtype in ALL:
            x, s = spec(random_values((3, 7), dtype))
            for descending in (False, True):
                out.append(case(op, f"dtype/{dname(dtype)}/desc{descending}", [s],
                                _half(lambda y: run(y, 1, descending), x), dim=1,
                                descending=descending, stable=True))
        for name, data in (("nonfinite", FLOAT_NONFINITE), ("ties", TIES)):
            x, s = spec(data)
            for descending in (False, True):
                for dim in (1, 0):
                    out.append(case(op, f"{name}/dim{dim}/desc{descending}", [s],
                                    outcome(lambda: run(x, dim, descending)), dim=dim,
                                    descending=descending, stable=True))
        x, s = spec(random_values((4, 1), torch.float64), [("expand", [4, 3])])
        out.append(case(op, "expanded", [s], outcome(lambda: run(x, 1)), dim=1,
                        descending=False, stable=True))
        x, s = spec(random_values((), torch.float64))
        out.append(case(op, "zero_dim", [s], outcome(lambda: run(x, 0)), dim=0,
                        descending=False, stable=True))
        x, s = spec(random_values((0, 3), torch.float32))
        for dim in (0, 1):
            out.append(case(op, f"zero_size/dim{dim}", [s], outcome(lambda: run(x, dim)), dim=dim,
                            descending=False, stable=True))
        x, s = spec(random_values((2, 3), torch.float32))
        out.append(case(op, "error/bad_dim", [s], outcome(lambda: run(x, 2)), dim=2,
                        descending=False, stable=True))
    # The default (unspecified-stability) sort, on distinct values.
    x, s = spec(torch.randperm(12).reshape(3, 4).float())
    out.append(case("sort", "default_stability", [s], outcome(lambda: call(x, 1)), dim=1,
                    descending=False))


def _topk_cases(out):
    def run(x, k, dim=-1, largest=True):
        return tuple(torch.topk(x, k, dim=dim, largest=largest, sorted=True))
    for label, x, s in layouts((3, 4, 6), torch.float32):
        for dim, k in ((0, 2), (1, 4), (-1, 3), (-1, 0)):
            for largest in (True, False):
                out.append(case("topk", f"{label}/dim{dim}/k{k}/largest{largest}", [s],
                                outcome(lambda: run(x, k, dim, largest)), dim=dim, k=k,
                                largest=largest))
    for dtype in ALL:
        x, s = spec(random_values((3, 7), dtype))
        out.append(case("topk", f"dtype/{dname(dtype)}", [s], _half(lambda y: run(y, 3, 1), x),
                        dim=1, k=3, largest=True, indices="any"))
    for name, data in (("nonfinite", FLOAT_NONFINITE), ("ties", TIES)):
        x, s = spec(data)
        for largest in (True, False):
            out.append(case("topk", f"{name}/largest{largest}", [s],
                            outcome(lambda: run(x, 4, 1, largest)), dim=1, k=4, largest=largest,
                            indices="any"))
    x, s = spec(random_values((), torch.float64))
    out.append(case("topk", "zero_dim", [s], outcome(lambda: run(x, 1, 0)), dim=0, k=1,
                    largest=True))
    x, s = spec(random_values((0, 3), torch.float32))
    out.append(case("topk", "zero_size", [s], outcome(lambda: run(x, 2, 1)), dim=1, k=2,
                    largest=True))
    x, s = spec(random_values((2, 3), torch.float32))
    for k in (4, -1):
        out.append(case("topk", f"error/k{k}", [s], outcome(lambda: run(x, k, 1)), dim=1, k=k,
                        largest=True))
    out.append(case("topk", "error/bad_dim", [s], outcome(lambda: run(x, 1, 2)), dim=2, k=1,
                    largest=True))


def _select_cases(out):
    fns = {
        "kthvalue": lambda x, dim, keepdim, k: tuple(torch.kthvalue(x, k, dim, keepdim=keepdim)),
        "median": lambda x, dim, keepdim, k: (torch.median(x) if dim is None
                                              else tuple(torch.median(x, dim, keepdim=keepdim))),
        "mode": lambda x, dim, keepdim, k: tuple(torch.mode(x, dim, keepdim=keepdim)),
    }
    for op, fn in fns.items():
        for label, x, s in layouts((3, 4, 5), torch.float32):
            for dim in (0, 1, -1):
                for keepdim in (False, True):
                    out.append(case(op, f"{label}/dim{dim}/keep{keepdim}", [s],
                                    outcome(lambda: fn(x, dim, keepdim, 2)), dim=dim,
                                    keepdim=keepdim, k=2, indices="any"))
        for dtype in ALL:
            x, s = spec(random_values((3, 7), dtype))
            out.append(case(op, f"dtype/{dname(dtype)}", [s],
                            _half(lambda y: fn(y, 1, False, 3), x), dim=1, keepdim=False, k=3,
                            indices="any"))
        datas = (("ties", TIES),) if op == "mode" else (("nonfinite", FLOAT_NONFINITE),
                                                         ("ties", TIES))
        for name, data in datas:
            x, s = spec(data)
            for dim in (1, 0):
                out.append(case(op, f"{name}/dim{dim}", [s], outcome(lambda: fn(x, dim, False, 2)),
                                dim=dim, keepdim=False, k=2, indices="any"))
        x, s = spec(torch.tensor([4.0, 1.0, 3.0, 2.0]))  # even length: the lower median
        out.append(case(op, "even_length", [s], outcome(lambda: fn(x, 0, False, 2)), dim=0,
                        keepdim=False, k=2, indices="any"))
        # (Expected values from a contiguous copy: torch 1.13's median reads garbage from
        # stride-0 inputs.)
        x, s = spec(random_values((4, 1), torch.float64), [("expand", [4, 3])])
        out.append(case(op, "expanded", [s], outcome(lambda: fn(x.contiguous(), 1, False, 2)),
                        dim=1, keepdim=False, k=2, indices="any"))
        x, s = spec(random_values((), torch.float64))
        out.append(case(op, "zero_dim", [s], outcome(lambda: fn(x, 0, False, 1)), dim=0,
                        keepdim=False, k=1))
        x, s = spec(random_values((0, 3), torch.float32))
        out.append(case(op, "zero_size/kept_dim", [s], outcome(lambda: fn(x, 1, False, 1)), dim=1,
                        keepdim=False, k=1))
        out.append(case(op, "error/zero_size_dim", [s], outcome(lambda: fn(x, 0, False, 1)),
                        dim=0, keepdim=False,
                        k=1))
        x, s = spec(random_values((2, 3), torch.float32))
        out.append(case(op, "error/bad_dim", [s], outcome(lambda: fn(x, 2, False, 1)), dim=2,
                        keepdim=False, k=1))
    x, s = spec(random_values((2, 3), torch.float32))
    for k in (0, 4):
        out.append(case("kthvalue", f"error/k{k}", [s], outcome(lambda: fns["kthvalue"](x, 1,
                                                                                        False, k)),
                        dim=1, keepdim=False, k=k))
    # median of everything.
    for label, x, s in layouts((3, 4), torch.float32):
        out.append(case("median", f"all/{label}", [s], outcome(lambda: torch.median(x)), dim=None))
    x, s = spec(FLOAT_NONFINITE)
    out.append(case("median", "all/nonfinite", [s], outcome(lambda: torch.median(x)), dim=None))
    x, s = spec(TIES)
    out.append(case("median", "all/ties", [s], outcome(lambda: torch.median(x)), dim=None))
    x, s = spec(random_values((0,), torch.float32))
    out.append(case("median", "all/empty", [s], outcome(lambda: torch.median(x)), dim=None))


def _unique_cases(out):
    def run(x, return_inverse, return_counts):
        v, inv, cnt = torch._unique2(x, sorted=True, return_inverse=return_inverse,
                                     return_counts=return_counts)
        # PyTorch fills the inverse when only counts are asked for; Ember returns what was
        # asked for and empty tensors otherwise.
        empty = torch.empty(0, dtype=torch.int64)
        return (v, inv if return_inverse else empty, cnt if return_counts else empty)
    for dtype in ALL:
        x, s = spec((random_values((3, 5), torch.float64, -2.0, 2.0).round() + 0.0).to(dtype)
                    if dtype.is_floating_point
                    else random_values((3, 5), dtype))
        for inv in (False, True):
            for cnt in (False, True):
                out.append(case("unique", f"{dname(dtype)}/inverse{inv}/counts{cnt}", [s],
                                _half(lambda y: run(y, inv, cnt), x), return_inverse=inv,
                                return_counts=cnt))
    x, s = spec(random_values((4, 3), torch.int64), [("transpose", 0, 1)])
    out.append(case("unique", "transposed", [s], outcome(lambda: run(x, True, True)),
                    return_inverse=True, return_counts=True))
    x, s = spec(torch.tensor([2.0, float("inf"), -1.0, 2.0, float("-inf"), float("inf")]))
    out.append(case("unique", "infinities", [s], outcome(lambda: run(x, True, True)),
                    return_inverse=True, return_counts=True))
    x, s = spec(random_values((), torch.float64))
    out.append(case("unique", "zero_dim", [s], outcome(lambda: run(x, True, True)),
                    return_inverse=True, return_counts=True))
    x, s = spec(random_values((0, 3), torch.float32))
    out.append(case("unique", "zero_size", [s], outcome(lambda: run(x, True, True)),
                    return_inverse=True, return_counts=True))


def _masked(r, return_inverse, return_counts):
    # Ember returns the tensors not asked for empty (PyTorch sometimes fills them anyway).
    v, inv, cnt = r
    empty = torch.empty(0, dtype=torch.int64)
    return (v, inv if return_inverse else empty, cnt if return_counts else empty)


def _unique_dim_cases(out):
    """unique(dim=...), unique_dim, unique_consecutive (with and without dim) and
    unique_dim_consecutive. Args: "dim" (absent: no dim), "return_inverse", "return_counts"."""
    gen = torch.Generator().manual_seed(11)  # (keeps the draws of the cases above unchanged)
    # (torch.unique returns only the tensors asked for; _VF's forms return all three.)
    def by_dim(x, dim, i, c):
        return torch._VF.unique_dim(x, dim, True, i, c)

    def consecutive(x, dim, i, c):
        return torch._VF.unique_consecutive(x, i, c, dim)
    fns = {"unique": by_dim, "unique_dim": by_dim, "unique_consecutive": consecutive,
           "unique_dim_consecutive": consecutive}

    def add(op, name, x, s, dim, inv=True, cnt=True, fn=None):
        f = fn or (lambda y: _masked(fns[op](y, dim, inv, cnt), inv, cnt))
        args = {"return_inverse": inv, "return_counts": cnt}
        if dim is not None:
            args["dim"] = dim
        out.append(case(op, name, [s], _half(f, x) if x.dtype == torch.float16 else outcome(
            lambda: f(x)), **args))

    def dup_rows(shape, dtype):
        # Few distinct values, so that slices repeat (and runs of equal slices occur).
        base = torch.randint(0, 2, shape, generator=gen)
        if dtype == torch.bool:
            return base.bool()
        return (base * 3 - 1).to(dtype) if dtype != torch.uint8 else (base * 3).to(dtype)

    for op in ("unique", "unique_consecutive"):
        for dtype in ALL:
            x, s = spec(dup_rows((6, 2), dtype))
            add(op, f"dim/{dname(dtype)}", x, s, 0)
        for label, dim in (("dim0", 0), ("dim1", 1), ("dim-1", -1)):
            base = dup_rows((5, 3), torch.int64)
            for layout, views in (("contiguous", ()), ("transposed", [("transpose", 0, 1)]),
                                  ("strided", [("slice", 0, 0, 5, 2)])):
                b = base.t().contiguous() if layout == "transposed" else base
                x, s = spec(b, views)
                for inv, cnt in ((True, True), (False, False), (True, False), (False, True)):
                    add(op, f"{label}/{layout}/inverse{inv}/counts{cnt}", x, s, dim, inv, cnt)
        x, s = spec(dup_rows((2, 4, 3), torch.float32))
        for dim in (0, 1, 2):
            add(op, f"3d/dim{dim}", x, s, dim)
        x, s = spec(dup_rows((4, 1), torch.float64), [("expand", [4, 3])])
        add(op, "expanded/dim0", x, s, 0)
        add(op, "expanded/dim1", x, s, 1)
        x, s = spec(torch.tensor([[1.0, float("nan")], [1.0, float("nan")], [0.0, 1.0],
                                  [float("-inf"), 2.0], [float("inf"), 2.0]]))
        add(op, "nonfinite/dim0", x, s, 0)
        if op == "unique_consecutive":
            # (Sorting rows that hold NaN is left unspecified by PyTorch: only the consecutive
            # form is checked on them.)
            x, s = spec(torch.tensor([2.0, float("nan"), 2.0, float("nan"), -1.0, -1.0]))
            add(op, "nan_1d/dim0", x, s, 0)
        # Zero-size inputs (PyTorch's rules: only `dim` may be zero).
        for shape, dim in (((0, 3), 0), ((3, 0), 1), ((2, 0, 3), 1), ((0,), 0), ((0, 3), 1),
                           ((3, 0), 0), ((0, 0), 0), ((2, 0, 3), 0)):
            x, s = spec(torch.zeros(shape))
            add(op, f"zero_size/{list(shape)}/dim{dim}", x, s, dim)
        x, s = spec(random_values((), torch.float64))
        add(op, "error/zero_dim", x, s, 0)
        x, s = spec(random_values((2, 3), torch.float32))
        add(op, "error/bad_dim", x, s, 2)
        add(op, "error/bad_negative_dim", x, s, -3)
    for op, base_op in (("unique_dim", "unique"), ("unique_dim_consecutive", "unique_consecutive")):
        x, s = spec(dup_rows((6, 3), torch.int32), [("transpose", 0, 1)])
        for dim in (0, 1):
            add(op, f"dim{dim}", x, s, dim)
        add(op, "no_inverse_no_counts", x, s, 1, False, False)
        x, s = spec(torch.zeros(3, 0))
        add(op, "zero_size", x, s, 1)
        x, s = spec(random_values((), torch.float64))
        add(op, "error/zero_dim", x, s, 0)
    # unique_consecutive without dim: runs of equal elements, inverse of the input's shape.
    for dtype in ALL:
        x, s = spec(dup_rows((3, 5), dtype))
        for inv, cnt in ((True, True), (False, False)):
            add("unique_consecutive", f"{dname(dtype)}/inverse{inv}/counts{cnt}", x, s, None, inv,
                cnt)
    x, s = spec(dup_rows((4, 3), torch.int64), [("transpose", 0, 1)])
    add("unique_consecutive", "transposed", x, s, None)
    x, s = spec(torch.tensor([1.0, 1.0, float("nan"), float("nan"), float("inf"), float("inf"),
                              -0.0, 0.0, 2.0]))
    add("unique_consecutive", "nonfinite", x, s, None)
    x, s = spec(random_values((), torch.float64))
    add("unique_consecutive", "zero_dim", x, s, None)
    x, s = spec(torch.zeros(0, 3))
    add("unique_consecutive", "zero_size", x, s, None)


def cases():
    out = []
    _sort_cases(out)
    _topk_cases(out)
    _select_cases(out)
    _unique_cases(out)
    _unique_dim_cases(out)
    return out
