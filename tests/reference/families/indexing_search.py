"""Search and count ops: searchsorted, bucketize, histc, bincount.

searchsorted: inputs [sorted_sequence, values] (or args scalar); bucketize: inputs [self,
boundaries] (or args scalar); histc: inputs [self], args bins/min/max; bincount: inputs [self,
(weights)], args minlength. Flags: out_int32, right, side. Where torch 1.13 (which generates the
fixtures) differs from PyTorch 2.x, the case says so and follows 2.x.
"""
import torch

from common import ALL, INTS, case, layouts, outcome, random_values, spec, to_json

NAME = lambda d: str(d)[6:]  # noqa: E731


def add(out, op, name, tensors, fn, **args):
    out.append(case(op, name, [s for _, s in tensors],
                    outcome(lambda: fn(*[t for t, _ in tensors])), **args))


def sorted_values(n, dtype, low=-3, high=3):
    v = random_values((n,), dtype, low, high)
    return v.sort().values if dtype != torch.bool else v


def searchsorted_cases():
    out = []
    seq = spec(torch.tensor([-2.0, -1.0, -1.0, 0.5, 0.5, 0.5, 2.0]))
    for label, x, xs in layouts((3, 4), torch.float32):
        x = x.clone()
        for right in [False, True]:
            add(out, "searchsorted", f"{label}/right{int(right)}", [seq, (x, xs)],
                lambda s, v: torch.searchsorted(s, v, right=right), right=right)
    v = spec(torch.tensor([-3.0, -1.0, 0.5, 0.7, 2.0, 5.0, float("nan"), float("inf"), float("-inf")]))
    for side in ["left", "right"]:
        add(out, "searchsorted", f"side_{side}", [seq, v], lambda s, w: torch.searchsorted(s, w, side=side), side=side)
    add(out, "searchsorted", "out_int32", [seq, v], lambda s, w: torch.searchsorted(s, w, out_int32=True), out_int32=True)
    batched = spec(torch.tensor([[1.0, 3.0, 5.0, 7.0, 9.0], [-5.0, -2.0, 0.0, 0.0, 4.0]]))
    bv = spec(torch.tensor([[0.0, 3.0, 10.0], [0.0, -3.0, 4.0]]))
    for right in [False, True]:
        add(out, "searchsorted", f"batched/right{int(right)}", [batched, bv],
            lambda s, w: torch.searchsorted(s, w, right=right), right=right)
    tseq = spec(torch.tensor([[1.0, -5.0], [3.0, -2.0], [5.0, 0.0], [7.0, 0.0], [9.0, 4.0]]), [("transpose", 0, 1)])
    add(out, "searchsorted", "batched_transposed_seq", [tseq, bv], lambda s, w: torch.searchsorted(s, w))
    b3 = spec(sorted_values(4 * 6, torch.float32).reshape(2, 3, 4).sort(-1).values)
    add(out, "searchsorted", "batched_3d", [b3, spec(random_values((2, 3, 5), torch.float32))], lambda s, w: torch.searchsorted(s, w))
    for dtype in ALL:
        s = spec(sorted_values(6, dtype))
        w = spec(random_values((4,), dtype))
        add(out, "searchsorted", f"dtype/{NAME(dtype)}", [s, w], lambda a, b: torch.searchsorted(a, b))
    add(out, "searchsorted", "mixed_dtypes", [spec(torch.tensor([1, 3, 5])), spec(torch.tensor([2.5, 3.0, 6.0]))],
        lambda a, b: torch.searchsorted(a, b))
    add(out, "searchsorted", "zero_dim_values", [seq, spec(torch.tensor(0.5))], lambda a, b: torch.searchsorted(a, b))
    add(out, "searchsorted", "zero_size_values", [seq, spec(torch.zeros(0, 2))], lambda a, b: torch.searchsorted(a, b))
    add(out, "searchsorted", "empty_sequence", [spec(torch.zeros(0)), spec(torch.tensor([1.0, -1.0]))],
        lambda a, b: torch.searchsorted(a, b))
    for right in [False, True]:
        add(out, "searchsorted", f"scalar/right{int(right)}", [seq], lambda a: torch.searchsorted(a, 0.5, right=right),
            scalar=0.5, right=right)
    add(out, "searchsorted", "scalar_int", [spec(torch.tensor([1, 3, 5]))], lambda a: torch.searchsorted(a, 3), scalar=3)
    errors = [
        ("zero_dim_sequence", torch.tensor(1.0), torch.tensor([1.0]), {}),
        ("batch_mismatch", torch.zeros(2, 3), torch.zeros(3, 1), {}),
        ("batch_dims_mismatch", torch.zeros(2, 3), torch.zeros(2), {}),
    ]
    for label, s, w, kw in errors:
        add(out, "searchsorted", f"error/{label}", [spec(s), spec(w)], lambda a, b: torch.searchsorted(a, b))
    add(out, "searchsorted", "error/bad_side", [seq, v], lambda s, w: torch.searchsorted(s, w, side="middle"), side="middle")
    add(out, "searchsorted", "error/opposite_side", [seq, v], lambda s, w: torch.searchsorted(s, w, right=True, side="left"),
        right=True, side="left")
    add(out, "searchsorted", "error/scalar_batched", [spec(torch.zeros(2, 3))], lambda a: torch.searchsorted(a, 1.0), scalar=1.0)
    sorter_cases(out, v)
    return out


def sorter_cases(out, v):
    """searchsorted with `sorter` (inputs [sequence, values, sorter], or [sequence, sorter] with
    a scalar): positions are in the sorted order."""
    unsorted = torch.tensor([3.0, -1.0, 0.5, 2.0, -2.0, 0.5, -1.0])
    seq = spec(unsorted)
    srt = spec(unsorted.argsort())
    for side in ["left", "right"]:
        add(out, "searchsorted", f"sorter/{side}", [seq, v, srt],
            lambda s, w, o: torch.searchsorted(s, w, side=side, sorter=o), side=side, sorter=True)
    add(out, "searchsorted", "sorter/out_int32", [seq, v, srt],
        lambda s, w, o: torch.searchsorted(s, w, out_int32=True, sorter=o), out_int32=True, sorter=True)
    for right in [False, True]:
        add(out, "searchsorted", f"sorter/scalar/right{int(right)}", [seq, srt],
            lambda s, o: torch.searchsorted(s, 0.5, right=right, sorter=o), scalar=0.5, right=right,
            sorter=True)
    # Batched, with a non-contiguous sequence and sorter (transposed), and strided values.
    gen = torch.Generator().manual_seed(7)  # (the other families' random draws stay as they were)
    b = random_values((5, 2), torch.float32, gen=gen)
    bseq = spec(b, [("transpose", 0, 1)])
    border = spec(b.argsort(0), [("transpose", 0, 1)])
    bvals = spec(random_values((2, 8), torch.float32, -1.5, 3.0, gen=gen), [("slice", -1, 0, 8, 2)])
    for right in [False, True]:
        add(out, "searchsorted", f"sorter/batched_noncontiguous/right{int(right)}",
            [bseq, bvals, border], lambda s, w, o: torch.searchsorted(s, w, right=right, sorter=o),
            right=right, sorter=True)
    ints = torch.tensor([[5, 1, 4, 1], [0, 9, 9, 2]], dtype=torch.int32)
    add(out, "searchsorted", "sorter/int32_mixed", [spec(ints), spec(torch.tensor([[1.0, 4.5], [9.0, -1.0]])),
                                                    spec(ints.argsort(-1))],
        lambda s, w, o: torch.searchsorted(s, w, sorter=o), sorter=True)
    add(out, "searchsorted", "sorter/empty_sequence", [spec(torch.zeros(0)), spec(torch.tensor([1.0, -1.0])),
                                                       spec(torch.zeros(0, dtype=torch.int64))],
        lambda s, w, o: torch.searchsorted(s, w, sorter=o), sorter=True)
    add(out, "searchsorted", "sorter/zero_size_values", [seq, spec(torch.zeros(0)), srt],
        lambda s, w, o: torch.searchsorted(s, w, sorter=o), sorter=True)
    errors = [
        ("shape", unsorted.argsort()[:6]),
        ("shape_2d", unsorted.argsort().reshape(1, 7)),
        ("dtype_int32", unsorted.argsort().int()),
        ("dtype_float", unsorted.argsort().float()),
    ]
    for label, o in errors:
        add(out, "searchsorted", f"error/sorter_{label}", [seq, v, spec(o)],
            lambda s, w, o: torch.searchsorted(s, w, sorter=o), sorter=True)
    # PyTorch 2.x raises "sorter index out of range"; torch 1.13 reads out of bounds instead.
    for label, o in (("too_large", unsorted.argsort() + 1), ("negative", unsorted.argsort() - 1)):
        out.append(case("searchsorted", f"error/sorter_{label}",
                        [to_json(unsorted), to_json(torch.tensor([0.5])), to_json(o)],
                        {"error": "torch.searchsorted(): sorter index out of range"}, sorter=True))
    add(out, "searchsorted", "error/sorter_opposite_side", [seq, v, srt],
        lambda s, w, o: torch.searchsorted(s, w, right=True, side="left", sorter=o), right=True,
        side="left", sorter=True)


def bucketize_cases():
    out = []
    bounds = spec(torch.tensor([-1.0, 0.0, 0.0, 1.5, 2.0]))
    for label, x, xs in layouts((3, 4), torch.float32):
        for right in [False, True]:
            add(out, "bucketize", f"{label}/right{int(right)}", [(x, xs), bounds],
                lambda a, b: torch.bucketize(a, b, right=right), right=right)
    add(out, "bucketize", "out_int32", [spec(torch.tensor([0.0, 1.0, 3.0])), bounds],
        lambda a, b: torch.bucketize(a, b, out_int32=True), out_int32=True)
    add(out, "bucketize", "int_input", [spec(torch.tensor([[-2, 0, 1, 2, 7]])), bounds], lambda a, b: torch.bucketize(a, b))
    for dtype in [torch.int64, torch.int32, torch.uint8, torch.float64, torch.float16, torch.bfloat16]:
        add(out, "bucketize", f"dtype/{NAME(dtype)}", [spec(random_values((5,), dtype)), spec(sorted_values(4, dtype))],
            lambda a, b: torch.bucketize(a, b))
    add(out, "bucketize", "zero_dim", [spec(torch.tensor(0.0)), bounds], lambda a, b: torch.bucketize(a, b))
    add(out, "bucketize", "scalar", [bounds], lambda b: torch.bucketize(0.0, b, right=True), scalar=0.0, right=True)
    add(out, "bucketize", "error/boundaries_2d", [spec(torch.zeros(2)), spec(torch.zeros(2, 2))], lambda a, b: torch.bucketize(a, b))
    return out


def histc_cases():
    out = []
    for label, x, xs in layouts((4, 5), torch.float32):
        add(out, "histc", f"{label}/range", [(x, xs)], lambda a: torch.histc(a, 7, -2.0, 2.5), bins=7, min=-2.0, max=2.5)
        add(out, "histc", f"{label}/data_range", [(x, xs)], lambda a: torch.histc(a, 4), bins=4, min=0, max=0)
    for dtype in [torch.float32, torch.float64, torch.bfloat16]:
        add(out, "histc", f"dtype/{NAME(dtype)}", [spec(random_values((50,), dtype))],
            lambda a: torch.histc(a, 10, -3, 3), bins=10, min=-3, max=3)
    # PyTorch 2.x bins float16 too (1.13 raises): values at bin centres, so that the bins do
    # not depend on float16 rounding, counted by the float32 kernel.
    centres = torch.tensor([0.05, 0.15, 0.15, 0.55, 0.95, 0.35, 2.0], dtype=torch.float16)
    out.append(case("histc", "dtype/float16", [spec(centres)[1]],
                    to_json(torch.histc(centres.float(), 10, 0, 1).half()), bins=10, min=0, max=1))
    edges = spec(torch.tensor([0.0, 0.1, 0.2, 0.3, 0.7, 1.0, 1.0, -0.5, 1.5, float("inf")]))
    add(out, "histc", "edges_and_outside", [edges], lambda a: torch.histc(a, 10, 0, 1), bins=10, min=0, max=1)
    # PyTorch 2.x skips NaN (1.13 counted it in bin 0): the expectation leaves it out.
    nan = torch.tensor([0.25, float("nan"), 0.75])
    out.append(case("histc", "nan_ignored", [spec(nan)[1]],
                    to_json(torch.histc(torch.tensor([0.25, 0.75]), 2, 0, 1)), bins=2, min=0, max=1))
    add(out, "histc", "default_bins", [spec(random_values((30,), torch.float64))], lambda a: torch.histc(a), bins=100, min=0, max=0)
    add(out, "histc", "constant_data", [spec(torch.full((5,), 2.0))], lambda a: torch.histc(a, 4), bins=4, min=0, max=0)
    add(out, "histc", "empty", [spec(torch.zeros(0))], lambda a: torch.histc(a, 3), bins=3, min=0, max=0)
    add(out, "histc", "zero_dim", [spec(torch.tensor(0.25))], lambda a: torch.histc(a, 2, 0, 1), bins=2, min=0, max=1)
    add(out, "histc", "error/int", [spec(torch.tensor([1, 2]))], lambda a: torch.histc(a, 2, 0, 3), bins=2, min=0, max=3)
    add(out, "histc", "error/zero_bins", [spec(torch.tensor([1.0]))], lambda a: torch.histc(a, 0, 0, 3), bins=0, min=0, max=3)
    add(out, "histc", "error/min_above_max", [spec(torch.tensor([1.0]))], lambda a: torch.histc(a, 2, 3, 1), bins=2, min=3, max=1)
    add(out, "histc", "error/nan_data_range", [spec(torch.tensor([1.0, float("nan")]))], lambda a: torch.histc(a, 2), bins=2, min=0, max=0)
    # torch prints the NaN its min/max reduction made with its sign bit set ("-nan").
    out[-1]["expected"]["ember"] = "range of [nan, nan] is not finite"
    return out


def bincount_cases():
    out = []
    x = spec(torch.tensor([4, 1, 1, 0, 7, 1, 4]))
    add(out, "bincount", "basic", [x], lambda a: torch.bincount(a), minlength=0)
    add(out, "bincount", "minlength", [x], lambda a: torch.bincount(a, minlength=12), minlength=12)
    add(out, "bincount", "minlength_smaller", [x], lambda a: torch.bincount(a, minlength=3), minlength=3)
    add(out, "bincount", "strided", [spec(torch.tensor([4, 9, 1, 9, 1, 9, 0]), [("slice", 0, 0, 7, 2)])],
        lambda a: torch.bincount(a), minlength=0)
    for dtype in INTS:
        add(out, "bincount", f"dtype/{NAME(dtype)}", [spec(torch.tensor([3, 0, 3, 2], dtype=dtype))],
            lambda a: torch.bincount(a), minlength=0)
    for wdtype in [torch.float32, torch.float64, torch.int64, torch.float16, torch.int32]:
        w = spec(random_values((7,), wdtype))
        add(out, "bincount", f"weights/{NAME(wdtype)}", [x, w], lambda a, b: torch.bincount(a, b), minlength=0)
    add(out, "bincount", "weights_minlength", [x, spec(random_values((7,), torch.float32))],
        lambda a, b: torch.bincount(a, b, minlength=10), minlength=10)
    add(out, "bincount", "empty", [spec(torch.zeros(0, dtype=torch.long))], lambda a: torch.bincount(a), minlength=0)
    add(out, "bincount", "empty_minlength", [spec(torch.zeros(0, dtype=torch.long))], lambda a: torch.bincount(a, minlength=3), minlength=3)
    add(out, "bincount", "empty_weights", [spec(torch.zeros(0, dtype=torch.long)), spec(torch.zeros(0))],
        lambda a, b: torch.bincount(a, b, minlength=2), minlength=2)
    add(out, "bincount", "error/negative", [spec(torch.tensor([1, -1]))], lambda a: torch.bincount(a), minlength=0)
    add(out, "bincount", "error/2d", [spec(torch.tensor([[1, 1]]))], lambda a: torch.bincount(a), minlength=0)
    add(out, "bincount", "error/float", [spec(torch.tensor([1.0]))], lambda a: torch.bincount(a), minlength=0)
    add(out, "bincount", "error/bool", [spec(torch.tensor([True]))], lambda a: torch.bincount(a), minlength=0)
    add(out, "bincount", "error/weights_length", [x, spec(torch.ones(6))], lambda a, b: torch.bincount(a, b), minlength=0)
    add(out, "bincount", "error/negative_minlength", [x], lambda a: torch.bincount(a, minlength=-1), minlength=-1)
    return out


def cases():
    return searchsorted_cases() + bucketize_cases() + histc_cases() + bincount_cases()
