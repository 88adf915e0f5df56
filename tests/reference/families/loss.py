"""nll_loss (torch.nn.functional.nll_loss: 1-d, 2-d and N-d inputs), with class weights,
ignore_index, every reduction, layouts, and the errors; each case holds the input gradient too.
Also cross_entropy's composite path (log_softmax then nll_loss) under op "nll_loss"."""
import torch
import torch.nn.functional as F

from common import spec
from nn_ref import grad_case, rand, short

F32, F64, I64 = torch.float32, torch.float64, torch.int64
RED = {"none": 0, "mean": 1, "sum": 2}


def tgt(shape, classes, ignore=None, dtype=I64):
    t = torch.randint(0, classes, shape)
    if ignore is not None and t.numel() > 1:
        t.view(-1)[::3] = ignore
    return spec(t.to(dtype))


def weights(c, dtype=F32):
    return spec((torch.rand(c, dtype=F64) + 0.5).to(dtype))


def nll(red, ignore=-100, with_weight=False):
    if with_weight:
        return lambda x, t, w: F.nll_loss(x, t, w, reduction=red, ignore_index=ignore)
    return lambda x, t: F.nll_loss(x, t, reduction=red, ignore_index=ignore)


def cases():
    out = []
    for red, r in RED.items():
        for dtype in [F32, F64]:
            s = short(dtype)
            out.append(grad_case("nll_loss", f"2d/{red}/{s}", [rand((5, 4), dtype), tgt((5,), 4)],
                                 nll(red), reduction=r))
            out.append(grad_case("nll_loss", f"2d/weight/{red}/{s}",
                                 [rand((6, 4), dtype), tgt((6,), 4), weights(4, dtype)],
                                 nll(red, with_weight=True), reduction=r))
            out.append(grad_case("nll_loss", f"2d/ignore/weight/{red}/{s}",
                                 [rand((7, 3), dtype), tgt((7,), 3, ignore=1), weights(3, dtype)],
                                 nll(red, 1, True), reduction=r, ignore_index=1))
            out.append(grad_case("nll_loss", f"4d/weight/{red}/{s}",
                                 [rand((2, 3, 4, 5), dtype), tgt((2, 4, 5), 3, ignore=-100),
                                  weights(3, dtype)],
                                 nll(red, with_weight=True), reduction=r))
        out.append(grad_case("nll_loss", f"3d/{red}", [rand((2, 3, 4)), tgt((2, 4), 3)],
                             nll(red), reduction=r))
        out.append(grad_case("nll_loss", f"5d/{red}", [rand((2, 3, 2, 2, 3)),
                                                       tgt((2, 2, 2, 3), 3)],
                             nll(red), reduction=r))
        out.append(grad_case("nll_loss", f"1d/{red}", [rand((4,), F64), spec(torch.tensor(2))],
                             nll(red), reduction=r))
        out.append(grad_case("nll_loss", f"1d/weight/{red}",
                             [rand((4,), F64), spec(torch.tensor(1)), weights(4, F64)],
                             nll(red, with_weight=True), reduction=r))
        out.append(grad_case("nll_loss", f"1d/ignored/{red}",
                             [rand((4,), F64), spec(torch.tensor(3))], nll(red, 3),
                             reduction=r, ignore_index=3))
        out.append(grad_case("nll_loss", f"all_ignored/{red}",
                             [rand((3, 4)), spec(torch.full((3,), -100))], nll(red),
                             reduction=r))
        out.append(grad_case("nll_loss", f"empty_batch/{red}",
                             [rand((0, 4)), spec(torch.zeros(0, dtype=I64))], nll(red),
                             reduction=r))
        out.append(grad_case("nll_loss", f"uint8_target/{red}",
                             [rand((3, 4)), tgt((3,), 4, dtype=torch.uint8)], nll(red),
                             reduction=r))
    out.append(grad_case("nll_loss", "1d/target_1d", [rand((3,), F64), spec(torch.tensor([2, 0, 1]))],
                         nll("mean"), reduction=1))
    for label, views in [("transposed", [("transpose", 0, 1)]), ("strided", [("slice", 1, 0, 8, 2)])]:
        base = (4, 5) if label == "transposed" else (5, 8)
        out.append(grad_case("nll_loss", f"layout/{label}", [rand(base, F32, views), tgt((5,), 4)],
                             nll("mean"), reduction=1))
    out.append(grad_case("nll_loss", "layout/strided_target",
                         [rand((4, 3)), spec(torch.randint(0, 3, (8,)), [("slice", 0, 0, 8, 2)])],
                         nll("sum"), reduction=2))
    # cross_entropy = nll_loss(log_softmax(x, 1)) (the integrator's composite).
    for shape, red in [((6, 10), "mean"), ((4, 5, 3), "sum"), ((3, 4), "none")]:
        out.append(grad_case("nll_loss", f"cross_entropy/{list(shape)}/{red}",
                             [rand(shape, F64), tgt((shape[0],) + shape[2:], shape[1])],
                             lambda x, t, red=red: F.cross_entropy(x, t, reduction=red),
                             reduction=RED[red], cross_entropy=True))
    # Errors.
    err = lambda name, inputs, fn=nll("mean"), **a: grad_case(
        "nll_loss", "error/" + name, inputs, fn, wrt=(), reduction=a.pop("reduction", 1), **a)
    out.append(err("target_out_of_range", [rand((2, 3)), spec(torch.tensor([0, 3]))]))
    out.append(err("target_negative", [rand((2, 3)), spec(torch.tensor([0, -1]))]))
    out.append(err("target_out_of_range_none", [rand((2, 3)), spec(torch.tensor([5, 0]))],
                   nll("none"), reduction=0))
    out.append(err("target_float", [rand((2, 3)), spec(torch.tensor([0.0, 1.0]))]))
    out.append(err("target_int32", [rand((2, 3)), spec(torch.tensor([0, 1], dtype=torch.int32))]))
    out.append(err("self_int", [spec(torch.ones(2, 3, dtype=I64)), spec(torch.tensor([0, 1]))]))
    out.append(err("self_0d", [rand(()), spec(torch.tensor(0))]))
    out.append(err("batch_mismatch", [rand((2, 3)), spec(torch.tensor([0, 1, 2]))]))
    out.append(err("target_0d_batched", [rand((2, 3)), spec(torch.tensor(1))]))
    out.append(err("target_2d", [rand((2, 3)), spec(torch.zeros(2, 2, dtype=I64))]))
    out.append(err("nd_target_shape", [rand((2, 3, 4)), spec(torch.zeros(2, 3, dtype=I64))]))
    out.append(err("1d_size_mismatch", [rand((3,)), spec(torch.tensor([0]))]))
    out.append(err("weight_size", [rand((2, 3)), spec(torch.tensor([0, 1])), weights(2)],
                   nll("mean", with_weight=True)))
    out.append(err("weight_dtype", [rand((2, 3)), spec(torch.tensor([0, 1])), weights(3, F64)],
                   nll("mean", with_weight=True)))
    return out
