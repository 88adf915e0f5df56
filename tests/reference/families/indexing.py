"""t.index({...}) and t.index_put_({...}, value): basic and advanced indexing.

An index list is JSON in args["indices"]: {"int": i}, {"slice": [start, stop, step]} (null for
an open bound), {"none": true}, {"ellipsis": true}, {"bool": b}, {"tensor": k} (inputs[k]).
inputs[0] is self. index_put_ takes args["value"] = k (inputs[k]) or args["scalar"] = number;
its expected result is self after the write.

PyTorch 2.x accepts int32 index tensors; the torch 1.13 that generates these fixtures does not,
so for an int32 index the expectation is computed from the same index as int64.
"""
import torch

from common import ALL, FLOATS, case, layouts, outcome, random_values, spec

NAME = lambda d: str(d)[6:]  # noqa: E731


def to_python(indices, tensors):
    out = []
    for i in indices:
        if "int" in i:
            out.append(i["int"])
        elif "slice" in i:
            out.append(slice(*i["slice"]))
        elif "none" in i:
            out.append(None)
        elif "ellipsis" in i:
            out.append(Ellipsis)
        elif "bool" in i:
            out.append(i["bool"])
        else:
            t = tensors[i["tensor"]]
            out.append(t.long() if t.dtype == torch.int32 else t)
    return tuple(out)


def idx_tensor(values, dtype=torch.int64, views=()):
    return spec(torch.tensor(values, dtype=dtype), views)


# (label, self shape, indices, index tensors as (values, dtype, views))
PATTERNS = [
    ("int", (3, 4, 5), [{"int": 1}], []),
    ("neg_int_and_step", (3, 4, 5), [{"int": -1}, {"slice": [None, None, 2]}], []),
    ("slice_none_ellipsis_int", (3, 4, 5),
     [{"slice": [1, None, None]}, {"none": True}, {"ellipsis": True}, {"int": 0}], []),
    ("ellipsis_none", (3, 4, 5), [{"ellipsis": True}, {"none": True}], []),
    ("slice_clamped", (3, 4, 5), [{"slice": [-10, 10, 3]}, {"slice": [2, 1, None]}], []),
    ("true", (3, 4, 5), [{"bool": True}], []),
    ("false", (3, 4, 5), [{"bool": False}], []),
    ("int_true", (3, 4, 5), [{"int": 1}, {"bool": True}], []),
    ("true_with_tensor", (3, 4, 5), [{"bool": True}, {"tensor": 1}], [([0, 2], torch.int64, ())]),
    ("tensor", (3, 4, 5), [{"tensor": 1}], [([2, 0, -1], torch.int64, ())]),
    ("tensor_2d_after_slice", (3, 4, 5), [{"slice": [None]}, {"tensor": 1}],
     [([[0, 1], [3, -2]], torch.int64, ())]),
    ("adjacent", (3, 4, 5), [{"tensor": 1}, {"tensor": 2}],
     [([0, 2], torch.int64, ()), ([1, 3], torch.int64, ())]),
    ("separated", (3, 4, 5), [{"tensor": 1}, {"slice": [None]}, {"tensor": 2}],
     [([0, 2], torch.int64, ()), ([1, 4], torch.int64, ())]),
    ("separated_by_none", (3, 4, 5), [{"tensor": 1}, {"none": True}, {"tensor": 2}],
     [([0, 2], torch.int64, ()), ([1, 3], torch.int64, ())]),
    ("adjacent_after_slice", (3, 4, 5), [{"slice": [None]}, {"tensor": 1}, {"tensor": 2}],
     [([0, 2, 3], torch.int64, ()), ([1, 4, 0], torch.int64, ())]),
    ("broadcast_indices", (3, 4, 5), [{"tensor": 1}, {"slice": [None]}, {"tensor": 2}],
     [([[0], [2]], torch.int64, ()), ([1, 4, 2], torch.int64, ())]),
    ("ellipsis_tensor", (3, 4, 5), [{"ellipsis": True}, {"tensor": 1}], [([0, -1], torch.int64, ())]),
    ("transposed_index", (3, 4, 5), [{"tensor": 1}],
     [([[0, 1, 2], [2, 1, 0]], torch.int64, (("transpose", 0, 1),))]),
    ("expanded_index", (3, 4, 5), [{"slice": [None]}, {"tensor": 1}],
     [([1, 3], torch.int64, (("expand", [3, 2]),))]),
    # An integer (or a 0-d integer tensor) is applied as select before the advanced indices.
    ("int_then_tensor_separated", (3, 4, 5), [{"int": 1}, {"slice": [None]}, {"tensor": 1}],
     [([0, 2], torch.int64, ())]),
    ("tensor_then_int_separated", (3, 4, 5), [{"tensor": 1}, {"slice": [None]}, {"int": -1}],
     [([0, 2], torch.int64, ())]),
    ("zero_dim_tensor_as_int", (3, 4, 5), [{"tensor": 1}, {"slice": [None]}, {"tensor": 2}],
     [(1, torch.int64, ()), ([0, 2], torch.int64, ())]),
    ("int32_index", (3, 4, 5), [{"tensor": 1}, {"int": 2}], [([1, 0, 2], torch.int32, ())]),
    ("empty_index", (3, 4, 5), [{"tensor": 1}], [([], torch.int64, ())]),
    ("mask_full", (3, 4), [{"tensor": 1}],
     [([[True, False, True, False], [False, False, True, True], [True, True, True, False]],
       torch.bool, ())]),
    ("mask_partial", (3, 4, 5), [{"tensor": 1}],
     [([[True, False, True, False], [False, False, True, True], [True, True, True, False]],
       torch.bool, ())]),
    ("mask_after_slice", (3, 4, 5), [{"slice": [None]}, {"tensor": 1}],
     [([True, False, False, True], torch.bool, ())]),
    ("mask_and_tensor", (3, 4, 5), [{"tensor": 1}, {"slice": [None]}, {"tensor": 2}],
     [([True, False, True], torch.bool, ()), ([4, 0], torch.int64, ())]),
    ("mask_none_true", (3, 4, 5), [{"tensor": 1}], [([False, False, False], torch.bool, ())]),
    ("mask_uint8_deprecated", (3, 4, 5), [{"tensor": 1}], [([1, 0, 1], torch.uint8, ())]),
    ("mask_0d_true", (3, 4), [{"tensor": 1}], [(True, torch.bool, ())]),
    ("zero_size_self", (0, 4), [{"slice": [None]}, {"tensor": 1}], [([1, 3], torch.int64, ())]),
    ("zero_size_self_empty_index", (0, 4), [{"tensor": 1}], [([], torch.int64, ())]),
    ("zero_dim_none", (), [{"none": True}], []),
    ("zero_dim_ellipsis", (), [{"ellipsis": True}], []),
    ("zero_dim_true", (), [{"bool": True}], []),
    ("zero_dim_mask", (), [{"tensor": 1}], [(True, torch.bool, ())]),
]

ERRORS = [
    ("int_out_of_range", (3, 4), [{"int": 3}], []),
    ("neg_int_out_of_range", (3, 4), [{"slice": [None]}, {"int": -5}], []),
    ("tensor_out_of_range", (3, 4), [{"tensor": 1}], [([0, 3], torch.int64, ())]),
    ("tensor_neg_out_of_range", (3, 4), [{"slice": [None]}, {"tensor": 1}],
     [([-5], torch.int64, ())]),
    ("too_many_indices", (3, 4), [{"int": 0}, {"int": 0}, {"int": 0}], []),
    ("too_many_with_mask", (3, 4), [{"int": 0}, {"tensor": 1}],
     [([[True, False, True, False]], torch.bool, ())]),
    ("float_index", (3, 4), [{"tensor": 1}], [([0.0, 1.0], torch.float32, ())]),
    ("int16_index", (3, 4), [{"tensor": 1}], [([0, 1], torch.int16, ())]),
    ("mask_shape_mismatch", (3, 4), [{"tensor": 1}], [([True, False], torch.bool, ())]),
    ("two_ellipses", (3, 4), [{"ellipsis": True}, {"ellipsis": True}], []),
    ("negative_step", (3, 4), [{"slice": [None, None, -1]}], []),
    ("zero_step", (3, 4), [{"slice": [None, None, 0]}], []),
    ("indices_dont_broadcast", (3, 4), [{"tensor": 1}, {"tensor": 2}],
     [([0, 1], torch.int64, ()), ([0, 1, 2], torch.int64, ())]),
    ("index_into_empty_dim", (0, 4), [{"tensor": 1}], [([0], torch.int64, ())]),
]


def make_index_tensors(tensors):
    out = []
    for values, dtype, views in tensors:
        out.append(idx_tensor(values, dtype, views))
    return out


def index_cases():
    out = []
    for label, shape, indices, tensors in PATTERNS + ERRORS:
        idx = make_index_tensors(tensors)
        layouts_ = list(layouts(shape, torch.float32)) if label in ("tensor", "separated", "mask_partial", "int", "slice_none_ellipsis_int") else [("contiguous",) + spec(random_values(shape, torch.float32))]
        for lay, x, x_spec in layouts_:
            py = to_python(indices, [x] + [t for t, _ in idx])
            out.append(case("index", f"{label}/{lay}", [x_spec] + [s for _, s in idx],
                            outcome(lambda: x[py]), indices=indices))
    # dtype sweep with a mix of basic and advanced indices.
    indices = [{"slice": [None, None, 2]}, {"tensor": 1}]
    for dtype in ALL:
        x, x_spec = spec(random_values((3, 4), dtype))
        t, t_spec = idx_tensor([3, 0, -1])
        out.append(case("index", f"dtype/{NAME(dtype)}", [x_spec, t_spec],
                        outcome(lambda: x[to_python(indices, [x, t])]), indices=indices))
    return out


def put(x, py, value):
    y = x.clone()
    y[py] = value
    return y


def index_put_cases():
    out = []
    # (label, self shape, indices, index tensors, value shape or None for a scalar)
    puts = [
        ("int_scalar", (3, 4), [{"int": 1}], [], None),
        ("slice_tensor_value", (3, 4), [{"slice": [None]}, {"int": 2}], [], (3,)),
        ("basic_broadcast_value", (3, 4, 5), [{"slice": [1, None]}], [], (5,)),
        ("basic_leading_ones_value", (3, 4), [{"int": 0}], [], (1, 4)),
        ("tensor_scalar", (3, 4), [{"tensor": 1}], [([2, 0], torch.int64, ())], None),
        ("tensor_value", (3, 4), [{"tensor": 1}], [([2, -3], torch.int64, ())], (2, 4)),
        ("tensor_broadcast_value", (3, 4), [{"tensor": 1}], [([2, 0], torch.int64, ())], (4,)),
        ("separated", (3, 4, 5), [{"tensor": 1}, {"slice": [None]}, {"tensor": 2}],
         [([0, 2], torch.int64, ()), ([1, 4], torch.int64, ())], (2, 4)),
        ("adjacent", (3, 4, 5), [{"slice": [None]}, {"tensor": 1}, {"tensor": 2}],
         [([0, 2], torch.int64, ()), ([1, 4], torch.int64, ())], (3, 2)),
        ("mask_scalar", (3, 4), [{"tensor": 1}],
         [([[True, False, True, False], [False, False, True, True], [True, True, True, False]],
           torch.bool, ())], None),
        ("mask_value", (3, 4), [{"tensor": 1}],
         [([True, False, True], torch.bool, ())], (2, 4)),
        ("mask_after_slice", (3, 4), [{"slice": [None]}, {"tensor": 1}],
         [([True, False, False, True], torch.bool, ())], (3, 1)),
        ("int32_index", (3, 4), [{"tensor": 1}], [([1, 2], torch.int32, ())], (2, 1)),
        ("true", (3, 4), [{"bool": True}], [], (4,)),
        ("false", (3, 4), [{"bool": False}], [], None),
        ("empty_index", (3, 4), [{"tensor": 1}], [([], torch.int64, ())], None),
        ("zero_dim_self", (), [{"ellipsis": True}], [], None),
        ("zero_dim_self_true", (), [{"bool": True}], [], (1,)),
        # errors
        ("out_of_range", (3, 4), [{"tensor": 1}], [([3], torch.int64, ())], None),
        ("value_shape_mismatch", (3, 4), [{"tensor": 1}], [([0, 1], torch.int64, ())], (3, 4)),
        ("basic_value_shape_mismatch", (3, 4), [{"int": 0}], [], (3,)),
        ("float_index", (3, 4), [{"tensor": 1}], [([0.0], torch.float32, ())], None),
    ]
    for label, shape, indices, tensors, vshape in puts:
        idx = make_index_tensors(tensors)
        layouts_ = list(layouts(shape, torch.float32)) if label in ("tensor_value", "separated", "mask_value") else [("contiguous",) + spec(random_values(shape, torch.float32))]
        for lay, x, x_spec in layouts_:
            py = to_python(indices, [x] + [t for t, _ in idx])
            inputs = [x_spec] + [s for _, s in idx]
            if vshape is None:
                out.append(case("index_put_", f"{label}/{lay}", inputs,
                                outcome(lambda: put(x, py, 2.5)), indices=indices, scalar=2.5))
            else:
                v, v_spec = spec(random_values(vshape, torch.float32))
                out.append(case("index_put_", f"{label}/{lay}", inputs + [v_spec],
                                outcome(lambda: put(x, py, v)), indices=indices,
                                value=len(inputs)))
    # dtype sweep, value of self's dtype; and a value of another dtype (basic: converted,
    # advanced: an error, as PyTorch).
    for dtype in ALL:
        indices = [{"tensor": 1}, {"slice": [None, None, 2]}]
        x, x_spec = spec(random_values((3, 4), dtype))
        t, t_spec = idx_tensor([2, 0])
        v, v_spec = spec(random_values((2, 2), dtype))
        out.append(case("index_put_", f"dtype/{NAME(dtype)}", [x_spec, t_spec, v_spec],
                        outcome(lambda: put(x, to_python(indices, [x, t]), v)), indices=indices,
                        value=2))
        out.append(case("index_put_", f"dtype_scalar/{NAME(dtype)}", [x_spec, t_spec],
                        outcome(lambda: put(x, to_python(indices, [x, t]), 1)), indices=indices,
                        scalar=1))
    x, x_spec = spec(random_values((3, 4), torch.float32))
    v, v_spec = spec(random_values((4,), torch.float64))
    out.append(case("index_put_", "basic_other_dtype_converts", [x_spec, v_spec],
                    outcome(lambda: put(x, (1,), v)), indices=[{"int": 1}], value=1))
    t, t_spec = idx_tensor([1])
    out.append(case("index_put_", "advanced_other_dtype_raises", [x_spec, t_spec, v_spec],
                    outcome(lambda: x.clone().index_put_((t,), v)), indices=[{"tensor": 1}],
                    value=2))
    out += index_put_accumulate_cases()
    return out


def index_put_accumulate_cases():
    """index_put_(..., accumulate=True): repeated indices add up."""
    out = []
    # (label, self shape, index tensors, value shape or None for a scalar)
    puts = [
        ("repeated", (5,), [([1, 3, 1, 1], torch.int64)], (4,)),
        ("rows_repeated", (3, 4), [([2, 0, 2], torch.int64)], (3, 4)),
        ("broadcast_value", (3, 4), [([0, 0], torch.int64)], (4,)),
        ("pairs", (3, 4), [([0, 2, 0], torch.int64), ([1, 3, 1], torch.int64)], (3,)),
        ("mask", (3, 4), [([True, False, True], torch.bool)], (4,)),
        ("scalar", (3, 4), [([1, 1], torch.int64)], None),
        ("empty_index", (3, 4), [([], torch.int64)], None),
        ("out_of_range", (3, 4), [([3], torch.int64)], None),
    ]
    for label, shape, tensors, vshape in puts:
        idx = [idx_tensor(v, d) for v, d in tensors]
        ts = tuple(t for t, _ in idx)
        indices = [{"tensor": k + 1} for k in range(len(idx))]
        for lay, x, x_spec in layouts(shape, torch.float32):
            inputs = [x_spec] + [s for _, s in idx]
            if vshape is None:
                value = torch.tensor(2.5)
                out.append(case("index_put_", f"accumulate/{label}/{lay}", inputs,
                                outcome(lambda: x.clone().index_put_(ts, value, accumulate=True)),
                                indices=indices, scalar=2.5, accumulate=True))
            else:
                v, v_spec = spec(random_values(vshape, torch.float32))
                out.append(case("index_put_", f"accumulate/{label}/{lay}", inputs + [v_spec],
                                outcome(lambda: x.clone().index_put_(ts, v, accumulate=True)),
                                indices=indices, value=len(inputs), accumulate=True))
    return out


def cases():
    return index_cases() + index_put_cases()
