"""layer_norm, native_layer_norm, batch_norm (training and eval, with the running-stat update),
group_norm: values and input/weight/bias gradients, with and without affine parameters, several
ranks, layouts, float32/float64 and the 16-bit floats (via float32, see nn_ref), errors.

batch_norm cases with running stats also expect the updated running_mean and running_var (after
the output, before the gradients)."""
import torch
import torch.nn.functional as F

from common import spec
from nn_ref import grad_case, rand, short

F32, F64, BF16, F16 = torch.float32, torch.float64, torch.bfloat16, torch.float16


def pos(shape, dtype=F32):
    return spec((torch.rand(shape, dtype=F64) + 0.5).to(dtype))


def cases():
    out = []
    # ---- layer_norm
    for shape, ns in [((4, 6), [6]), ((2, 3, 5), [5]), ((2, 3, 4), [3, 4]), ((3, 40), [40]),
                      ((7,), [7])]:
        for dtype in [F32, F64]:
            for affine in (True, False):
                ins = [rand(shape, dtype)]
                if affine:
                    ins += [rand(ns, dtype), rand(ns, dtype)]
                    f = lambda x, w, b, ns=ns: F.layer_norm(x, ns, w, b)
                else:
                    f = lambda x, ns=ns: F.layer_norm(x, ns)
                out.append(grad_case("layer_norm", f"{list(shape)}/{ns}/{short(dtype)}/"
                                     f"{'affine' if affine else 'plain'}", ins, f,
                                     wrt=tuple(range(len(ins))), normalized_shape=ns))
    out.append(grad_case("layer_norm", "weight_only", [rand((3, 5)), rand((5,))],
                         lambda x, w: F.layer_norm(x, [5], w), wrt=(0, 1), normalized_shape=[5],
                         weight_only=True))
    out.append(grad_case("layer_norm", "eps", [rand((3, 5), low=-0.01, high=0.01)],
                         lambda x: F.layer_norm(x, [5], eps=1e-2), normalized_shape=[5],
                         eps=1e-2))
    out.append(grad_case("layer_norm", "large_mean", [rand((3, 8), F64, low=1e6, high=1e6 + 1)],
                         lambda x: F.layer_norm(x, [8]), normalized_shape=[8]))
    out.append(grad_case("layer_norm", "layout/transposed",
                         [rand((6, 4), F32, [("transpose", 0, 1)]), rand((6,)), rand((6,))],
                         lambda x, w, b: F.layer_norm(x, [6], w, b), wrt=(0, 1, 2),
                         normalized_shape=[6]))
    out.append(grad_case("layer_norm", "layout/strided",
                         [rand((3, 10), F32, [("slice", 1, 0, 10, 2)]),
                          rand((10,), F32, [("slice", 0, 0, 10, 2)]), rand((5,))],
                         lambda x, w, b: F.layer_norm(x, [5], w, b), wrt=(0, 1, 2),
                         normalized_shape=[5]))
    for dtype in [BF16, F16]:
        out.append(grad_case("layer_norm", f"{short(dtype)}",
                             [rand((3, 9), dtype), rand((9,), dtype), rand((9,), dtype)],
                             lambda x, w, b: F.layer_norm(x, [9], w, b), wrt=(0, 1, 2),
                             half_via_float=True, normalized_shape=[9]))
    out.append(grad_case("layer_norm", "empty_batch", [rand((0, 5))],
                         lambda x: F.layer_norm(x, [5]), normalized_shape=[5]))
    out.append(grad_case("native_layer_norm", "stats", [rand((2, 3, 4), F64)],
                         lambda x: torch.native_layer_norm(x, [4], None, None, 1e-5),
                         normalized_shape=[4]))
    err = lambda op, name, ins, f, **a: grad_case(op, "error/" + name, ins, f, wrt=(), **a)
    out.append(err("layer_norm", "shape", [rand((3, 5))], lambda x: F.layer_norm(x, [4]),
                   normalized_shape=[4]))
    out.append(err("layer_norm", "rank", [rand((5,))], lambda x: F.layer_norm(x, [2, 5]),
                   normalized_shape=[2, 5]))
    out.append(err("layer_norm", "empty_shape", [rand((5,))], lambda x: F.layer_norm(x, []),
                   normalized_shape=[]))
    out.append(err("layer_norm", "weight_shape", [rand((3, 5)), rand((4,)), rand((5,))],
                   lambda x, w, b: F.layer_norm(x, [5], w, b), normalized_shape=[5]))
    out.append(err("layer_norm", "bias_shape", [rand((3, 5)), rand((5,)), rand((3,))],
                   lambda x, w, b: F.layer_norm(x, [5], w, b), normalized_shape=[5]))
    out.append(err("layer_norm", "int", [spec(torch.ones(3, 5, dtype=torch.int64))],
                   lambda x: F.layer_norm(x, [5]), normalized_shape=[5]))

    # ---- batch_norm
    for shape in [(4, 3), (2, 3, 5), (2, 3, 4, 4), (2, 2, 2, 3, 2)]:
        c = shape[1]
        for dtype in [F32, F64]:
            for training in (True, False):
                ins = [rand(shape, dtype), rand((c,), dtype), rand((c,), dtype),
                       rand((c,), dtype), pos((c,), dtype)]

                def f(x, w, b, rm, rv, training=training):
                    rm, rv = rm.detach().clone(), rv.detach().clone()
                    y = F.batch_norm(x, rm, rv, w, b, training=training, momentum=0.2, eps=1e-4)
                    return y, rm, rv
                out.append(grad_case("batch_norm", f"{list(shape)}/{short(dtype)}/"
                                     f"{'train' if training else 'eval'}", ins, f,
                                     wrt=(0, 1, 2), training=training, momentum=0.2, eps=1e-4))
    out.append(grad_case("batch_norm", "no_affine_no_running", [rand((3, 4, 2))],
                         lambda x: F.batch_norm(x, None, None, training=True), training=True,
                         momentum=0.1, eps=1e-5, no_params=True))
    out.append(grad_case("batch_norm", "layout/transposed",
                         [rand((2, 5, 3), F32, [("transpose", 1, 2)]), rand((3,)), rand((3,))],
                         lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
                         wrt=(0, 1, 2), training=True, momentum=0.1, eps=1e-5,
                         no_running=True))
    for dtype in [BF16, F16]:
        out.append(grad_case("batch_norm", short(dtype),
                             [rand((4, 3, 5), dtype), rand((3,), dtype), rand((3,), dtype)],
                             lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
                             wrt=(0, 1, 2), half_via_float=True, training=True, momentum=0.1,
                             eps=1e-5, no_running=True))
    out.append(grad_case("native_batch_norm", "training",
                         [rand((4, 3, 5), F64), rand((3,), F64), rand((3,), F64)],
                         lambda x, w, b: torch.native_batch_norm(x, w, b, None, None, True, 0.1,
                                                                 1e-5),
                         wrt=(0, 1, 2), training=True, momentum=0.1, eps=1e-5))
    out.append(err("batch_norm", "one_value_per_channel", [rand((1, 3))],
                   lambda x: F.batch_norm(x, None, None, training=True), training=True,
                   momentum=0.1, eps=1e-5, no_params=True))
    out.append(err("batch_norm", "one_value_per_channel_3d", [rand((1, 3, 1))],
                   lambda x: F.batch_norm(x, None, None, training=True), training=True,
                   momentum=0.1, eps=1e-5, no_params=True))
    out.append(err("batch_norm", "channels", [rand((4, 3)), rand((2,)), rand((3,)), rand((3,)),
                                              pos((3,))],
                   lambda x, w, b, rm, rv: F.batch_norm(x, rm, rv, w, b, training=True),
                   training=True, momentum=0.1, eps=1e-5))
    out.append(err("batch_norm", "running_channels",
                   [rand((4, 3)), rand((3,)), rand((3,)), rand((4,)), pos((3,))],
                   lambda x, w, b, rm, rv: F.batch_norm(x, rm, rv, w, b, training=False),
                   training=False, momentum=0.1, eps=1e-5))

    # ---- group_norm
    for shape, g in [((2, 4, 3), 2), ((2, 6, 2, 2), 3), ((3, 4), 2), ((2, 4, 5), 1)]:
        c = shape[1]
        for dtype in [F32, F64]:
            ins = [rand(shape, dtype), rand((c,), dtype), rand((c,), dtype)]
            out.append(grad_case("group_norm", f"{list(shape)}/g{g}/{short(dtype)}", ins,
                                 lambda x, w, b, g=g: F.group_norm(x, g, w, b), wrt=(0, 1, 2),
                                 num_groups=g))
    out.append(grad_case("group_norm", "plain", [rand((2, 4, 3))],
                         lambda x: F.group_norm(x, 2), num_groups=2))
    out.append(err("group_norm", "groups", [rand((2, 4, 3))], lambda x: F.group_norm(x, 3),
                   num_groups=3))
    out.append(err("group_norm", "weight", [rand((2, 4, 3)), rand((3,)), rand((4,))],
                   lambda x, w, b: F.group_norm(x, 2, w, b), num_groups=2))
    return out
