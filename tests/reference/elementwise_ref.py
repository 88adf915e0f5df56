"""Shared by the elementwise fixture families (unary, binary, ternary).

The generator runs PyTorch 1.13, whose CPU kernels lack float16 for many ops that PyTorch 2 has
(exp, sin, atan2, lerp, clamp, ...). PyTorch 2 computes those by upcasting float16 to float32 and
rounding the result back, so that is how the expected values are made when 1.13 refuses.
"""
import torch

from common import outcome


def _to_half(r):
    if isinstance(r, torch.Tensor) and r.dtype == torch.float32:
        return r.half()
    return r


def outcome16(fn, *args):
    """outcome(lambda: fn(*args)), with PyTorch 2's float16 semantics where 1.13 has no kernel."""
    r = outcome(lambda: fn(*args))
    halves = any(isinstance(a, torch.Tensor) and a.dtype == torch.float16 for a in args)
    if isinstance(r, dict) and r.get("error") and halves:
        up = [a.float() if isinstance(a, torch.Tensor) and a.dtype == torch.float16 else a
              for a in args]
        r_up = outcome(lambda: _to_half(fn(*up)))
        # An op that refuses float32 too (bitwise ops) refuses float16 in PyTorch 2 as well: its
        # message is 1.13's for the float16 inputs, which names 'Half', not 'Float'.
        return r if isinstance(r_up, dict) and r_up.get("error") else r_up
    return r
