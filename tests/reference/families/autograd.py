"""Reverse-mode autograd: gradients of composite expressions (tests/autograd/golden_grad_test.cpp).

Case format (on top of tests/support/golden.h's):
  {"op": "<expression id>", "name": "<variant>", "inputs": [TENSOR...], "args": {...},
   "expected": [TENSOR...]}
- "inputs" are the differentiable inputs, all floating point. Each is rebuilt from its spec
  (views replayed, so it may be a non-contiguous view of a base that does not require grad) and
  then made a leaf with `requires_grad_()`.
- "args" holds everything else. Tensor-valued args are TENSOR specs too and never require grad:
  "index" (int64), "mask" (bool), and "grad_output".
- The expression's output `out` is reduced to a scalar loss L = (out * grad_output).sum() when
  the case has "grad_output" (same shape and dtype as out: `out.backward(grad_output)`), else
  `out` is 0-d and L = out (`out.backward()`).
- "expected"[i] is dL/d inputs[i], one per input, with the input's shape and dtype.
- Second-order ids (prefix "second_"): the first-order gradients g_i are taken with
  create_graph=True, and expected[i] is d(sum_j g_j.sum())/d inputs[i].
The generator checks that PyTorch's `backward()` and `torch.autograd.grad` agree on every case;
the C++ test runs both paths too.

Inputs are float64 (a few float32 cases are labelled so), rounded to 3 decimals so the fixture
stays small; expected values are computed from exactly those rounded values.

torch 1.13 vs PyTorch 2.x: the cases pin down 2.x semantics (its derivatives.yaml formulas). The
generator runs on 1.13, which gives the same gradients for every case here; each rule below was
probed on 1.13 when this file was written. Where the versions would differ, or where 2.x itself
raises, the case is left out rather than recorded from 1.13:
- scatter_add with src larger than index: 2.x's backward raises (pytorch#27614), so src always
  has index's shape here.
Rules the cases pin down:
- maximum/minimum: a tie splits the gradient in half between the two operands.
- max()/min() (full reductions) and amax/amin: the gradient is split evenly among tied elements;
  max(dim)/min(dim) send it all to the returned index (the first occurrence on the CPU).
- clamp(min, max): gradient 1 at the bounds (self >= min & self <= max); clamp_min(0) at an
  exact 0 is therefore 1 (unlike relu's 0). abs at +-0: sgn(0) = 0.
- pow(x, 0): gradient exactly 0, even at x == 0 (no 0 * inf).
- prod/cumprod with zeros: the exact derivative (no division by the zero element).
- var/std take the 2.x `correction` keyword (1.13 has it too).
- Tensor hooks: a hook returning None leaves the gradient unchanged; several hooks on one tensor
  run in registration order. Only hooks on non-leaf tensors are used: hooks on leaves interact
  with torch.autograd.grad differently across versions.
"""
import torch

from common import random_values, spec, to_json, apply_views
from common import case as common_case

F64, F32, I64 = torch.float64, torch.float32, torch.int64


# ---- Inputs ------------------------------------------------------------------------------------

def rounded(shape, low, high, dtype=F64):
    t = random_values(shape, F64, low, high)
    return (torch.round(t * 1000) / 1000).to(dtype)


def rand(shape, low=-2.0, high=2.0, layout="contiguous", dtype=F64):
    """(tensor, spec) of `shape` in a layout: "contiguous"; "transposed" (a transposed view of a
    base with the last two dims swapped); "strided" (every other element of the last dim);
    ("expand", base_shape) (an expanded view of a base of base_shape)."""
    shape = list(shape)
    if layout == "contiguous":
        return spec(rounded(shape, low, high, dtype))
    if layout == "transposed":
        base = shape[:-2] + [shape[-1], shape[-2]]
        return spec(rounded(base, low, high, dtype), [("transpose", -1, -2)])
    if layout == "strided":
        base = shape[:-1] + [shape[-1] * 2]
        return spec(rounded(base, low, high, dtype), [("slice", -1, 0, base[-1], 2)])
    kind, base = layout
    assert kind == "expand"
    return spec(rounded(base, low, high, dtype), [("expand", shape)])


def exact(values, views=(), dtype=F64):
    return spec(torch.tensor(values, dtype=dtype), views)


def index(values):
    return torch.tensor(values, dtype=I64)


def mask(values):
    return torch.tensor(values, dtype=torch.bool)


def rebuild(s):
    """The tensor a TENSOR spec describes, built as the C++ loader builds it."""
    dtype = getattr(torch, s["dtype"])
    t = torch.tensor(s["data"], dtype=dtype).reshape(s["shape"])
    return apply_views(t, s.get("views", ()))


def is_spec(v):
    return isinstance(v, dict) and "dtype" in v and "data" in v


# ---- Expressions -------------------------------------------------------------------------------
# id -> (order, fn(inputs, args)); args' tensor specs arrive as tensors.
EXPRS = {}


def expr(name, order=1):
    def register(fn):
        EXPRS[name] = (order, fn)
        return fn
    return register


# Elementwise chains.
@expr("mul_add_exp_sum")
def _(x, a):
    return (x[0] * x[1] + x[2]).exp().sum()


@expr("div_log1p_mean")
def _(x, a):
    return (x[0] / x[1]).log1p().mean()


@expr("pow_tensor_mul")
def _(x, a):
    return x[0].pow(x[1]).mul(x[0])


@expr("pow_scalar")
def _(x, a):
    return (x[0] * 2).pow(a["exponent"])


@expr("atan2")
def _(x, a):
    return torch.atan2(x[0] * 2, x[1])


@expr("unary_mix")
def _(x, a):
    p, q, r = x
    return (p.tanh() * q.sigmoid() + (p.sin() - q.cos()).abs() + r.sqrt() * r.rsqrt().sin()).sum()


@expr("where_mul_exp")
def _(x, a):
    return torch.where(x[0] > 0, x[0] * x[1], x[1].exp())


@expr("clamp_at_bounds")
def _(x, a):
    return x[0].clamp(a.get("min"), a.get("max")) * x[1]


@expr("abs_at_zero")
def _(x, a):
    return (x[0].abs() * x[1]).sum()


@expr("maximum_minimum_ties")
def _(x, a):
    return torch.maximum(x[0], x[1]) + 3 * torch.minimum(x[0], x[1])


@expr("clamp_min_at_zero")
def _(x, a):
    return x[0].clamp_min(0) * x[1]


# Activations at their kinks: PyTorch's kernels pick a side at the kink itself.
@expr("relu_at_zero")
def _(x, a):
    return torch.relu(x[0]) * x[1]


@expr("leaky_relu_at_zero")
def _(x, a):
    return torch.nn.functional.leaky_relu(x[0], 0.1) * x[1]


@expr("prelu_at_zero")
def _(x, a):
    return torch.nn.functional.prelu(x[0], x[1]) * x[2]


@expr("hardtanh_at_bounds")
def _(x, a):
    return torch.nn.functional.hardtanh(x[0], -1.0, 1.0) * x[1]


@expr("relu6_at_bounds")
def _(x, a):
    return torch.nn.functional.relu6(x[0]) * x[1]


# Reductions.
@expr("sum_dim_square")
def _(x, a):
    return x[0].sum(a["dims"], keepdim=a["keepdim"]).square()


@expr("mean_dims_exp")
def _(x, a):
    return x[0].mean(a["dims"], keepdim=a["keepdim"]).exp()


@expr("max_min_all_ties")
def _(x, a):
    return x[0].max() * 2 + x[0].min()


@expr("max_min_dim_ties")
def _(x, a):
    fn = torch.max if a["which"] == "max" else torch.min
    return fn(x[0], a["dim"], keepdim=a["keepdim"]).values


@expr("amax_amin_ties")
def _(x, a):
    fn = torch.amax if a["which"] == "amax" else torch.amin
    return fn(x[0], a["dims"], keepdim=a["keepdim"])


@expr("prod_with_zeros")
def _(x, a):
    if "dim" in a:
        return x[0].prod(a["dim"], keepdim=a["keepdim"])
    return x[0].prod()


@expr("var_dims")
def _(x, a):
    return x[0].var(a["dims"], correction=a["correction"], keepdim=a["keepdim"])


@expr("std_mixed")
def _(x, a):
    return x[0].std() + x[0].std([1], correction=0).sum()


@expr("norm")
def _(x, a):
    if "dims" in a:
        return x[0].norm(a["p"], a["dims"], keepdim=a["keepdim"])
    return x[0].norm(a["p"])


@expr("logsumexp")
def _(x, a):
    return x[0].logsumexp(a["dims"], keepdim=a["keepdim"])


@expr("cumsum")
def _(x, a):
    return x[0].cumsum(a["dim"])


@expr("cumprod")
def _(x, a):
    return x[0].cumprod(a["dim"])


@expr("sort_values")
def _(x, a):
    return x[0].sort(a["dim"], descending=a["descending"]).values


@expr("topk_values")
def _(x, a):
    return x[0].topk(a["k"], a["dim"], largest=a["largest"]).values


# Views and in-place ops.
@expr("view_reshape_expand")
def _(x, a):
    return (x[0].contiguous().view(3, 4).t().reshape(2, 6).unsqueeze(1).expand(2, 3, 6)
            .narrow(2, 1, 4).flatten(1))


@expr("permute_select_diagonal")
def _(x, a):
    y = x[0].permute(2, 0, 1)
    return y.select(0, 1).diagonal(1).unsqueeze(0) + y.diagonal(0, 1, 2)


@expr("unfold_slice_squeeze")
def _(x, a):
    return x[0].unfold(1, 3, 2)[0:4:2].unsqueeze(2).squeeze(2).transpose(0, 2)


@expr("inplace_mul_nonleaf")
def _(x, a):
    y = x[0] * 1
    y.mul_(x[1])
    y.add_(x[2])
    return (y * y).sum()


@expr("inplace_on_view_of_nonleaf")
def _(x, a):
    y = x[0].clone()
    y[0].mul_(2)
    y[-1].mul_(x[1])
    return (y * y).sum()


@expr("inplace_select_add_exp")
def _(x, a):
    y = x[0] * 2
    y.select(1, 0).add_(x[1])
    return y.exp().sum()


@expr("inplace_t_add_mul")
def _(x, a):
    y = x[0].clone()
    yt = y.t()
    yt.add_(1)
    yt.mul_(x[1])
    return (y * y).sum()


# Indexing.
@expr("index_tensor")
def _(x, a):
    if a["on_dim1"]:
        return x[0][:, a["index"]] * 2
    return x[0][a["index"]] * 2


@expr("index_select_exp")
def _(x, a):
    return x[0].index_select(a["dim"], a["index"]).exp()


@expr("gather")
def _(x, a):
    return x[0].gather(a["dim"], a["index"])


@expr("scatter_add")
def _(x, a):
    return x[0].scatter_add(a["dim"], a["index"], x[1])


@expr("masked_fill")
def _(x, a):
    return (x[0] * 2).masked_fill(a["mask"], 0.5)


# Linear algebra.
@expr("mm")
def _(x, a):
    return x[0].mm(x[1])


@expr("matmul_broadcast")
def _(x, a):
    return x[0].matmul(x[1])


@expr("bmm")
def _(x, a):
    return x[0].bmm(x[1])


@expr("addmm")
def _(x, a):
    return x[0].addmm(x[1], x[2], beta=a["beta"], alpha=a["alpha"])


@expr("mv_tanh")
def _(x, a):
    return x[0].mv(x[1]).tanh()


@expr("dot_sin")
def _(x, a):
    return (x[0] * 0.5).dot(x[1].sin())


@expr("einsum")
def _(x, a):
    return torch.einsum(a["equation"], *x)


@expr("outer")
def _(x, a):
    return x[0].outer(x[1]) * 2


# Joining and splitting.
@expr("cat")
def _(x, a):
    return torch.cat([x[0], x[1].exp(), x[0]], a["dim"])


@expr("stack")
def _(x, a):
    return torch.stack([x[0], x[1] * 2, x[0]], a["dim"])


@expr("split_recombine")
def _(x, a):
    parts = x[0].split(a["size"], a["dim"])
    return sum((p * (i + 1)).square().sum() for i, p in enumerate(parts))


@expr("chunk_recombine")
def _(x, a):
    parts = x[0].chunk(a["chunks"], a["dim"])
    return torch.cat([parts[i] * (i + 1) for i in reversed(range(len(parts)))], a["dim"])


@expr("constant_pad_nd")
def _(x, a):
    return torch.constant_pad_nd(x[0].exp(), a["pad"], a["value"])


# Hooks on an intermediate.
HOOKS = {"double": lambda g: g * 2, "add_one": lambda g: g + 1, "observe": lambda g: None}


@expr("hook_intermediate")
def _(x, a):
    y = x[0] * x[1]
    for h in a["hooks"]:
        y.register_hook(HOOKS[h])
    return (y * y).sum()


# No-grad regions.
@expr("detach_no_grad")
def _(x, a):
    with torch.no_grad():
        c = x[0] * x[1]
    return (x[0] * x[0].detach().exp() + c * x[1]).sum()


# Custom function: k * x * exp(x), backward by hand (x saved for backward, k in saved data).
class ScaledXExpX(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.save_for_backward(x)
        ctx.k = k
        return x * x.exp() * k

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * (x + 1) * x.exp() * ctx.k, None


@expr("custom_x_exp_x")
def _(x, a):
    return (ScaledXExpX.apply(x[0] * x[1], a["k"]) + x[0]).sin().sum()


# Second derivatives.
@expr("second_exp_mul", order=2)
def _(x, a):
    return (x[0] * x[1]).exp().sum()


@expr("second_pow3", order=2)
def _(x, a):
    return x[0].pow(3).sum()


@expr("second_mm_tanh", order=2)
def _(x, a):
    return x[0].mm(x[1]).tanh().sum()


@expr("second_sigmoid", order=2)
def _(x, a):
    return x[0].sigmoid().sum()


@expr("second_log_softmax", order=2)
def _(x, a):
    return x[0] - x[0].logsumexp(1, keepdim=True)


# ---- Running an expression ---------------------------------------------------------------------

def run(op, input_specs, args, path):
    """dL/d inputs for one case, through `backward()` (path "backward") or torch.autograd.grad."""
    order, fn = EXPRS[op]
    leaves = [rebuild(s).requires_grad_() for s in input_specs]
    targs = {k: rebuild(v) if is_spec(v) else v for k, v in args.items()}
    go = targs.get("grad_output")
    out = fn(leaves, targs)
    assert (go is None) == (out.dim() == 0), op
    if order == 2:
        first = torch.autograd.grad(out, leaves, go, create_graph=True)
        out, go = sum(g.sum() for g in first), None
    if path == "backward":
        out.backward(go)
        grads = [t.grad for t in leaves]
    else:
        grads = list(torch.autograd.grad(out, leaves, go))
    for g, t in zip(grads, leaves):
        assert g is not None and g.shape == t.shape and g.dtype == t.dtype, op
    return grads


def grad_case(op, name, inputs, **args):
    """A case of `op` on `inputs` [(tensor, spec)]; a grad_output is drawn when the output is not
    0-d. Tensor args are stored as specs."""
    input_specs = [s for _, s in inputs]
    args = {k: to_json(v) if isinstance(v, torch.Tensor) else v for k, v in args.items()}
    order, fn = EXPRS[op]
    probe = fn([rebuild(s).requires_grad_() for s in input_specs],
               {k: rebuild(v) if is_spec(v) else v for k, v in args.items()})
    if probe.dim() > 0:
        args["grad_output"] = to_json(rounded(list(probe.shape), -2.0, 2.0, probe.dtype))
    grads = run(op, input_specs, args, "backward")
    again = run(op, input_specs, args, "grad")
    for g, h in zip(grads, again):
        assert torch.allclose(g, h, rtol=1e-12, atol=1e-12), (op, name)
    return common_case(op, name, input_specs, [to_json(g) for g in grads], **args)


# ---- Cases -------------------------------------------------------------------------------------

def elementwise_cases():
    out = []
    c = grad_case
    out.append(c("mul_add_exp_sum", "broadcast/contiguous",
                 [rand((3, 4), -1, 1), rand((4,), -1, 1), rand((3, 1), -1, 1)]))
    out.append(c("mul_add_exp_sum", "broadcast/views",
                 [rand((3, 4), -1, 1, "transposed"), rand((4,), -1, 1, "strided"),
                  rand((3, 4), -1, 1, ("expand", [3, 1]))]))
    out.append(c("mul_add_exp_sum", "zero_dim",
                 [rand((), -1, 1), rand((), -1, 1), rand((), -1, 1)]))
    out.append(c("mul_add_exp_sum", "zero_size",
                 [rand((0, 4)), rand((4,)), rand((1, 4))]))
    out.append(c("mul_add_exp_sum", "float32",
                 [rand((3, 4), -1, 1, dtype=F32), rand((4,), -1, 1, dtype=F32),
                  rand((3, 1), -1, 1, dtype=F32)]))

    out.append(c("div_log1p_mean", "broadcast/contiguous",
                 [rand((3, 4), -0.5, 2), rand((3, 1), 1, 3)]))
    out.append(c("div_log1p_mean", "broadcast/strided",
                 [rand((3, 4), -0.5, 2, "strided"), rand((4,), 1, 3)]))
    out.append(c("div_log1p_mean", "zero_dim", [rand((), -0.5, 2), rand((), 1, 3)]))

    out.append(c("pow_tensor_mul", "broadcast/contiguous",
                 [rand((3, 4), 0.5, 2), rand((4,), -2, 2)]))
    out.append(c("pow_tensor_mul", "broadcast/transposed",
                 [rand((3, 4), 0.5, 2, "transposed"), rand((3, 1), -2, 2)]))
    out.append(c("pow_tensor_mul", "zero_dim_exponent", [rand((2, 3), 0.5, 2), rand((), -2, 2)]))

    out.append(c("pow_scalar", "2.5", [rand((3, 4), 0.1, 2)], exponent=2.5))
    out.append(c("pow_scalar", "-1.5/strided", [rand((3, 4), 0.1, 2, "strided")], exponent=-1.5))
    # Exponent 0: gradient exactly 0, also at x == 0 (PyTorch special-cases it).
    out.append(c("pow_scalar", "0/with_zeros", [exact([[0.0, 1.5, -2.0], [0.0, 0.25, 3.0]])],
                 exponent=0.0))
    out.append(c("pow_scalar", "int_2/with_zeros", [exact([[0.0, 1.5, -2.0], [0.0, 0.25, 3.0]])],
                 exponent=2))

    out.append(c("atan2", "broadcast/contiguous", [rand((3, 4)), rand((4,), 0.5, 2)]))
    out.append(c("atan2", "broadcast/strided", [rand((3, 4)), rand((3, 1), -2, -0.5, "strided")]))
    out.append(c("atan2", "zero_dim_first", [rand(()), rand((4,), 0.5, 2)]))

    out.append(c("unary_mix", "contiguous", [rand((3, 4)), rand((3, 4)), rand((4,), 0.5, 3)]))
    out.append(c("unary_mix", "views",
                 [rand((3, 4), layout="transposed"), rand((4,)), rand((4,), 0.5, 3, "strided")]))
    out.append(c("unary_mix", "zero_dim", [rand(()), rand(()), rand((), 0.5, 3)]))

    out.append(c("where_mul_exp", "broadcast/contiguous", [rand((3, 4)), rand((4,))]))
    out.append(c("where_mul_exp", "broadcast/transposed",
                 [rand((3, 4), layout="transposed"), rand((3, 1))]))
    out.append(c("where_mul_exp", "zero_size", [rand((0, 4)), rand((4,))]))

    # clamp: gradient 1 at the bounds, 0 strictly outside.
    vals = [[-0.5, 0.5, -0.7, 0.7], [0.0, 0.25, -0.5, 2.0]]
    out.append(c("clamp_at_bounds", "both/contiguous", [exact(vals), rand((2, 4))],
                 min=-0.5, max=0.5))
    strided_vals = [[-0.5, 9.0, 0.5, 9.0, -0.7, 9.0, 0.7, 9.0],
                    [0.0, 9.0, 0.25, 9.0, -0.5, 9.0, 2.0, 9.0]]
    out.append(c("clamp_at_bounds", "both/strided",
                 [exact(strided_vals, [("slice", -1, 0, 8, 2)]), rand((4,))], min=-0.5, max=0.5))
    out.append(c("clamp_at_bounds", "min_only", [exact(vals), rand((2, 4))], min=-0.5))
    out.append(c("clamp_at_bounds", "max_only", [exact(vals), rand((2, 4))], max=0.5))

    # abs: sgn(+-0) = 0.
    out.append(c("abs_at_zero", "zeros", [exact([[0.0, -0.0, 1.5], [-2.0, 0.0, 0.5]]),
                                          rand((2, 3))]))
    out.append(c("abs_at_zero", "zeros/broadcast", [exact([0.0, -1.25, -0.0, 3.0]),
                                                    rand((2, 4))]))

    # maximum/minimum: ties split the gradient in half (PyTorch 2.x; torch 1.13 agrees).
    out.append(c("maximum_minimum_ties", "ties",
                 [exact([[1.0, 2.0, -1.0], [0.5, 0.5, 3.0]]),
                  exact([[1.0, 1.0, -1.0], [0.75, 0.5, 3.0]])]))
    out.append(c("maximum_minimum_ties", "ties/broadcast",
                 [exact([[1.0, 2.0, -1.0], [0.5, 0.5, 3.0]], [("transpose", 0, 1)]),
                  exact([1.0, 0.5])]))
    out.append(c("clamp_min_at_zero", "zeros", [exact([[0.0, -1.0, 2.0], [1e-3, 0.0, -0.0]]),
                                                rand((2, 3))]))
    return out


def reduction_cases():
    out = []
    c = grad_case
    out.append(c("sum_dim_square", "dim1", [rand((2, 3, 4))], dims=[1], keepdim=False))
    out.append(c("sum_dim_square", "dims02_keepdim/transposed",
                 [rand((2, 3, 4), layout="transposed")], dims=[0, 2], keepdim=True))
    out.append(c("sum_dim_square", "zero_size", [rand((2, 0, 3))], dims=[1], keepdim=False))

    out.append(c("mean_dims_exp", "dims01", [rand((2, 3, 4))], dims=[0, 1], keepdim=False))
    out.append(c("mean_dims_exp", "last_keepdim/strided", [rand((2, 3, 4), layout="strided")],
                 dims=[-1], keepdim=True))

    ties = [[3.0, -1.0, 3.0, 0.5], [-1.0, 2.0, 3.0, -1.0], [0.0, 1.0, 2.5, 1.5]]
    out.append(c("max_min_all_ties", "ties", [exact(ties)]))
    tties = [list(r) for r in zip(*ties)]
    out.append(c("max_min_all_ties", "ties/transposed", [exact(tties, [("transpose", 0, 1)])]))
    out.append(c("max_min_all_ties", "zero_dim", [rand(())]))

    # max(dim)/min(dim): everything to the returned index (the first occurrence).
    out.append(c("max_min_dim_ties", "max/dim1", [exact(ties)], which="max", dim=1, keepdim=False))
    out.append(c("max_min_dim_ties", "min/dim0_keepdim", [exact(ties)], which="min", dim=0,
                 keepdim=True))
    out.append(c("max_min_dim_ties", "max/dim0/transposed", [exact(tties, [("transpose", 0, 1)])],
                 which="max", dim=0, keepdim=False))

    out.append(c("amax_amin_ties", "amax/dim1", [exact(ties)], which="amax", dims=[1],
                 keepdim=False))
    out.append(c("amax_amin_ties", "amin/all_keepdim", [exact(ties)], which="amin", dims=[0, 1],
                 keepdim=True))
    out.append(c("amax_amin_ties", "amax/dim0/transposed",
                 [exact(tties, [("transpose", 0, 1)])], which="amax", dims=[0], keepdim=False))

    zeros = [[1.5, -2.0, 0.5, 3.0], [2.0, 0.0, -1.5, 0.5], [0.0, 1.5, 0.0, 2.0]]
    out.append(c("prod_with_zeros", "dim1/no_one_two_zeros", [exact(zeros)], dim=1, keepdim=False))
    out.append(c("prod_with_zeros", "dim0_keepdim/strided", [rand((3, 4), 0.5, 1.5, "strided")],
                 dim=0, keepdim=True))
    out.append(c("prod_with_zeros", "all/one_zero", [exact(zeros[1])]))
    out.append(c("prod_with_zeros", "all/two_zeros", [exact(zeros[2])]))
    out.append(c("prod_with_zeros", "all/no_zero", [exact(zeros[0])]))

    out.append(c("var_dims", "dim1/correction1", [rand((3, 4))], dims=[1], correction=1,
                 keepdim=False))
    out.append(c("var_dims", "all/correction0_keepdim/transposed",
                 [rand((3, 4), layout="transposed")], dims=[0, 1], correction=0, keepdim=True))
    out.append(c("std_mixed", "contiguous", [rand((3, 4))]))
    out.append(c("std_mixed", "strided", [rand((3, 4), layout="strided")]))

    nz = [[0.0, -1.5, 2.0], [3.0, 0.0, -0.5]]
    out.append(c("norm", "p2_all/with_zero", [exact(nz)], p=2))
    out.append(c("norm", "p1_all/with_zeros", [exact(nz)], p=1))
    out.append(c("norm", "p1_dim1/with_zeros", [exact(nz)], p=1, dims=[1], keepdim=False))
    out.append(c("norm", "p2_dim0_keepdim/transposed", [rand((3, 4), layout="transposed")], p=2,
                 dims=[0], keepdim=True))
    out.append(c("norm", "p3_dim1", [rand((3, 4))], p=3, dims=[1], keepdim=False))

    out.append(c("logsumexp", "dim1", [rand((3, 4))], dims=[1], keepdim=False))
    # Large values: exp overflows unless the max is subtracted.
    out.append(c("logsumexp", "dim1/large", [exact([[500.0, 501.0, 499.5], [-2.0, 0.5, 1.0]])],
                 dims=[1], keepdim=False))
    out.append(c("logsumexp", "all_keepdim/transposed", [rand((3, 4), layout="transposed")],
                 dims=[0, 1], keepdim=True))

    out.append(c("cumsum", "dim1", [rand((3, 4))], dim=1))
    out.append(c("cumsum", "dim0/transposed", [rand((3, 4), layout="transposed")], dim=0))
    out.append(c("cumsum", "zero_size", [rand((0, 3))], dim=0))

    out.append(c("cumprod", "dim1/no_one_two_zeros", [exact(zeros)], dim=1))
    out.append(c("cumprod", "dim0/strided", [rand((3, 4), 0.5, 1.5, "strided")], dim=0))
    out.append(c("cumprod", "dim0/zeros", [exact(zeros)], dim=0))

    def distinct(t):
        t, s = t
        assert t.unique().numel() == t.numel()
        return t, s

    out.append(c("sort_values", "last", [distinct(rand((3, 5)))], dim=-1, descending=False))
    out.append(c("sort_values", "dim0_descending/transposed",
                 [distinct(rand((4, 3), layout="transposed"))], dim=0, descending=True))
    out.append(c("topk_values", "k2_largest", [distinct(rand((3, 5)))], k=2, dim=-1, largest=True))
    out.append(c("topk_values", "k3_dim0_smallest/strided",
                 [distinct(rand((4, 3), layout="strided"))], k=3, dim=0, largest=False))
    return out


def view_cases():
    out = []
    c = grad_case
    out.append(c("view_reshape_expand", "contiguous", [rand((2, 6))]))
    out.append(c("view_reshape_expand", "transposed", [rand((2, 6), layout="transposed")]))
    out.append(c("permute_select_diagonal", "contiguous", [rand((3, 4, 5))]))
    out.append(c("permute_select_diagonal", "strided", [rand((3, 4, 5), layout="strided")]))
    out.append(c("unfold_slice_squeeze", "contiguous", [rand((4, 6))]))
    out.append(c("unfold_slice_squeeze", "transposed", [rand((4, 6), layout="transposed")]))

    out.append(c("inplace_mul_nonleaf", "contiguous", [rand((3, 4)), rand((4,)), rand((3, 1))]))
    out.append(c("inplace_mul_nonleaf", "transposed",
                 [rand((3, 4), layout="transposed"), rand((4,), layout="strided"), rand(())]))
    out.append(c("inplace_on_view_of_nonleaf", "contiguous", [rand((3, 4)), rand((4,))]))
    out.append(c("inplace_on_view_of_nonleaf", "strided", [rand((3, 4), layout="strided"),
                                                          rand((1,))]))
    out.append(c("inplace_select_add_exp", "contiguous", [rand((3, 4), -1, 1), rand((3,), -1, 1)]))
    out.append(c("inplace_select_add_exp", "transposed",
                 [rand((3, 4), -1, 1, "transposed"), rand(())]))
    out.append(c("inplace_t_add_mul", "contiguous", [rand((3, 4)), rand((3,))]))
    out.append(c("inplace_t_add_mul", "strided", [rand((3, 4), layout="strided"), rand((4, 1))]))
    return out


def indexing_cases():
    out = []
    c = grad_case
    # Repeated indices: gradients accumulate. The index tensors are args and are not
    # differentiated.
    out.append(c("index_tensor", "dim0/repeated", [rand((4, 3))], index=index([2, 0, 2, -1, 2]),
                 on_dim1=False))
    out.append(c("index_tensor", "dim0/2d_index/transposed", [rand((4, 3), layout="transposed")],
                 index=index([[1, 1], [3, 0]]), on_dim1=False))
    out.append(c("index_tensor", "dim1/repeated", [rand((2, 4))], index=index([3, 3, 0]),
                 on_dim1=True))
    out.append(c("index_select_exp", "dim0/repeated", [rand((4, 3))], dim=0,
                 index=index([1, 3, 1, 1])))
    out.append(c("index_select_exp", "dim1/transposed", [rand((3, 4), layout="transposed")], dim=1,
                 index=index([0, 3, 3])))
    out.append(c("gather", "dim1/repeated", [rand((3, 4))], dim=1,
                 index=index([[0, 0, 3, 1, 0], [2, 2, 2, 2, 2], [3, 1, 0, 1, 3]])))
    out.append(c("gather", "dim0/strided", [rand((3, 4), layout="strided")], dim=0,
                 index=index([[2, 2, 0, 1], [2, 0, 0, 1]])))
    out.append(c("scatter_add", "dim0/repeated", [rand((3, 4)), rand((2, 4))], dim=0,
                 index=index([[1, 0, 2, 1], [1, 1, 2, 0]])))
    # (No src larger than index: PyTorch 2.x's backward raises for it, pytorch#27614.)
    out.append(c("scatter_add", "dim1/transposed",
                 [rand((3, 4), layout="transposed"), rand((3, 2), layout="strided")], dim=1,
                 index=index([[3, 3], [0, 1], [2, 2]])))
    out.append(c("masked_fill", "full_mask", [rand((3, 4))],
                 mask=mask([[True, False, False, True], [False, False, False, False],
                            [True, True, True, True]])))
    out.append(c("masked_fill", "broadcast_mask/transposed", [rand((3, 4), layout="transposed")],
                 mask=mask([False, True, True, False])))
    return out


def linalg_cases():
    out = []
    c = grad_case
    out.append(c("mm", "contiguous", [rand((3, 5)), rand((5, 4))]))
    out.append(c("mm", "transposed", [rand((3, 5), layout="transposed"),
                                      rand((5, 4), layout="transposed")]))
    out.append(c("mm", "strided", [rand((3, 5), layout="strided"), rand((5, 4))]))
    out.append(c("mm", "zero_k", [rand((3, 0)), rand((0, 4))]))
    out.append(c("mm", "float32", [rand((3, 5), -1, 1, dtype=F32), rand((5, 4), -1, 1, dtype=F32)]))

    for sa, sb in [((2, 3, 4), (4, 5)), ((4,), (2, 4, 3)), ((3, 4), (4,)),
                   ((2, 1, 3, 4), (3, 4, 2)), ((3,), (3,))]:
        out.append(c("matmul_broadcast", f"{list(sa)}x{list(sb)}", [rand(sa), rand(sb)]))
    out.append(c("bmm", "contiguous", [rand((2, 3, 4)), rand((2, 4, 5))]))
    out.append(c("bmm", "transposed", [rand((2, 3, 4), layout="transposed"),
                                       rand((2, 4, 5), layout="strided")]))

    out.append(c("addmm", "broadcast_self", [rand((3,)), rand((2, 4)), rand((4, 3))],
                 beta=1.0, alpha=1.0))
    out.append(c("addmm", "beta_alpha/transposed",
                 [rand((2, 3)), rand((2, 4), layout="transposed"), rand((4, 3))],
                 beta=0.5, alpha=-2.0))
    out.append(c("addmm", "beta0", [rand((2, 3)), rand((2, 4)), rand((4, 3))], beta=0.0,
                 alpha=1.5))

    out.append(c("mv_tanh", "contiguous", [rand((3, 4), -1, 1), rand((4,), -1, 1)]))
    out.append(c("mv_tanh", "transposed", [rand((3, 4), -1, 1, "transposed"),
                                           rand((4,), -1, 1, "strided")]))
    out.append(c("dot_sin", "contiguous", [rand((5,)), rand((5,))]))
    out.append(c("dot_sin", "strided", [rand((5,), layout="strided"), rand((5,))]))
    out.append(c("dot_sin", "zero_size", [rand((0,)), rand((0,))]))

    out.append(c("einsum", "ij,jk->ik", [rand((2, 3)), rand((3, 4))], equation="ij,jk->ik"))
    out.append(c("einsum", "bij,jk->bk/transposed",
                 [rand((2, 3, 4), layout="transposed"), rand((4, 2))], equation="bij,jk->bk"))
    out.append(c("einsum", "i,j->ij", [rand((3,)), rand((2,))], equation="i,j->ij"))

    out.append(c("outer", "contiguous", [rand((3,)), rand((4,))]))
    out.append(c("outer", "strided", [rand((3,), layout="strided"), rand((4,), layout="strided")]))
    return out


def joining_cases():
    out = []
    c = grad_case
    out.append(c("cat", "dim0", [rand((2, 3)), rand((1, 3))], dim=0))
    out.append(c("cat", "dim1/zero_size_piece", [rand((2, 3)), rand((2, 0))], dim=1))
    out.append(c("cat", "last/transposed", [rand((2, 3), layout="transposed"), rand((2, 2))],
                 dim=-1))
    out.append(c("stack", "dim0", [rand((2, 3)), rand((2, 3))], dim=0))
    out.append(c("stack", "dim2/transposed", [rand((2, 3), layout="transposed"),
                                              rand((2, 3), layout="strided")], dim=2))
    out.append(c("stack", "zero_dim", [rand(()), rand(())], dim=0))
    out.append(c("split_recombine", "dim0_uneven", [rand((5, 3))], size=2, dim=0))
    out.append(c("split_recombine", "dim1_uneven/transposed", [rand((3, 5), layout="transposed")],
                 size=2, dim=1))
    out.append(c("chunk_recombine", "dim0", [rand((6, 2))], chunks=3, dim=0))
    out.append(c("chunk_recombine", "dim1_uneven/strided", [rand((2, 5), layout="strided")],
                 chunks=2, dim=1))
    out.append(c("constant_pad_nd", "last_dim", [rand((2, 3), -1, 1)], pad=[1, 2], value=0.5))
    out.append(c("constant_pad_nd", "two_dims/transposed", [rand((2, 3), -1, 1, "transposed")],
                 pad=[1, 2, 0, 1], value=0.0))
    out.append(c("constant_pad_nd", "negative_crops", [rand((3, 4), -1, 1)], pad=[-1, 1, 1, -1],
                 value=-1.0))
    return out


def other_cases():
    out = []
    c = grad_case
    out.append(c("hook_intermediate", "double", [rand((3, 4)), rand((4,))], hooks=["double"]))
    # Hooks run in registration order: (g * 2) + 1.
    out.append(c("hook_intermediate", "double_then_add_one",
                 [rand((3, 4), layout="transposed"), rand((3, 4))], hooks=["double", "add_one"]))
    # A hook returning nothing (an undefined tensor in C++) leaves the gradient unchanged.
    out.append(c("hook_intermediate", "observe_then_double", [rand((2, 3)), rand(())],
                 hooks=["observe", "double"]))
    out.append(c("detach_no_grad", "contiguous", [rand((3, 4), -1, 1), rand((3, 4))]))
    out.append(c("detach_no_grad", "broadcast/strided", [rand((3, 4), -1, 1, "strided"),
                                                          rand((4,))]))
    out.append(c("custom_x_exp_x", "broadcast", [rand((3, 4), -1, 1), rand((4,), -1, 1)], k=2.0))
    out.append(c("custom_x_exp_x", "zero_dim/transposed",
                 [rand((3, 4), -1, 1, "transposed"), rand((), -1, 1)], k=-0.5))

    out.append(c("second_exp_mul", "contiguous", [rand((2, 3), -1, 1), rand((2, 3), -1, 1)]))
    out.append(c("second_exp_mul", "broadcast/transposed",
                 [rand((2, 3), -1, 1, "transposed"), rand((3,), -1, 1)]))
    out.append(c("second_pow3", "contiguous", [rand((2, 3))]))
    out.append(c("second_pow3", "strided", [rand((2, 3), layout="strided")]))
    out.append(c("second_mm_tanh", "contiguous", [rand((2, 3), -1, 1), rand((3, 4), -1, 1)]))
    out.append(c("second_mm_tanh", "float32", [rand((2, 3), -1, 1, dtype=F32),
                                               rand((3, 4), -1, 1, "transposed", F32)]))
    out.append(c("second_sigmoid", "contiguous", [rand((3, 4))]))
    out.append(c("second_sigmoid", "zero_dim", [rand(())]))
    out.append(c("second_log_softmax", "contiguous", [rand((3, 4))]))
    out.append(c("second_log_softmax", "transposed", [rand((3, 4), layout="transposed")]))
    return out


def kink_cases():
    """Rules: relu and relu6/hardtanh (at both bounds) give 0 at the kink; leaky_relu and prelu
    give the negative slope at 0 (x > 0 ? 1 : slope), and prelu's weight gradient takes x there."""
    out = []
    c = grad_case
    at_zero = [[-1.0, 0.0, -0.0, 2.0], [0.5, -0.0, 0.0, -3.0]]
    out.append(c("relu_at_zero", "zeros", [exact(at_zero), rand((2, 4))]))
    out.append(c("leaky_relu_at_zero", "zeros", [exact(at_zero), rand((2, 4))]))
    out.append(c("prelu_at_zero", "one_slope", [exact(at_zero), exact([0.25]), rand((2, 4))]))
    out.append(c("prelu_at_zero", "per_channel",
                 [exact(at_zero), exact([0.25, -0.5, 0.75, 1.5]), rand((2, 4))]))
    at_bounds = [[-1.0, 1.0, 0.0, 6.0], [-2.0, 0.5, 7.0, -0.0]]
    out.append(c("hardtanh_at_bounds", "bounds", [exact(at_bounds), rand((2, 4))]))
    out.append(c("relu6_at_bounds", "bounds", [exact(at_bounds), rand((2, 4))]))
    return out


def cases():
    out = (elementwise_cases() + reduction_cases() + view_cases() + indexing_cases() +
           linalg_cases() + joining_cases() + other_cases() + kink_cases())
    assert {c["op"] for c in out} == set(EXPRS), set(EXPRS) - {c["op"] for c in out}
    return out
