"""nn modules as PyTorch builds them (tests/nn/module_golden_test.cpp).

Case format (on top of tests/support/golden.h's):
  {"op": "<module id>", "name": "<variant>", "inputs": [INPUT, EXTRA...], "args": {...},
   "expected": [OUTPUT, GRAD_INPUT, GRAD_PARAM...]}
- EXTRA...: the call's further arguments after INPUT (a loss's target, MaxUnpool's indices,
  CTCLoss's targets and lengths); constants, so only INPUT and the parameters get gradients.
- "args.state": the module's state_dict (PyTorch's names, in its order) with the values the
  module holds when called; the C++ test loads it with load_state_dict (strict), so names and
  shapes are checked too.
- "args.train": the mode of the call. "args.state_after": the state_dict after the call (running
  statistics updated in training).
- "args.grad_output": the gradient of the output; GRAD_INPUT is the input's gradient and
  GRAD_PARAM... those of the parameters in named_parameters() order.
- "args.params": the parameter names, in order.
The C++ side builds the same module with Ember's options for each id.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import random_values, spec, to_json

F64 = torch.float64


def rounded(shape, low=-2.0, high=2.0, dtype=F64):
    t = random_values(list(shape), F64, low, high)
    return (torch.round(t * 1000) / 1000).to(dtype)


def run(op, name, module, input_shape, train=True, low=-2.0, high=2.0, input_tensor=None,
        randomise_state=True, call=None, extra=()):
    module = module.to(F64)
    if randomise_state:
        # Round every parameter and buffer so the fixture is exact and small; running
        # statistics get non-trivial values so eval mode is tested for real.
        with torch.no_grad():
            for k, v in module.state_dict().items():
                if v.is_floating_point():
                    if k.endswith("running_var"):
                        v.copy_(rounded(v.shape, 0.5, 2))
                    else:
                        v.copy_(rounded(v.shape, -1, 1))
    module.train(train)
    x = input_tensor if input_tensor is not None else rounded(input_shape, low, high)
    state = {k: to_json(v) for k, v in module.state_dict().items()}
    leaf = x.detach().clone().requires_grad_(x.is_floating_point())
    out = call(module, leaf, *extra) if call else module(leaf, *extra)
    params = [(n, p) for n, p in module.named_parameters()]
    expected = [to_json(out)]
    args = {"state": state, "state_order": list(state.keys()), "train": train,
            "params": [n for n, _ in params],
            "state_after": {k: to_json(v) for k, v in module.state_dict().items()}}
    if out.requires_grad:
        g = rounded(out.shape, -1, 1)
        args["grad_output"] = to_json(g)
        diff = ([leaf] if leaf.requires_grad else []) + [p for _, p in params]
        grads = torch.autograd.grad(out, diff, g, allow_unused=True)
        expected += [to_json(gr if gr is not None else torch.zeros_like(d))
                     for gr, d in zip(grads, diff)]
    return {"op": op, "name": name, "inputs": [spec(t)[1] for t in [x, *extra]], "args": args,
            "expected": expected}


def layers():
    cs = [
        run("linear", "4->3", nn.Linear(4, 3), [5, 4]),
        run("linear_nobias", "4->3", nn.Linear(4, 3, bias=False), [2, 6, 4]),
        run("conv1d", "stride 2 pad 1", nn.Conv1d(2, 4, 3, stride=2, padding=1), [2, 2, 7]),
        run("conv2d", "pad 1", nn.Conv2d(3, 4, 3, padding=1), [2, 3, 5, 5]),
        run("conv2d_groups", "groups 2 dilation 2 no bias",
            nn.Conv2d(4, 6, 3, groups=2, dilation=2, bias=False), [1, 4, 7, 6]),
        run("conv2d_reflect", "reflect", nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect"),
            [1, 2, 4, 5]),
        run("conv2d_circular", "circular (1, 2)",
            nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode="circular"), [1, 2, 4, 5]),
        run("conv2d_same_replicate", "same, replicate, 3x4 kernel",
            nn.Conv2d(2, 3, (3, 4), padding="same", padding_mode="replicate"), [1, 2, 5, 6]),
        run("conv2d_valid", "valid, unbatched", nn.Conv2d(2, 3, 3, padding="valid"), [2, 5, 5]),
        run("conv3d", "stride 2", nn.Conv3d(2, 2, 2, stride=2), [1, 2, 4, 4, 4]),
        run("conv_transpose1d", "stride 2", nn.ConvTranspose1d(2, 3, 3, stride=2), [2, 2, 4]),
        run("conv_transpose2d", "stride 2 pad 1 output_padding 1",
            nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1), [1, 4, 3, 3]),
        run("conv_transpose2d_output_size", "output_size 8x7",
            nn.ConvTranspose2d(2, 2, 3, stride=3, padding=1), [1, 2, 3, 3],
            call=lambda m, x: m(x, output_size=[8, 7])),
        run("conv_transpose3d", "groups 2", nn.ConvTranspose3d(2, 4, 2, groups=2), [1, 2, 2, 3, 2]),
        run("bilinear", "3x2->4", nn.Bilinear(3, 2, 4), [5, 3],
            call=lambda m, x: m(x, x[:, :2] * 2)),
        run("embedding", "padding_idx 1", nn.Embedding(10, 3, padding_idx=1), None,
            input_tensor=torch.tensor([[1, 2, 3], [9, 1, 0]])),
        run("embedding_bag", "sum", nn.EmbeddingBag(10, 3, mode="sum"), None,
            input_tensor=torch.tensor([[1, 2, 3], [9, 1, 0]])),
        run("prelu", "3 channels", nn.PReLU(3), [2, 3, 4]),
        run("prelu_shared", "one slope", nn.PReLU(), [2, 3, 4]),
    ]
    return cs


def normalisation():
    cs = []
    for train in (True, False):
        mode = "train" if train else "eval"
        cs.append(run("batchnorm1d", mode, nn.BatchNorm1d(3), [4, 3], train))
        cs.append(run("batchnorm1d", f"{mode}/3-d", nn.BatchNorm1d(3), [4, 3, 5], train))
        cs.append(run("batchnorm2d", mode, nn.BatchNorm2d(3), [2, 3, 4, 5], train))
        cs.append(run("batchnorm3d", mode, nn.BatchNorm3d(2), [2, 2, 3, 2, 2], train))
        cs.append(run("batchnorm2d_noaffine", mode, nn.BatchNorm2d(3, affine=False),
                      [2, 3, 2, 2], train))
        cs.append(run("batchnorm2d_untracked", mode,
                      nn.BatchNorm2d(3, track_running_stats=False), [2, 3, 2, 2], train))
        cs.append(run("instancenorm1d", mode, nn.InstanceNorm1d(3), [2, 3, 6], train))
        cs.append(run("instancenorm2d_affine_tracked", mode,
                      nn.InstanceNorm2d(3, affine=True, track_running_stats=True),
                      [2, 3, 4, 4], train))
    cs.append(run("batchnorm2d_cumulative", "momentum None", nn.BatchNorm2d(2, momentum=None),
                  [3, 2, 2, 2], True))
    cs.append(run("instancenorm2d_affine_tracked", "unbatched",
                  nn.InstanceNorm2d(3, affine=True, track_running_stats=True), [3, 4, 4], True))
    cs.append(run("layernorm", "[4, 5]", nn.LayerNorm([4, 5]), [3, 4, 5]))
    cs.append(run("layernorm_noaffine", "[5]", nn.LayerNorm(5, elementwise_affine=False), [3, 5]))
    cs.append(run("groupnorm", "2 groups of 2", nn.GroupNorm(2, 4), [3, 4, 2, 3]))
    cs.append(run("localresponsenorm", "size 2 on 4-d", nn.LocalResponseNorm(2), [2, 5, 3, 3]))
    cs.append(run("localresponsenorm", "size 3 on 3-d", nn.LocalResponseNorm(3, 0.1, 0.5, 2.0),
                  [2, 5, 4]))
    for train in (True, False):
        mode = "train" if train else "eval"
        cs.append(run("instancenorm3d", mode, nn.InstanceNorm3d(3), [2, 3, 2, 3, 2], train))
        cs.append(run("instancenorm3d_affine_tracked", mode,
                      nn.InstanceNorm3d(2, affine=True, track_running_stats=True, momentum=0.3),
                      [2, 2, 3, 2, 2], train))
    return cs


def pooling():
    return [
        run("maxpool1d", "k3 s2 p1", nn.MaxPool1d(3, stride=2, padding=1), [2, 3, 9]),
        run("maxpool2d", "k3 s2 p1 ceil", nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True),
            [2, 2, 6, 7]),
        run("maxpool2d_k2", "2x2", nn.MaxPool2d(2), [2, 3, 6, 6]),
        run("maxpool3d", "k2", nn.MaxPool3d(2), [1, 2, 4, 4, 4]),
        run("avgpool1d", "k3 s2", nn.AvgPool1d(3, stride=2), [2, 2, 9]),
        run("avgpool2d", "k3 s2 p1 exclude pad",
            nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), [2, 2, 6, 7]),
        run("avgpool2d_divisor", "divisor 2", nn.AvgPool2d(2, divisor_override=2), [1, 2, 4, 4]),
        run("avgpool3d", "k2", nn.AvgPool3d(2), [1, 2, 4, 4, 2]),
        run("adaptiveavgpool1d", "5", nn.AdaptiveAvgPool1d(5), [2, 2, 11]),
        run("adaptiveavgpool2d", "2x3", nn.AdaptiveAvgPool2d((2, 3)), [2, 2, 7, 8]),
        run("adaptivemaxpool2d", "3x2", nn.AdaptiveMaxPool2d((3, 2)), [2, 2, 7, 5]),
        run("lppool2d", "p2 k2", nn.LPPool2d(2, 2), [1, 2, 4, 6], low=0.1),
        run("lppool1d", "p3 k3 s2", nn.LPPool1d(3, 3, stride=2), [1, 2, 9], low=0.1),
        run("adaptiveavgpool3d", "2x3x2", nn.AdaptiveAvgPool3d((2, 3, 2)), [1, 2, 5, 7, 4]),
        run("adaptivemaxpool1d", "3", nn.AdaptiveMaxPool1d(3), [2, 3, 8]),
        run("adaptivemaxpool3d", "2x2x3", nn.AdaptiveMaxPool3d((2, 2, 3)), [1, 2, 5, 4, 7]),
        unpool("maxunpool3d", "k2", nn.MaxUnpool3d(2), [1, 2, 4, 4, 4], 2),
        unpool("maxunpool3d_k3_s2_p1", "k3 s2 p1, overlapping windows",
               nn.MaxUnpool3d(3, stride=2, padding=1), [1, 1, 5, 5, 5], 3, stride=2, padding=1),
        unpool("maxunpool3d_output_size", "output_size 5x5x5", nn.MaxUnpool3d(2),
               [1, 1, 5, 5, 5], 2, call=lambda m, x, i: m(x, i, output_size=[5, 5, 5])),
        unpool("maxunpool1d", "k2", nn.MaxUnpool1d(2), [2, 3, 8], 2, pool=F.max_pool1d),
        unpool("maxunpool1d_k3_s2_p1", "k3 s2 p1, overlapping windows",
               nn.MaxUnpool1d(3, stride=2, padding=1), [1, 2, 9], 3, pool=F.max_pool1d, stride=2,
               padding=1),
        unpool("maxunpool2d", "k2", nn.MaxUnpool2d(2), [1, 2, 4, 6], 2, pool=F.max_pool2d),
        unpool("maxunpool2d_output_size", "k3 s2, output_size 8x8", nn.MaxUnpool2d(3, stride=2),
               [1, 2, 8, 8], 3, pool=F.max_pool2d, stride=2,
               call=lambda m, x, i: m(x, i, output_size=[8, 8])),
    ]


def unpool(op, name, module, pooled_shape, kernel_size, call=None, pool=F.max_pool3d,
           **pool_args):
    """MaxUnpool called on what `pool` (max_pool1d/2d/3d, same window) makes of a
    `pooled_shape` input."""
    pooled, indices = pool(rounded(pooled_shape), kernel_size, return_indices=True, **pool_args)
    return run(op, name, module, None, input_tensor=pooled, extra=[indices], call=call)


def activations():
    shape = [3, 4, 5]
    table = [
        ("relu", nn.ReLU()), ("relu6", nn.ReLU6()), ("leakyrelu", nn.LeakyReLU(0.2)),
        ("elu", nn.ELU(0.5)), ("selu", nn.SELU()), ("celu", nn.CELU(0.7)), ("gelu", nn.GELU()),
        ("gelu_tanh", nn.GELU(approximate="tanh")), ("silu", nn.SiLU()), ("mish", nn.Mish()),
        ("sigmoid", nn.Sigmoid()), ("tanh", nn.Tanh()), ("softplus", nn.Softplus(2, 5)),
        ("softsign", nn.Softsign()), ("softshrink", nn.Softshrink(0.3)),
        ("hardshrink", nn.Hardshrink(0.3)), ("tanhshrink", nn.Tanhshrink()),
        ("hardtanh", nn.Hardtanh(-0.5, 0.8)), ("hardsigmoid", nn.Hardsigmoid()),
        ("hardswish", nn.Hardswish()), ("logsigmoid", nn.LogSigmoid()),
        ("softmax", nn.Softmax(1)), ("logsoftmax", nn.LogSoftmax(1)), ("softmin", nn.Softmin(1)),
        ("threshold", nn.Threshold(0.1, 20)), ("glu", nn.GLU(1)), ("rrelu_eval", nn.RReLU(0.1, 0.3)),
    ]
    cs = [run(op, "3x4x5", m, shape, train=(op != "rrelu_eval"), low=-4, high=4)
          for op, m in table]
    return cs


def reshaping():
    return [
        run("upsample_nearest", "scale 2", nn.Upsample(scale_factor=2), [1, 2, 3, 3]),
        run("upsample_bilinear", "align corners, size 5x7",
            nn.Upsample(size=(5, 7), mode="bilinear", align_corners=True), [1, 2, 3, 4]),
        run("upsample_bicubic", "scale 1.5", nn.Upsample(scale_factor=1.5, mode="bicubic"),
            [1, 1, 4, 4]),
        run("upsample_linear", "scale 2.5", nn.Upsample(scale_factor=2.5, mode="linear"), [2, 2, 4]),
        run("upsample_trilinear", "size 3x4x5",
            nn.Upsample(size=(3, 4, 5), mode="trilinear"), [1, 1, 2, 2, 3]),
        run("pixelshuffle", "2", nn.PixelShuffle(2), [1, 8, 2, 3]),
        run("flatten", "default", nn.Flatten(), [2, 3, 4]),
        run("unflatten", "dim 1", nn.Unflatten(1, (2, 3)), [4, 6]),
        run("fold", "3x4 from 2x2", nn.Fold((3, 4), 2), [2, 8, 6]),
        run("unfold", "2x2 stride 1", nn.Unfold(2, padding=1), [2, 2, 3, 3]),
        run("zeropad2d", "(1, 2, 0, 1)", nn.ZeroPad2d((1, 2, 0, 1)), [1, 2, 3, 3]),
        run("reflectionpad1d", "2", nn.ReflectionPad1d(2), [1, 2, 5]),
        run("replicationpad3d", "1", nn.ReplicationPad3d(1), [1, 1, 2, 2, 2]),
        run("constantpad2d", "1, value 3.5", nn.ConstantPad2d(1, 3.5), [1, 2, 2, 2]),
        run("dropout_eval", "identity in eval", nn.Dropout(0.5), [3, 4], train=False),
        run("featurealphadropout_eval", "identity in eval", nn.FeatureAlphaDropout(0.5),
            [2, 3, 4], train=False),
        run("featurealphadropout_p1", "p 1 in training: zeros", nn.FeatureAlphaDropout(1.0),
            [2, 3, 4]),
        run("circularpad1d", "(1, 2)", CircularPad((1, 2)), [2, 3, 4]),
        run("circularpad2d", "(1, 0, 2, 1)", CircularPad((1, 0, 2, 1)), [1, 2, 3, 4]),
        run("circularpad3d", "1", CircularPad((1,) * 6), [1, 1, 2, 3, 3]),
        # torch 1.13 predates nn.ZeroPad1d/3d; PyTorch 2 defines them as ConstantPad with 0.
        run("zeropad1d", "(2, 1)", nn.ConstantPad1d((2, 1), 0.0), [2, 3, 4]),
        run("zeropad3d", "(1, 0, 0, 2, 1, 1)", nn.ConstantPad3d((1, 0, 0, 2, 1, 1), 0.0),
            [1, 1, 2, 2, 2]),
        run("constantpad3d", "(1, -1, 2, 0, 0, 1), value 2.5, cropping",
            nn.ConstantPad3d((1, -1, 2, 0, 0, 1), 2.5), [1, 2, 3, 3, 2]),
        run("reflectionpad3d", "(1, 2, 0, 1, 1, 1)", nn.ReflectionPad3d((1, 2, 0, 1, 1, 1)),
            [1, 2, 3, 4, 3]),
        run("replicationpad2d", "(2, 0, 1, 3)", nn.ReplicationPad2d((2, 0, 1, 3)), [1, 2, 3, 3]),
        run("replicationpad2d", "(2, 0, 1, 3) unbatched", nn.ReplicationPad2d((2, 0, 1, 3)),
            [2, 3, 3]),
        run("pixelunshuffle", "2", nn.PixelUnshuffle(2), [1, 2, 4, 6]),
        run("pixelunshuffle_3", "3, unbatched", nn.PixelUnshuffle(3), [2, 6, 3]),
        run("reflectionpad2d", "(1, 2, 2, 0)", nn.ReflectionPad2d((1, 2, 2, 0)), [1, 2, 3, 4]),
        run("reflectionpad2d", "(1, 2, 2, 0) unbatched", nn.ReflectionPad2d((1, 2, 2, 0)),
            [2, 3, 4]),
        run("reflectionpad2d_1", "1", nn.ReflectionPad2d(1), [2, 1, 2, 3]),
        run("replicationpad1d", "(3, 1)", nn.ReplicationPad1d((3, 1)), [2, 3, 4]),
        run("replicationpad1d", "(3, 1) unbatched", nn.ReplicationPad1d((3, 1)), [3, 4]),
        run("constantpad1d", "2, value -1.5", nn.ConstantPad1d(2, -1.5), [2, 3, 4]),
        run("constantpad1d_cropping", "(-1, 2), value 0.5, cropping",
            nn.ConstantPad1d((-1, 2), 0.5), [2, 3, 4]),
    ]


class CircularPad(nn.Module):
    """nn.CircularPad1d/2d/3d as PyTorch 2.1 defines them (torch 1.13 predates them): F.pad in
    circular mode over the last len(padding) / 2 dims."""

    def __init__(self, padding):
        super().__init__()
        self.padding = padding

    def forward(self, x):
        return F.pad(x, self.padding, mode="circular")


def positive(*shape):
    """Class or element weights: positive, so that weighted means stay well away from 0/0."""
    return rounded(shape, 0.5, 2)


def labels(*shape, classes):
    return torch.randint(0, classes, shape)


def losses():
    """Loss modules called on (input, target, ...): each with its defaults, and with options
    that differ from them. Weights are buffers, so they are in the state_dict; the cases that
    have them keep their positive() values (randomise_state=False)."""
    def input_of(*shape, low=-2.0, high=2.0):
        return {"input_shape": list(shape), "low": low, "high": high}

    signs = torch.tensor([1, -1, -1, 1, 1], dtype=F64)
    nll_target = torch.tensor([1, 0, 3, 1, 2])  # class 1 is ignore_index below
    ctc_targets = torch.tensor([[1, 2, 2], [2, 1, 0], [2, 0, 0]])
    ctc_lengths = [torch.tensor([6, 5, 4]), torch.tensor([3, 2, 1])]
    log_probs = torch.log_softmax(rounded([6, 3, 4]), 2)
    multilabel = torch.tensor([[3, 0, -1, 1], [1, 2, 3, 0], [-1, 0, 0, 0]])
    counts = torch.tensor([[0., 1., 2.], [5., 0., 3.], [1., 4., 0.]], dtype=F64)
    return [
        run("nllloss", "default", nn.NLLLoss(), **input_of(5, 4), extra=[labels(5, classes=4)]),
        run("nllloss_weighted", "weight, ignore_index 1",
            nn.NLLLoss(weight=positive(4), ignore_index=1), **input_of(5, 4), randomise_state=False,
            extra=[nll_target]),
        run("nllloss_weighted", "weight, ignore_index 1, (N, C, d)",
            nn.NLLLoss(weight=positive(4), ignore_index=1), **input_of(2, 4, 3),
            randomise_state=False, extra=[torch.tensor([[1, 0, 3], [1, 1, 2]])]),
        run("nllloss_none", "reduction none, ignore_index 1",
            nn.NLLLoss(ignore_index=1, reduction="none"), **input_of(5, 4), extra=[nll_target]),
        run("bceloss", "default", nn.BCELoss(), **input_of(3, 4, low=0.05, high=0.95),
            extra=[rounded([3, 4], 0, 1)]),
        run("bceloss_weighted_sum", "weight broadcast along rows, sum",
            nn.BCELoss(weight=positive(4), reduction="sum"), **input_of(3, 4, low=0.05, high=0.95),
            randomise_state=False, extra=[rounded([3, 4], 0, 1)]),
        run("bcewithlogitsloss", "default", nn.BCEWithLogitsLoss(), **input_of(3, 4, low=-4, high=4),
            extra=[rounded([3, 4], 0, 1)]),
        run("bcewithlogitsloss_weighted_none", "weight, pos_weight, reduction none",
            nn.BCEWithLogitsLoss(weight=positive(3, 1), pos_weight=positive(4), reduction="none"),
            **input_of(3, 4, low=-4, high=4), randomise_state=False, extra=[rounded([3, 4], 0, 1)]),
        run("ctcloss", "default, padded targets", nn.CTCLoss(), None, input_tensor=log_probs,
            extra=[ctc_targets, *ctc_lengths]),
        run("ctcloss_blank_sum_zero_infinity",
            "blank 3, sum, zero_infinity, concatenated targets, one impossible",
            nn.CTCLoss(blank=3, reduction="sum", zero_infinity=True), None,
            input_tensor=log_probs,
            # The first target, 1 2 2, needs 4 steps (a blank between the 2s), and gets 3.
            extra=[torch.tensor([1, 2, 2, 0, 1, 2]), torch.tensor([3, 6, 4]), ctc_lengths[1]]),
        run("cosineembeddingloss", "default", nn.CosineEmbeddingLoss(), **input_of(5, 4),
            extra=[rounded([5, 4]), signs]),
        run("cosineembeddingloss_margin_none", "margin 0.3, reduction none",
            nn.CosineEmbeddingLoss(margin=0.3, reduction="none"), **input_of(5, 4),
            extra=[rounded([5, 4]), signs]),
        run("hingeembeddingloss", "default", nn.HingeEmbeddingLoss(), **input_of(5),
            extra=[signs]),
        run("hingeembeddingloss_margin_none", "margin 0.7, reduction none",
            nn.HingeEmbeddingLoss(margin=0.7, reduction="none"), **input_of(2, 5),
            extra=[torch.stack([signs, -signs])]),
        run("kldivloss", "default (mean)", nn.KLDivLoss(), None,
            input_tensor=torch.log_softmax(rounded([3, 4]), 1),
            extra=[torch.softmax(rounded([3, 4]), 1)]),
        run("kldivloss_batchmean", "batchmean", nn.KLDivLoss(reduction="batchmean"), None,
            input_tensor=torch.log_softmax(rounded([3, 4]), 1),
            extra=[torch.softmax(rounded([3, 4]), 1)]),
        run("kldivloss_log_target_sum", "log_target, sum",
            nn.KLDivLoss(reduction="sum", log_target=True), None,
            input_tensor=torch.log_softmax(rounded([3, 4]), 1),
            extra=[torch.log_softmax(rounded([3, 4]), 1)]),
        run("multilabelmarginloss", "default", nn.MultiLabelMarginLoss(), **input_of(3, 4),
            extra=[multilabel]),
        run("multilabelmarginloss", "unbatched", nn.MultiLabelMarginLoss(), **input_of(4),
            extra=[torch.tensor([2, 1, -1, 3])]),
        run("multilabelmarginloss_sum", "sum", nn.MultiLabelMarginLoss(reduction="sum"),
            **input_of(3, 4), extra=[multilabel]),
        run("multilabelsoftmarginloss", "default", nn.MultiLabelSoftMarginLoss(), **input_of(3, 4),
            extra=[(rounded([3, 4], 0, 1) > 0.5).to(F64)]),
        run("multilabelsoftmarginloss_weighted_none", "weight, reduction none",
            nn.MultiLabelSoftMarginLoss(weight=positive(4), reduction="none"), **input_of(3, 4),
            randomise_state=False, extra=[(rounded([3, 4], 0, 1) > 0.5).to(F64)]),
        run("multimarginloss", "default", nn.MultiMarginLoss(), **input_of(5, 4, low=-1, high=1),
            extra=[labels(5, classes=4)]),
        run("multimarginloss_p2_weighted_sum", "p 2, margin 0.5, weight, sum",
            nn.MultiMarginLoss(p=2, margin=0.5, weight=positive(4), reduction="sum"),
            **input_of(5, 4, low=-1, high=1), randomise_state=False, extra=[labels(5, classes=4)]),
        run("poissonnllloss", "default (log input)", nn.PoissonNLLLoss(), **input_of(3, 3),
            extra=[counts]),
        run("poissonnllloss_rate_full_none", "rate input, full, eps 0.01, reduction none",
            nn.PoissonNLLLoss(log_input=False, full=True, eps=0.01, reduction="none"),
            **input_of(3, 3, low=0.1, high=3), extra=[counts]),
        run("smoothl1loss", "default", nn.SmoothL1Loss(), **input_of(3, 4),
            extra=[rounded([3, 4])]),
        run("smoothl1loss_beta_sum", "beta 0.5, sum", nn.SmoothL1Loss(beta=0.5, reduction="sum"),
            **input_of(3, 4), extra=[rounded([3, 4])]),
        run("softmarginloss", "default", nn.SoftMarginLoss(), **input_of(3, 4),
            extra=[torch.stack([signs[:4]] * 3)]),
        run("softmarginloss_none", "reduction none", nn.SoftMarginLoss(reduction="none"),
            **input_of(3, 4), extra=[torch.stack([signs[:4], -signs[:4], signs[1:]])]),
        run("l1loss", "default", nn.L1Loss(), **input_of(3, 4), extra=[rounded([3, 4])]),
        run("l1loss_sum", "sum", nn.L1Loss(reduction="sum"), **input_of(2, 3, 2),
            extra=[rounded([2, 3, 2])]),
        run("mseloss", "default", nn.MSELoss(), **input_of(3, 4), extra=[rounded([3, 4])]),
        run("mseloss_none", "reduction none", nn.MSELoss(reduction="none"), **input_of(3, 4),
            extra=[rounded([3, 4])]),
        run("huberloss", "default", nn.HuberLoss(), **input_of(3, 4), extra=[rounded([3, 4])]),
        run("huberloss_delta_sum", "delta 0.5, sum", nn.HuberLoss(delta=0.5, reduction="sum"),
            **input_of(3, 4), extra=[rounded([3, 4])]),
        run("crossentropyloss", "default", nn.CrossEntropyLoss(), **input_of(5, 4),
            extra=[labels(5, classes=4)]),
        run("crossentropyloss_weighted", "weight, ignore_index 1, (N, C, d)",
            nn.CrossEntropyLoss(weight=positive(4), ignore_index=1), **input_of(2, 4, 3),
            randomise_state=False, extra=[torch.tensor([[1, 0, 3], [1, 1, 2]])]),
        run("crossentropyloss_label_smoothing", "label_smoothing 0.2, weight, ignore_index 1",
            nn.CrossEntropyLoss(weight=positive(4), ignore_index=1, label_smoothing=0.2),
            **input_of(5, 4), randomise_state=False, extra=[nll_target]),
        run("crossentropyloss_label_smoothing_sum", "label_smoothing 0.3, sum, (N, C, d)",
            nn.CrossEntropyLoss(label_smoothing=0.3, reduction="sum"), **input_of(2, 4, 3),
            extra=[labels(2, 3, classes=4)]),
        run("crossentropyloss_probabilities_none", "class probabilities, reduction none",
            nn.CrossEntropyLoss(reduction="none"), **input_of(5, 4),
            extra=[torch.softmax(rounded([5, 4]), 1)]),
        run("crossentropyloss_probabilities_weighted",
            "class probabilities, weight, label_smoothing 0.1 (the mean divides by N)",
            nn.CrossEntropyLoss(weight=positive(4), label_smoothing=0.1), **input_of(5, 4),
            randomise_state=False, extra=[torch.softmax(rounded([5, 4]), 1)]),
        run("marginrankingloss", "default", nn.MarginRankingLoss(), **input_of(5),
            extra=[rounded([5]), signs]),
        run("marginrankingloss_margin_none", "margin 0.5, reduction none",
            nn.MarginRankingLoss(margin=0.5, reduction="none"), **input_of(5),
            extra=[rounded([5]), signs]),
        run("tripletmarginloss", "default", nn.TripletMarginLoss(),
            **input_of(5, 4, low=-1, high=1),
            extra=[rounded([5, 4], -1, 1), rounded([5, 4], -1, 1)]),
        run("tripletmarginloss_p1_swap_none", "margin 0.5, p 1, eps 0.01, swap, reduction none",
            nn.TripletMarginLoss(margin=0.5, p=1, eps=0.01, swap=True, reduction="none"),
            **input_of(5, 4, low=-1, high=1),
            extra=[rounded([5, 4], -1, 1), rounded([5, 4], -1, 1)]),
    ]


def distances():
    return [
        run("cosinesimilarity", "default", nn.CosineSimilarity(), [5, 4], extra=[rounded([5, 4])]),
        run("cosinesimilarity_dim0", "dim 0, broadcast second input",
            nn.CosineSimilarity(dim=0), [3, 4, 2], extra=[rounded([3, 1, 2])]),
        run("pairwisedistance", "default", nn.PairwiseDistance(), [5, 4], extra=[rounded([5, 4])]),
        run("pairwisedistance_p1_keepdim", "p 1, eps 0.01, keepdim",
            nn.PairwiseDistance(p=1, eps=0.01, keepdim=True), [2, 3, 4],
            extra=[rounded([2, 3, 4])]),
        run("pairwisedistance_p3", "p 3", nn.PairwiseDistance(p=3), [5, 4],
            extra=[rounded([5, 4])]),
    ]


def cases():
    out = []
    for family in (layers, normalisation, pooling, activations, reshaping, losses,
                   distances):
        # Each family draws from its own stream, so that a case added to one family leaves the
        # values of the others as they were.
        torch.manual_seed(0)
        out += family()
    return out
