"""nn.functional forms: outputs and gradients (tests/nn/functional_golden_test.cpp).

Case format (on top of tests/support/golden.h's):
  {"op": "<functional name>", "name": "<variant>", "inputs": [TENSOR...], "args": {...},
   "expected": [OUTPUT, GRAD_0, GRAD_1, ...] | {"error": true}}
- "inputs" are the differentiable inputs (floating point), made leaves requiring grad.
- "args" holds the options (numbers, strings, bools) and non-differentiable tensors ("target",
  "weight", "indices", ...) as TENSOR specs, plus "grad_output" with the output's shape: the
  gradients are those of L = (out * grad_output).sum(). "expected"[1 + i] is dL/d inputs[i].
- Inputs are rounded to 3 decimals so the fixture stays small.
The C++ side maps each op name to a call of Ember's functional form with the same arguments.
"""
import inspect

import torch
import torch.nn.functional as F

from common import error, random_values, spec, to_json

F64, F32, I64 = torch.float64, torch.float32, torch.int64


def rounded(shape, low=-2.0, high=2.0, dtype=F64):
    t = random_values(list(shape), F64, low, high)
    return (torch.round(t * 1000) / 1000).to(dtype)


def fixed(t):
    return spec(t)[1]


def run(op, name, fn, inputs, args=None, tensor_args=None, views=None):
    """inputs: list of torch tensors (bases, made leaves after views); tensor_args: dict of
    non-differentiable tensors passed to fn by keyword position as given."""
    args = dict(args or {})
    tensor_args = dict(tensor_args or {})
    views = views or [()] * len(inputs)
    specs, leaves = [], []
    for base, v in zip(inputs, views):
        t, s = spec(base, v)
        leaf = t.detach().clone().requires_grad_(True) if base.is_floating_point() else t
        specs.append(s)
        leaves.append(leaf)
    json_args = dict(args)
    for k, t in tensor_args.items():
        json_args[k] = fixed(t)
    try:
        accepted = inspect.signature(fn).parameters
        out = fn(*leaves, **{k: v for k, v in tensor_args.items() if k in accepted})
    except (RuntimeError, ValueError, IndexError, TypeError) as e:
        return {"op": op, "name": name, "inputs": specs, "args": json_args,
                "expected": error(e)}
    expected = [to_json(out)]
    diff = [l for l in leaves if l.requires_grad]
    if diff and out.requires_grad:
        g = rounded(out.shape, -1, 1, out.dtype)
        json_args["grad_output"] = fixed(g)
        grads = torch.autograd.grad(out, diff, g, allow_unused=True)
        expected += [to_json(gr if gr is not None else torch.zeros_like(l))
                     for gr, l in zip(grads, diff)]
    return {"op": op, "name": name, "inputs": specs, "args": json_args, "expected": expected}


REDUCTIONS = ["none", "mean", "sum"]


def regression_losses():
    cs = []
    for red in REDUCTIONS:
        for dtype in (F64, F32):
            x, y = rounded([3, 4], dtype=dtype), rounded([3, 4], dtype=dtype)
            label = f"{red}/{str(dtype)[6:]}"
            cs.append(run("l1_loss", label, lambda a, b: F.l1_loss(a, b, reduction=red), [x, y],
                          {"reduction": red}))
            cs.append(run("mse_loss", label, lambda a, b: F.mse_loss(a, b, reduction=red), [x, y],
                          {"reduction": red}))
        x, y = rounded([4, 5]), rounded([4, 5])
        for beta in (1.0, 0.5, 0.0):
            cs.append(run("smooth_l1_loss", f"{red}/beta={beta}",
                          lambda a, b: F.smooth_l1_loss(a, b, reduction=red, beta=beta), [x, y],
                          {"reduction": red, "beta": beta}))
        for delta in (1.0, 0.3):
            cs.append(run("huber_loss", f"{red}/delta={delta}",
                          lambda a, b: F.huber_loss(a, b, reduction=red, delta=delta), [x, y],
                          {"reduction": red, "delta": delta}))
    # Broadcasting, non-contiguous and empty inputs.
    x, y = rounded([3, 4]), rounded([4, 3])
    cs.append(run("mse_loss", "transposed target", lambda a, b: F.mse_loss(a, b), [x, y],
                  {"reduction": "mean"}, views=[(), [("transpose", 0, 1)]]))
    cs.append(run("l1_loss", "broadcast target", lambda a, b: F.l1_loss(a, b, reduction="none"),
                  [rounded([2, 3]), rounded([3])], {"reduction": "none"}))
    cs.append(run("mse_loss", "empty/sum", lambda a, b: F.mse_loss(a, b, reduction="sum"),
                  [rounded([0, 3]), rounded([0, 3])], {"reduction": "sum"}))
    cs.append(run("smooth_l1_loss", "kinks", lambda a, b: F.smooth_l1_loss(a, b, reduction="none"),
                  [torch.tensor([0.0, 1.0, -1.0, 2.0], dtype=F64), torch.zeros(4, dtype=F64)],
                  {"reduction": "none", "beta": 1.0}))
    cs.append(run("huber_loss", "kinks", lambda a, b: F.huber_loss(a, b, reduction="none"),
                  [torch.tensor([0.0, 1.0, -1.0, 2.0], dtype=F64), torch.zeros(4, dtype=F64)],
                  {"reduction": "none", "delta": 1.0}))
    return cs


def logistic_losses():
    cs = []
    for red in REDUCTIONS:
        p = rounded([3, 4], 0.01, 0.99)
        y = rounded([3, 4], 0, 1)
        w = rounded([4], 0.5, 2)
        cs.append(run("binary_cross_entropy", red,
                      lambda a, b: F.binary_cross_entropy(a, b, reduction=red), [p, y],
                      {"reduction": red}))
        cs.append(run("binary_cross_entropy", f"{red}/weight",
                      lambda a, b, weight: F.binary_cross_entropy(a, b, weight=weight,
                                                                  reduction=red),
                      [p, y], {"reduction": red}, {"weight": w}))
        x = rounded([3, 4], -4, 4)
        cs.append(run("binary_cross_entropy_with_logits", red,
                      lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction=red),
                      [x, y], {"reduction": red}))
        cs.append(run("binary_cross_entropy_with_logits", f"{red}/weight+pos_weight",
                      lambda a, b, weight, pos_weight: F.binary_cross_entropy_with_logits(
                          a, b, weight=weight, pos_weight=pos_weight, reduction=red),
                      [x, y], {"reduction": red}, {"weight": w, "pos_weight": rounded([4], 0.5, 3)}))
        t = torch.randint(0, 2, (3, 4)).to(F64) * 2 - 1
        cs.append(run("soft_margin_loss", red, lambda a: F.soft_margin_loss(a, t, reduction=red),
                      [x], {"reduction": red}, {"target": t}))
        yb = torch.randint(0, 2, (3, 4)).to(F64)
        cs.append(run("multilabel_soft_margin_loss", red,
                      lambda a, weight: F.multilabel_soft_margin_loss(a, yb, weight=weight,
                                                                      reduction=red),
                      [x], {"reduction": red}, {"target": yb, "weight": w}))
    # Saturated probabilities and logits: PyTorch's clamped logs and stable forms stay finite.
    p = torch.tensor([0.0, 1.0, 0.5, 1e-8], dtype=F64)
    y = torch.tensor([1.0, 0.0, 0.5, 1.0], dtype=F64)
    cs.append(run("binary_cross_entropy", "saturated",
                  lambda a: F.binary_cross_entropy(a, y, reduction="none"), [p],
                  {"reduction": "none"}, {"target": y}))
    x = torch.tensor([0.0, 100.0, -100.0, 30.0], dtype=F64)
    cs.append(run("binary_cross_entropy_with_logits", "extreme logits",
                  lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction="none"),
                  [x, y], {"reduction": "none"}))
    cs.append(run("logsigmoid", "values", lambda a: F.logsigmoid(a),
                  [torch.tensor([0.0, 1.0, -1.0, 50.0, -50.0], dtype=F64)]))
    cs.append(run("logsigmoid", "float32 strided", lambda a: F.logsigmoid(a),
                  [rounded([3, 8], -5, 5, F32)], views=[[("slice", -1, 0, 8, 2)]]))
    # Errors: mismatched shapes, probabilities outside [0, 1].
    cs.append(run("binary_cross_entropy", "error/shape",
                  lambda a, b: F.binary_cross_entropy(a, b), [rounded([3], 0, 1), rounded([4], 0, 1)]))
    cs.append(run("binary_cross_entropy", "error/range",
                  lambda a, b: F.binary_cross_entropy(a, b),
                  [torch.tensor([1.5], dtype=F64), torch.tensor([1.0], dtype=F64)]))
    cs.append(run("binary_cross_entropy_with_logits", "error/shape",
                  lambda a, b: F.binary_cross_entropy_with_logits(a, b),
                  [rounded([3]), rounded([2, 3])]))
    return cs


def distribution_losses():
    cs = []
    for red in ["none", "mean", "sum", "batchmean"]:
        x = torch.log_softmax(rounded([3, 5]), -1)
        y = torch.softmax(rounded([3, 5]), -1)
        y[0, 0] = 0.0
        # A zero target (y·log y = 0) pins xlogy's value; its gradient there would be PyTorch's
        # nan, so the target is not differentiated in this case.
        cs.append(run("kl_div", red, lambda a: F.kl_div(a, y, reduction=red), [x],
                      {"reduction": red, "log_target": False}, {"target": y}))
        cs.append(run("kl_div", f"{red}/log_target",
                      lambda a, b: F.kl_div(a, b, reduction=red, log_target=True),
                      [x, torch.log_softmax(rounded([3, 5]), -1)],
                      {"reduction": red, "log_target": True}))
    for red in REDUCTIONS:
        for log_input in (True, False):
            for full in (False, True):
                x = rounded([3, 4], -1, 2) if log_input else rounded([3, 4], 0.1, 4)
                y = rounded([3, 4], 0, 4)
                cs.append(run("poisson_nll_loss", f"{red}/log_input={log_input}/full={full}",
                              lambda a: F.poisson_nll_loss(a, y, log_input=log_input, full=full,
                                                           reduction=red),
                              [x], {"reduction": red, "log_input": log_input, "full": full},
                              {"target": y}))
        for full in (False, True):
            cs.append(run("gaussian_nll_loss", f"{red}/full={full}",
                          lambda a, b, v: F.gaussian_nll_loss(a, b, v, full=full, reduction=red),
                          [rounded([3, 4]), rounded([3, 4]), rounded([3, 4], 0.1, 2)],
                          {"reduction": red, "full": full}))
        cs.append(run("gaussian_nll_loss", f"{red}/one variance per sample",
                      lambda a, b, v: F.gaussian_nll_loss(a, b, v, reduction=red),
                      [rounded([3, 4]), rounded([3, 4]), rounded([3, 1], 0.1, 2)],
                      {"reduction": red, "full": False}))
    cs.append(run("gaussian_nll_loss", "var below eps",
                  lambda a, b, v: F.gaussian_nll_loss(a, b, v, reduction="none", eps=0.5),
                  [rounded([2, 3]), rounded([2, 3]), rounded([2, 3], 0.0, 1)],
                  {"reduction": "none", "full": False, "eps": 0.5}))
    cs.append(run("gaussian_nll_loss", "var without last dim",
                  lambda a, b, v: F.gaussian_nll_loss(a, b, v, reduction="none"),
                  [rounded([3, 4]), rounded([3, 4]), rounded([3], 0.1, 2)],
                  {"reduction": "none", "full": False}))
    cs.append(run("gaussian_nll_loss", "error/var shape",
                  lambda a, b, v: F.gaussian_nll_loss(a, b, v),
                  [rounded([3, 4]), rounded([3, 4]), rounded([3, 2], 0.1, 2)]))
    return cs


def margin_losses():
    cs = []
    for red in REDUCTIONS:
        y = torch.randint(0, 2, (5,)).to(F64) * 2 - 1
        cs.append(run("margin_ranking_loss", red,
                      lambda a, b: F.margin_ranking_loss(a, b, y, margin=0.3, reduction=red),
                      [rounded([5]), rounded([5])], {"reduction": red, "margin": 0.3},
                      {"target": y}))
        cs.append(run("hinge_embedding_loss", red,
                      lambda a: F.hinge_embedding_loss(a, y, margin=0.7, reduction=red),
                      [rounded([5])], {"reduction": red, "margin": 0.7}, {"target": y}))
        y4 = torch.tensor([1.0, -1.0, 1.0, -1.0], dtype=F64)
        cs.append(run("cosine_embedding_loss", red,
                      lambda a, b: F.cosine_embedding_loss(a, b, y4, margin=0.2, reduction=red),
                      [rounded([4, 3]), rounded([4, 3])], {"reduction": red, "margin": 0.2},
                      {"target": y4}))
        t = torch.tensor([0, 3, 2], dtype=I64)
        for p in (1, 2):
            cs.append(run("multi_margin_loss", f"{red}/p={p}",
                          lambda a, weight: F.multi_margin_loss(a, t, p=p, margin=0.8,
                                                                weight=weight, reduction=red),
                          [rounded([3, 4])], {"reduction": red, "p": p, "margin": 0.8},
                          {"target": t, "weight": rounded([4], 0.5, 2)}))
        mt = torch.tensor([[3, 0, -1, 1], [1, 2, 3, 0], [-1, 1, 2, 3]], dtype=I64)
        cs.append(run("multilabel_margin_loss", red,
                      lambda a: F.multilabel_margin_loss(a, mt, reduction=red), [rounded([3, 4])],
                      {"reduction": red}, {"target": mt}))
        for swap in (False, True):
            cs.append(run("triplet_margin_loss", f"{red}/swap={swap}",
                          lambda a, p_, n: F.triplet_margin_loss(a, p_, n, margin=0.5, p=2.0,
                                                                 swap=swap, reduction=red),
                          [rounded([4, 3]), rounded([4, 3]), rounded([4, 3])],
                          {"reduction": red, "margin": 0.5, "p": 2.0, "swap": swap}))
    cs.append(run("triplet_margin_loss", "p=1",
                  lambda a, p_, n: F.triplet_margin_loss(a, p_, n, p=1.0),
                  [rounded([4, 3]), rounded([4, 3]), rounded([4, 3])],
                  {"reduction": "mean", "margin": 1.0, "p": 1.0, "swap": False}))
    cs.append(run("multi_margin_loss", "unbatched",
                  lambda a: F.multi_margin_loss(a, torch.tensor(2)), [rounded([4])],
                  {"reduction": "mean", "p": 1, "margin": 1.0},
                  {"target": torch.tensor(2)}))
    cs.append(run("cosine_embedding_loss", "unbatched",
                  lambda a, b: F.cosine_embedding_loss(a, b, torch.tensor(-1.0, dtype=F64)),
                  [rounded([3]), rounded([3])], {"reduction": "mean", "margin": 0.0},
                  {"target": torch.tensor(-1.0, dtype=F64)}))
    cs.append(run("margin_ranking_loss", "error/dims",
                  lambda a, b: F.margin_ranking_loss(a, b, torch.ones(2, 2, dtype=F64)),
                  [rounded([2]), rounded([2])], {"reduction": "mean", "margin": 0.0},
                  {"target": torch.ones(2, 2, dtype=F64)}))
    return cs


def linear_layers():
    cs = []
    for dtype in (F64, F32):
        label = str(dtype)[6:]
        cs.append(run("linear", f"2-d with bias/{label}", lambda x, w, b: F.linear(x, w, b),
                      [rounded([4, 3], dtype=dtype), rounded([5, 3], dtype=dtype),
                       rounded([5], dtype=dtype)]))
        cs.append(run("linear", f"3-d without bias/{label}", lambda x, w: F.linear(x, w),
                      [rounded([2, 4, 3], dtype=dtype), rounded([5, 3], dtype=dtype)]))
    cs.append(run("linear", "1-d input", lambda x, w, b: F.linear(x, w, b),
                  [rounded([3]), rounded([2, 3]), rounded([2])]))
    cs.append(run("linear", "transposed input", lambda x, w, b: F.linear(x, w, b),
                  [rounded([3, 4]), rounded([2, 3]), rounded([2])],
                  views=[[("transpose", 0, 1)], (), ()]))
    cs.append(run("linear", "empty batch", lambda x, w, b: F.linear(x, w, b),
                  [rounded([0, 3]), rounded([2, 3]), rounded([2])]))
    cs.append(run("linear", "error/in_features", lambda x, w: F.linear(x, w),
                  [rounded([4, 2]), rounded([5, 3])]))
    cs.append(run("bilinear", "with bias", lambda a, b, w, bias: F.bilinear(a, b, w, bias),
                  [rounded([4, 3]), rounded([4, 2]), rounded([5, 3, 2]), rounded([5])]))
    cs.append(run("bilinear", "3-d without bias", lambda a, b, w: F.bilinear(a, b, w),
                  [rounded([2, 4, 3]), rounded([2, 4, 2]), rounded([5, 3, 2])]))
    cs.append(run("bilinear", "error/in2", lambda a, b, w: F.bilinear(a, b, w),
                  [rounded([4, 3]), rounded([4, 3]), rounded([5, 3, 2])]))
    return cs


def embeddings():
    cs = []
    idx = torch.tensor([[0, 2, 4], [4, 3, 0]], dtype=I64)
    cs.append(run("embedding", "2-d indices", lambda w: F.embedding(idx, w), [rounded([5, 3])],
                  {}, {"indices": idx}))
    cs.append(run("embedding", "padding_idx", lambda w: F.embedding(idx, w, padding_idx=0),
                  [rounded([5, 3])], {"padding_idx": 0}, {"indices": idx}))
    cs.append(run("embedding", "negative padding_idx", lambda w: F.embedding(idx, w, padding_idx=-1),
                  [rounded([5, 3])], {"padding_idx": -1}, {"indices": idx}))
    cs.append(run("embedding", "scale_grad_by_freq",
                  lambda w: F.embedding(idx, w, scale_grad_by_freq=True), [rounded([5, 3])],
                  {"scale_grad_by_freq": True}, {"indices": idx}))
    cs.append(run("embedding", "0-d index", lambda w: F.embedding(torch.tensor(3), w),
                  [rounded([5, 3])], {}, {"indices": torch.tensor(3)}))
    w = rounded([5, 3], -3, 3)
    cs.append(run("embedding", "max_norm", lambda w_: F.embedding(idx, w_.detach().clone(), max_norm=1.0),
                  [w], {"max_norm": 1.0}, {"indices": idx}))
    cs.append(run("embedding", "error/out of range", lambda w_: F.embedding(torch.tensor([5]), w_),
                  [rounded([5, 3])], {}, {"indices": torch.tensor([5])}))
    flat = torch.tensor([1, 2, 4, 4, 3, 0, 1], dtype=I64)
    offsets = torch.tensor([0, 2, 2, 5], dtype=I64)
    for mode in ("sum", "mean", "max"):
        cs.append(run("embedding_bag", f"offsets/{mode}",
                      lambda w_: F.embedding_bag(flat, w_, offsets, mode=mode), [rounded([5, 3])],
                      {"mode": mode}, {"indices": flat, "offsets": offsets}))
        cs.append(run("embedding_bag", f"2-d/{mode}",
                      lambda w_: F.embedding_bag(idx, w_, mode=mode), [rounded([5, 3])],
                      {"mode": mode}, {"indices": idx}))
        cs.append(run("embedding_bag", f"padding_idx/{mode}",
                      lambda w_: F.embedding_bag(flat, w_, offsets, mode=mode, padding_idx=4),
                      [rounded([5, 3])], {"mode": mode, "padding_idx": 4},
                      {"indices": flat, "offsets": offsets}))
    psw = rounded([7], 0.5, 2)
    cs.append(run("embedding_bag", "per_sample_weights",
                  lambda w_: F.embedding_bag(flat, w_, offsets, mode="sum", per_sample_weights=psw),
                  [rounded([5, 3])], {"mode": "sum"},
                  {"indices": flat, "offsets": offsets, "per_sample_weights": psw}))
    last = torch.tensor([0, 2, 5, 7], dtype=I64)
    cs.append(run("embedding_bag", "include_last_offset",
                  lambda w_: F.embedding_bag(flat, w_, last, mode="sum", include_last_offset=True),
                  [rounded([5, 3])], {"mode": "sum", "include_last_offset": True},
                  {"indices": flat, "offsets": last}))
    cs.append(run("one_hot", "inferred classes", lambda: F.one_hot(torch.tensor([0, 3, 1])), [], {},
                  {"indices": torch.tensor([0, 3, 1])}))
    cs.append(run("one_hot", "2-d with num_classes",
                  lambda: F.one_hot(torch.tensor([[0, 1], [2, 0]]), 4), [], {"num_classes": 4},
                  {"indices": torch.tensor([[0, 1], [2, 0]])}))
    cs.append(run("one_hot", "error/too small", lambda: F.one_hot(torch.tensor([0, 3]), 3), [],
                  {"num_classes": 3}, {"indices": torch.tensor([0, 3])}))
    return cs


def cosine_similarity_2x(x1, x2, dim=1, eps=1e-8):
    """PyTorch 2.x's cosine_similarity (aten/src/ATen/native/Distance.cpp): each input divided by
    its norm, the norms clamped at eps under no_grad (so the clamp passes gradients through).
    torch 1.13 instead clamps the product of the squared norms, which differs where the clamp is
    active, so the fixture is computed with the 2.x algorithm."""
    x1, x2 = torch.broadcast_tensors(x1, x2)
    n1 = torch.linalg.vector_norm(x1, 2, dim=dim, keepdim=True).clone()
    n2 = torch.linalg.vector_norm(x2, 2, dim=dim, keepdim=True).clone()
    with torch.no_grad():
        n1.clamp_min_(eps)
        n2.clamp_min_(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def rearrangements():
    cs = []
    for dim, eps in ((1, 1e-8), (-1, 0.5)):
        cs.append(run("cosine_similarity", f"dim={dim}/eps={eps}",
                      lambda a, b: cosine_similarity_2x(a, b, dim=dim, eps=eps),
                      [rounded([3, 4]), rounded([3, 4], 0.1, 0.3)], {"dim": dim, "eps": eps}))
    cs.append(run("cosine_similarity", "broadcast", lambda a, b: cosine_similarity_2x(a, b, dim=-1),
                  [rounded([2, 3, 4]), rounded([3, 4])], {"dim": -1, "eps": 1e-8}))
    cs.append(run("cosine_similarity", "zero vector", lambda a, b: cosine_similarity_2x(a, b),
                  [torch.zeros(2, 3, dtype=F64), rounded([2, 3])], {"dim": 1, "eps": 1e-8}))
    for p, keepdim in ((2.0, False), (1.0, True), (3.0, False)):
        cs.append(run("pairwise_distance", f"p={p}/keepdim={keepdim}",
                      lambda a, b: F.pairwise_distance(a, b, p=p, keepdim=keepdim),
                      [rounded([4, 5]), rounded([4, 5])], {"p": p, "keepdim": keepdim}))
    cs.append(run("pairwise_distance", "broadcast", lambda a, b: F.pairwise_distance(a, b),
                  [rounded([4, 5]), rounded([5])], {"p": 2.0}))
    cs.append(run("pixel_shuffle", "4-d", lambda a: F.pixel_shuffle(a, 2), [rounded([2, 8, 3, 2])],
                  {"factor": 2}))
    cs.append(run("pixel_shuffle", "5-d, factor 3", lambda a: F.pixel_shuffle(a, 3),
                  [rounded([2, 1, 9, 2, 2])], {"factor": 3}))
    cs.append(run("pixel_shuffle", "error/channels", lambda a: F.pixel_shuffle(a, 2),
                  [rounded([1, 6, 2, 2])], {"factor": 2}))
    cs.append(run("pixel_unshuffle", "4-d", lambda a: F.pixel_unshuffle(a, 2),
                  [rounded([2, 2, 4, 6])], {"factor": 2}))
    cs.append(run("pixel_unshuffle", "error/size", lambda a: F.pixel_unshuffle(a, 2),
                  [rounded([1, 2, 3, 4])], {"factor": 2}))
    for p, dim in ((2.0, 1), (1.0, -1)):
        cs.append(run("normalize", f"p={p}/dim={dim}", lambda a: F.normalize(a, p=p, dim=dim),
                      [rounded([3, 4])], {"p": p, "dim": dim}))
    cs.append(run("normalize", "zero row (eps)", lambda a: F.normalize(a, eps=0.5),
                  [torch.tensor([[0.0, 0.0], [0.1, 0.2]], dtype=F64)], {"p": 2.0, "dim": 1,
                                                                         "eps": 0.5}))
    x = rounded([1, 2, 4, 5])
    for mode in ("constant", "reflect", "replicate", "circular"):
        cs.append(run("pad", mode, lambda a: F.pad(a, [1, 2, 2, 1], mode=mode, value=0.5)
                      if mode == "constant" else F.pad(a, [1, 2, 2, 1], mode=mode), [x],
                      {"pad": [1, 2, 2, 1], "mode": mode, "value": 0.5}))
    cs.append(run("pad", "constant crop", lambda a: F.pad(a, [-1, 1]), [x],
                  {"pad": [-1, 1], "mode": "constant", "value": 0.0}))
    return cs


def clip_grad_cases():
    """Output: cat(total_norm, clipped g0, clipped g1) for two parameters with gradients g0, g1."""
    cs = []

    def clipped(g0, g1, max_norm, norm_type, by_value=False):
        params = [torch.zeros_like(g0, requires_grad=True), torch.zeros_like(g1, requires_grad=True)]
        params[0].grad, params[1].grad = g0.clone(), g1.clone()
        if by_value:
            torch.nn.utils.clip_grad_value_(params, max_norm)
            total = torch.tensor(0.0, dtype=g0.dtype)
        else:
            total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type).to(g0.dtype)
        return torch.cat([total.reshape(1), params[0].grad.reshape(-1), params[1].grad.reshape(-1)])

    g0, g1 = rounded([3, 2]), rounded([4])
    for max_norm, norm_type in ((1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (0.5, float("inf")), (2.0, 3.0)):
        cs.append(run("clip_grad_norm_", f"max_norm={max_norm}/p={norm_type}",
                      lambda g0, g1: clipped(g0, g1, max_norm, norm_type), [],
                      {"max_norm": max_norm, "norm_type": "inf" if norm_type == float("inf") else norm_type},
                      {"g0": g0, "g1": g1}))
    cs.append(run("clip_grad_value_", "0.5", lambda g0, g1: clipped(g0, g1, 0.5, 0, by_value=True),
                  [], {"max_norm": 0.5}, {"g0": g0, "g1": g1}))
    return cs


def classification_losses():
    cs = []
    t = torch.tensor([0, 3, 1, 3, 2], dtype=I64)
    w = rounded([4], 0.5, 2)
    for red in REDUCTIONS:
        for smoothing in (0.0, 0.2):
            opts = {"reduction": red, "label_smoothing": smoothing}
            cs.append(run("cross_entropy", f"{red}/s={smoothing}",
                          lambda x: F.cross_entropy(x, t, reduction=red, label_smoothing=smoothing),
                          [rounded([5, 4], -3, 3)], opts, {"target": t}))
            cs.append(run("cross_entropy", f"{red}/s={smoothing}/weight+ignore_index",
                          lambda x, weight: F.cross_entropy(x, t, weight=weight, ignore_index=3,
                                                            reduction=red, label_smoothing=smoothing),
                          [rounded([5, 4], -3, 3)], dict(opts, ignore_index=3),
                          {"target": t, "weight": w}))
            probs = torch.softmax(rounded([5, 4]), 1)
            cs.append(run("cross_entropy", f"{red}/s={smoothing}/probabilities",
                          lambda x, b: F.cross_entropy(x, b, reduction=red,
                                                       label_smoothing=smoothing),
                          [rounded([5, 4], -3, 3), probs], opts))
        cs.append(run("nll_loss", f"{red}/weight", lambda x, weight: F.nll_loss(
            x, t, weight=weight, reduction=red), [torch.log_softmax(rounded([5, 4]), 1)],
            {"reduction": red}, {"target": t, "weight": w}))
    t2 = torch.tensor([[[0, 2], [1, 1]], [[2, 0], [1, 2]]], dtype=I64)
    cs.append(run("cross_entropy", "spatial (N, C, H, W)",
                  lambda x: F.cross_entropy(x, t2), [rounded([2, 3, 2, 2], -3, 3)],
                  {"reduction": "mean", "label_smoothing": 0.0}, {"target": t2}))
    cs.append(run("cross_entropy", "unbatched", lambda x: F.cross_entropy(x, torch.tensor(2)),
                  [rounded([4], -3, 3)], {"reduction": "mean", "label_smoothing": 0.0},
                  {"target": torch.tensor(2)}))
    cs.append(run("cross_entropy", "float32 large logits",
                  lambda x: F.cross_entropy(x, t), [rounded([5, 4], -80, 80, F32)],
                  {"reduction": "mean", "label_smoothing": 0.0}, {"target": t}))
    cs.append(run("cross_entropy", "error/target out of range",
                  lambda x: F.cross_entropy(x, torch.tensor([4, 0])), [rounded([2, 4])],
                  {"reduction": "mean", "label_smoothing": 0.0},
                  {"target": torch.tensor([4, 0])}))
    cs.append(run("cross_entropy", "error/batch mismatch",
                  lambda x: F.cross_entropy(x, torch.tensor([1, 0, 2])), [rounded([2, 4])],
                  {"reduction": "mean", "label_smoothing": 0.0},
                  {"target": torch.tensor([1, 0, 2])}))
    return cs


def ctc_cases():
    cs = []
    T, N, C = 6, 3, 4
    lp = torch.log_softmax(rounded([T, N, C], -2, 2), 2)
    padded = torch.tensor([[1, 2, 2], [3, 1, 0], [2, 0, 0]], dtype=I64)
    in_len = torch.tensor([6, 5, 4], dtype=I64)
    tg_len = torch.tensor([3, 2, 1], dtype=I64)
    for red in REDUCTIONS:
        cs.append(run("ctc_loss", f"padded/{red}",
                      lambda x: F.ctc_loss(x, padded, in_len, tg_len, reduction=red),
                      [lp], {"reduction": red}, {"targets": padded, "input_lengths": in_len,
                                                 "target_lengths": tg_len}))
    concat = torch.tensor([1, 2, 2, 3, 1, 2], dtype=I64)
    cs.append(run("ctc_loss", "concatenated targets, blank 3",
                  lambda x: F.ctc_loss(x, torch.tensor([1, 2, 2, 0, 1, 2]), in_len, tg_len, blank=3),
                  [lp], {"reduction": "mean", "blank": 3},
                  {"targets": torch.tensor([1, 2, 2, 0, 1, 2]), "input_lengths": in_len,
                   "target_lengths": tg_len}))
    cs.append(run("ctc_loss", "empty target", lambda x: F.ctc_loss(
        x, padded, in_len, torch.tensor([3, 0, 1]), reduction="none"), [lp],
        {"reduction": "none"}, {"targets": padded, "input_lengths": in_len,
                                "target_lengths": torch.tensor([3, 0, 1])}))
    short = torch.tensor([6, 2, 4], dtype=I64)
    cs.append(run("ctc_loss", "impossible, zero_infinity", lambda x: F.ctc_loss(
        x, padded, short, tg_len, reduction="none", zero_infinity=True), [lp],
        {"reduction": "none", "zero_infinity": True},
        {"targets": padded, "input_lengths": short, "target_lengths": tg_len}))
    cs.append(run("ctc_loss", "unbatched", lambda x: F.ctc_loss(
        x, torch.tensor([1, 1]), torch.tensor(5), torch.tensor(2)),
        [torch.log_softmax(rounded([5, 3]), 1)], {"reduction": "mean"},
        {"targets": torch.tensor([1, 1]), "input_lengths": torch.tensor(5),
         "target_lengths": torch.tensor(2)}))
    return cs


def cases():
    return (regression_losses() + logistic_losses() + distribution_losses() + margin_losses()
            + linear_layers() + embeddings() + rearrangements() + clip_grad_cases()
            + classification_losses() + ctc_cases())
