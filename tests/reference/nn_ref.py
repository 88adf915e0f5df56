"""Shared by the fused neural-network fixture families (softmax, loss, activation,
normalization).

A case's expected value is a list: the op's output(s), then the gradients of the inputs listed in
args "wrt" for the upstream gradient args "gout" (a TENSOR: random, the output's shape). Inputs
with gradients are leaves in PyTorch and in the C++ test (the views are replayed first).
float16/bfloat16 (`half_via_float`): torch 1.13 on the CPU lacks many of these kernels, while
PyTorch 2 computes them in float32 and rounds once; the expected values are made that way
(inputs to float32, the op, the results rounded back; the upstream gradient is drawn in the
16-bit dtype).
"""
import torch

from common import case, error, random_values, spec, to_json


def _run(fn, tensors, wrt, gen, gout_dtype=None):
    leaves = [t.detach().clone().requires_grad_(i in wrt and t.is_floating_point())
              for i, t in enumerate(tensors)]
    out = fn(*leaves)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    grads, gout = [], None
    if wrt:
        gout = random_values(list(outs[0].shape), gout_dtype or outs[0].dtype, gen=gen)
        gout = gout.to(outs[0].dtype)
        gs = torch.autograd.grad(outs[0], [leaves[i] for i in wrt], gout, allow_unused=True)
        grads = [g if g is not None else torch.zeros_like(leaves[i]) for g, i in zip(gs, wrt)]
    return outs, grads, gout


def grad_case(op, name, inputs, fn, wrt=(0,), half_via_float=False, **args):
    """A case: fn(*tensors) and the gradients of inputs `wrt` (indices), or an error."""
    tensors = [t for t, _ in inputs]
    specs = [s for _, s in inputs]
    gen = torch.Generator().manual_seed(len(name) * 7919 + len(op))
    try:
        if half_via_float:
            low = next(t.dtype for t in tensors if t.dtype in (torch.float16, torch.bfloat16))
            up = [t.float() if t.dtype == low else t for t in tensors]
            outs, grads, gout = _run(fn, up, wrt, gen, low)
            outs = [o.to(low) if o.dtype == torch.float32 else o for o in outs]
            grads = [g.to(low) if g.dtype == torch.float32 else g for g in grads]
            if gout is not None:
                gout = gout.to(low)
        else:
            outs, grads, gout = _run(fn, tensors, wrt, gen)
    except (RuntimeError, ValueError, IndexError, TypeError) as e:
        return case(op, name, specs, error(e), wrt=list(wrt), **args)
    if gout is not None:
        args["gout"] = to_json(gout)
    return case(op, name, specs, [to_json(o) for o in outs + grads], wrt=list(wrt), **args)


def rand(shape, dtype=torch.float32, views=(), low=-3.0, high=3.0):
    return spec(random_values(shape, dtype, low, high), views)


def layouts_of(shape, dtype=torch.float32):
    """(label, input) for a contiguous, a transposed and a step-sliced input of `shape`."""
    out = [("contiguous", rand(shape, dtype))]
    if len(shape) >= 2:
        base = list(shape)
        base[-1], base[-2] = base[-2], base[-1]
        out.append(("transposed", rand(base, dtype, [("transpose", -1, -2)])))
    if len(shape) >= 1 and shape[-1] > 0:
        base = list(shape)
        base[-1] *= 2
        out.append(("strided", rand(base, dtype, [("slice", -1, 0, base[-1], 2)])))
    return out


def short(dtype):
    return str(dtype)[6:]
