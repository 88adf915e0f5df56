"""Indexing along one dim: index_select, gather, scatter, scatter_add, scatter_reduce,
index_add, and take.

inputs: [self, index, (src | source)]; args: dim, and value / reduce / include_self / alpha.
PyTorch 2.x accepts int32 indices for all of these but take; torch 1.13 (which generates the
fixtures) only for index_select and index_add, so elsewhere an int32 case's expectation is
computed from the same index as int64.
"""
import torch

from common import ALL, FLOATS, INTS, case, layouts, outcome, random_values, spec

NAME = lambda d: str(d)[6:]  # noqa: E731
NUMERIC = [d for d in ALL if d != torch.bool]


def index_values(shape, high, low=0):
    return torch.randint(low, high, shape)


def unique_index(shape, dim, size):
    """Index of `shape` whose values along `dim` are distinct (so scatter is well defined)."""
    full = list(shape)
    full[dim] = size
    return torch.rand(full).argsort(dim).narrow(dim, 0, shape[dim]).contiguous()


def as_long(t):
    return t.long() if t.dtype == torch.int32 else t


def add(out, op, name, tensors, fn, **args):
    out.append(case(op, name, [s for _, s in tensors],
                    outcome(lambda: fn(*[t for t, _ in tensors])), **args))


def gather_cases():
    out = []
    for dim, ishape in [(0, (2, 4, 5)), (1, (3, 6, 2)), (-1, (2, 3, 7))]:
        for label, x, xs in layouts((3, 4, 5), torch.float32):
            size = x.shape[dim]
            idx = spec(index_values(ishape, size))
            add(out, "gather", f"dim{dim}/{label}", [(x, xs), idx],
                lambda a, i: a.gather(dim, i), dim=dim)
    x = spec(random_values((3, 4), torch.float32))
    base = index_values((3, 2), 3)
    idx = spec(base, [("transpose", 0, 1)])
    add(out, "gather", "transposed_index", [x, idx], lambda a, i: a.gather(0, i), dim=0)
    for dtype in ALL:
        x = spec(random_values((3, 4), dtype))
        idx = spec(index_values((2, 4), 4))
        add(out, "gather", f"dtype/{NAME(dtype)}", [x, idx], lambda a, i: a.gather(1, i), dim=1)
    i32 = spec(index_values((2, 4), 3).int())
    x = spec(random_values((3, 4), torch.float32))
    add(out, "gather", "int32_index", [x, i32], lambda a, i: a.gather(0, as_long(i)), dim=0)
    add(out, "gather", "zero_dim", [spec(torch.tensor(2.5)), spec(torch.tensor(0))],
        lambda a, i: a.gather(0, i), dim=0)
    add(out, "gather", "zero_dim_self_1d_index", [spec(torch.tensor(2.5)), spec(torch.tensor([0, 0]))],
        lambda a, i: a.gather(0, i), dim=0)
    add(out, "gather", "empty_index", [x, spec(torch.zeros(0, 4, dtype=torch.long))],
        lambda a, i: a.gather(0, i), dim=0)
    add(out, "gather", "zero_size_self", [spec(torch.zeros(0, 4)), spec(torch.zeros(0, 2, dtype=torch.long))],
        lambda a, i: a.gather(1, i), dim=1)
    errors = [
        ("out_of_range", (3, 4), torch.tensor([[3, 0, 0, 0]]), 0),
        ("negative", (3, 4), torch.tensor([[-1, 0, 0, 0]]), 0),
        ("dims_mismatch", (3, 4), torch.tensor([0, 1]), 0),
        ("index_too_big", (3, 4), torch.zeros(2, 5, dtype=torch.long), 0),
        ("float_index", (3, 4), torch.zeros(2, 4), 0),
        ("dim_out_of_range", (3, 4), torch.zeros(2, 4, dtype=torch.long), 2),
    ]
    for label, shape, i, dim in errors:
        add(out, "gather", f"error/{label}", [spec(random_values(shape, torch.float32)), spec(i)],
            lambda a, j: a.gather(dim, j), dim=dim)
    return out


def scatter_cases():
    out = []
    for dim, ishape in [(0, (2, 4, 5)), (1, (3, 3, 2)), (-1, (2, 3, 4))]:
        for label, x, xs in layouts((3, 4, 5), torch.float32):
            idx = spec(unique_index(ishape, dim, x.shape[dim]))
            src = spec(random_values((3, 4, 5), torch.float32))  # larger than index
            add(out, "scatter", f"dim{dim}/{label}", [(x, xs), idx, src],
                lambda a, i, s: a.scatter(dim, i, s), dim=dim)
            add(out, "scatter", f"value_dim{dim}/{label}", [(x, xs), idx],
                lambda a, i: a.scatter(dim, i, -1.5), dim=dim, value=-1.5)
    x = spec(random_values((3, 4), torch.float32))
    src = spec(random_values((4, 3), torch.float32), [("transpose", 0, 1)])
    idx = spec(unique_index((2, 3), 1, 4).t().contiguous(), [("transpose", 0, 1)])
    add(out, "scatter", "transposed_src_and_index", [x, idx, src],
        lambda a, i, s: a.scatter(1, i, s), dim=1)
    for dtype in ALL:
        x = spec(random_values((3, 4), dtype))
        idx = spec(unique_index((2, 4), 0, 3))
        src = spec(random_values((2, 4), dtype))
        add(out, "scatter", f"dtype/{NAME(dtype)}", [x, idx, src],
            lambda a, i, s: a.scatter(0, i, s), dim=0)
        add(out, "scatter", f"dtype_value/{NAME(dtype)}", [x, idx],
            lambda a, i: a.scatter(0, i, 1), dim=0, value=1)
    x = spec(random_values((3, 4), torch.float32))
    idx32 = spec(unique_index((2, 4), 0, 3).int())
    src = spec(random_values((2, 4), torch.float32))
    add(out, "scatter", "int32_index", [x, idx32, src],
        lambda a, i, s: a.scatter(0, as_long(i), s), dim=0)
    add(out, "scatter", "zero_dim", [spec(torch.tensor(2.5)), spec(torch.tensor(0)), spec(torch.tensor(4.0))],
        lambda a, i, s: a.scatter(0, i, s), dim=0)
    add(out, "scatter", "empty_index", [x, spec(torch.zeros(0, 4, dtype=torch.long)), src],
        lambda a, i, s: a.scatter(0, i, s), dim=0)
    errors = [
        ("out_of_range", torch.tensor([[3, 0, 0, 0]]), random_values((1, 4), torch.float32)),
        ("negative", torch.tensor([[-1, 0, 0, 0]]), random_values((1, 4), torch.float32)),
        ("src_dtype", torch.tensor([[0, 1, 2, 0]]), random_values((1, 4), torch.float64)),
        ("src_too_small", torch.zeros(2, 4, dtype=torch.long), random_values((1, 4), torch.float32)),
        ("dims_mismatch", torch.tensor([0, 1]), random_values((2,), torch.float32)),
        ("float_index", torch.zeros(1, 4), random_values((1, 4), torch.float32)),
    ]
    for label, i, s in errors:
        add(out, "scatter", f"error/{label}", [x, spec(i), spec(s)],
            lambda a, j, t: a.scatter(0, j, t), dim=0)
    return out


def scatter_add_cases():
    out = []
    for dim, ishape in [(0, (5, 4, 5)), (1, (3, 6, 2)), (-1, (2, 3, 9))]:
        for label, x, xs in layouts((3, 4, 5), torch.float32):
            idx = spec(index_values(ishape, x.shape[dim]))  # with duplicates
            src = spec(random_values(ishape, torch.float32))
            add(out, "scatter_add", f"dim{dim}/{label}", [(x, xs), idx, src],
                lambda a, i, s: a.scatter_add(dim, i, s), dim=dim)
    for dtype in ALL:
        x = spec(random_values((3, 4), dtype))
        idx = spec(index_values((5, 4), 3))
        src = spec(random_values((5, 4), dtype))
        add(out, "scatter_add", f"dtype/{NAME(dtype)}", [x, idx, src],
            lambda a, i, s: a.scatter_add(0, i, s), dim=0)
    x = spec(random_values((3, 4), torch.float32))
    add(out, "scatter_add", "int32_index", [x, spec(index_values((5, 4), 3).int()), spec(random_values((5, 4), torch.float32))],
        lambda a, i, s: a.scatter_add(0, as_long(i), s), dim=0)
    x8 = spec(torch.tensor([120, -120], dtype=torch.int8))
    add(out, "scatter_add", "int8_wraps", [x8, spec(torch.tensor([0, 0, 1, 1])), spec(torch.tensor([100, 100, -100, -100], dtype=torch.int8))],
        lambda a, i, s: a.scatter_add(0, i, s), dim=0)
    add(out, "scatter_add", "zero_dim", [spec(torch.tensor(2.5)), spec(torch.tensor([0, 0])), spec(torch.tensor([1.0, 2.0]))],
        lambda a, i, s: a.scatter_add(0, i, s), dim=0)
    add(out, "scatter_add", "error/out_of_range", [x, spec(torch.tensor([[3]])), spec(torch.ones(1, 1))],
        lambda a, i, s: a.scatter_add(0, i, s), dim=0)
    add(out, "scatter_add", "error/src_dtype", [x, spec(torch.tensor([[0]])), spec(torch.ones(1, 1, dtype=torch.float64))],
        lambda a, i, s: a.scatter_add(0, i, s), dim=0)
    return out


def scatter_reduce_cases():
    out = []
    for reduce in ["sum", "prod", "mean", "amax", "amin"]:
        for include_self in [True, False]:
            for dtype in [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.uint8]:
                x = spec(random_values((3, 4), dtype))
                idx = spec(index_values((6, 4), 3))
                src = spec(random_values((6, 4), dtype))
                add(out, "scatter_reduce", f"{reduce}/self{int(include_self)}/{NAME(dtype)}", [x, idx, src],
                    lambda a, i, s: a.scatter_reduce(0, i, s, reduce, include_self=include_self),
                    dim=0, reduce=reduce, include_self=include_self)
            for label, x, xs in layouts((4, 5), torch.float32):
                idx = spec(index_values((4, 7), 5))
                src = spec(random_values((4, 7), torch.float32))
                add(out, "scatter_reduce", f"{reduce}/self{int(include_self)}/{label}_dim1", [(x, xs), idx, src],
                    lambda a, i, s: a.scatter_reduce(-1, i, s, reduce, include_self=include_self),
                    dim=-1, reduce=reduce, include_self=include_self)
    for reduce in ["sum", "prod", "mean", "amax", "amin"]:
        for include_self in [True, False]:
            b = spec(torch.tensor([True, False, True, False]))
            add(out, "scatter_reduce", f"{reduce}/self{int(include_self)}/bool", [b, spec(torch.tensor([0, 0, 1, 3])), spec(torch.tensor([True, True, False, False]))],
                lambda a, i, s: a.scatter_reduce(0, i, s, reduce, include_self=include_self),
                dim=0, reduce=reduce, include_self=include_self)
    nan = spec(torch.tensor([1.0, float("nan"), 3.0]))
    for reduce in ["amax", "amin"]:
        add(out, "scatter_reduce", f"{reduce}/nan_propagates", [nan, spec(torch.tensor([0, 0, 2])), spec(torch.tensor([float("nan"), 5.0, -1.0]))],
            lambda a, i, s: a.scatter_reduce(0, i, s, reduce), dim=0, reduce=reduce, include_self=True)
    x = spec(random_values((3, 4), torch.float32))
    add(out, "scatter_reduce", "error/bad_reduce", [x, spec(torch.tensor([[0]])), spec(torch.ones(1, 1))],
        lambda a, i, s: a.scatter_reduce(0, i, s, "max"), dim=0, reduce="max", include_self=True)
    add(out, "scatter_reduce", "error/out_of_range", [x, spec(torch.tensor([[5]])), spec(torch.ones(1, 1))],
        lambda a, i, s: a.scatter_reduce(0, i, s, "sum"), dim=0, reduce="sum", include_self=True)
    return out


def index_add_cases():
    out = []
    for label, x, xs in layouts((5, 4), torch.float32):
        src = spec(random_values((3, 4), torch.float32))
        idx = spec(torch.tensor([4, 0, 4]))
        add(out, "index_add", f"dim0/{label}", [(x, xs), idx, src],
            lambda a, i, s: a.index_add(0, i, s), dim=0)
        src = spec(random_values((5, 6), torch.float32))
        idx = spec(torch.tensor([3, 0, 3, 1, 2, 3]))
        add(out, "index_add", f"dim1_alpha/{label}", [(x, xs), idx, src],
            lambda a, i, s: a.index_add(-1, i, s, alpha=2.5), dim=-1, alpha=2.5)
    for dtype in ALL:
        x = spec(random_values((3, 4), dtype))
        idx = spec(torch.tensor([2, 0, 2]))
        src = spec(random_values((3, 4), dtype))
        add(out, "index_add", f"dtype/{NAME(dtype)}", [x, idx, src],
            lambda a, i, s: a.index_add(0, i, s), dim=0)
    x = spec(random_values((3, 4), torch.int32))
    add(out, "index_add", "int_alpha", [x, spec(torch.tensor([1, 1])), spec(random_values((2, 4), torch.int32))],
        lambda a, i, s: a.index_add(0, i, s, alpha=3), dim=0, alpha=3)
    x = spec(random_values((3, 4), torch.float32))
    add(out, "index_add", "int32_index", [x, spec(torch.tensor([1, 1], dtype=torch.int32)), spec(random_values((2, 4), torch.float32))],
        lambda a, i, s: a.index_add(0, i, s), dim=0)
    add(out, "index_add", "zero_dim_index", [x, spec(torch.tensor(2)), spec(random_values((1, 4), torch.float32))],
        lambda a, i, s: a.index_add(0, i, s), dim=0)
    add(out, "index_add", "empty_index", [x, spec(torch.zeros(0, dtype=torch.long)), spec(random_values((0, 4), torch.float32))],
        lambda a, i, s: a.index_add(0, i, s), dim=0)
    add(out, "index_add", "zero_dim", [spec(torch.tensor(1.5)), spec(torch.tensor([0])), spec(torch.tensor(2.0))],
        lambda a, i, s: a.index_add(0, i, s), dim=0)
    errors = [
        ("out_of_range", torch.tensor([3]), random_values((1, 4), torch.float32)),
        ("negative", torch.tensor([-1]), random_values((1, 4), torch.float32)),
        ("source_shape", torch.tensor([0]), random_values((1, 3), torch.float32)),
        ("count_mismatch", torch.tensor([0, 1]), random_values((1, 4), torch.float32)),
        ("source_dtype", torch.tensor([0]), random_values((1, 4), torch.float64)),
        ("index_2d", torch.tensor([[0]]), random_values((1, 4), torch.float32)),
        ("float_index", torch.tensor([0.0]), random_values((1, 4), torch.float32)),
    ]
    for label, i, s in errors:
        add(out, "index_add", f"error/{label}", [x, spec(i), spec(s)],
            lambda a, j, t: a.index_add(0, j, t), dim=0)
        if label == "source_shape":  # torch 1.13 fails broadcasting the slices; 2.x checks them
            out[-1]["expected"]["ember"] = "Source/destination tensor must have same slice shapes"
    return out


def index_select_cases():
    out = []
    for dim in [0, 1, -1]:
        for label, x, xs in layouts((3, 4, 5), torch.float32):
            idx = spec(index_values((6,), x.shape[dim]))
            add(out, "index_select", f"dim{dim}/{label}", [(x, xs), idx],
                lambda a, i: a.index_select(dim, i), dim=dim)
    x = spec(random_values((3, 4), torch.float32))
    add(out, "index_select", "strided_index", [x, spec(torch.tensor([0, 9, 2, 9, 1, 9]), [("slice", 0, 0, 6, 2)])],
        lambda a, i: a.index_select(0, i), dim=0)
    for dtype in ALL:
        xd = spec(random_values((3, 4), dtype))
        add(out, "index_select", f"dtype/{NAME(dtype)}", [xd, spec(torch.tensor([3, 0, 3]))],
            lambda a, i: a.index_select(1, i), dim=1)
    add(out, "index_select", "int32_index", [x, spec(torch.tensor([2, 0], dtype=torch.int32))],
        lambda a, i: a.index_select(0, i), dim=0)
    add(out, "index_select", "zero_dim_index", [x, spec(torch.tensor(1))],
        lambda a, i: a.index_select(0, i), dim=0)
    add(out, "index_select", "zero_dim_self", [spec(torch.tensor(4.5)), spec(torch.tensor([0]))],
        lambda a, i: a.index_select(0, i), dim=0)
    add(out, "index_select", "empty_index", [x, spec(torch.zeros(0, dtype=torch.long))],
        lambda a, i: a.index_select(1, i), dim=1)
    add(out, "index_select", "zero_size_self", [spec(torch.zeros(0, 3)), spec(torch.tensor([2, 1]))],
        lambda a, i: a.index_select(1, i), dim=1)
    for label, i in [("out_of_range", torch.tensor([3])), ("negative", torch.tensor([-1])),
                     ("index_2d", torch.tensor([[0]])), ("float_index", torch.tensor([0.0]))]:
        add(out, "index_select", f"error/{label}", [x, spec(i)], lambda a, j: a.index_select(0, j), dim=0)
    add(out, "index_select", "error/dim", [x, spec(torch.tensor([0]))], lambda a, j: a.index_select(2, j), dim=2)
    return out


def take_cases():
    out = []
    for label, x, xs in layouts((3, 4), torch.float32):
        idx = spec(torch.tensor([[0, 11, -1], [5, -12, 3]]))
        add(out, "take", label, [(x, xs), idx], lambda a, i: a.take(i))
    for dtype in ALL:
        xd = spec(random_values((2, 3), dtype))
        add(out, "take", f"dtype/{NAME(dtype)}", [xd, spec(torch.tensor([5, 0, 2]))], lambda a, i: a.take(i))
    x = spec(random_values((3, 4), torch.float32))
    add(out, "take", "zero_dim_index", [x, spec(torch.tensor(7))], lambda a, i: a.take(i))
    add(out, "take", "zero_dim_self", [spec(torch.tensor(3.0)), spec(torch.tensor([0, -1]))], lambda a, i: a.take(i))
    add(out, "take", "empty_index", [x, spec(torch.zeros(0, 2, dtype=torch.long))], lambda a, i: a.take(i))
    add(out, "take", "expanded_self", [spec(random_values((4,), torch.float32), [("expand", [3, 4])]), spec(torch.tensor([1, 6, 11]))],
        lambda a, i: a.take(i))
    add(out, "take", "error/out_of_range", [x, spec(torch.tensor([12]))], lambda a, i: a.take(i))
    add(out, "take", "error/negative_out_of_range", [x, spec(torch.tensor([-13]))], lambda a, i: a.take(i))
    add(out, "take", "error/int32_index", [x, spec(torch.tensor([1], dtype=torch.int32))], lambda a, i: a.take(i))
    add(out, "take", "error/empty_self", [spec(torch.zeros(0)), spec(torch.tensor([0]))], lambda a, i: a.take(i))
    return out


def cases():
    return (gather_cases() + scatter_cases() + scatter_add_cases() + scatter_reduce_cases() +
            index_add_cases() + index_select_cases() + take_cases())
