"""LBFGS trajectories (float64): the parameters, the returned loss and the state counters
after each step(closure), on Rosenbrock functions and a convex quadratic, with and without the
strong-Wolfe line search.

Case: {"op": "LBFGS", "name", "inputs": [initial parameters...], "args": {"problem":
"rosenbrock" | "quadratic", "options": {LBFGS keyword arguments}, "steps": n, for "quadratic"
"A": [n, n] and "b": [n]}, "expected": {"params": [[params after step k]...],
"loss": [n] float64, "func_evals": [n] int64, "n_iter": [n] int64}}.
The problem is a function of the concatenation of the flattened parameters. torch 1.13's LBFGS
and PyTorch 2.x's compute the same (2.x only adds complex-parameter views and tensor lrs).
"""
import torch

from common import to_json


def rosenbrock(x):
    return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()


def quadratic(A, b):
    return lambda x: 0.5 * x.dot(A.mv(x)) - b.dot(x)


def run(name, params, problem, options, steps, A=None, b=None):
    params = [p.clone().double().requires_grad_(True) for p in params]
    inputs = [to_json(p) for p in params]
    fn = rosenbrock if problem == "rosenbrock" else quadratic(A, b)
    opt = torch.optim.LBFGS(params, **options)

    def closure():
        opt.zero_grad()
        loss = fn(torch.cat([p.reshape(-1) for p in params]))
        loss.backward()
        return loss

    traj, losses, evals, iters = [], [], [], []
    for _ in range(steps):
        loss = opt.step(closure)
        traj.append([to_json(p) for p in params])
        losses.append(float(loss))
        st = opt.state[params[0]]
        evals.append(st["func_evals"])
        iters.append(st["n_iter"])
    args = {"problem": problem, "options": options, "steps": steps}
    if A is not None:
        args["A"] = to_json(A)
        args["b"] = to_json(b)
    expected = {"params": traj, "loss": to_json(torch.tensor(losses, dtype=torch.float64)),
                "func_evals": to_json(torch.tensor(evals, dtype=torch.int64)),
                "n_iter": to_json(torch.tensor(iters, dtype=torch.int64))}
    return {"op": "LBFGS", "name": name, "inputs": inputs, "args": args, "expected": expected}


def cases():
    g = torch.Generator().manual_seed(7)
    c = []
    x0 = torch.tensor([-1.5, 2.0], dtype=torch.float64)
    c.append(run("rosenbrock2_strong_wolfe", [x0], "rosenbrock",
                 {"lr": 1.0, "max_iter": 20, "line_search_fn": "strong_wolfe"}, 4))
    # A small lr makes the line search extrapolate (bracketing phase) before zooming.
    c.append(run("rosenbrock2_strong_wolfe_extrapolate", [x0], "rosenbrock",
                 {"lr": 0.001, "max_iter": 12, "line_search_fn": "strong_wolfe"}, 3))
    c.append(run("rosenbrock2_fixed_step", [x0], "rosenbrock", {"lr": 0.05, "max_iter": 10}, 6))
    # Six variables over two parameters (a 2x2 matrix and a vector), short history.
    m = torch.tensor([[-1.2, 1.0], [0.8, -0.5]], dtype=torch.float64)
    v = torch.tensor([1.3, 0.2], dtype=torch.float64)
    c.append(run("rosenbrock6_two_params_history_3", [m, v], "rosenbrock",
                 {"lr": 1.0, "max_iter": 15, "history_size": 3, "line_search_fn": "strong_wolfe"},
                 5))
    c.append(run("rosenbrock6_fixed_max_eval", [m, v], "rosenbrock",
                 {"lr": 0.02, "max_iter": 25, "max_eval": 12, "history_size": 4}, 4))
    # A convex quadratic 0.5 x'Ax - b'x with A symmetric positive definite.
    n = 6
    M = torch.rand(n, n, generator=g, dtype=torch.float64)
    A = M @ M.T + 0.5 * torch.eye(n, dtype=torch.float64)
    b = torch.rand(n, generator=g, dtype=torch.float64) * 2 - 1
    x = torch.rand(n, generator=g, dtype=torch.float64) * 4 - 2
    c.append(run("quadratic_strong_wolfe", [x], "quadratic",
                 {"lr": 1.0, "max_iter": 8, "line_search_fn": "strong_wolfe"}, 3, A, b))
    c.append(run("quadratic_fixed_step", [x], "quadratic", {"lr": 0.1, "max_iter": 10}, 4, A, b))
    c.append(run("quadratic_converges", [x], "quadratic",
                 {"lr": 1.0, "max_iter": 50, "tolerance_grad": 1e-9, "tolerance_change": 1e-12,
                  "line_search_fn": "strong_wolfe"}, 2, A, b))
    return c
