"""Activations: values and input gradients over a range that crosses every kink (and the exact
kink points: 0 for relu/leaky_relu/elu, the bounds of hardtanh, +-3 for hardsigmoid/hardswish,
softplus's threshold), non-default parameters, layouts, float32/float64 and the 16-bit floats
(via float32, see nn_ref), 0-d and empty inputs, integer inputs (relu and hardtanh accept them),
errors."""
import torch
import torch.nn.functional as F

from common import spec
from nn_ref import grad_case, layouts_of, rand, short

F32, F64, BF16, F16 = torch.float32, torch.float64, torch.bfloat16, torch.float16

OPS = {
    "relu": [({}, F.relu)],
    "leaky_relu": [({}, F.leaky_relu),
                   ({"negative_slope": 0.2}, lambda x: F.leaky_relu(x, 0.2))],
    "gelu": [({}, F.gelu), ({"approximate": "tanh"}, lambda x: F.gelu(x, approximate="tanh"))],
    "silu": [({}, F.silu)],
    "elu": [({}, F.elu), ({"alpha": 0.5}, lambda x: F.elu(x, 0.5)),
            ({"alpha": 1.6732632423543772, "scale": 1.0507009873554805}, F.selu),
            ({"alpha": 0.7, "input_scale": 1 / 0.7}, lambda x: F.celu(x, 0.7))],
    "hardtanh": [({}, F.hardtanh),
                 ({"min_val": 0.0, "max_val": 6.0}, F.relu6),
                 ({"min_val": -0.5, "max_val": 2.0}, lambda x: F.hardtanh(x, -0.5, 2.0))],
    "softplus": [({}, F.softplus), ({"beta": 2.0, "threshold": 3.0},
                                    lambda x: F.softplus(x, 2.0, 3.0))],
    "hardsigmoid": [({}, F.hardsigmoid)],
    "hardswish": [({}, F.hardswish)],
    "mish": [({}, F.mish)],
}

KINKS = [-3.0, -1.0, -0.5, 0.0, 1.0, 1.5, 2.0, 3.0, 6.0, 20.0, 21.0, -20.0, 0.25]


def label(args):
    return ",".join(f"{k}={v}" for k, v in args.items()) or "default"


def cases():
    out = []
    for op, variants in OPS.items():
        for args, f in variants:
            lab = label(args)
            for dtype in [F32, F64]:
                out.append(grad_case(op, f"{lab}/[3,7]/{short(dtype)}",
                                     [rand((3, 7), dtype, low=-5, high=5)], f, **args))
            kinks = torch.tensor(KINKS, dtype=F64)
            out.append(grad_case(op, f"{lab}/kinks", [spec(kinks)], f, **args))
            for dtype in [BF16, F16]:
                out.append(grad_case(op, f"{lab}/{short(dtype)}", [rand((11,), dtype, low=-5, high=5)],
                                     f, half_via_float=True, **args))
        f = variants[0][1]
        for lab, x in layouts_of((4, 6)):
            out.append(grad_case(op, f"layout/{lab}", [x], f))
        out.append(grad_case(op, "0-d", [rand((), F64)], f))
        out.append(grad_case(op, "empty", [rand((0, 3))], f))
        out.append(grad_case(op, "long_run", [rand((2, 37), F32, low=-6, high=6)], f))
        out.append(grad_case(op, "int64", [spec(torch.arange(-3, 4))], f, wrt=()))
        out.append(grad_case(op, "error/bool", [spec(torch.tensor([True, False]))], f, wrt=()))
    nan = torch.tensor([float("nan"), float("inf"), float("-inf"), 1.0])
    for op in ["relu", "hardtanh", "leaky_relu", "elu", "softplus", "gelu", "silu"]:
        out.append(grad_case(op, "nonfinite", [spec(nan)], OPS[op][0][1], wrt=()))
    out.append(grad_case("gelu", "error/approximate", [rand((3,))],
                         lambda x: F.gelu(x, approximate="fast"), wrt=(), approximate="fast"))
    return out
