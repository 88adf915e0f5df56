"""Optimizer trajectories: parameter values after each step of every optimizer on a quadratic,
the Rosenbrock function and a small MLP, in float32 and float64.

The updates are PyTorch 2.x's single-tensor (foreach=False) algorithms, transcribed below op for
op from torch/optim/*.py (_single_tensor_<name>), because the torch here may be older (1.13):
2.x replaced `mul_(b).add_(g, alpha=1 - b)` by `lerp_(g, 1 - b)` for first moments, added
NAdam/RAdam's decoupled_weight_decay and `maximize` to more optimizers. Where 1.13 has the same
algorithm, `_cross_check` runs torch.optim's own implementation and requires agreement up to
rounding, so a transcription slip cannot go unnoticed.

Case formats:
  {"op": "problem", "name": P, "dtype": D, "params": [TENSOR...], "data": [TENSOR...]}
  {"op": <Optimizer>, "name": ..., "problem": P, "dtype": D, "options": {...},
   "groups": [{"params": [indices], "options": {...}}] (optional), "steps": N,
   "losses": [loss before step k, k = 1..N], "trajectory": [{"step": k, "params": [TENSOR...]}]}
"""
import math

import numpy as np
import torch

from common import to_json as _to_json


def _short(v, dtype):
    # float32 values as their shortest round-tripping decimal (keeps the fixture small)
    return float(repr(np.float32(v))) if dtype == torch.float32 else v


def to_json(t):
    s = _to_json(t)
    s["data"] = [_short(v, t.dtype) for v in s["data"]]
    return s

STEPS = 20
# Parameters are stored after every step for the small problems in float64, and every few steps
# otherwise (the loss before every step is always stored), to keep the fixture small.
def _stored_every(problem, dtype):
    if problem == "mlp":
        return 5 if dtype == torch.float64 else 10
    return 1 if dtype == torch.float64 else 4


# ---- Problems ---------------------------------------------------------------------------------

def problem_data(name, dtype):
    g = torch.Generator().manual_seed({"quadratic": 1, "rosenbrock": 2, "mlp": 3}[name])
    r = lambda *s: (torch.rand(*s, generator=g, dtype=torch.float64) * 2 - 1).to(dtype)
    if name == "quadratic":
        # f(x) = sum(w * (x - c)^2), x of shape [2, 3]
        return [r(2, 3)], [r(2, 3).abs() + 0.5, r(2, 3)]
    if name == "rosenbrock":
        return [torch.tensor([-1.5, 2.0], dtype=dtype)], []
    # 3 -> 4 -> tanh -> 2, MSE over 6 samples
    return [r(4, 3), r(4), r(2, 4), r(2)], [r(6, 3), r(6, 2)]


def loss_fn(name, params, data):
    if name == "quadratic":
        (x,), (w, c) = params, data
        return (w * (x - c) ** 2).sum()
    if name == "rosenbrock":
        (p,) = params
        x, y = p[0], p[1]
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2
    w1, b1, w2, b2 = params
    x, t = data
    h = torch.tanh(x.matmul(w1.t()) + b1)
    y = h.matmul(w2.t()) + b2
    return ((y - t) ** 2).mean()


# ---- PyTorch 2.x single-tensor updates ----------------------------------------------------------

def sgd(p, g, st, o):
    g = -g if o["maximize"] else g
    if o["weight_decay"] != 0:
        g = g.add(p, alpha=o["weight_decay"])
    if o["momentum"] != 0:
        buf = st.get("momentum_buffer")
        if buf is None:
            buf = st["momentum_buffer"] = torch.clone(g).detach()
        else:
            buf.mul_(o["momentum"]).add_(g, alpha=1 - o["dampening"])
        g = g.add(buf, alpha=o["momentum"]) if o["nesterov"] else buf
    p.add_(g, alpha=-o["lr"])


def adam(p, g, st, o, decoupled=False):
    if not st:
        st.update(step=0.0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
        if o["amsgrad"]:
            st["max_exp_avg_sq"] = torch.zeros_like(p)
    g = -g if o["maximize"] else g
    beta1, beta2 = o["betas"]
    lr, wd = o["lr"], o["weight_decay"]
    st["step"] += 1
    if decoupled:
        p.mul_(1 - lr * wd)
    elif wd != 0:
        g = g.add(p, alpha=wd)
    st["exp_avg"].lerp_(g, 1 - beta1)
    st["exp_avg_sq"].mul_(beta2).addcmul_(g, g, value=1 - beta2)
    step = st["step"]
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    step_size = lr / bias_correction1
    bias_correction2_sqrt = math.sqrt(bias_correction2)
    if o["amsgrad"]:
        torch.maximum(st["max_exp_avg_sq"], st["exp_avg_sq"], out=st["max_exp_avg_sq"])
        denom = (st["max_exp_avg_sq"].sqrt() / bias_correction2_sqrt).add_(o["eps"])
    else:
        denom = (st["exp_avg_sq"].sqrt() / bias_correction2_sqrt).add_(o["eps"])
    p.addcdiv_(st["exp_avg"], denom, value=-step_size)


def adamw(p, g, st, o):
    adam(p, g, st, o, decoupled=True)


def rmsprop(p, g, st, o):
    if not st:
        st.update(step=0.0, square_avg=torch.zeros_like(p))
        if o["momentum"] > 0:
            st["momentum_buffer"] = torch.zeros_like(p)
        if o["centered"]:
            st["grad_avg"] = torch.zeros_like(p)
    g = -g if o["maximize"] else g
    alpha = o["alpha"]
    st["step"] += 1
    if o["weight_decay"] != 0:
        g = g.add(p, alpha=o["weight_decay"])
    st["square_avg"].mul_(alpha).addcmul_(g, g, value=1 - alpha)
    if o["centered"]:
        st["grad_avg"].lerp_(g, 1 - alpha)
        avg = st["square_avg"].addcmul(st["grad_avg"], st["grad_avg"], value=-1).sqrt_()
    else:
        avg = st["square_avg"].sqrt()
    avg = avg.add_(o["eps"])
    if o["momentum"] > 0:
        buf = st["momentum_buffer"]
        buf.mul_(o["momentum"]).addcdiv_(g, avg)
        p.add_(buf, alpha=-o["lr"])
    else:
        p.addcdiv_(g, avg, value=-o["lr"])


def adagrad(p, g, st, o):
    if not st:  # made in __init__ in PyTorch
        st.update(step=0.0, sum=torch.full_like(p, o["initial_accumulator_value"]))
    st["step"] += 1
    step = st["step"]
    g = -g if o["maximize"] else g
    if o["weight_decay"] != 0:
        g = g.add(p, alpha=o["weight_decay"])
    clr = o["lr"] / (1 + (step - 1) * o["lr_decay"])
    st["sum"].addcmul_(g, g, value=1)
    std = st["sum"].sqrt().add_(o["eps"])
    p.addcdiv_(g, std, value=-clr)


def adadelta(p, g, st, o):
    if not st:
        st.update(step=0.0, square_avg=torch.zeros_like(p), acc_delta=torch.zeros_like(p))
    rho, eps = o["rho"], o["eps"]
    st["step"] += 1
    g = -g if o["maximize"] else g
    if o["weight_decay"] != 0:
        g = g.add(p, alpha=o["weight_decay"])
    st["square_avg"].mul_(rho).addcmul_(g, g, value=1 - rho)
    std = st["square_avg"].add(eps).sqrt_()
    delta = st["acc_delta"].add(eps).sqrt_()
    delta.div_(std).mul_(g)
    st["acc_delta"].mul_(rho).addcmul_(delta, delta, value=1 - rho)
    p.add_(delta, alpha=-o["lr"])


def adamax(p, g, st, o):
    if not st:
        st.update(step=0.0, exp_avg=torch.zeros_like(p), exp_inf=torch.zeros_like(p))
    beta1, beta2 = o["betas"]
    g = -g if o["maximize"] else g
    st["step"] += 1
    if o["weight_decay"] != 0:
        g = g.add(p, alpha=o["weight_decay"])
    st["exp_avg"].lerp_(g, 1 - beta1)
    torch.maximum(st["exp_inf"].mul_(beta2), g.abs().add_(o["eps"]), out=st["exp_inf"])
    clr = o["lr"] / (1 - beta1 ** st["step"])
    p.addcdiv_(st["exp_avg"], st["exp_inf"], value=-clr)


def nadam(p, g, st, o):
    if not st:
        # mu_product is a float32 tensor in PyTorch (_get_scalar_dtype() under the default dtype)
        st.update(step=0.0, mu_product=torch.ones((), dtype=torch.float32),
                  exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
    beta1, beta2 = o["betas"]
    lr, wd = o["lr"], o["weight_decay"]
    g = -g if o["maximize"] else g
    st["step"] += 1
    step = st["step"]
    bias_correction2 = 1 - beta2 ** step
    if wd != 0:
        if o["decoupled_weight_decay"]:
            p.mul_(1 - lr * wd)
        else:
            g = g.add(p, alpha=wd)
    mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * o["momentum_decay"])))
    mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * o["momentum_decay"])))
    st["mu_product"] *= mu
    st["exp_avg"].lerp_(g, 1 - beta1)
    st["exp_avg_sq"].mul_(beta2).addcmul_(g, g, value=1 - beta2)
    denom = st["exp_avg_sq"].div(bias_correction2).sqrt()
    mu_product = st["mu_product"].item()
    mu_product_next = mu_product * mu_next
    denom.add_(o["eps"])
    p.addcdiv_(g, denom, value=(-lr * (1.0 - mu) / (1.0 - mu_product)))
    p.addcdiv_(st["exp_avg"], denom, value=(-lr * mu_next) / (1.0 - mu_product_next))


def radam(p, g, st, o):
    if not st:
        st.update(step=0.0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
    beta1, beta2 = o["betas"]
    lr, wd, eps = o["lr"], o["weight_decay"], o["eps"]
    g = -g if o["maximize"] else g
    st["step"] += 1
    step = st["step"]
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    if wd != 0:
        if o["decoupled_weight_decay"]:
            p.mul_(1 - lr * wd)
        else:
            g = g.add(p, alpha=wd)
    st["exp_avg"].lerp_(g, 1 - beta1)
    st["exp_avg_sq"].mul_(beta2).addcmul_(g, g, value=1 - beta2)
    bias_corrected_exp_avg = st["exp_avg"] / bias_correction1
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
    if rho_t > 5.0:
        rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        exp_avg_sq_sqrt = st["exp_avg_sq"].sqrt().add_(eps)
        adaptive_lr = math.sqrt(bias_correction2) / exp_avg_sq_sqrt
        p.add_(bias_corrected_exp_avg * lr * adaptive_lr * rect, alpha=-1.0)
    else:
        p.add_(bias_corrected_exp_avg * lr, alpha=-1.0)


BETAS = {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "maximize": False}
OPTIMIZERS = {
    # name: (update, defaults, option combinations, 1.13 class or None)
    "SGD": (sgd, {"lr": 0.01, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0,
                  "nesterov": False, "maximize": False},
            [{}, {"momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01},
             {"momentum": 0.9, "nesterov": True, "lr": 0.002}, {"maximize": True, "lr": 0.0002}],
            torch.optim.SGD),
    "Adam": (adam, dict(BETAS, lr=0.01, amsgrad=False),
             [{}, {"betas": [0.8, 0.99], "weight_decay": 0.1, "amsgrad": True},
              {"maximize": True, "eps": 1e-6, "lr": 0.001}], torch.optim.Adam),
    "AdamW": (adamw, dict(BETAS, lr=0.01, amsgrad=False, weight_decay=0.01),
              [{}, {"weight_decay": 0.1, "amsgrad": True}], torch.optim.AdamW),
    "RMSprop": (rmsprop, {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0,
                          "momentum": 0.0, "centered": False, "maximize": False},
                [{}, {"alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1},
                 {"centered": True, "maximize": True, "lr": 0.001}], torch.optim.RMSprop),
    "Adagrad": (adagrad, {"lr": 0.1, "lr_decay": 0.0, "weight_decay": 0.0,
                          "initial_accumulator_value": 0.0, "eps": 1e-10, "maximize": False},
                [{}, {"lr_decay": 0.01, "weight_decay": 0.1, "initial_accumulator_value": 0.5,
                      "eps": 1e-8}], torch.optim.Adagrad),
    "Adadelta": (adadelta, {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0,
                            "maximize": False},
                 [{}, {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weight_decay": 0.1}],
                 torch.optim.Adadelta),
    "Adamax": (adamax, dict(BETAS, lr=0.01),
               [{}, {"betas": [0.8, 0.9], "weight_decay": 0.1}], torch.optim.Adamax),
    "NAdam": (nadam, dict(BETAS, lr=0.01, momentum_decay=4e-3, decoupled_weight_decay=False),
              [{}, {"weight_decay": 0.1, "momentum_decay": 0.01},
               {"weight_decay": 0.1, "decoupled_weight_decay": True}], torch.optim.NAdam),
    "RAdam": (radam, dict(BETAS, lr=0.01, decoupled_weight_decay=False),
              [{}, {"weight_decay": 0.1}, {"weight_decay": 0.1, "decoupled_weight_decay": True}],
              torch.optim.RAdam),
}


def run(update, groups, problem, dtype, steps=STEPS):
    """groups: [(param indices, full options)]. Returns (losses, [params after each step])."""
    params, data = problem_data(problem, dtype)
    params = [p.clone().requires_grad_() for p in params]
    state = [dict() for _ in params]
    losses, trajectory = [], []
    for _ in range(steps):
        for p in params:
            p.grad = None
        loss = loss_fn(problem, params, data)
        loss.backward()
        losses.append(loss.item())
        with torch.no_grad():
            for indices, o in groups:
                for i in indices:
                    update(params[i], params[i].grad, state[i], o)
        trajectory.append([p.detach().clone() for p in params])
    return losses, trajectory


def _cross_check(name, cls, groups, problem, trajectory):
    """torch.optim's own optimizer (float64) must agree with the transcription up to rounding."""
    params, data = problem_data(problem, torch.float64)
    params = [p.clone().requires_grad_() for p in params]
    torch_groups = []
    for indices, o in groups:
        kw = {k: (tuple(v) if k == "betas" else v) for k, v in o.items()}
        torch_groups.append(dict(kw, params=[params[i] for i in indices]))
    try:
        # The first group's options also as constructor defaults: Adagrad reads
        # initial_accumulator_value from them.
        opt = cls(torch_groups, **{k: v for k, v in torch_groups[0].items() if k != "params"})
    except TypeError:
        return  # an option 1.13 does not have (decoupled_weight_decay, maximize)
    for step in range(len(trajectory)):
        opt.zero_grad()
        loss_fn(problem, params, data).backward()
        opt.step()
        for p, q in zip(params, trajectory[step]):
            assert torch.allclose(p.detach(), q, rtol=1e-9, atol=1e-12), \
                (name, groups, problem, step, p, q)


def _is_1_13_compatible(name, o):
    # 1.13's options where it has them; NAdam/RAdam without decoupled_weight_decay/maximize.
    if name in ("NAdam", "RAdam") and (o.get("decoupled_weight_decay") or o.get("maximize")):
        return False
    return True


def trajectory_case(name, label, problem, dtype, groups, options, group_specs=None):
    update, _, _, cls = OPTIMIZERS[name]
    losses, trajectory = run(update, groups, problem, dtype)
    if dtype == torch.float64 and all(_is_1_13_compatible(name, o) for _, o in groups):
        _cross_check(name, cls, groups, problem, trajectory)
    every = _stored_every(problem, dtype)
    case = {"op": name, "name": f"{label}/{problem}/{str(dtype)[6:]}", "problem": problem,
            "dtype": str(dtype)[6:], "options": options, "steps": STEPS, "losses": [_short(v, dtype) for v in losses],
            "trajectory": [{"step": k + 1, "params": [to_json(p) for p in trajectory[k]]}
                           for k in range(STEPS) if (k + 1) % every == 0]}
    if group_specs is not None:
        case["groups"] = group_specs
    return case


def cases():
    out = []
    for problem in ("quadratic", "rosenbrock", "mlp"):
        for dtype in (torch.float32, torch.float64):
            params, data = problem_data(problem, dtype)
            out.append({"op": "problem", "name": f"{problem}/{str(dtype)[6:]}",
                        "dtype": str(dtype)[6:], "params": [to_json(p) for p in params],
                        "data": [to_json(d) for d in data]})
    for name, (update, defaults, combos, _) in OPTIMIZERS.items():
        for k, combo in enumerate(combos):
            options = dict(defaults, **combo)
            for problem in ("quadratic", "rosenbrock", "mlp"):
                # Rosenbrock's gradients are ~100x larger: a smaller step keeps it on track.
                o = dict(options, lr=options["lr"] * (0.1 if problem == "rosenbrock" else 1))
                if name == "Adadelta" and problem == "rosenbrock":
                    o["lr"] = options["lr"]  # Adadelta's step is scale-free
                for dtype in (torch.float32, torch.float64):
                    out.append(trajectory_case(name, f"options{k}", problem, dtype,
                                               [(list(range(4 if problem == "mlp" else 1)), o)],
                                               o))
        # Two groups on the MLP: weights with the defaults, biases with the last combination.
        # (Adagrad fills its sums at construction from the defaults' initial_accumulator_value,
        # for every group, so a group's own value is left out here.)
        override = {k: v for k, v in combos[-1].items() if k != "initial_accumulator_value"}
        options = dict(defaults, **override)
        for dtype in (torch.float32, torch.float64):
            out.append(trajectory_case(name, "groups", "mlp", dtype,
                                       [([0, 2], defaults), ([1, 3], options)], defaults,
                                       [{"params": [0, 2]}, {"params": [1, 3],
                                                             "options": override}]))
    return out
