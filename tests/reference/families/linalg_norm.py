"""Matrix norms: norm(p="nuc"/"fro"), nuclear_norm, linalg_matrix_norm.

Inputs: [self]. Args: "ord" (the string p / ord), "dim" (absent: the op's default), "keepdim".
torch 1.13 and PyTorch 2.x agree on these; where 1.13's message differs (norm "nuc" of a non-2-d
input without dim goes through nuclear_norm there, through linalg.matrix_norm in 2.x) both raise.
"""
import torch

from common import case, layouts, outcome, random_values, spec

F32, F64 = torch.float32, torch.float64


def _add(out, op, name, x, s, ord=None, dim=None, keepdim=False):
    def run():
        if op == "norm":
            return torch.norm(x, p=ord, dim=dim, keepdim=keepdim)
        if op == "nuclear_norm":
            if dim is None:
                return torch.nuclear_norm(x, keepdim=keepdim)
            return torch.nuclear_norm(x, dim, keepdim=keepdim)
        return torch.linalg.matrix_norm(x, ord, dim if dim is not None else (-2, -1),
                                        keepdim=keepdim)
    args = {"keepdim": keepdim}
    if ord is not None:
        args["ord"] = ord
    if dim is not None:
        args["dim"] = list(dim)
    out.append(case(op, name, [s], outcome(run), **args))


def cases():
    out = []
    gen = torch.Generator().manual_seed(5)
    # norm(p="nuc"): 2-d square, tall and wide, every layout, both dtypes.
    for dtype in (F32, F64):
        for shape in ((4, 4), (5, 3), (3, 5), (1, 4), (1, 1)):
            for label, x, s in layouts(shape, dtype):
                _add(out, "norm", f"nuc/{dtype}/{list(shape)}/{label}", x, s, "nuc")
        x, s = spec(random_values((3, 4), dtype, gen=gen))
        _add(out, "norm", f"nuc/{dtype}/keepdim", x, s, "nuc", None, True)
        x, s = spec(random_values((2, 3, 4), dtype, gen=gen))
        for dim in ((0, 2), (2, 0), (-1, 1)):
            for keepdim in (False, True):
                _add(out, "norm", f"nuc/{dtype}/3d/dim{list(dim)}/keepdim{keepdim}", x, s, "nuc",
                     dim, keepdim)
    x, s = spec(random_values((3, 4), F64, gen=gen))
    _add(out, "norm", "fro/2d", x, s, "fro")
    # Rank-deficient and structured matrices: repeated and zero singular values.
    for label, m in (("rank1", torch.outer(torch.tensor([1.0, -2.0, 3.0]),
                                           torch.tensor([0.5, 1.0, -1.0, 2.0]))),
                     ("zeros", torch.zeros(3, 4)),
                     ("identity", torch.eye(4)),
                     ("diagonal", torch.diag(torch.tensor([3.0, -1e-3, 2.0, 1e3]))),
                     ("orthogonal_cols", torch.tensor([[1.0, 1.0], [1.0, -1.0], [0.0, 0.0]]))):
        for dtype in (F32, F64):
            x, s = spec(m.to(dtype))
            _add(out, "norm", f"nuc/{label}/{dtype}", x, s, "nuc")
    x, s = spec(torch.tensor([[1.0, float("inf")], [0.0, 1.0]]))
    _add(out, "norm", "nuc/inf", x, s, "nuc")
    errors = [("zero_dim", torch.tensor(2.0), None), ("one_dim", torch.ones(3), None),
              ("three_dim_no_dim", torch.ones(2, 3, 4), None),
              ("int64", torch.ones(2, 3, dtype=torch.int64), None),
              ("float16", torch.ones(2, 3, dtype=torch.float16), None),
              ("one_dim_given", torch.ones(2, 3), (0,)), ("same_dims", torch.ones(2, 3), (1, -1)),
              ("bad_dim", torch.ones(2, 3), (0, 2))]
    for label, t, dim in errors:
        x, s = spec(t)
        _add(out, "norm", f"error/nuc_{label}", x, s, "nuc", dim)
    x, s = spec(torch.ones(2, 3))
    out.append(case("norm", "error/bad_p_string", [s], outcome(lambda: torch.norm(x, p="abc")),
                    ord="abc", keepdim=False))
    # PyTorch's SVD fails to converge on NaN (torch.linalg.LinAlgError, a RuntimeError).
    x, s = spec(torch.tensor([[1.0, float("nan")], [0.0, 1.0]]))
    _add(out, "norm", "error/nuc_nan", x, s, "nuc")

    # linalg_matrix_norm: batched, both ords, dims, keepdim, zero-size.
    for ord in ("nuc", "fro"):
        for dtype in (F32, F64):
            for label, x, s in layouts((2, 3, 4, 5), dtype):
                _add(out, "linalg_matrix_norm", f"{ord}/{dtype}/batched/{label}", x, s, ord)
            x, s = spec(random_values((3, 2, 4), dtype, gen=gen), [("permute", [2, 0, 1])])
            for dim in ((0, 2), (1, 0)):
                for keepdim in (False, True):
                    _add(out, "linalg_matrix_norm",
                         f"{ord}/{dtype}/permuted/dim{list(dim)}/keepdim{keepdim}", x, s, ord, dim,
                         keepdim)
        for shape in ((0, 3), (3, 0), (0, 0), (2, 0, 3), (0, 2, 3)):
            for keepdim in (False, True):
                x, s = spec(torch.zeros(shape))
                _add(out, "linalg_matrix_norm", f"{ord}/zero_size/{list(shape)}/keepdim{keepdim}",
                     x, s, ord, None, keepdim)
        x, s = spec(random_values((4, 1), F64, gen=gen), [("expand", [4, 3])])
        _add(out, "linalg_matrix_norm", f"{ord}/expanded", x, s, ord)
        extra = [("bad_negative_dim", torch.ones(2, 3), (-3, 1))]
        for label, t, dim in errors[:2] + errors[3:] + extra:
            if ord == "fro" and label == "float16":
                continue  # (fro takes the 16-bit floats: the cases below)
            x, s = spec(t)
            _add(out, "linalg_matrix_norm", f"error/{ord}_{label}", x, s, ord, dim)
    for dtype in (torch.float16, torch.bfloat16):
        x, s = spec(random_values((2, 3), dtype, gen=gen))
        _add(out, "linalg_matrix_norm", f"fro/{dtype}", x, s, "fro")
    x, s = spec(torch.ones(2, 3))
    out.append(case("linalg_matrix_norm", "error/bad_ord", [s],
                    outcome(lambda: torch.linalg.matrix_norm(x, ord="abc")), ord="abc",
                    keepdim=False))

    # nuclear_norm: 2-d only without dim; with dim as linalg_matrix_norm.
    for dtype in (F32, F64):
        for label, x, s in layouts((3, 5), dtype):
            for keepdim in (False, True):
                _add(out, "nuclear_norm", f"{dtype}/{label}/keepdim{keepdim}", x, s, None, None,
                     keepdim)
        x, s = spec(random_values((2, 4, 3), dtype, gen=gen))
        _add(out, "nuclear_norm", f"{dtype}/dim", x, s, None, (2, 1), True)
    x, s = spec(torch.zeros(0, 3))
    _add(out, "nuclear_norm", "zero_size", x, s)
    for label, t in (("zero_dim", torch.tensor(1.0)), ("one_dim", torch.ones(3)),
                     ("three_dim", torch.ones(2, 3, 4))):
        x, s = spec(t)
        _add(out, "nuclear_norm", f"error/{label}", x, s)
    return out
