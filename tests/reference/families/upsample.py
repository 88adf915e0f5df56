"""Resampling: upsample_nearest{1,2,3}d, _upsample_nearest_exact{1,2,3}d, upsample_linear1d,
upsample_bilinear2d, upsample_bicubic2d, upsample_trilinear3d (ATen's functions).

Args: output_size, align_corners (linear/cubic ops), scales (one per spatial dim, null for none:
what interpolate() passes for a scale_factor without recompute_scale_factor). A case with args
"grad": true has one more input (the upstream gradient) and one more expected tensor (the
input's gradient).
"""
import torch

from common import case, outcome, spec, to_json
from families.pooling import channels_last, quantized, rand, strided

F32, F64 = torch.float32, torch.float64
aten = torch.ops.aten

OPS = {  # name: (spatial dims, has align_corners)
    "upsample_nearest1d": (1, False), "upsample_nearest2d": (2, False),
    "upsample_nearest3d": (3, False), "_upsample_nearest_exact1d": (1, False),
    "_upsample_nearest_exact2d": (2, False), "_upsample_nearest_exact3d": (3, False),
    "upsample_linear1d": (1, True), "upsample_bilinear2d": (2, True),
    "upsample_bicubic2d": (2, True), "upsample_trilinear3d": (3, True),
}


def call(op, size, align, scales):
    f = getattr(aten, op)
    if OPS[op][1]:
        return lambda x: f(x, size, align, *scales)
    return lambda x: f(x, size, *scales)


def shape_for(n):
    return {1: (2, 2, 5), 2: (1, 2, 4, 5), 3: (1, 2, 3, 4, 3)}[n]


def up_case(op, name, inp, size, align=False, scales=None, with_grad=False):
    n = OPS[op][0]
    scales = scales or [None] * n
    fn = call(op, size, align, scales)
    x, s = inp
    args = dict(output_size=size, scales=scales)
    if OPS[op][1]:
        args["align_corners"] = align
    if not with_grad:
        return case(op, name, [s], outcome(lambda: fn(x)), **args)
    xg = x.detach().clone().requires_grad_()
    r = fn(xg)
    g, gs = rand(r.shape, x.dtype)
    r.backward(g)
    args["grad"] = True
    return case(op, name, [s, gs], [to_json(r), to_json(xg.grad)], **args)


def cases():
    out = []
    for op, (n, has_align) in OPS.items():
        shape = shape_for(n)
        spatial = list(shape[2:])
        aligns = (False, True) if has_align else (False,)
        for align in aligns:
            a = f"/align{int(align)}" if has_align else ""
            up = [s * 2 + 1 if n < 3 else s + 2 for s in spatial]
            out.append(up_case(op, f"up_uneven{a}", rand(shape), up,
                               align, with_grad=True))
            out.append(up_case(op, f"down{a}", rand(shape), [max(1, s // 2) for s in spatial],
                               align, with_grad=True))
            out.append(up_case(op, f"to_one{a}", rand(shape), [1] * n, align))
        out.append(up_case(op, "double", rand(shape), [s * 2 for s in spatial], with_grad=True))
        out.append(up_case(op, "same", rand(shape), spatial))
        # A scale factor as interpolate() passes it: output floor(in * scale), scales given.
        for scale in (1.7, 0.6, 2.0) if n == 3 else (1.7, 0.6, 2.0, 3.3):
            size = [int(s * scale) or 1 for s in spatial]
            out.append(up_case(op, f"scale{scale}", rand(shape), size, scales=[scale] * n,
                               with_grad=scale == 1.7))
        out.append(up_case(op, "up/float64", rand(shape, F64), [s + 2 for s in spatial],
                           with_grad=True))
        out.append(up_case(op, "channels_last", channels_last(shape), [s + 3 for s in spatial],
                           with_grad=True))
        out.append(up_case(op, "strided", strided(shape), [s + 1 for s in spatial]))
        out.append(up_case(op, "zero_batch", rand((0,) + shape[1:]), [s + 1 for s in spatial]))
        small = (1, 1) + (2,) * n
        for label, inp, size in [("rank", rand(small[1:]), [3] * n),
                                 ("size_len", rand(small), [3] * (n + 1)),
                                 ("size_zero", rand(small), [0] + [3] * (n - 1)),
                                 ("empty_channel", rand((1, 0) + (2,) * n), [3] * n),
                                 ("empty_spatial", rand((1, 1, 0) + (2,) * (n - 1)), [3] * n),
                                 ("int64", rand(small, torch.int64), [3] * n)]:
            c = up_case(op, f"error/{label}", inp, size)
            if c["expected"].get("error", "").startswith("Expected static_cast"):
                # torch's 1-d kernels fail an uninformative internal assert: Ember's words instead.
                c["expected"]["ember"] = EMBER_WORDS_1D[label]
            out.append(c)
    return out


# The words of Ember's message where torch's 1-d ops fail an internal assert.
EMBER_WORDS_1D = {"rank": "It is expected input_size equals to 3, but got size 2",
                  "size_len": "It is expected output_size equals to 1, but got size 2"}
