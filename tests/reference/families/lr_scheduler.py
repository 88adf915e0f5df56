"""Learning-rate schedulers: each group's lr (and momentum, for the cyclic ones) after
construction and after every step, with an SGD optimizer (momentum 0.9) over param groups of
different learning rates.

Case: {"op": <scheduler>, "name", "inputs": [], "args": {"spec": SPEC, "lrs": [group lrs],
"steps": n | "epochs": [e or null, ...] | "metrics": [...]}, "expected": {"lr": [n+1, G] float64,
"momentum": [n+1, G] float64 (cyclic schedulers)} | {"error": true}}.
SPEC = {"type": name, <keyword arguments>}; SequentialLR / ChainedScheduler hold a list of SPECs
under "schedulers". Functions (LambdaLR, MultiplicativeLR, CyclicLR scale_fn) are named in
LAMBDAS and rebuilt by the C++ test from the same names.

torch 1.13 (the generating version) and PyTorch 2.x agree on every case here for schedulers
created with last_epoch=-1 (the only mode Ember has); the one 2.x addition, CyclicLR cycling
Adam's beta1, is checked in C++ against the momentum sequence of the same case.
"""
import math

import torch
from torch.optim import lr_scheduler as S

from common import error, to_json

LAMBDAS = {
    "pow095": lambda e: 0.95 ** e,
    "inv": lambda e: 1.0 / (e + 1),
    "const09": lambda e: 0.9,
    "alt": lambda e: 1.1 if e % 2 else 0.8,
    "recip": lambda x: 1.0 / (1.0 + 0.1 * x),
}


def build(spec, opt):
    spec = dict(spec)
    kind = spec.pop("type")
    if kind in ("SequentialLR", "ChainedScheduler"):
        children = [build(s, opt) for s in spec.pop("schedulers")]
        if kind == "ChainedScheduler":
            return S.ChainedScheduler(children)
        return S.SequentialLR(opt, children, **spec)
    for key in ("lr_lambda", "scale_fn"):
        if key in spec:
            v = spec[key]
            spec[key] = [LAMBDAS[n] for n in v] if isinstance(v, list) else LAMBDAS[v]
    return getattr(S, kind)(opt, **spec)


def make_optimizer(lrs):
    groups = [{"params": [torch.zeros(2, dtype=torch.float64, requires_grad=True)], "lr": lr}
              for lr in lrs]
    return torch.optim.SGD(groups, lr=lrs[0], momentum=0.9)


def run(spec, lrs, steps=None, epochs=None, metrics=None):
    opt = make_optimizer(lrs)
    sched = build(spec, opt)
    track_momentum = spec.get("cycle_momentum", True) and spec["type"] in ("CyclicLR", "OneCycleLR")
    lr_rows, mom_rows = [], []

    def record():
        lr_rows.append([g["lr"] for g in opt.param_groups])
        mom_rows.append([g["momentum"] for g in opt.param_groups])

    record()
    if metrics is not None:
        seq = [("m", m) for m in metrics]
    elif epochs is not None:
        seq = [("e", e) for e in epochs]
    else:
        seq = [("s", None)] * steps
    for kind, v in seq:
        for g in opt.param_groups:
            for p in g["params"]:
                p.grad = torch.ones_like(p)
        opt.step()
        if kind == "m":
            sched.step(v)
        elif kind == "e" and v is not None:
            sched.step(v)
        else:
            sched.step()
        record()
    out = {"lr": to_json(torch.tensor(lr_rows, dtype=torch.float64))}
    if track_momentum:
        out["momentum"] = to_json(torch.tensor(mom_rows, dtype=torch.float64))
    return out


def error_outcome(spec, lrs):
    try:
        opt = make_optimizer(lrs)
        build(spec, opt)
    except (ValueError, TypeError, KeyError, ZeroDivisionError) as e:
        return error(e)
    raise AssertionError(f"expected an error for {spec}")


def case(name, spec, lrs=(0.1, 0.05), expected=None, **run_args):
    args = {"spec": spec, "lrs": list(lrs)}
    args.update(run_args)
    if expected is None:
        expected = run(spec, list(lrs), **run_args)
    return {"op": spec["type"], "name": name, "inputs": [], "args": args, "expected": expected}


def error_case(name, spec, lrs=(0.1, 0.05), torch2_message=None):
    if torch2_message:  # an error PyTorch 2.x added; torch 1.13 accepts these arguments
        return case(name, spec, lrs, expected={"error": torch2_message})
    return case(name, spec, lrs, expected=error_outcome(spec, list(lrs)))


def cases():
    N = 35
    c = []
    # Step-wise decays.
    c.append(case("two_groups", {"type": "StepLR", "step_size": 3, "gamma": 0.5}, steps=N))
    c.append(case("one_group", {"type": "StepLR", "step_size": 7}, lrs=[0.3], steps=N))
    c.append(case("repeated_milestone",
                  {"type": "MultiStepLR", "milestones": [2, 5, 5, 11, 20], "gamma": 0.3}, steps=N))
    c.append(case("unsorted", {"type": "MultiStepLR", "milestones": [30, 4], "gamma": 0.5},
                  lrs=[1.0, 0.2, 0.01], steps=N))
    c.append(case("gamma_0.9", {"type": "ExponentialLR", "gamma": 0.9}, steps=N))
    c.append(case("gamma_1.05", {"type": "ExponentialLR", "gamma": 1.05}, lrs=[0.01], steps=N))
    # Warm-up / decay over total_iters.
    c.append(case("factor_0.25", {"type": "ConstantLR", "factor": 0.25, "total_iters": 6},
                  steps=N))
    c.append(case("defaults", {"type": "ConstantLR"}, lrs=[0.3], steps=N))
    c.append(case("warmup", {"type": "LinearLR", "start_factor": 0.2, "total_iters": 10},
                  steps=N))
    c.append(case("decay", {"type": "LinearLR", "start_factor": 1.0, "end_factor": 0.05,
                            "total_iters": 12}, lrs=[0.5, 0.1, 0.02], steps=N))
    c.append(case("power_2", {"type": "PolynomialLR", "total_iters": 15, "power": 2.0}, steps=N))
    c.append(case("power_0.5", {"type": "PolynomialLR", "total_iters": 20, "power": 0.5},
                  lrs=[0.7], steps=N))
    # User functions.
    c.append(case("per_group", {"type": "LambdaLR", "lr_lambda": ["pow095", "inv"]}, steps=N))
    c.append(case("shared", {"type": "LambdaLR", "lr_lambda": "inv"}, lrs=[0.2, 0.4, 0.8],
                  steps=N))
    c.append(case("per_group", {"type": "MultiplicativeLR", "lr_lambda": ["const09", "alt"]},
                  steps=N))
    # Cosine annealing (the recursive form keeps oscillating past T_max).
    c.append(case("eta_min", {"type": "CosineAnnealingLR", "T_max": 10, "eta_min": 0.001},
                  steps=N))
    c.append(case("T_max_7", {"type": "CosineAnnealingLR", "T_max": 7}, lrs=[1.0], steps=N))
    c.append(case("T_mult_1", {"type": "CosineAnnealingWarmRestarts", "T_0": 5,
                               "eta_min": 0.01}, steps=N))
    c.append(case("T_mult_2", {"type": "CosineAnnealingWarmRestarts", "T_0": 3, "T_mult": 2},
                  steps=N))
    frac = [0.5, 1.0, 1.7, 3.2, None, None, 7.5, 12.0, None, 20.25, 2.0, None, 45.0, 9.99, None,
            0.0, 3.0, 21.0, None, None, 100.5, 6.0, None, 2.999, 13.5, None, 33.0, 34.0, None, 1.0]
    c.append(case("fractional_T_mult_2", {"type": "CosineAnnealingWarmRestarts", "T_0": 3,
                                          "T_mult": 2, "eta_min": 0.001}, epochs=frac))
    c.append(case("fractional_T_mult_1", {"type": "CosineAnnealingWarmRestarts", "T_0": 4},
                  lrs=[0.5], epochs=frac))
    c.append(case("fractional_T_mult_3", {"type": "CosineAnnealingWarmRestarts", "T_0": 2,
                                          "T_mult": 3}, lrs=[0.5], epochs=frac))
    # Cyclical.
    c.append(case("triangular", {"type": "CyclicLR", "base_lr": [0.01, 0.02],
                                 "max_lr": [0.1, 0.3], "step_size_up": 4, "step_size_down": 6},
                  steps=N))
    c.append(case("triangular2", {"type": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1,
                                  "step_size_up": 5, "mode": "triangular2",
                                  "base_momentum": [0.7, 0.75], "max_momentum": 0.95},
                  steps=N))
    c.append(case("exp_range", {"type": "CyclicLR", "base_lr": 0.01, "max_lr": [0.1, 0.2],
                                "step_size_up": 3, "mode": "exp_range", "gamma": 0.9},
                  steps=N))
    c.append(case("scale_fn_cycle", {"type": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1,
                                     "step_size_up": 3, "step_size_down": 2,
                                     "scale_fn": "recip", "scale_mode": "cycle"}, steps=N))
    c.append(case("scale_fn_iterations", {"type": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1,
                                          "step_size_up": 3, "scale_fn": "recip",
                                          "scale_mode": "iterations", "cycle_momentum": False},
                  steps=N))
    c.append(case("cos", {"type": "OneCycleLR", "max_lr": [0.1, 0.5], "total_steps": 30},
                  steps=30))
    c.append(case("linear_three_phase", {"type": "OneCycleLR", "max_lr": 0.2, "epochs": 4,
                                         "steps_per_epoch": 8, "anneal_strategy": "linear",
                                         "three_phase": True, "pct_start": 0.25,
                                         "base_momentum": [0.8, 0.85], "max_momentum": 0.9},
                  steps=32))
    c.append(case("no_momentum", {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 40,
                                  "div_factor": 10.0, "final_div_factor": 100.0,
                                  "pct_start": 0.4, "cycle_momentum": False, "three_phase": True},
                  lrs=[0.3], steps=40))
    # Sequences.
    c.append(case("warmup_cosine", {"type": "SequentialLR", "milestones": [5], "schedulers": [
        {"type": "LinearLR", "start_factor": 0.1, "total_iters": 5},
        {"type": "CosineAnnealingLR", "T_max": 20, "eta_min": 0.001}]}, steps=N))
    c.append(case("three", {"type": "SequentialLR", "milestones": [4, 12], "schedulers": [
        {"type": "ConstantLR", "factor": 0.5, "total_iters": 4},
        {"type": "ExponentialLR", "gamma": 0.9},
        {"type": "StepLR", "step_size": 3, "gamma": 0.5}]}, steps=N))
    c.append(case("constant_exponential", {"type": "ChainedScheduler", "schedulers": [
        {"type": "ConstantLR", "factor": 0.1, "total_iters": 10},
        {"type": "ExponentialLR", "gamma": 0.9}]}, steps=N))
    # Plateaus.
    m1 = [1.0, 0.9, 0.85, 0.86, 0.87, 0.88, 0.8, 0.8, 0.8, 0.8, 0.8, 0.79999, 0.5, 0.6, 0.6,
          0.6, 0.6, 0.6, 0.6, 0.6, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4,
          0.4, 0.4, 0.4]
    c.append(case("min_rel", {"type": "ReduceLROnPlateau", "patience": 2, "cooldown": 1,
                              "factor": 0.5}, metrics=m1))
    m2 = [1.0, 1.2, 1.5, 1.6, 2.1, 2.0, 1.9, 2.7, 2.7, 2.8, 3.3, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0,
          3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]
    c.append(case("max_abs_min_lr", {"type": "ReduceLROnPlateau", "mode": "max",
                                     "threshold_mode": "abs", "threshold": 0.5, "patience": 0,
                                     "factor": 0.3, "min_lr": [0.01, 0.002]}, metrics=m2))
    c.append(case("eps_blocks", {"type": "ReduceLROnPlateau", "patience": 1, "factor": 0.5,
                                 "eps": 0.01, "threshold_mode": "abs", "threshold": 0.0},
                  lrs=[0.1, 0.05], metrics=m1))
    c.append(case("max_rel", {"type": "ReduceLROnPlateau", "mode": "max", "patience": 3,
                              "cooldown": 2, "threshold": 0.1, "min_lr": 0.004}, metrics=m2))
    # Errors PyTorch raises at construction.
    c.append(error_case("factor_above_1", {"type": "ConstantLR", "factor": 1.5}))
    c.append(error_case("factor_negative", {"type": "ConstantLR", "factor": -0.1}))
    # PyTorch 2.x requires start_factor > 0 (1.13 accepted 0).
    c.append(error_case("start_factor_0", {"type": "LinearLR", "start_factor": 0.0},
                        torch2_message="Starting multiplicative factor expected to be greater "
                                       "than 0 and less or equal to 1."))
    c.append(error_case("end_factor_above_1", {"type": "LinearLR", "end_factor": 1.5}))
    c.append(error_case("lambda_count", {"type": "LambdaLR", "lr_lambda": ["inv"] * 3}))
    c.append(error_case("lambda_count", {"type": "MultiplicativeLR", "lr_lambda": ["inv"] * 3}))
    c.append(error_case("T_0_zero", {"type": "CosineAnnealingWarmRestarts", "T_0": 0}))
    c.append(error_case("T_mult_zero", {"type": "CosineAnnealingWarmRestarts", "T_0": 2,
                                        "T_mult": 0}))
    c.append(error_case("bad_mode", {"type": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1,
                                     "mode": "square"}))
    c.append(error_case("max_lr_count", {"type": "CyclicLR", "base_lr": 0.01,
                                         "max_lr": [0.1, 0.2, 0.3]}))
    c.append(error_case("no_total", {"type": "OneCycleLR", "max_lr": 0.1}))
    c.append(error_case("total_zero", {"type": "OneCycleLR", "max_lr": 0.1, "total_steps": 0}))
    c.append(error_case("epochs_zero", {"type": "OneCycleLR", "max_lr": 0.1, "epochs": 0,
                                        "steps_per_epoch": 3}))
    c.append(error_case("pct_start", {"type": "OneCycleLR", "max_lr": 0.1, "total_steps": 10,
                                      "pct_start": 1.5}))
    c.append(error_case("anneal", {"type": "OneCycleLR", "max_lr": 0.1, "total_steps": 10,
                                   "anneal_strategy": "exp"}))
    c.append(error_case("max_lr_count", {"type": "OneCycleLR", "max_lr": [0.1] * 3,
                                         "total_steps": 10}))
    c.append(error_case("milestone_count", {"type": "SequentialLR", "milestones": [3, 5],
                                            "schedulers": [{"type": "ExponentialLR",
                                                            "gamma": 0.9},
                                                           {"type": "StepLR",
                                                            "step_size": 2}]}))
    c.append(error_case("factor_1", {"type": "ReduceLROnPlateau", "factor": 1.0}))
    c.append(error_case("min_lr_count", {"type": "ReduceLROnPlateau", "min_lr": [0.1] * 3}))
    return c
