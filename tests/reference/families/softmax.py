"""softmax and log_softmax: every dim (negative too), layouts, dtypes (float16 via float32, see
nn_ref), the dtype argument, 0-d and empty inputs, extreme values, errors. Each case also holds
the input gradient for a random upstream gradient (not for the 16-bit floats: PyTorch 2 computes
it from the output rounded to 16 bits, which the float32 reference cannot mimic)."""
import torch

from nn_ref import grad_case, layouts_of, rand, short

F32, F64, F16, BF16 = torch.float32, torch.float64, torch.float16, torch.bfloat16
OPS = {"softmax": torch.softmax, "log_softmax": torch.log_softmax}


def cases():
    out = []
    for op, f in OPS.items():
        for shape, dim in [((5,), 0), ((3, 7), 1), ((3, 7), 0), ((3, 7), -1), ((2, 3, 4), 1),
                           ((2, 3, 4), -3), ((2, 3, 20), 2), ((2, 40, 3), 1), ((2, 130), 1),
                           ((3, 1), 1)]:
            for dtype in [F32, F64]:
                out.append(grad_case(op, f"{list(shape)}/dim{dim}/{short(dtype)}",
                                     [rand(shape, dtype, low=-8, high=8)],
                                     lambda x, d=dim: f(x, d), dim=dim))
        for dtype in [BF16, F16]:
            out.append(grad_case(op, f"[3,9]/{short(dtype)}", [rand((3, 9), dtype)],
                                 lambda x: f(x, 1), wrt=(), half_via_float=True, dim=1))
        for label, x in layouts_of((4, 9)):
            for dim in (0, 1):
                out.append(grad_case(op, f"layout/{label}/dim{dim}", [x],
                                     lambda x, d=dim: f(x, d), dim=dim))
        out.append(grad_case(op, "permuted", [rand((3, 4, 5), F64, [("permute", [2, 0, 1])])],
                             lambda x: f(x, 1), dim=1))
        out.append(grad_case(op, "dtype/float_to_double", [rand((3, 4))],
                             lambda x: f(x, 1, dtype=F64), dtype="float64", dim=1))
        out.append(grad_case(op, "dtype/int_to_float", [rand((3, 4), torch.int64)],
                             lambda x: f(x, 1, dtype=F32), wrt=(), dtype="float32", dim=1))
        out.append(grad_case(op, "0-d", [rand((), F64)], lambda x: f(x, 0), dim=0))
        out.append(grad_case(op, "0-d/dim-1", [rand((), F32)], lambda x: f(x, -1), dim=-1))
        out.append(grad_case(op, "empty/rows", [rand((0, 4))], lambda x: f(x, 1), dim=1))
        out.append(grad_case(op, "empty/dim", [rand((3, 0))], lambda x: f(x, 1), dim=1))
        big = torch.tensor([[1000.0, 0.0, -1000.0], [-1e30, -1e30, 0.0],
                            [float("-inf"), 0.0, 1.0], [float("nan"), 0.0, 1.0]])
        out.append(grad_case(op, "extreme", [(big, {"dtype": "float32", "shape": [4, 3],
                                                    "data": _data(big)})],
                             lambda x: f(x, 1), wrt=(), dim=1))
        # Errors.
        out.append(grad_case(op, "error/int", [rand((3, 4), torch.int64)], lambda x: f(x, 1),
                             wrt=(), dim=1))
        out.append(grad_case(op, "error/dim", [rand((3, 4))], lambda x: f(x, 2), wrt=(), dim=2))
        out.append(grad_case(op, "error/dim_0d", [rand(())], lambda x: f(x, 1), wrt=(), dim=1))
    return out


def _data(t):
    from common import to_json
    return to_json(t)["data"]
